import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { errorMessages } from '../../../main/contract/messages';
import type { UnlockedCore } from '../support/core';
import { createUnlockedCore, MINUTE, sampleCourse, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { coreDatabase } from '../support/storage';

let t: UnlockedCore | undefined;
afterEach(() => t?.core.close());

/** Anything that looks like an exception, a stack frame, SQL or a file path. */
const LEAK = /\bat \w|\.ts:\d|Error\b|SELECT|INSERT|UPDATE |sqlite|no such table|connection|\/tmp|node_modules/i;

describe('the dispatcher', () => {
  it('answers in English when the language setting is English', async () => {
    t = await createUnlockedCore();
    expect((await t.fail('courses:get', { id: randomUUID() })).message).toBe(errorMessages.nb.NOT_FOUND);

    expect(await t.ok('settings:update', { language: 'en' })).toMatchObject({ language: 'en' });
    const notFound = await t.fail('courses:get', { id: randomUUID() });
    expect(notFound.message).toBe('Could not find what you asked for. It may have been deleted.');
    const invalid = await t.fail('courses:create', sampleCourse('other', { startDate: '2025-09-10', endDate: '2025-09-01', plannedHours: 0 }));
    expect(invalid).toEqual({
      code: 'VALIDATION',
      message: 'Some fields are not filled in correctly.',
      fields: { endDate: 'The end date cannot be before the start date.', plannedHours: 'Hours must be between 0.5 and 2000.' },
    });
    expect((await t.fail('nope:nothing', {})).message).toBe('Unknown action.');

    // The language survives locking: the unlock screen and its errors are English too.
    t.core.lock();
    expect(await t.ok('vault:status', {})).toEqual({ state: 'locked', language: 'en', needsName: true, retryAfterSeconds: 0 });
    expect((await t.fail('courses:list', {})).message).toBe('The app is locked. Unlock it with the passphrase.');
    expect((await t.fail('vault:unlock', { name: TEST_STAFF.staffName, passphrase: 'feil passordfrase' })).message).toBe('Wrong passphrase. Try again.');
  });

  it('never puts a stack trace or SQL in a message when the database fails under it', async () => {
    const unexpected: string[] = [];
    t = await createUnlockedCore({ onUnexpectedError: (channel) => unexpected.push(channel) });
    const course = await t.ok('courses:create', sampleCourse('other'));

    coreDatabase(t.core).exec('DROP TABLE participant_enrollments');
    const sqlFailure = await t.fail('courses:list', {});
    expect(sqlFailure).toEqual({ code: 'INTERNAL', message: 'Noe gikk galt. Ingenting ble endret.' });

    coreDatabase(t.core).close();
    for (const [channel, input] of [
      ['courses:get', { id: course.id }],
      ['participants:search', { query: 'ola' }],
      ['settings:get', {}],
    ] as const) {
      const error = await t.fail(channel, input);
      expect(error.code).toBe('INTERNAL');
      expect(error.message).not.toMatch(LEAK);
      expect(Object.keys(error)).toEqual(['code', 'message']);
    }
    expect(unexpected).toEqual(['courses:list', 'courses:get', 'participants:search', 'settings:get']);

    // The idle check cannot read its setting any more: it locks (fail closed) instead of throwing
    // from its timer, although the lock can no longer be written to the audit log.
    expect(t.core.lockIfIdle()).toBe(true);
    expect(t.core.isUnlocked).toBe(false);
    expect((await t.fail('courses:list', {})).code).toBe('VAULT_LOCKED');
  });

  it('refuses malformed calls with envelopes, not exceptions', async () => {
    t = await createUnlockedCore();
    for (const input of [undefined, null, 42, 'x', [], { id: 1 }, { id: randomUUID(), extra: 1 }]) {
      const error = await t.fail('courses:get', input);
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toBe('Noen felt er ikke riktig utfylt.');
      expect(JSON.stringify(error)).not.toMatch(LEAK);
    }
    expect((await t.fail(42, {})).code).toBe('UNKNOWN_CHANNEL');
    expect((await t.fail('__proto__', {})).code).toBe('UNKNOWN_CHANNEL');
  });
});

describe('idle lock', () => {
  it('locks after 10 idle minutes by default, then every call is refused until unlock', async () => {
    t = await createUnlockedCore();
    t.clock.advance(9.9 * MINUTE);
    expect(t.core.lockIfIdle()).toBe(false);
    expect(t.core.isUnlocked).toBe(true);

    // Any call counts as activity and restarts the idle time.
    await t.ok('courses:list', {});
    t.clock.advance(9.9 * MINUTE);
    expect(t.core.lockIfIdle()).toBe(false);
    t.clock.advance(0.1 * MINUTE);
    expect(t.core.lockIfIdle()).toBe(true);
    expect(t.core.isUnlocked).toBe(false);
    expect(t.core.lockIfIdle()).toBe(false);

    const locked = await t.fail('courses:list', {});
    expect(locked).toEqual({ code: 'VAULT_LOCKED', message: 'Appen er låst. Lås opp med passordfrasen.' });
    expect((await t.fail('participants:search', { query: 'a' })).code).toBe('VAULT_LOCKED');
    expect(await t.ok('vault:status', {})).toMatchObject({ state: 'locked' });

    await t.ok('vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    expect(await t.ok('courses:list', {})).toEqual([]);
  });

  it('follows the idleLockMinutes setting', async () => {
    t = await createUnlockedCore();
    expect(await t.ok('settings:update', { idleLockMinutes: 1 })).toEqual({ language: 'nb', idleLockMinutes: 1, retentionGraceDays: 30 });
    t.clock.advance(0.9 * MINUTE);
    expect(t.core.lockIfIdle()).toBe(false);
    t.clock.advance(0.1 * MINUTE);
    expect(t.core.lockIfIdle()).toBe(true);
    expect((await t.fail('settings:get', {})).code).toBe('VAULT_LOCKED');

    // The setting is kept in the encrypted database and applies again after unlocking.
    await t.ok('vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    expect(await t.ok('settings:get', {})).toEqual({ language: 'nb', idleLockMinutes: 1, retentionGraceDays: 30 });
    t.clock.advance(1 * MINUTE);
    expect(t.core.lockIfIdle()).toBe(true);
  });

  it('refuses idle times outside 1 to 120 minutes', async () => {
    t = await createUnlockedCore();
    for (const idleLockMinutes of [0, 121, 1.5, -1]) {
      expect((await t.fail('settings:update', { idleLockMinutes })).fields).toEqual({ idleLockMinutes: 'Velg mellom 1 og 120 minutter.' });
    }
    expect(await t.ok('settings:get', {})).toEqual({ language: 'nb', idleLockMinutes: 10, retentionGraceDays: 30 });
  });
});
