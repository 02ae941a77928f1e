import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate';
import { importMappings } from '../../../main/core/db/migrations/014-import-mappings';

describe('migration 014: import mappings', () => {
  it('adds a table of employer names and mappings only (no participant columns), refusing a mapping that is not JSON', () => {
    const db = new Database(':memory:');
    migrate(db, importMappings.version - 1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'import_mappings'`).get()).toBeUndefined();
    migrate(db, importMappings.version);
    const columns = (db.pragma('table_info(import_mappings)') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['employer_key', 'employer_name', 'mapping', 'created_at', 'updated_at', 'device_id']);
    const insert = db.prepare('INSERT INTO import_mappings VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('bygg as', 'Bygg AS', '{"fornavn":"firstName"}', 'x', 'x', 'd');
    expect(() => insert.run('annen', 'Annen', 'ikke json', 'x', 'x', 'd')).toThrow(/CHECK/);
    expect(() => insert.run('bygg as', 'Bygg AS', '{}', 'x', 'x', 'd')).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});
