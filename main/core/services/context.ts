import type { Clock } from '../clock';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/database';

/** What every service needs: the open database, the clock, who acts and from which device. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  deviceId: string;
  actorId: string;
  /** The acting account's role, recorded with every audit entry. */
  actorRole: string;
}

/** Prepares each SQL string once per connection: hot paths must not re-parse. */
export function statementCache(db: Db) {
  const cache = new Map<string, Database.Statement<unknown[]>>();
  return (sql: string): Database.Statement<unknown[]> => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[]>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
