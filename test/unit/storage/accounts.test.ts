import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../main/contract/messages';
import { VAULT_FILE } from '../../../main/core/index';
import type { VaultFile } from '../../../main/core/vault';
import { normaliseRecoveryCode, throttleDelaySeconds } from '../../../main/core/vault';
import {
  createUnlockedCore,
  dispatchError,
  dispatchOk,
  makeClock,
  newCore,
  sampleCourse,
  sampleEnrollment,
  sampleParticipant,
  TEST_PASSPHRASE,
  TEST_STAFF,
} from '../support/core';
import { toVersionTwo } from '../support/legacy-vault';
import { coreDatabase, openCoreDatabase, databaseKey } from '../support/storage';

const COORDINATOR = TEST_STAFF.staffName;
const TEACHER = 'Tove Vikar';
const TEACHER_PASSPHRASE = 'vikarens egen lange frase';
const readVault = (dir: string) => JSON.parse(readFileSync(path.join(dir, VAULT_FILE), 'utf8')) as VaultFile;
const vaultText = (dir: string) => readFileSync(path.join(dir, VAULT_FILE), 'utf8');

/** A vault made with the coordinator, plus a teacher account. */
async function twoAccounts() {
  const t = await createUnlockedCore();
  const teacher = await t.ok('accounts:add', { name: TEACHER, role: 'teacher', passphrase: TEACHER_PASSPHRASE });
  return { ...t, teacher };
}

describe('staff accounts', () => {
  it('makes the first account a coordinator and returns a recovery code once', async () => {
    const core = newCore();
    const created = await dispatchOk(core, 'vault:create', { passphrase: TEST_PASSPHRASE, staffName: COORDINATOR, role: 'teacher' });
    expect(created.role).toBe('coordinator');
    expect(created.recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseRecoveryCode(created.recoveryCode.toLowerCase().replace(/-/g, ' '))).toBe(created.recoveryCode.replace(/-/g, ''));
    const { dir } = { dir: path.dirname(core.databaseFile) };
    expect(vaultText(dir)).not.toContain(created.recoveryCode.replace(/-/g, ''));
  });

  it('lets two accounts open the same database, each with its own passphrase', async () => {
    const { core, dir, teacher } = await twoAccounts();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    // A teacher reaches the courses a coordinator gave them.
    await dispatchOk(core, 'courses:assignTeacher', { courseId: course.id, accountId: teacher.id });
    core.lock();
    const session = await dispatchOk(core, 'vault:unlock', { name: 'tove  VIKAR ', passphrase: TEACHER_PASSPHRASE });
    expect(session).toMatchObject({ staffName: TEACHER, role: 'teacher' });
    expect((await dispatchOk(core, 'courses:get', { id: course.id })).name).toBe(course.name);
    // The teacher's passphrase does not open the coordinator's account, nor the other way round.
    core.lock();
    expect((await dispatchError(core, 'vault:unlock', { name: COORDINATOR, passphrase: TEACHER_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    expect((await dispatchError(core, 'vault:unlock', { name: TEACHER, passphrase: TEST_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    expect(readVault(dir).accounts).toHaveLength(2);
  });

  it('keeps staff names out of vault.json', async () => {
    const { dir } = await twoAccounts();
    const text = vaultText(dir).toLowerCase();
    for (const name of [COORDINATOR, TEACHER, 'Lærer', 'Testesen', 'Tove', 'Vikar']) expect(text).not.toContain(name.toLowerCase());
    for (const role of ['teacher', 'coordinator']) expect(text).not.toContain(role);
  });

  it('answers an unknown name exactly like a wrong passphrase', async () => {
    const { core } = await twoAccounts();
    core.lock();
    const unknown = await dispatchError(core, 'vault:unlock', { name: 'Finnes Ikke', passphrase: TEACHER_PASSPHRASE });
    const wrong = await dispatchError(core, 'vault:unlock', { name: TEACHER, passphrase: 'feil passordfrase her' });
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ code: 'WRONG_PASSPHRASE', message: errorMessages.nb.WRONG_PASSPHRASE });
  });

  it('takes about as long for an unknown name as for a wrong passphrase (scrypt runs either way)', async () => {
    const { core } = await createUnlockedCore({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
    core.lock();
    const time = async (name: string) => {
      const start = performance.now();
      await dispatchError(core, 'vault:unlock', { name, passphrase: 'feil passordfrase her' });
      return performance.now() - start;
    };
    const known = await time(COORDINATOR);
    const unknown = await time('Finnes Ikke');
    // Loose: both pay for the key derivation (tens of ms); a lookup alone would take well under a millisecond.
    expect(unknown).toBeGreaterThan(known / 4);
  });

  it('refuses two accounts with the same name, ignoring case and spaces', async () => {
    const a = await twoAccounts();
    expect((await a.fail('accounts:add', { name: ' TOVE vikar', role: 'teacher', passphrase: 'en annen lang frase her' })).code).toBe('ACCOUNT_NAME_TAKEN');
    expect((await a.fail('accounts:add', { name: COORDINATOR.toUpperCase(), role: 'teacher', passphrase: 'en annen lang frase her' })).code).toBe(
      'ACCOUNT_NAME_TAKEN',
    );
    expect(await a.ok('accounts:list', {})).toHaveLength(2);
  });

  it('never removes or demotes the last coordinator', async () => {
    const a = await twoAccounts();
    const { teacher } = a;
    const [me] = (await a.ok('accounts:list', {})).filter((a) => a.isYou);
    expect((await a.fail('accounts:setRole', { id: me!.id, role: 'teacher' })).code).toBe('LAST_COORDINATOR');
    expect((await a.fail('accounts:remove', { id: me!.id })).code).toBe('ACCOUNT_IS_YOU');
    // With a second coordinator, the first may step down.
    await a.ok('accounts:setRole', { id: teacher.id, role: 'coordinator' });
    const demoted = await a.ok('accounts:setRole', { id: me!.id, role: 'teacher' });
    expect(demoted.role).toBe('teacher');
    // Now a teacher: the accounts are closed to them.
    expect((await a.fail('accounts:list', {})).code).toBe('FORBIDDEN');
  });

  it('lets only a coordinator manage accounts', async () => {
    const a = await twoAccounts();
    const { core } = a;
    core.lock();
    await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE });
    for (const [channel, input] of [
      ['accounts:list', {}],
      ['accounts:add', { name: 'Ny Person', role: 'coordinator', passphrase: 'en helt ny lang frase' }],
      ['accounts:newRecoveryCode', {}],
    ] as const) {
      expect((await a.fail(channel, input)).code).toBe('FORBIDDEN');
    }
  });

  it('resets another account’s passphrase without the old one, and audits it', async () => {
    const a = await twoAccounts();
    const { core, teacher, dir } = a;
    await a.ok('accounts:resetPassphrase', { id: teacher.id, passphrase: 'den nye frasen til vikaren' });
    const audit = coreDatabase(core).prepare(`SELECT action, entity, entity_id, actor_role FROM audit_log WHERE action = 'reset-passphrase'`).all();
    expect(audit).toEqual([{ action: 'reset-passphrase', entity: 'account', entity_id: teacher.id, actor_role: 'coordinator' }]);
    core.lock();
    expect((await dispatchError(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: 'den nye frasen til vikaren' });
    expect(readVault(dir).accounts).toHaveLength(2);
  });

  it('removes an account’s wrap with the account: that passphrase no longer opens anything', async () => {
    const a = await twoAccounts();
    const { core, teacher, dir } = a;
    const wrapsBefore = readVault(dir).accounts.map((a) => a.id);
    expect(wrapsBefore).toContain(teacher.id);
    await a.ok('accounts:remove', { id: teacher.id });
    expect(readVault(dir).accounts.map((a) => a.id)).not.toContain(teacher.id);
    core.lock();
    expect((await dispatchError(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
  });

  it('records the unlocking account’s id and role in every audit entry', async () => {
    const { core, teacher } = await twoAccounts();
    core.lock();
    await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE });
    await dispatchOk(core, 'courses:create', sampleCourse('other'));
    const rows = coreDatabase(core).prepare(`SELECT action, actor_id, actor_role FROM audit_log WHERE entity = 'course' AND action = 'create'`).all();
    expect(rows).toEqual([{ action: 'create', actor_id: teacher.id, actor_role: 'teacher' }]);
  });

  it('switching user leaves nothing of the first: lock, then the other account unlocks', async () => {
    const { core, teacher } = await twoAccounts();
    const again = await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE });
    // Unlocking as someone else while unlocked locks the first session first.
    expect(again).toMatchObject({ accountId: teacher.id, role: 'teacher' });
  });
});

describe('wrong passphrases are throttled', () => {
  it('has no delay for three, then doubles from 2 s up to 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 11, 12, 50].map(throttleDelaySeconds)).toEqual([0, 0, 0, 2, 4, 8, 256, 300, 300]);
  });

  it('refuses early, with the wait in Norwegian, and the count survives a restart', async () => {
    const clock = makeClock();
    const { core, dir } = await createUnlockedCore({ clock });
    core.lock();
    for (let i = 0; i < 4; i++) expect((await dispatchError(core, 'vault:unlock', { name: COORDINATOR, passphrase: 'feil passordfrase her' })).code).toBe('WRONG_PASSPHRASE');
    core.close();

    const restarted = newCore({ dataDir: dir, clock });
    expect(await dispatchOk(restarted, 'vault:status', {})).toMatchObject({ state: 'locked', retryAfterSeconds: 2 });
    const refused = await dispatchError(restarted, 'vault:unlock', { name: COORDINATOR, passphrase: TEST_PASSPHRASE });
    expect(refused).toEqual({ code: 'UNLOCK_THROTTLED', message: 'For mange feil forsøk. Vent 2 sekunder før du prøver igjen.', retryAfterSeconds: 2 });
    clock.advance(2000);
    await dispatchOk(restarted, 'vault:unlock', { name: COORDINATOR, passphrase: TEST_PASSPHRASE });
    expect(readVault(dir).throttle).toEqual({ failures: 0, lastFailureAt: null });
  });
});

describe('recovery code', () => {
  it('opens the vault as a coordinator, sets a new passphrase, is audited, and every account is told once', async () => {
    const clock = makeClock('2025-03-10T09:00:00.000Z');
    const core = newCore({ clock });
    const { recoveryCode } = await dispatchOk(core, 'vault:create', { passphrase: TEST_PASSPHRASE, staffName: COORDINATOR });
    const teacher = await dispatchOk(core, 'accounts:add', { name: TEACHER, role: 'teacher', passphrase: TEACHER_PASSPHRASE });
    core.lock();
    clock.advance(60 * 60_000);

    expect((await dispatchError(core, 'vault:recover', { code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', newPassphrase: 'helt ny frase for koordinator' })).code).toBe(
      'WRONG_PASSPHRASE',
    );
    expect(
      (await dispatchError(core, 'vault:recover', { code: recoveryCode, accountName: TEACHER, newPassphrase: 'helt ny frase for koordinator' })).fields,
    ).toEqual({ accountName: 'Fant ingen koordinator med dette navnet.' });

    const recovered = await dispatchOk(core, 'vault:recover', { code: recoveryCode.toLowerCase(), newPassphrase: 'helt ny frase for koordinator' });
    expect(recovered).toMatchObject({ staffName: COORDINATOR, role: 'coordinator', recoveryUsedAt: '2025-03-10T10:00:00.000Z' });
    const audit = coreDatabase(core).prepare(`SELECT actor_id, actor_role FROM audit_log WHERE action = 'recover'`).all();
    expect(audit).toEqual([{ actor_id: recovered.accountId, actor_role: 'coordinator' }]);
    core.lock();

    // The old passphrase is replaced; the new one works. The coordinator who recovered has seen the notice.
    expect((await dispatchError(core, 'vault:unlock', { name: COORDINATOR, passphrase: TEST_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    expect((await dispatchOk(core, 'vault:unlock', { name: COORDINATOR, passphrase: 'helt ny frase for koordinator' })).recoveryUsedAt).toBeNull();
    core.lock();
    // The teacher is told at their next unlock, once.
    expect((await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE })).recoveryUsedAt).toBe('2025-03-10T10:00:00.000Z');
    core.lock();
    expect((await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE })).accountId).toBe(teacher.id);
    expect((await dispatchOk(core, 'vault:unlock', { name: TEACHER, passphrase: TEACHER_PASSPHRASE })).recoveryUsedAt).toBeNull();
  });

  it('a new recovery code replaces the old one', async () => {
    const core = newCore();
    const { recoveryCode } = await dispatchOk(core, 'vault:create', { passphrase: TEST_PASSPHRASE, staffName: COORDINATOR });
    const { recoveryCode: fresh } = await dispatchOk(core, 'accounts:newRecoveryCode', {});
    expect(fresh).not.toBe(recoveryCode);
    core.lock();
    expect((await dispatchError(core, 'vault:recover', { code: recoveryCode, newPassphrase: 'helt ny frase for koordinator' })).code).toBe('WRONG_PASSPHRASE');
    await dispatchOk(core, 'vault:recover', { code: fresh, newPassphrase: 'helt ny frase for koordinator' });
  });
});

describe('upgrade from a vault made before staff accounts (format 2)', () => {
  it('becomes one coordinator account with the same passphrase, name and id, and nothing is lost', async () => {
    const { core, dir } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    const registered = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant(),
      enrollment: sampleEnrollment('other'),
    });
    core.close();
    const legacy = await toVersionTwo(dir, { role: 'teacher' });
    const key = await databaseKey(dir);
    const db = openCoreDatabase(dir, key, { migrate: false });
    const staffId = (db.prepare(`SELECT value FROM settings WHERE key = 'staff.id'`).get() as { value: string }).value;
    const auditBefore = db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    db.close();

    const reopened = newCore({ dataDir: dir });
    expect(await dispatchOk(reopened, 'vault:status', {})).toMatchObject({ state: 'locked', needsName: false });
    const session = await dispatchOk(reopened, 'vault:unlock', { passphrase: TEST_PASSPHRASE });
    expect(session).toMatchObject({ accountId: staffId, staffName: COORDINATOR, role: 'coordinator' });
    expect((await dispatchOk(reopened, 'participants:get', { courseId: course.id, participantId: registered.participantId })).firstName).toBe('Kari');
    const upgraded = readVault(dir);
    expect(upgraded).toMatchObject({ version: 3, deviceId: legacy.deviceId, recovery: null });
    expect(upgraded.accounts).toEqual([expect.objectContaining({ id: staffId, kdf: legacy.kdf, wrap: legacy.passphraseWrap })]);
    expect(vaultText(dir)).not.toContain('Testesen');
    const audit = coreDatabase(reopened).prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    expect(audit.n).toBeGreaterThan(auditBefore.n);
    expect(await dispatchOk(reopened, 'accounts:list', {})).toEqual([expect.objectContaining({ id: staffId, name: COORDINATOR, isYou: true })]);

    // From now on the name is asked for.
    reopened.lock();
    expect(await dispatchOk(reopened, 'vault:status', {})).toMatchObject({ needsName: true });
    expect((await dispatchError(reopened, 'vault:unlock', { passphrase: TEST_PASSPHRASE })).code).toBe('VALIDATION');
    await dispatchOk(reopened, 'vault:unlock', { name: COORDINATOR, passphrase: TEST_PASSPHRASE });
    // A recovery code can be made afterwards.
    expect((await dispatchOk(reopened, 'accounts:newRecoveryCode', {})).recoveryCode).toHaveLength(39);
  });
});
