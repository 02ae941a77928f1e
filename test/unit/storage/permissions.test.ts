import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, VAULT_FILE } from '../../../main/core/index';
import { createUnlockedCore, dispatchOk, makeTempDir, newCore, sampleCourse, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';

/**
 * Files the app writes are private: the data folder 0700, the vault, the
 * database and its -wal and -shm files 0600, on every open (POSIX only).
 */
const modeOf = (file: string) => statSync(file).mode & 0o777;

const filesOf = (dir: string) => [VAULT_FILE, DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].map((name) => path.join(dir, name));

// A typical desktop umask, under which files are created 0644 and folders 0755 unless the app asks otherwise.
let previousUmask: number;
beforeAll(() => {
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
});

describe('file permissions (POSIX)', () => {
  it('creates the data folder 0700 and the vault, database, WAL and shared-memory files 0600', async () => {
    const dir = path.join(makeTempDir(), 'Neo Kurs');
    const { core } = await createUnlockedCore({ dataDir: dir });
    await dispatchOk(core, 'courses:create', sampleCourse('other'));
    for (const file of filesOf(dir)) expect(existsSync(file), file).toBe(true);
    expect(modeOf(dir)).toBe(0o700);
    for (const file of filesOf(dir)) expect([path.basename(file), modeOf(file)]).toEqual([path.basename(file), 0o600]);
    core.close();
  });

  it('makes a folder and files left readable by others private again on the next open', async () => {
    const dir = path.join(makeTempDir(), 'Neo Kurs');
    const { core } = await createUnlockedCore({ dataDir: dir });
    await dispatchOk(core, 'courses:create', sampleCourse('other'));
    core.close();
    // As an older version, a copy or a hand-made folder might have left them.
    chmodSync(dir, 0o755);
    for (const file of filesOf(dir)) if (existsSync(file)) chmodSync(file, 0o644);

    const again = newCore({ dataDir: dir });
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, VAULT_FILE))).toBe(0o600);
    await dispatchOk(again, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    await dispatchOk(again, 'courses:create', sampleCourse('fagbrev'));
    for (const file of filesOf(dir)) if (existsSync(file)) expect([path.basename(file), modeOf(file)]).toEqual([path.basename(file), 0o600]);
    again.close();
  });
});
