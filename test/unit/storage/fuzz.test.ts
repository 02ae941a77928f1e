import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../../main/contract/channels';
import type { ChannelName } from '../../../main/contract/channels';
import { isEnvelope } from '../../../main/contract/envelope';
import type { Envelope } from '../../../main/contract/envelope';
import { errorMessages, validationMessages } from '../../../main/contract/messages';
import type { Core } from '../../../main/core/index';
import { generateDeviceKeys } from '../../../main/core/exchange/keys';
import type { TestClock } from '../support/core';
import { createUnlockedCore, dispatchOk, makeTempDir, sampleCourse, sampleEnrollment, sampleParticipant, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { coreDatabase, databaseDigest } from '../support/storage';

/**
 * Throws arbitrary and nearly-valid payloads at every channel of the real
 * dispatcher on an unlocked core with data in it. Every answer must be an
 * envelope with a translated message, no call may hit an unexpected error, and
 * a refused call must leave the database file and its WAL byte for byte as
 * they were.
 */

/** Channels that derive a key with scrypt on valid input: fewer runs. */
const SLOW_CHANNELS = new Set<string>([
  'vault:create',
  'vault:unlock',
  'vault:changePassphrase',
  'vault:recover',
  'accounts:add',
  'accounts:resetPassphrase',
  'accounts:newRecoveryCode', 'attendance:export', 'attendance:signInSheet', 'privacy:accessReport', 'processing:pdf', 'retention:run',
  'reports:kompetanseplussStart', 'reports:kompetanseplussCompletion', 'reports:grant',
  'evaluations:exportPdf', 'evaluations:paperForm', 'kiosk:leave']);
const RUNS = { anything: 150, mutated: 400, slow: 30 };

const knownMessages = new Set<string>([
  ...Object.values(errorMessages.nb),
  ...Object.values(errorMessages.en),
  ...Object.values(validationMessages.nb),
  ...Object.values(validationMessages.en),
]);

type Path = (string | number)[];
type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'extraKey'; key: string; value: unknown }
  | { kind: 'wrongType' };

const HUGE_STRINGS = ['x'.repeat(100_000), 'ø'.repeat(10_001), '\u0000'.repeat(5_000), '𝕏'.repeat(50_000), ' '.repeat(20_000)];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.anything() }),
  // Well-formed ids of records that do not exist.
  fc.record({ kind: fc.constant('replace' as const), value: fc.uuid({ version: 4 }) }),
  fc.record({ kind: fc.constant('replace' as const), value: fc.constantFrom<unknown>(...HUGE_STRINGS, null, undefined, NaN, Infinity, -0, 1e308, '', ' ', [], {}) }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({
    kind: fc.constant('extraKey' as const),
    key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'id', 'address')),
    value: fc.anything(),
  }),
  fc.constant({ kind: 'wrongType' as const }),
);

/** Every path to a node of a JSON-like value, the root included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

const wrongTypeOf = (value: unknown): unknown => {
  if (typeof value === 'string') return value.length > 0 ? 1 : false;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  // Plain loops: generated arrays and objects may carry odd own properties such as "constructor".
  if (Array.isArray(value)) {
    const asObject: Record<string, unknown> = {};
    for (let i = 0; i < value.length; i++) asObject[String(i)] = value[i] as unknown;
    return asObject;
  }
  if (typeof value === 'object' && value !== null) return Object.keys(value).map((key) => (value as Record<string, unknown>)[key]);
  return {};
};

/** Applies a mutation at a path; paths that no longer exist (after a delete) are ignored. */
function applyMutation(root: unknown, path: Path, mutation: Mutation): unknown {
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'wrongType') return wrongTypeOf(root);
    if (mutation.kind === 'delete') return undefined;
  }
  const parentPath = mutation.kind === 'extraKey' ? path : path.slice(0, -1);
  let parent: unknown = root;
  for (const key of parentPath) {
    if (typeof parent !== 'object' || parent === null) return root;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (typeof parent !== 'object' || parent === null) return root;
  const target = parent as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  switch (mutation.kind) {
    case 'replace':
      target[key] = mutation.value;
      break;
    case 'wrongType':
      target[key] = wrongTypeOf(target[key]);
      break;
    case 'delete':
      if (Array.isArray(target) && typeof key === 'number') target.splice(key, 1);
      else delete target[key];
      break;
    case 'extraKey':
      // JSON has no named properties on arrays (and "length" cannot be redefined on one).
      if (Array.isArray(target)) break;
      // An own property even for "__proto__", as JSON.parse would make it.
      Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
      break;
  }
  return root;
}

const isUnder = (path: Path, prefix: Path) => prefix.length < path.length && prefix.every((key, i) => path[i] === key);

/**
 * Valid inputs mutated one to three times. Mutations never reach inside a
 * value fast-check generated (it reuses its values while shrinking).
 */
const mutatedArb = (sample: unknown): fc.Arbitrary<unknown> =>
  fc.array(fc.tuple(fc.constantFrom(...pathsOf(sample)), mutationArb), { minLength: 1, maxLength: 3 }).map((mutations) => {
    const generated: Path[] = [];
    let value = structuredClone(sample);
    for (const [path, mutation] of mutations) {
      if (generated.some((prefix) => isUnder(path, prefix) || (mutation.kind === 'wrongType' && prefix.join('.') === path.join('.')))) continue;
      value = applyMutation(value, path, mutation);
      if (mutation.kind === 'replace') generated.push(path);
      if (mutation.kind === 'extraKey') generated.push([...path, mutation.key]);
    }
    return value;
  });

describe('arbitrary payloads on every channel', () => {
  let core: Core;
  let dir: string;
  let clock: TestClock;
  const unexpected: { channel: string; error: string }[] = [];
  /** How the calls were answered ("ok" or the error code), to show the fuzzing reached the services. */
  const answers = new Map<string, number>();
  let samples: Partial<Record<ChannelName, unknown>>;

  beforeAll(async () => {
    ({ core, dir, clock } = await createUnlockedCore({
      onUnexpectedError: (channel, error) => unexpected.push({ channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    }));
    const course = await dispatchOk(core, 'courses:create', sampleCourse('kompetansepluss'));
    const otherCourse = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    const participant = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant(),
      enrollment: sampleEnrollment('kompetansepluss'),
    });
    const session = await dispatchOk(core, 'sessions:add', { courseId: course.id, date: '2025-04-07', startTime: '09:00', endTime: '12:00' });
    // Records the destructive privacy channels may erase, kept apart from the ones the other samples use.
    const emptyCourse = await dispatchOk(core, 'courses:create', sampleCourse('other', { name: 'Kurs som slettes' }));
    const doomedCourse = await dispatchOk(core, 'courses:create', sampleCourse('other', { name: 'Kurs som slettes med folk' }));
    const person = (firstName: string, lastName: string, onCourse: string) =>
      dispatchOk(core, 'participants:register', {
        courseId: onCourse,
        participant: sampleParticipant({ firstName, lastName, email: `${firstName.toLowerCase()}@example.no`, mobile: undefined }),
        enrollment: sampleEnrollment('other'),
      });
    const removable = await person('Rolf', 'Feilregistrert', otherCourse.id);
    const twin = await person('Karianne', 'Nordby', otherCourse.id);
    const erasable = await person('Erik', 'Slettesen', otherCourse.id);
    await person('Dora', 'Kursdeltaker', doomedCourse.id);
    const courseId = course.id;
    const participantId = participant.participantId;
    const sessionId = session.id;
    const times = { startTime: '09:00', endTime: '12:00' };
    // The exchange: another installation's key file, a folder picked for batches, and files that are not batches.
    const other = await generateDeviceKeys();
    const keyFile = {
      name: 'neo-kurs-nokkel-hovedkontor.json',
      base64: Buffer.from(
        JSON.stringify({
          format: 'neo-kurs-key',
          version: 1,
          deviceId: '3f0c9a52-8f3e-4a55-9d6c-2b1f4e7a9c10',
          deviceName: 'Hovedkontoret',
          role: 'head-office',
          provider: { name: 'Kompetansehuset Neo', organisationNumber: '974760673' },
          ageRecipient: other.ageRecipient,
          publicKey: other.publicKey,
          keyId: other.keyId,
        }),
      ).toString('base64'),
    };
    const exchangeFolderId = core.grantFolder(makeTempDir()).id;
    const batchFiles = [
      { name: 'neo-kurs-2025-03-10-nr1.neokurs', base64: Buffer.from('age-encryption.org/v1\n').toString('base64') },
      { name: 'neo-kurs-2025-03-10-nr1.neokurs.minisig', base64: Buffer.from('untrusted comment: x\nAAAA\n').toString('base64') },
    ];
    const someId = '9d2b7f1e-4c3a-4e8b-a1f0-5b6c7d8e9f01';
    const importFile = { name: 'liste.csv', base64: Buffer.from('Fornavn;Etternavn;Fødselsdato;E-post\nImport;Fuzz;01.01.1990;fuzz@bygg.no\n').toString('base64') };
    samples = {
      'exchange:identity': {},
      'exchange:setRole': { role: 'device', deviceName: 'Lærerens bærbare' },
      'exchange:keyFile': {},
      'exchange:readKeyFile': { file: keyFile },
      'exchange:addPeer': { file: keyFile, fingerprint: 'AAAA-BBBB-CCCC-DDDD' },
      'exchange:peers': {},
      'exchange:export': { recipientId: someId, courseIds: [course.id], folderId: exchangeFolderId },
      'exchange:inspect': { files: batchFiles },
      'exchange:approveDevice': { files: batchFiles, deviceId: someId, fingerprint: 'AAAA-BBBB-CCCC-DDDD' },
      'exchange:apply': { files: batchFiles, batchId: someId },
      'exchange:receipt': { deviceId: someId, folderId: exchangeFolderId },
      'exchange:importReceipt': { files: batchFiles },
      'exchange:history': {},
      'import:employers': {},
      'import:preview': { courseId, file: importFile, employerName: 'Byggmester Hansen AS' },
      'import:apply': { courseId, file: importFile, employerName: 'Byggmester Hansen AS', mapping: ['firstName', 'lastName', 'birthDate', 'email'] },
      'import:badRows': { courseId, file: importFile, employerName: 'Byggmester Hansen AS', format: 'xlsx' },
      'vault:status': {},
      'vault:create': { passphrase: 'en annen lang passordfrase', ...TEST_STAFF },
      'vault:unlock': { passphrase: TEST_PASSPHRASE },
      'vault:lock': {},
      'vault:changePassphrase': { current: 'ikke den riktige frasen', next: 'en helt ny passordfrase' },
      'vault:recover': { code: '0000-1111-2222-3333-4444-5555-6666-7777', newPassphrase: 'en helt ny passordfrase' },
      'accounts:list': {},
      'accounts:add': { name: 'Fuzz Vikar', role: 'teacher', passphrase: 'vikarens lange passordfrase' },
      'accounts:remove': { id: '00000000-0000-4000-8000-000000000000' },
      'accounts:resetPassphrase': { id: '00000000-0000-4000-8000-000000000000', passphrase: 'en helt ny passordfrase' },
      'accounts:setRole': { id: '00000000-0000-4000-8000-000000000000', role: 'coordinator' },
      'accounts:newRecoveryCode': {},
      'settings:get': {},
      'settings:update': { language: 'nb', idleLockMinutes: 15, retentionGraceDays: 30 },
      'courses:list': { status: 'planned' },
      'courses:get': { id: courseId },
      'courses:create': sampleCourse('other'),
      'courses:update': { id: courseId, course: sampleCourse('kompetansepluss') },
      'courses:delete': { id: emptyCourse.id },
      'courses:teachers': { courseId },
      'courses:assignTeacher': { courseId, accountId: '7b0d5c1e-0000-4000-8000-000000000001' },
      'courses:unassignTeacher': { courseId, accountId: '7b0d5c1e-0000-4000-8000-000000000001' },
      'participants:listByCourse': { courseId, query: 'kar' },
      'participants:search': { query: 'nord', limit: 10 },
      'participants:get': { courseId, participantId },
      'participants:findDuplicate': { courseId, firstName: 'Kari', lastName: 'Nordmann', birthDate: '1985-06-15' },
      'participants:register': {
        courseId,
        participant: sampleParticipant({ firstName: 'Ola', lastName: 'Fuzz' }),
        enrollment: sampleEnrollment('kompetansepluss'),
      },
      'participants:enrollExisting': { courseId: otherCourse.id, participantId, enrollment: sampleEnrollment('other') },
      'participants:update': { courseId, participantId, participant: sampleParticipant(), enrollment: sampleEnrollment('kompetansepluss') },
      'participants:withdraw': { courseId, participantId, date: '2025-05-01', reason: 'work' },
      'participants:reinstate': { courseId, participantId },
      'participants:removeRegistration': { courseId: otherCourse.id, participantId: removable.participantId },
      'participants:mergePreview': { keepId: participantId, mergeId: twin.participantId },
      'participants:merge': { keepId: participantId, mergeId: twin.participantId, take: { email: 'merge' } },
      'sessions:list': { courseId },
      'sessions:generate': { courseId, weekdays: [1, 3], ...times },
      'sessions:add': { courseId, date: '2025-04-08', ...times },
      'sessions:move': { sessionId, date: '2025-04-09', ...times },
      'sessions:setCancelled': { sessionId, cancelled: false },
      'attendance:roll': { sessionId },
      'attendance:mark': { sessionId, participantId, status: 'present', hours: 3, note: 'Kom litt sent', confirmFuture: true },
      'attendance:unmark': { sessionId, participantId, confirmFuture: true },
      'attendance:markAllPresent': { sessionId, confirmFuture: true },
      'attendance:signOff': { sessionId },
      'attendance:overview': { courseId },
      'attendance:participant': { courseId, participantId },
      'attendance:export': { courseId, format: 'csv' },
      'attendance:notices': { courseId },
      'attendance:addNotice': { sessionId, participantId, reason: 'illness', note: 'Ringte' },
      'attendance:removeNotice': { sessionId, participantId },
      'attendance:signInSheet': { sessionId, layout: 'session' },
      'provider:get': {},
      'provider:update': { name: 'Kompetansehuset Neo AS', street: 'Storgata 1', postalCode: '6002', city: 'Ålesund', organisationNumber: '974760673' },
      'certificates:eligibility': { courseId },
      'certificates:preview': { courseId, participantId, language: 'nb' },
      // The course is not finished: refused (no reason given), so no batch starts while other channels are fuzzed.
      'certificates:startBatch': { courseId, items: [{ participantId, language: 'nb' }], output: { mode: 'single' } },
      'certificates:batchStatus': { jobId: '00000000-0000-4000-8000-000000000000' },
      'certificates:cancelBatch': { jobId: '00000000-0000-4000-8000-000000000000' },
      'certificates:batchResult': { jobId: '00000000-0000-4000-8000-000000000000' },
      'certificates:verify': { code: '7K2M-9QX4-TD' },
      'certificates:show': { certificateId: '00000000-0000-4000-8000-000000000001' },
      'certificates:verifyHolder': { code: '7K2M-9QX4-TD', firstName: 'Kari', lastName: 'Nordmann', birthDate: '1985-06-15' },
      'retention:due': {},
      'retention:preview': { courseId },
      'retention:run': { courseIds: [doomedCourse.id], force: true },
      'retention:statistics': { courseId },
      'privacy:erasureCheck': { participantId },
      'privacy:erase': { participantId: erasable.participantId, confirmed: true },
      'privacy:accessReport': { participantId, format: 'json' },
      'requests:list': {},
      'requests:create': { participantId, kind: 'access', channel: 'email', receivedOn: '2025-03-01' },
      'requests:resolve': { id: '00000000-0000-4000-8000-000000000002', status: 'completed' },
      'requests:summary': {},
      'processing:get': {},
      'processing:update': {
        name: 'Kompetansehuset Neo',
        street: 'Fredrik Selmers vei 6',
        postalCode: '0663',
        city: 'Oslo',
        organisationNumber: '974760673',
        contactEmail: 'post@kompetansehusetneo.no',
      },
      'processing:pdf': {},
      'evaluations:form': { courseId },
      'evaluations:saveForm': {
        courseId,
        questions: [
          { id: 'innhold', kind: 'rating', text: { nb: 'Hvor fornøyd er du med innholdet?', en: 'How satisfied are you with the content?' } },
          { id: 'anbefale', kind: 'yesno', text: { nb: 'Vil du anbefale kurset?' } },
          { id: 'bra', kind: 'open', text: { nb: 'Hva var bra?', nn: 'Kva var bra?' } },
        ],
      },
      'evaluations:useDefault': { courseId },
      'evaluations:results': { courseId },
      'evaluations:summary': { groupBy: 'type', from: '2025-01-01', to: '2025-12-31' },
      'evaluations:deleteOpenAnswer': { courseId, answerId: '9d2b7f1e-4c3a-4e8b-a1f0-5b6c7d8e9f02' },
      'evaluations:exportPdf': { courseId },
      'evaluations:exportCsv': { groupBy: 'teacher' },
      'evaluations:paperForm': { courseId, language: 'nn' },
      'evaluations:enterPaper': { courseId, token: '9d2b7f1e-4c3a-4e8b-a1f0-5b6c7d8e9f03', answers: { ratings: { content: 4 }, choices: { recommend: 'yes' }, texts: { good: 'Gode oppgaver' } } },
      // A course that does not exist: a kiosk that really started would lock the session to the kiosk's channels for the
      // tests after this one (its lock-down is tested in test/unit/evaluations and the evaluations e2e spec).
      'kiosk:start': { courseId: '9d2b7f1e-4c3a-4e8b-a1f0-5b6c7d8e9f05' },
      'kiosk:status': {},
      'kiosk:form': {},
      'kiosk:submit': { token: '9d2b7f1e-4c3a-4e8b-a1f0-5b6c7d8e9f04', answers: { ratings: { teacher: 5 }, choices: {}, texts: {} } },
      'kiosk:leave': { passphrase: TEST_PASSPHRASE },
      'reports:availability': { courseId },
      'reports:kompetanseplussStart': { courseId, format: 'csv' },
      'reports:kompetanseplussCompletion': { courseId, format: 'csv' },
      'reports:grant': { courseId, format: 'csv' },
    };
  });

  /** One call: it must answer with a clean envelope, and a refusal must not have touched the database. */
  async function check(channel: unknown, input: unknown): Promise<void> {
    if (!core.isUnlocked) {
      clock.advance(10 * 60_000); // past any delay the fuzzed wrong recovery codes ran up
      await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    }
    const label = typeof channel === 'string' ? channel : `<${typeof channel}>`;
    const before = databaseDigest(dir);
    let answer: Envelope<unknown>;
    try {
      answer = await core.dispatch(channel, input);
    } catch (error) {
      throw new Error(`dispatch threw for ${label}: ${error instanceof Error ? error.message : typeof error}`);
    }
    expect(isEnvelope(answer)).toBe(true);
    const outcome = answer.ok ? 'ok' : answer.error.code;
    answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
    if (answer.ok) return;
    expect(knownMessages.has(answer.error.message.replace(/\d+ (sekunder|seconds)/, '{seconds} $1')), answer.error.message).toBe(true);
    for (const message of Object.values(answer.error.fields ?? {})) expect(knownMessages.has(message), message).toBe(true);
    expect(databaseDigest(dir), `${label} refused (${answer.error.code}) but changed the database`).toEqual(before);
    expect(unexpected).toEqual([]);
  }

  /** Keeps the WAL small so hashing it stays cheap; runs between calls, never inside one. */
  function checkpoint(): void {
    if (core.isUnlocked) coreDatabase(core).pragma('wal_checkpoint(TRUNCATE)');
  }

  it('has a valid sample for every channel (so mutated payloads start from something real)', () => {
    expect(channelNames.filter((name) => !(name in samples))).toEqual([]);
  });

  for (const channel of channelNames) {
    it(`${channel}: arbitrary and mutated payloads`, async () => {
      const slow = SLOW_CHANNELS.has(channel);
      checkpoint();
      await fc.assert(
        fc.asyncProperty(fc.anything(), (input) => check(channel, input)),
        { numRuns: slow ? RUNS.slow : RUNS.anything },
      );
      const sample = samples[channel];
      if (sample === undefined) return; // reported by the test above
      checkpoint();
      await fc.assert(
        fc.asyncProperty(mutatedArb(sample), (input) => check(channel, input)),
        { numRuns: slow ? RUNS.slow : RUNS.mutated },
      );
      // The sample itself is answered cleanly too.
      await check(channel, structuredClone(sample));
    });
  }

  it('refuses unknown channel names and non-string channels with UNKNOWN_CHANNEL', async () => {
    const unknownChannel = fc.oneof(
      fc.string().filter((name) => !(channelNames as readonly string[]).includes(name)),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'vault:', 'courses:list ', 'COURSES:LIST'),
      fc.anything().filter((value) => typeof value !== 'string'),
    );
    await fc.assert(
      fc.asyncProperty(unknownChannel, fc.anything(), async (channel, input) => {
        await check(channel, input);
        const answer = await core.dispatch(channel, input);
        expect(answer).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: errorMessages.nb.UNKNOWN_CHANNEL } });
      }),
      { numRuns: 200 },
    );
  });

  it('reached the services: refusals from the domain rules, not only from the schemas, and some writes', () => {
    console.info(`fuzz answers: ${JSON.stringify(Object.fromEntries([...answers].sort((a, b) => b[1] - a[1])))}`);
    expect([...answers.keys()]).toEqual(expect.arrayContaining(['ok', 'VALIDATION', 'NOT_FOUND', 'DUPLICATE_PARTICIPANT', 'UNKNOWN_CHANNEL']));
  });

  it('control: the digest does change when a call writes', async () => {
    const before = databaseDigest(dir);
    await dispatchOk(core, 'courses:create', sampleCourse('other'));
    expect(databaseDigest(dir)).not.toEqual(before);
  });

  it('mutation helper really changes the payload (the property test is not fuzzing valid input only)', () => {
    const sample = { a: { b: 'x' } };
    expect(applyMutation(structuredClone(sample), ['a', 'b'], { kind: 'wrongType' })).toEqual({ a: { b: 1 } });
    expect(applyMutation(structuredClone(sample), ['a', 'b'], { kind: 'delete' })).toEqual({ a: {} });
    const withProto = applyMutation(structuredClone(sample), ['a'], { kind: 'extraKey', key: '__proto__', value: 1 }) as { a: object };
    expect(Object.keys(withProto.a)).toEqual(['b', '__proto__']);
  });
});
