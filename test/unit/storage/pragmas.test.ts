import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { CONNECTION_PRAGMAS, openDatabase } from '../../../main/core/db/database';
import { DATABASE_FILE } from '../../../main/core/index';
import { createUnlockedCore, dispatchOk, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { coreDatabase, databaseKey } from '../support/storage';

/** What every connection must run with: the core's declared pragmas plus the SQLCipher 4 format. */
const EXPECTED = { ...CONNECTION_PRAGMAS, cipher: 'sqlcipher', legacy: 4 };

function pragmasOf(db: Db) {
  const read = (name: string) => db.pragma(name, { simple: true });
  return {
    journal_mode: read('journal_mode'),
    synchronous: read('synchronous'),
    foreign_keys: read('foreign_keys'),
    temp_store: read('temp_store'),
    secure_delete: read('secure_delete'),
    cache_size: read('cache_size'),
    cipher: read('cipher'),
    legacy: Number(read('legacy')),
  };
}

describe('connection pragmas', () => {
  it('declares the pragmas the design asks for', () => {
    expect(CONNECTION_PRAGMAS).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, temp_store: 2, secure_delete: 1, cache_size: -32768 });
  });

  it('are in force on the core connection after create, after lock and unlock, and on a fresh openDatabase', async () => {
    const { core, dir } = await createUnlockedCore();
    const afterCreate = coreDatabase(core);
    expect(pragmasOf(afterCreate)).toEqual(EXPECTED);

    await dispatchOk(core, 'vault:lock', {});
    expect(afterCreate.open).toBe(false);
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const afterUnlock = coreDatabase(core);
    expect(afterUnlock).not.toBe(afterCreate);
    expect(pragmasOf(afterUnlock)).toEqual(EXPECTED);

    core.lock();
    const fresh = openDatabase(path.join(dir, DATABASE_FILE), await databaseKey(dir));
    expect(pragmasOf(fresh)).toEqual(EXPECTED);
    fresh.close();
  });

  it('control: a connection keyed by hand, without openDatabase, gets the unsafe defaults', async () => {
    const { core, dir } = await createUnlockedCore();
    core.lock();
    const bare = new Database(path.join(dir, DATABASE_FILE));
    bare.pragma(`cipher='sqlcipher'`);
    bare.pragma('legacy=4');
    bare.pragma(`key="x'${(await databaseKey(dir)).toString('hex')}'"`);
    const defaults = pragmasOf(bare);
    bare.close();
    // journal_mode is stored in the file; the rest is per connection, and this build's
    // defaults would spill sorts into plaintext temp files and sync the WAL less often.
    expect(defaults).toMatchObject({ journal_mode: 'wal', cipher: 'sqlcipher', legacy: 4 });
    expect(defaults.temp_store).not.toBe(CONNECTION_PRAGMAS.temp_store);
    expect(defaults.synchronous).not.toBe(CONNECTION_PRAGMAS.synchronous);
    expect(defaults.cache_size).not.toBe(CONNECTION_PRAGMAS.cache_size);
  });
});
