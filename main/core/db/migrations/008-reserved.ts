import type { Migration } from './index';

/**
 * Stand-in for migration 8, the staff accounts (issue 11, built on another
 * branch), with the table as agreed in the plan. When the branches meet, the
 * staff accounts' own migration replaces this file.
 */
export const reserved008: Migration = {
  version: 8,
  name: 'staff accounts',
  up(db) {
    db.exec(`
      CREATE TABLE staff_accounts (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL UNIQUE,
        role       TEXT NOT NULL CHECK (role IN ('teacher', 'coordinator', 'headOffice')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
