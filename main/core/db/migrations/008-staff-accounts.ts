import { randomUUID } from 'node:crypto';
import type { Migration } from './index';

/**
 * Staff accounts (issue 11). Each account's passphrase wraps the database key
 * in vault.json, which is not encrypted, so names and roles live here. The
 * `id` is the one the vault's wrap carries. A database from before accounts
 * gets one coordinator account from the staff member who set it up
 * (settings staff.id and staff.name), so audit entries keep their actor.
 *
 * recovery_seen_at: the last use of the recovery code this account has been
 * told about (settings 'recovery.usedAt' holds the last use).
 */
export const staffAccounts: Migration = {
  version: 8,
  name: 'staff accounts',
  up(db) {
    db.exec(`
      CREATE TABLE staff_accounts (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        name_key         TEXT NOT NULL UNIQUE,
        role             TEXT NOT NULL CHECK (role IN ('teacher', 'coordinator', 'headOffice')),
        recovery_seen_at TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
    `);
    const setting = (key: string) =>
      db.prepare('SELECT value, updated_at FROM settings WHERE key = ?').get(key) as { value: string; updated_at: string } | undefined;
    const name = setting('staff.name');
    if (!name) return;
    const id = setting('staff.id')?.value ?? randomUUID();
    db.prepare(
      `INSERT INTO staff_accounts (id, name, name_key, role, created_at, updated_at) VALUES (?, ?, ?, 'coordinator', ?, ?)`,
    ).run(id, name.value, name.value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase(), name.updated_at, name.updated_at);
    if (!setting('staff.id')) db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('staff.id', ?, ?)`).run(id, name.updated_at);
  },
};
