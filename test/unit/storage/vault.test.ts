import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../main/contract/messages';
import { DATABASE_FILE, VAULT_FILE } from '../../../main/core/index';
import { DEFAULT_SCRYPT } from '../../../main/core/vault';
import type { VaultFile } from '../../../main/core/vault';
import {
  createUnlockedCore,
  dispatchError,
  dispatchOk,
  makeTempDir,
  newCore,
  sampleCourse,
  sampleEnrollment,
  sampleParticipant,
  TEST_PASSPHRASE,
  TEST_STAFF,
} from '../support/core';
import { toVersionTwo } from '../support/legacy-vault';
import { coreDatabase, databaseDigest, databaseKey, fileDigest } from '../support/storage';

const NEW_PASSPHRASE = 'en helt ny og lang passordfrase';
const readVault = (dir: string) => JSON.parse(readFileSync(path.join(dir, VAULT_FILE), 'utf8')) as VaultFile;

/** A vault with one course and one participant, locked again (database closed, WAL checkpointed). */
async function lockedVaultWithData() {
  const { core, dir } = await createUnlockedCore();
  const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
  const participant = await dispatchOk(core, 'participants:register', {
    courseId: course.id,
    participant: sampleParticipant(),
    enrollment: sampleEnrollment('other'),
  });
  core.lock();
  return { core, dir, courseId: course.id, participantId: participant.participantId };
}

/** Digests of everything the vault and database consist of on disk. */
const stateOf = (dir: string) => ({ vault: fileDigest(path.join(dir, VAULT_FILE)), ...databaseDigest(dir) });

describe('vault: passphrase', () => {
  it('refuses a wrong passphrase with WRONG_PASSPHRASE and changes nothing on disk', async () => {
    const { core, dir, courseId, participantId } = await lockedVaultWithData();
    const before = stateOf(dir);
    const vaultBefore = readVault(dir);
    const error = await dispatchError(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: 'feil passordfrase her' });
    expect(error).toEqual({ code: 'WRONG_PASSPHRASE', message: errorMessages.nb.WRONG_PASSPHRASE });
    expect(core.isUnlocked).toBe(false);
    // Only the count of wrong tries changed (it drives the delay); the database and every wrap are as they were.
    const { vault: _vault, ...databaseBefore } = before;
    const { vault: _after, ...databaseAfter } = stateOf(dir);
    expect(databaseAfter).toEqual(databaseBefore);
    expect({ ...readVault(dir), throttle: vaultBefore.throttle }).toEqual(vaultBefore);
    expect(readVault(dir).throttle.failures).toBe(1);
    // Still locked: data channels refuse.
    expect((await dispatchError(core, 'courses:list', {})).code).toBe('VAULT_LOCKED');

    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const participant = await dispatchOk(core, 'participants:get', { courseId, participantId });
    expect(participant.firstName).toBe('Kari');
  });

  it('changes the passphrase by re-wrapping the same key: the database is not rewritten', async () => {
    const { core, dir, courseId, participantId } = await lockedVaultWithData();
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const key = await databaseKey(dir, TEST_PASSPHRASE);
    const databaseFile = path.join(dir, DATABASE_FILE);
    const fileBefore = fileDigest(databaseFile);
    const saltBefore = readFileSync(databaseFile).subarray(0, 16);
    const vaultBefore = readVault(dir);

    await dispatchOk(core, 'vault:changePassphrase', { current: TEST_PASSPHRASE, next: NEW_PASSPHRASE });

    // The main database file is byte for byte the same (only the audit row went to the WAL).
    expect(fileDigest(databaseFile)).toBe(fileBefore);
    const vaultAfter = readVault(dir);
    expect(vaultAfter.accounts[0]!.kdf.salt).not.toBe(vaultBefore.accounts[0]!.kdf.salt);
    expect(vaultAfter.accounts[0]!.wrap).not.toEqual(vaultBefore.accounts[0]!.wrap);
    expect(vaultAfter.accounts[0]!.lookup).toBe(vaultBefore.accounts[0]!.lookup);
    expect(vaultAfter.recovery).toEqual(vaultBefore.recovery);
    expect(vaultAfter.deviceId).toBe(vaultBefore.deviceId);
    expect((await databaseKey(dir, NEW_PASSPHRASE)).equals(key)).toBe(true);
    await expect(databaseKey(dir, TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });

    core.lock();
    // Checkpointing rewrites pages, but the SQLCipher salt in the header stays: same key, no re-encryption.
    expect(readFileSync(databaseFile).subarray(0, 16).equals(saltBefore)).toBe(true);
    expect((await dispatchError(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: NEW_PASSPHRASE });
    expect((await dispatchOk(core, 'participants:get', { courseId, participantId })).lastName).toBe('Nordmann');
  });

  it('refuses to change the passphrase when the current one is wrong, and keeps the vault', async () => {
    const { core, dir } = await lockedVaultWithData();
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const vaultBefore = fileDigest(path.join(dir, VAULT_FILE));
    const error = await dispatchError(core, 'vault:changePassphrase', { current: 'ikke den riktige', next: NEW_PASSPHRASE });
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(fileDigest(path.join(dir, VAULT_FILE))).toBe(vaultBefore);
    expect(core.isUnlocked).toBe(true);
  });

  it('refuses a second vault:create with VAULT_EXISTS, unlocked or not, and keeps the first vault', async () => {
    const { core, dir } = await createUnlockedCore();
    const before = fileDigest(path.join(dir, VAULT_FILE));
    const input = { passphrase: 'en annen passordfrase', ...TEST_STAFF };
    expect(await dispatchError(core, 'vault:create', input)).toEqual({ code: 'VAULT_EXISTS', message: errorMessages.nb.VAULT_EXISTS });
    core.lock();
    expect((await dispatchError(newCore({ dataDir: dir }), 'vault:create', input)).code).toBe('VAULT_EXISTS');
    expect(fileDigest(path.join(dir, VAULT_FILE))).toBe(before);
  });
});

describe('vault: operations one at a time', () => {
  it('a double-clicked setup makes one vault and one key, and the database opens again with it', async () => {
    const dir = makeTempDir();
    const core = newCore({ dataDir: dir });
    const answers = await Promise.all([
      core.dispatch('vault:create', { passphrase: TEST_PASSPHRASE, ...TEST_STAFF }),
      core.dispatch('vault:create', { passphrase: TEST_PASSPHRASE, ...TEST_STAFF }),
    ]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code)).sort()).toEqual(['VAULT_EXISTS', 'ok']);
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    core.close();
    const again = newCore({ dataDir: dir });
    await dispatchOk(again, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    expect((await dispatchOk(again, 'courses:list', {})).map((c) => c.id)).toEqual([course.id]);
    again.close();
  });

  it('two unlocks at once open one session (one database connection, one key in memory)', async () => {
    const { core } = await lockedVaultWithData();
    const unlock = () => core.dispatch('vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    await Promise.all([unlock(), unlock()]);
    // Each session that is opened records one unlock: a second, orphaned session would add a second row.
    const unlocks = coreDatabase(core).prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'unlock'`).get() as { n: number };
    expect(unlocks.n).toBe(1);
    const session = (core as unknown as { session: { key: Buffer } }).session;
    core.lock();
    expect(session.key.equals(Buffer.alloc(32))).toBe(true);
  });
});

describe('vault: missing or corrupt key file', () => {
  it('reports a missing vault.json next to an existing database as VAULT_MISSING, and does not offer a new setup', async () => {
    const { dir } = await lockedVaultWithData();
    rmSync(path.join(dir, VAULT_FILE));
    const before = databaseDigest(dir);
    const core = newCore({ dataDir: dir });

    const expected = { code: 'VAULT_MISSING', message: errorMessages.nb.VAULT_MISSING };
    expect(await dispatchError(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE })).toEqual(expected);
    expect(expected.message).toContain('nøkkelfilen');
    // The start screen must not treat this as a first start...
    expect(await dispatchError(core, 'vault:status', {})).toEqual(expected);
    // ...and a new vault must not be paired with a database it cannot open.
    expect(await dispatchError(core, 'vault:create', { passphrase: 'en annen passordfrase', ...TEST_STAFF })).toEqual(expected);
    expect(() => statSync(path.join(dir, VAULT_FILE))).toThrow();
    expect(databaseDigest(dir)).toEqual(before);
  });

  it('still offers first-time setup when there is neither vault nor database', async () => {
    const core = newCore();
    expect(await dispatchOk(core, 'vault:status', {})).toEqual({ state: 'uninitialized', language: 'nb', needsName: true, retryAfterSeconds: 0 });
  });

  /** The valid vault with one part changed. */
  const edited = (valid: string, change: (vault: VaultFile) => unknown) => JSON.stringify(change(JSON.parse(valid) as VaultFile));
  const withAccount = (v: VaultFile, change: (a: VaultFile['accounts'][number]) => unknown) => ({ ...v, accounts: [change(v.accounts[0]!)] });
  const corruptions: Record<string, (valid: string) => string | Buffer> = {
    'random bytes': () => randomBytes(300),
    'an empty file': () => '',
    'truncated JSON': (valid) => valid.slice(0, Math.floor(valid.length / 2)),
    'JSON that is not an object': () => '[1, 2, 3]',
    'kdf.N as a string': (valid) => edited(valid, (v) => withAccount(v, (a) => ({ ...a, kdf: { ...a.kdf, N: '1024' } }))),
    'kdf.N not a power of two': (valid) => edited(valid, (v) => withAccount(v, (a) => ({ ...a, kdf: { ...a.kdf, N: 1000 } }))),
    'kdf.N absurdly large': (valid) => edited(valid, (v) => withAccount(v, (a) => ({ ...a, kdf: { ...a.kdf, N: 2 ** 40 } }))),
    'wrap.iv as a number': (valid) => edited(valid, (v) => withAccount(v, (a) => ({ ...a, wrap: { ...a.wrap, iv: 12 } }))),
    'no accounts': (valid) => edited(valid, (v) => ({ ...v, accounts: [] })),
    'a missing throttle': (valid) => edited(valid, (v) => ({ ...v, throttle: undefined })),
    'format version 0': (valid) => edited(valid, (v) => ({ ...v, version: 0 })),
    'an unknown field': (valid) => edited(valid, (v) => ({ ...v, spare: 'x' })),
  };

  for (const [name, corrupt] of Object.entries(corruptions)) {
    it(`reports a vault.json with ${name} as VAULT_CORRUPT and changes nothing`, async () => {
      const { dir } = await lockedVaultWithData();
      const vaultFile = path.join(dir, VAULT_FILE);
      writeFileSync(vaultFile, corrupt(readFileSync(vaultFile, 'utf8')));
      const before = stateOf(dir);
      const core = newCore({ dataDir: dir });

      const expected = { code: 'VAULT_CORRUPT', message: errorMessages.nb.VAULT_CORRUPT };
      expect(await dispatchError(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE })).toEqual(expected);
      expect(await dispatchError(core, 'vault:status', {})).toEqual(expected);
      // The damaged file is kept for recovery, never overwritten by a new setup.
      expect((await dispatchError(core, 'vault:create', { passphrase: 'en annen passordfrase', ...TEST_STAFF })).code).toBe('VAULT_EXISTS');
      expect(core.isUnlocked).toBe(false);
      expect(stateOf(dir)).toEqual(before);
    });
  }
});

describe('vault: the passphrase is the only way in', () => {
  it('holds the database key wrapped by the passphrase and by the recovery code, and nothing else', async () => {
    const { dir } = await createUnlockedCore();
    const vault = readVault(dir);
    expect(vault.version).toBe(3);
    expect(Object.keys(vault).sort()).toEqual(['accounts', 'createdAt', 'deviceId', 'format', 'language', 'lookupSalt', 'recovery', 'throttle', 'version']);
    expect(vault.accounts).toHaveLength(1);
    expect(Object.keys(vault.accounts[0]!).sort()).toEqual(['id', 'kdf', 'lookup', 'wrap']);
    const key = await databaseKey(dir);
    // No copy of the key, raw or in base64 or hex, anywhere in the file.
    const text = readFileSync(path.join(dir, VAULT_FILE), 'utf8');
    for (const encoding of ['base64', 'hex', 'base64url'] as const) expect(text).not.toContain(key.toString(encoding));
  });

  /** A version 1 vault as the app wrote it before: the same wrap, plus the key wrapped by an OS keystore. */
  async function versionOneVault() {
    const { core, dir, courseId, participantId } = await lockedVaultWithData();
    const key = await databaseKey(dir);
    await toVersionTwo(dir);
    const keystoreBlob = Buffer.from(`os-keystore:${key.toString('base64')}`).toString('base64');
    const current = readVault(dir) as unknown as Record<string, unknown>;
    writeFileSync(path.join(dir, VAULT_FILE), JSON.stringify({ ...current, version: 1, keystoreWraps: { 'electron-safeStorage': keystoreBlob } }, null, 2));
    return { core, dir, courseId, participantId, keystoreBlob };
  }

  it('upgrades a version 1 vault on first read: the keystore copy of the key is dropped, the passphrase still opens the data', async () => {
    const { dir, courseId, participantId, keystoreBlob } = await versionOneVault();
    const databaseBefore = databaseDigest(dir);
    const core = newCore({ dataDir: dir });
    // Even before anyone unlocks: the start screen reads the vault, and that read upgrades it.
    expect(await dispatchOk(core, 'vault:status', {})).toEqual({ state: 'locked', language: 'nb', needsName: false, retryAfterSeconds: 0 });
    const upgraded = readFileSync(path.join(dir, VAULT_FILE), 'utf8');
    expect(upgraded).not.toContain(keystoreBlob);
    expect(upgraded).not.toContain('keystoreWraps');
    expect(readVault(dir).version).toBe(2);
    expect(databaseDigest(dir)).toEqual(databaseBefore);

    await dispatchOk(core, 'vault:unlock', { passphrase: TEST_PASSPHRASE });
    expect(readVault(dir).version).toBe(3);
    expect((await dispatchOk(core, 'participants:get', { courseId, participantId })).firstName).toBe('Kari');
    core.close();
  });

  it('upgrades a version 1 vault that had no keystore copy too', async () => {
    const { dir } = await lockedVaultWithData();
    const legacy = await toVersionTwo(dir);
    writeFileSync(path.join(dir, VAULT_FILE), JSON.stringify({ ...legacy, version: 1 }));
    const core = newCore({ dataDir: dir });
    await dispatchOk(core, 'vault:unlock', { passphrase: TEST_PASSPHRASE });
    expect(readVault(dir).version).toBe(3);
    core.close();
  });

  it('refuses a vault from a newer app with VAULT_TOO_NEW and leaves it as it is', async () => {
    const { dir } = await lockedVaultWithData();
    writeFileSync(path.join(dir, VAULT_FILE), JSON.stringify({ ...readVault(dir), version: 4, accounts: [] }));
    const before = stateOf(dir);
    const core = newCore({ dataDir: dir });
    expect(await dispatchError(core, 'vault:status', {})).toEqual({ code: 'VAULT_TOO_NEW', message: errorMessages.nb.VAULT_TOO_NEW });
    expect((await dispatchError(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE })).code).toBe('VAULT_TOO_NEW');
    expect(stateOf(dir)).toEqual(before);
  });
});

describe('vault: key derivation', () => {
  it('defaults to scrypt N=2^17, r=8, p=1', () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
  });

  it('stores exactly the scrypt parameters it was asked for, with a fresh 16-byte salt, and keeps them on re-wrap', async () => {
    const scrypt = { N: 2048, r: 4, p: 2 };
    const { core, dir } = await createUnlockedCore({ scrypt });
    const { kdf } = readVault(dir).accounts[0]!;
    expect(readVault(dir).recovery?.kdf).toMatchObject(scrypt);
    expect(kdf).toEqual({ algorithm: 'scrypt', ...scrypt, salt: expect.any(String) as string });
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
    await dispatchOk(core, 'vault:changePassphrase', { current: TEST_PASSPHRASE, next: NEW_PASSPHRASE });
    expect(readVault(dir).accounts[0]!.kdf).toMatchObject(scrypt);
  });

  it('creates and unlocks a vault with the default (production) parameters', async () => {
    const { core, dir } = await createUnlockedCore({ scrypt: DEFAULT_SCRYPT });
    expect(readVault(dir).accounts[0]!.kdf).toMatchObject(DEFAULT_SCRYPT);
    core.lock();
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    expect(core.isUnlocked).toBe(true);
  });

  it('keeps the data folder and the vault file private to the user', async () => {
    const dir = path.join(makeTempDir(), 'Neo Kurs');
    await createUnlockedCore({ dataDir: dir });
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(statSync(path.join(dir, VAULT_FILE)).mode & 0o077).toBe(0);
  });
});
