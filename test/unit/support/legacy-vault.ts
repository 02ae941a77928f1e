import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VAULT_FILE } from '../../../main/core/index';
import { lookupOf } from '../../../main/core/vault';
import type { VaultFile, VaultV2File } from '../../../main/core/vault';
import { TEST_PASSPHRASE, TEST_STAFF } from './core';
import { databaseKey, openCoreDatabase } from './storage';

/**
 * Turns a locked installation into exactly what the app wrote before staff
 * accounts (vault format 2, database schema 7): vault.json holds one
 * passphrase wrap (`kdf` + `passphraseWrap`, the same scrypt and AES-GCM as an
 * account's wrap today), no lookup salt, recovery code or throttle, and the
 * database has no staff_accounts (nor course_teachers) table; the staff member is only in the
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
      // Every table of the migrations after 7 goes, so they run again on the upgrade.
      db.exec('DROP TABLE IF EXISTS course_teachers; DROP TABLE staff_accounts;');
      db.prepare(`UPDATE settings SET value = ? WHERE key = 'staff.id'`).run(id);
      db.prepare(`UPDATE settings SET value = ? WHERE key = 'staff.role'`).run(options.role ?? 'teacher');
      db.prepare(`DELETE FROM settings WHERE key = 'recovery.usedAt'`).run();
      db.pragma('user_version=7');
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
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
