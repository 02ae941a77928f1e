import type { Db } from './database';
import { AppError } from '../errors';
import { migrations } from './migrations';

/** The schema version this build of the app writes. */
export const SCHEMA_VERSION = migrations.length;

/**
 * Runs the migrations the database has not seen, each in its own transaction,
 * recording progress in PRAGMA user_version. A database written by a newer
 * app version is refused rather than guessed at.
 */
export function migrate(db: Db, upTo: number = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new AppError('DB_TOO_NEW');
  for (const migration of migrations.slice(current, upTo)) {
    // PRAGMA foreign_keys is a no-op inside a transaction: set it around it.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsTables) db.pragma('foreign_keys=OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${migration.version} would leave broken foreign keys`);
        }
        db.pragma(`user_version=${migration.version}`);
      })();
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys=${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}
