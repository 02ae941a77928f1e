import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../errors';
import { createPrivateFile, ensurePrivateFiles } from '../files';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron needs its own ABI). */
  nativeBinding?: string;
  /** Skip migrations: only for tests that inspect a database as it is. */
  migrate?: boolean;
}

/** The pragmas every connection runs with; checked by tests on every open. */
export const CONNECTION_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a committed write survives power loss
  foreign_keys: 1,
  temp_store: 2, // MEMORY: sorts and temp tables never reach disk in plaintext
  secure_delete: 1, // deleted rows are overwritten, not just unlinked
  // 32 MiB of decrypted pages in memory (never on disk). SQLite's 2 MiB default holds a few months of one
  // provider's data: past that, every write re-reads, decrypts and checks pages it evicted a moment ago.
  cache_size: -32768,
} as const;

/**
 * Opens (or creates) the SQLCipher 4 database keyed with a raw 256-bit key.
 * The key is applied before any statement that touches the file.
 */
export function openDatabase(file: string, key: Buffer, options: OpenOptions = {}): Db {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  // Private from the first byte, and again on every open (files from an older version may be 0644).
  const companions = [file, `${file}-wal`, `${file}-shm`];
  createPrivateFile(file);
  ensurePrivateFiles(...companions);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    // The first read proves the key: a wrong one fails here with SQLITE_NOTADB.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma(`journal_mode=${CONNECTION_PRAGMAS.journal_mode}`);
    db.pragma('synchronous=FULL');
    db.pragma('foreign_keys=ON');
    db.pragma('temp_store=MEMORY');
    db.pragma('secure_delete=ON');
    db.pragma(`cache_size=${CONNECTION_PRAGMAS.cache_size}`);
    if (options.migrate !== false) migrate(db);
    // WAL mode made the -wal and -shm files just now (with the database file's mode); make sure.
    ensurePrivateFiles(...companions);
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new AppError('DB_CORRUPT');
    throw error;
  }
}
