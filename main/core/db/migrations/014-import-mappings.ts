import type { Migration } from './index';

/**
 * The column mapping last used for each employer's participant list, so the
 * next list from the same employer is mapped the same way. It holds the
 * employer's name (an organisation), column headers and field names only:
 * never a participant's data, so erasure and retention have nothing to do here.
 */
export const importMappings: Migration = {
  version: 14,
  name: 'import mappings',
  up(db) {
    db.exec(`
      CREATE TABLE import_mappings (
        employer_key  TEXT PRIMARY KEY,
        employer_name TEXT NOT NULL,
        -- JSON: { "<header, compared loosely>": "<field>" | null }
        mapping       TEXT NOT NULL CHECK (json_valid(mapping)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        device_id     TEXT NOT NULL
      ) STRICT;
    `);
  },
};
