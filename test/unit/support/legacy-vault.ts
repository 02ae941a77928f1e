import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../../main/core/db/database';
import { migrate } from '../../../main/core/db/migrate';
import { DATABASE_FILE, VAULT_FILE } from '../../../main/core/index';
import { lookupOf } from '../../../main/core/vault';
import type { VaultFile, VaultV2File } from '../../../main/core/vault';
import { TEST_PASSPHRASE, TEST_STAFF } from './core';
import { databaseKey, openCoreDatabase } from './storage';

/**
 * Turns a locked installation into exactly what the app wrote before staff
 * accounts (vault format 2, database schema 7): vault.json holds one
 * passphrase wrap (`kdf` + `passphraseWrap`, the same scrypt and AES-GCM as an
 * account's wrap today), no lookup salt, recovery code or throttle, and the
 * database is schema 7 (no staff_accounts, course_teachers or anything later); the staff member is only in the
 * settings staff.id / staff.name / staff.role, with the role they chose at setup.
 */
export async function toVersionTwo(
  dir: string,
  options: { passphrase?: string; staffName?: string; role?: 'teacher' | 'coordinator' } = {},
): Promise<VaultV2File> {
  const passphrase = options.passphrase ?? TEST_PASSPHRASE;
  const staffName = options.staffName ?? TEST_STAFF.staffName;
  const file = path.join(dir, VAULT_FILE);
  const key = await databaseKey(dir, passphrase, staffName);
  const current = JSON.parse(readFileSync(file, 'utf8')) as VaultFile;
  const db = openCoreDatabase(dir, key, { migrate: false });
  try {
    const { id } = db.prepare('SELECT id FROM staff_accounts WHERE name = ?').get(staffName) as { id: string };
    db.transaction(() => {
      db.prepare(`UPDATE settings SET value = ? WHERE key = 'staff.id'`).run(id);
      db.prepare(`UPDATE settings SET value = ? WHERE key = 'staff.role'`).run(options.role ?? 'teacher');
      db.prepare(`DELETE FROM settings WHERE key = 'recovery.usedAt'`).run();
    })();
  } finally {
    db.close();
  }
  // Schema 7 exactly, so every later migration (staff accounts and all after it) runs again on the upgrade.
  rewindDatabase(dir, key, 7);
  const account = current.accounts.find((a) => a.lookup === lookupOf(current.lookupSalt, staffName))!;
  const legacy: VaultV2File = {
    format: 'neo-kurs-vault',
    version: 2,
    deviceId: current.deviceId,
    language: current.language,
    createdAt: current.createdAt,
    kdf: account.kdf,
    passphraseWrap: account.wrap,
  };
  writeFileSync(file, `${JSON.stringify(legacy, null, 2)}\n`);
  return legacy;
}

/**
 * Rewrites the installation's database as schema `version` with the same rows:
 * a new file (same key) made by the migrations up to that version, then every
 * row of its tables copied over, column by column, from the current file.
 * Generic on purpose: a migration added later is undone without touching this.
 */
function rewindDatabase(dir: string, key: Buffer, version: number): void {
  const file = path.join(dir, DATABASE_FILE);
  const rewound = path.join(dir, 'rewound.db');
  const current = openDatabase(file, key, { migrate: false });
  const older = openDatabase(rewound, key, { migrate: false });
  try {
    migrate(older, version);
    older.pragma('foreign_keys = OFF');
    const tables = older.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    older.transaction(() => {
      for (const table of tables) {
        const have = new Set((current.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
        const columns = (older.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).filter((c) => have.has(c));
        if (columns.length === 0) continue;
        const list = columns.map((c) => `"${c}"`).join(', ');
        const insert = older.prepare(`INSERT OR REPLACE INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const row of current.prepare(`SELECT ${list} FROM "${table}"`).raw().iterate()) insert.run(...(row as unknown[]));
      }
    })();
    older.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    older.close();
    current.close();
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  renameSync(rewound, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${rewound}${suffix}`, { force: true });
}
