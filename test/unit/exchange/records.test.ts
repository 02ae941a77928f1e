import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core/index';
import type { OpenSession } from '../../../main/core/open-session';
import type { ServiceContext } from '../../../main/core/services/context';
import { collectChanges, markFromRow } from '../../../main/core/exchange/collect';
import type { CollectedChanges } from '../../../main/core/exchange/collect';
import { applyMerge, previewMerge } from '../../../main/core/exchange/merge';
import { BATCH_FORMAT, parsePayload, PayloadWriter, recordsSha256 } from '../../../main/core/exchange/payload';
import type { BatchManifest, BatchPayload } from '../../../main/core/exchange/payload';
import { PROVIDER } from '../certificates/helpers';
import { issueCertificates } from '../retention/helpers';
import { createUnlockedCore, MINUTE, sampleCourse, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';

/**
 * The records of a batch between two real cores: a teacher's laptop, where a
 * course is run, and head office, which imports it. Encryption and signatures
 * are elsewhere (crypto.test.ts); here the payload goes through JSON as it
 * would inside the file.
 */

const session = (core: Core) => {
  const open = (core as unknown as { session: OpenSession | null }).session;
  if (!open) throw new Error('core is locked');
  return open;
};

const contextOf = (unlocked: UnlockedCore): ServiceContext => {
  const open = session(unlocked.core);
  const staff = open.settings.staff();
  return { db: open.db, clock: unlocked.clock, deviceId: open.vault.deviceId, actorId: staff.id, actorRole: staff.role };
};

interface Laptop extends UnlockedCore {
  courseId: string;
  ids: { kari: string; per: string; rita: string };
  sessionIds: string[];
  codes: Record<string, string>;
}

/** A finished course on the laptop: Kari (consent, certificate), Per, Rita (restriction requested), sessions, marks, one signed off. */
async function laptopWithCourse(): Promise<Laptop> {
  const laptop = await createUnlockedCore();
  laptop.clock.set('2025-05-02T10:00:00.000Z');
  await laptop.ok('provider:update', PROVIDER);
  const course = await laptop.ok(
    'courses:create',
    sampleCourse('other', { name: 'Digitale ferdigheter', startDate: '2025-04-01', endDate: '2025-04-30', plannedHours: 10, status: 'running' }),
  );
  const register = async (firstName: string, lastName: string, extra: Parameters<typeof sampleParticipant>[0] = {}) =>
    (
      await laptop.ok('participants:register', {
        courseId: course.id,
        participant: sampleParticipant({ firstName, lastName, email: `${firstName.toLowerCase()}@example.no`, mobile: undefined, ...extra }),
        enrollment: { source: 'teacher' },
      })
    ).participantId;
  const ids = {
    kari: await register('Kari', 'Nordmann', { consent: { keepAfterCourse: true, method: 'form' }, mobile: '912 34 567' }),
    per: await register('Per', 'Hansen', { birthDate: '1979-01-20', gender: 'male' }),
    rita: await register('Rita', 'Restriksjon', { birthDate: '1990-02-02' }),
  };
  const plan = await laptop.ok('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' });
  // Nine sessions in April: four held with marks, five cancelled.
  const sessionIds = plan.sessions.map((s) => s.id).slice(0, 4);
  for (const s of plan.sessions.slice(4)) await laptop.ok('sessions:setCancelled', { sessionId: s.id, cancelled: true });
  for (const sessionId of sessionIds) await laptop.ok('attendance:markAllPresent', { sessionId });
  await laptop.ok('attendance:mark', { sessionId: sessionIds[1]!, participantId: ids.per, status: 'absent', absenceReason: 'illness', note: 'Notat om legetime' });
  await laptop.ok('attendance:signOff', { sessionId: sessionIds[0]! });
  await laptop.ok('requests:create', { participantId: ids.rita, kind: 'restriction', channel: 'email', receivedOn: '2025-05-01' });
  const c = await laptop.ok('courses:get', { id: course.id });
  await laptop.ok('courses:update', { id: course.id, course: { ...sampleCourse('other', { name: c.name, startDate: c.startDate, endDate: c.endDate, plannedHours: 10 }), status: 'finished' } });
  const codes = await issueCertificates(laptop.core, course.id, [{ participantId: ids.kari }]);
  return { ...laptop, courseId: course.id, ids, sessionIds, codes };
}

/** The manifest the exporter writes, but for the records' hash, which PayloadWriter adds. */
function manifestOf(laptop: Laptop, counts: BatchManifest['counts'], since: string | null, until: string, sequence: number): Omit<BatchManifest, 'recordsSha256'> {
  return {
    batchId: randomUUID(),
    deviceId: session(laptop.core).vault.deviceId,
    deviceName: 'Lærerens bærbare',
    recipientDeviceId: randomUUID(),
    sequence,
    createdAt: until,
    provider: { name: PROVIDER.name, organisationNumber: '974760673' },
    courses: [{ id: laptop.courseId, name: 'Digitale ferdigheter', since, until }],
    counts,
  };
}

/** The bytes PayloadWriter writes for records and tombstones given as objects (the exporter writes the records' JSON itself). */
function written(records: unknown, tombstones: unknown, manifest: Omit<BatchManifest, 'recordsSha256'>): Buffer {
  const chunks: Buffer[] = [];
  const writer = new PayloadWriter((bytes) => chunks.push(bytes));
  writer.records(JSON.stringify(records));
  writer.finish(tombstones as BatchPayload['tombstones'], manifest);
  return Buffer.concat(chunks);
}

/** Collects since `since` into a payload as the exporter writes it (version 2), and parses it as the importer does. */
function batch(laptop: Laptop, since: string | null, sequence = 1): { payload: BatchPayload; collected: CollectedChanges; bytes: Buffer; until: string } {
  const until = laptop.clock.now().toISOString();
  const chunks: Buffer[] = [];
  const writer = new PayloadWriter((bytes) => chunks.push(bytes));
  const collected = collectChanges(session(laptop.core).db, [{ id: laptop.courseId, since }], until, (json) => writer.records(json));
  writer.finish(collected.tombstones, manifestOf(laptop, collected.counts, since, until, sequence));
  const bytes = Buffer.concat(chunks);
  return { payload: parsePayload(bytes), collected, bytes, until };
}

function apply(office: UnlockedCore, payload: BatchPayload, onProgress?: (done: number, total: number) => void) {
  const open = session(office.core);
  return open.db.transaction(() => applyMerge(contextOf(office), { erasure: open.erasure, audit: open.audit }, payload, onProgress))();
}

const tableCount = (core: Core, table: string) => (session(core).db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('head-office batch records', () => {
  it('carries a course from the laptop to head office, where search, attendance, certificates and the duplicate check see it', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');

    const { payload, collected } = batch(laptop, null);
    // Rita asked for restriction: nothing of hers travels.
    expect(collected.participantIds.sort()).toEqual([laptop.ids.kari, laptop.ids.per].sort());
    expect(JSON.stringify(payload)).not.toContain('Restriksjon');
    expect(payload.records.enrollments.map((e) => e.participantId)).not.toContain(laptop.ids.rita);
    expect(payload.records.marks.map((m) => m.participantId)).not.toContain(laptop.ids.rita);
    // Exactly the statement's fields: no notes, no search keys.
    expect(Object.keys(payload.records.participants[0]!).sort()).toEqual(
      ['address', 'birthDate', 'consentKeep', 'createdAt', 'deviceId', 'email', 'firstName', 'gender', 'id', 'interests', 'lastName', 'mobile', 'updatedAt'].sort(),
    );
    expect(JSON.stringify(payload)).not.toContain('legetime');
    expect(payload.manifest.counts).toMatchObject({ courses: 1, participants: 2, enrollments: 2, sessions: 9, marks: 8, consents: 1, certificates: 1, tombstones: 0 });

    const [preview] = previewMerge(session(office.core).db, payload);
    expect(preview).toMatchObject({
      courseId: laptop.courseId,
      added: { courses: 1, participants: 2, enrollments: 2, sessions: 9, marks: 8, consents: 1, certificates: 1 },
      changed: { courses: 0, participants: 0, marks: 0 },
      erased: 0,
      unchanged: 0,
      skipped: 0,
      conflicts: [],
    });
    expect(tableCount(office.core, 'participants')).toBe(0); // the preview wrote nothing

    const progress: [number, number][] = [];
    const result = apply(office, payload, (done, total) => progress.push([done, total]));
    expect(result).toEqual({ added: 24, changed: 0, erased: 0, conflicts: 0, skipped: 0 });
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);

    const hits = await office.ok('participants:search', { query: 'nordmann kari' });
    expect(hits.map((h) => h.participantId)).toEqual([laptop.ids.kari]);
    expect((await office.ok('participants:search', { query: '91234567' })).map((h) => h.participantId)).toEqual([laptop.ids.kari]);
    expect(await office.ok('participants:search', { query: 'Restriksjon' })).toEqual([]);
    const duplicates = await office.ok('participants:findDuplicate', { firstName: 'Kari', lastName: 'Nordmann', birthDate: '1985-06-15' });
    expect(duplicates.map((d) => d.participantId)).toEqual([laptop.ids.kari]);
    const kari = await office.ok('participants:get', { courseId: laptop.courseId, participantId: laptop.ids.kari });
    expect(kari.consent.keepAfterCourse).toBe(true);
    expect(kari.consent.method).toBe('form');

    const overview = await office.ok('attendance:overview', { courseId: laptop.courseId });
    const before = await laptop.ok('attendance:overview', { courseId: laptop.courseId });
    const laptopRows = before.rows.filter((r) => r.participantId !== laptop.ids.rita);
    expect(overview.rows.map((r) => [r.participantId, r.statuses, r.hoursAttended])).toEqual(laptopRows.map((r) => [r.participantId, r.statuses, r.hoursAttended]));
    // The sign-off travels with the marks.
    expect(overview.sessions.map((s) => s.signedOffAt)).toEqual(before.sessions.map((s) => s.signedOffAt));
    expect(overview.sessions[0]!.signedOffAt).not.toBeNull();

    const code = laptop.codes[laptop.ids.kari]!.replace(/-/g, '');
    const verified = await office.ok('certificates:verify', { code });
    expect(verified.status).toBe('valid');
    expect(verified.certificate?.participant).toMatchObject({ firstName: 'Kari', lastName: 'Nordmann' });

    // Applying the same records again changes nothing.
    expect(apply(office, payload)).toEqual({ added: 0, changed: 0, erased: 0, conflicts: 0, skipped: 0 });
  });

  it('carries a course\'s English texts, and a batch from before them (without the fields) keeps those at head office', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');
    const english = { englishName: 'Digital skills', englishDescription: 'Week 1\nWeek 2', englishLearningGoals: 'Use e-mail' };
    const fields = (name: string) => ({ ...sampleCourse('other', { name, startDate: '2025-04-01', endDate: '2025-04-30', plannedHours: 10 }), status: 'finished' as const });
    await laptop.ok('courses:update', { id: laptop.courseId, course: { ...fields('Digitale ferdigheter'), ...english } });
    apply(office, batch(laptop, null).payload);
    expect(await office.ok('courses:get', { id: laptop.courseId })).toMatchObject(english);

    // An older app's batch: the same record shape without the three fields; it still validates.
    laptop.clock.advance(MINUTE);
    await laptop.ok('courses:update', { id: laptop.courseId, course: fields('Digitale ferdigheter 2') });
    const { payload, until } = batch(laptop, null);
    const records = structuredClone(payload.records);
    for (const course of records.courses ?? []) {
      const old = course as Partial<typeof course>;
      delete old.englishName;
      delete old.englishDescription;
      delete old.englishLearningGoals;
    }
    const { recordsSha256: _, ...manifest } = payload.manifest;
    const older = parsePayload(written(records, payload.tombstones, { ...manifest, createdAt: until }));
    expect(Object.keys(older.records.courses[0]!)).not.toContain('englishName');
    expect(apply(office, older)).toMatchObject({ changed: 1 });
    expect(await office.ok('courses:get', { id: laptop.courseId })).toMatchObject({ name: 'Digitale ferdigheter 2', ...english });
  });

  // Until this version the reason travelled (on purpose: issue 12). Changed for privacy: "illness" and "child's illness"
  // are health data (GDPR art. 9), the privacy statement covers attendance only, and head office's reports use
  // status and hours. So the reason stays on the laptop, and head office never stores one, even from an older batch.
  it('keeps absence reasons on the laptop: the marks SQLite writes carry none, and a previous version\'s batch with them imports without them', async () => {
    const laptop = await laptopWithCourse();
    await laptop.ok('attendance:mark', { sessionId: laptop.sessionIds[2]!, participantId: laptop.ids.kari, status: 'excused', absenceReason: 'childIllness' });
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');
    const reasonsOf = (core: Core) =>
      session(core).db.prepare('SELECT participant_id, absence_reason FROM attendance_marks WHERE absence_reason IS NOT NULL ORDER BY absence_reason').all();
    const onLaptop = [
      { participant_id: laptop.ids.kari, absence_reason: 'childIllness' },
      { participant_id: laptop.ids.per, absence_reason: 'illness' },
    ];
    expect(reasonsOf(laptop.core)).toEqual(onLaptop);

    const { payload, bytes, until } = batch(laptop, null);
    const text = bytes.toString('utf8');
    for (const word of ['absenceReason', 'illness', 'childIllness']) expect(text, word).not.toContain(word);
    const perAbsent = payload.records.marks.find((m) => m.participantId === laptop.ids.per && m.sessionId === laptop.sessionIds[1]);
    expect(Object.keys(perAbsent!).sort()).toEqual(['createdAt', 'deviceId', 'hours', 'id', 'participantId', 'sessionId', 'status', 'updatedAt']);
    expect(perAbsent).toMatchObject({ status: 'absent', hours: 0 });

    // The same marks as the previous version wrote them: the reason on the marks that have one, version 2, same layout.
    const reasonById = new Map(
      (session(laptop.core).db.prepare('SELECT id, absence_reason FROM attendance_marks WHERE absence_reason IS NOT NULL').all() as { id: string; absence_reason: string }[]).map(
        (r) => [r.id, r.absence_reason],
      ),
    );
    const records = structuredClone(payload.records) as unknown as { marks: Record<string, unknown>[] } & Record<string, unknown>;
    records.marks = records.marks.map((m) => (reasonById.has(m.id as string) ? { ...m, absenceReason: reasonById.get(m.id as string) } : m));
    const { recordsSha256: _hash, ...manifest } = payload.manifest;
    const previousBytes = written(records, payload.tombstones, { ...manifest, createdAt: until });
    expect(previousBytes.toString('utf8').split('\n')[0]).toBe(JSON.stringify({ format: BATCH_FORMAT, version: 2 }));
    expect(previousBytes.toString('utf8').match(/"absenceReason":/g)).toHaveLength(2);
    const previous = parsePayload(previousBytes);
    expect(previous.records.marks.filter((m) => 'absenceReason' in m)).toEqual([]);
    expect(apply(office, previous)).toMatchObject({ added: 24, skipped: 0 });
    expect(reasonsOf(office.core)).toEqual([]);
    const overview = await office.ok('attendance:overview', { courseId: laptop.courseId });
    expect(overview.rows.find((r) => r.participantId === laptop.ids.per)!.statuses[1]).toBe('absent');
    expect(overview.rows.find((r) => r.participantId === laptop.ids.kari)!.statuses[2]).toBe('excused');
    // The laptop keeps its reasons.
    expect(reasonsOf(laptop.core)).toEqual(onLaptop);
  });

  it('clears at head office a reason an older batch left there when a newer mark replaces it', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');
    const first = batch(laptop, null);
    apply(office, first.payload);
    // What an older version of the app stored at head office from an older batch.
    const officeDb = session(office.core).db;
    officeDb.prepare("UPDATE attendance_marks SET absence_reason = 'illness' WHERE participant_id = ? AND session_id = ?").run(laptop.ids.per, laptop.sessionIds[1]);

    laptop.clock.set('2025-05-05T10:00:00.000Z');
    await laptop.ok('attendance:mark', { sessionId: laptop.sessionIds[1]!, participantId: laptop.ids.per, status: 'excused', absenceReason: 'work' });
    const second = batch(laptop, first.until, 2);
    expect(apply(office, second.payload)).toMatchObject({ changed: 1 });
    expect(officeDb.prepare('SELECT status, absence_reason FROM attendance_marks WHERE participant_id = ? AND session_id = ?').get(laptop.ids.per, laptop.sessionIds[1])).toEqual({
      status: 'excused',
      absence_reason: null,
    });
  });

  it('leaves nothing written when the apply fails midway', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    const { payload } = batch(laptop, null);
    const audit = tableCount(office.core, 'audit_log');
    expect(() =>
      apply(office, payload, () => {
        throw new Error('cut off');
      }),
    ).toThrow('cut off');
    for (const table of ['courses', 'participants', 'participant_enrollments', 'course_sessions', 'attendance_marks', 'certificates', 'consent_events']) {
      expect(tableCount(office.core, table), table).toBe(0);
    }
    expect(tableCount(office.core, 'audit_log')).toBe(audit);
    expect(await office.ok('participants:search', { query: 'Kari' })).toEqual([]);
  });

  it('sends only what changed since the last batch, and lists conflicts where both sides changed a record: the newer wins', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');
    const first = batch(laptop, null);
    apply(office, first.payload);

    // Laptop: Per late in session 3, Kari's e-mail corrected. Head office: Kari's mobile corrected, earlier.
    laptop.clock.set('2025-05-05T10:00:00.000Z');
    await laptop.ok('attendance:mark', { sessionId: laptop.sessionIds[2]!, participantId: laptop.ids.per, status: 'late', hours: 1.5 });
    office.clock.set('2025-05-04T10:00:00.000Z');
    const kariAtOffice = await office.ok('participants:get', { courseId: laptop.courseId, participantId: laptop.ids.kari });
    await office.ok('participants:update', {
      courseId: laptop.courseId,
      participantId: laptop.ids.kari,
      participant: sampleParticipant({ email: 'kari@example.no', mobile: '913 00 000', consent: { keepAfterCourse: true, method: 'form' } }),
      enrollment: { source: kariAtOffice.enrollment.source },
    });
    laptop.clock.advance(MINUTE);
    await laptop.ok('participants:update', {
      courseId: laptop.courseId,
      participantId: laptop.ids.kari,
      participant: sampleParticipant({ email: 'kari.ny@example.no', mobile: '912 34 567', consent: { keepAfterCourse: true, method: 'form' } }),
      enrollment: { source: 'teacher' },
    });

    const second = batch(laptop, first.until, 2);
    // Only the changed rows, and the session of the changed mark (its sign-off state).
    expect(second.payload.manifest.counts).toEqual({ courses: 0, participants: 1, enrollments: 0, sessions: 1, marks: 1, consents: 0, certificates: 0, tombstones: 0 });
    expect(second.payload.records.marks[0]).toMatchObject({ participantId: laptop.ids.per, status: 'late', hours: 1.5 });

    const [preview] = previewMerge(session(office.core).db, second.payload);
    expect(preview!.changed).toMatchObject({ participants: 1, marks: 1 });
    expect(preview!.unchanged).toBe(1); // the session
    expect(preview!.conflicts).toEqual([
      { kind: 'participants', id: laptop.ids.kari, label: 'Nordmann, Kari', oursUpdatedAt: '2025-05-04T10:00:00.000Z', theirsUpdatedAt: '2025-05-05T10:01:00.000Z', winner: 'theirs' },
    ]);
    expect(apply(office, second.payload)).toMatchObject({ changed: 2, conflicts: 1 });
    const kari = await office.ok('participants:get', { courseId: laptop.courseId, participantId: laptop.ids.kari });
    expect([kari.email, kari.mobile]).toEqual(['kari.ny@example.no', '+4791234567']);
    expect((await office.ok('participants:search', { query: 'kari.ny' })).map((h) => h.participantId)).toEqual([laptop.ids.kari]);
    expect(await office.ok('participants:search', { query: '91300000' })).toEqual([]);
    const overview = await office.ok('attendance:overview', { courseId: laptop.courseId });
    expect(overview.rows.find((r) => r.participantId === laptop.ids.per)!.statuses[2]).toBe('late');

    // Head office changes Per after the laptop did: ours is newer and stays, and the conflict says so.
    laptop.clock.set('2025-05-06T10:00:00.000Z');
    await laptop.ok('participants:update', {
      courseId: laptop.courseId,
      participantId: laptop.ids.per,
      participant: sampleParticipant({ firstName: 'Per', lastName: 'Hansen', birthDate: '1979-01-20', gender: 'male', email: 'per.laptop@example.no', mobile: undefined }),
      enrollment: { source: 'teacher' },
    });
    office.clock.set('2025-05-07T10:00:00.000Z');
    await office.ok('participants:update', {
      courseId: laptop.courseId,
      participantId: laptop.ids.per,
      participant: sampleParticipant({ firstName: 'Per', lastName: 'Hansen', birthDate: '1979-01-20', gender: 'male', email: 'per.kontor@example.no', mobile: undefined }),
      enrollment: { source: 'teacher' },
    });
    const third = batch(laptop, second.until, 3);
    const [conflicting] = previewMerge(session(office.core).db, third.payload);
    expect(conflicting!.conflicts).toEqual([expect.objectContaining({ kind: 'participants', label: 'Hansen, Per', winner: 'ours' })]);
    expect(apply(office, third.payload)).toMatchObject({ changed: 0, conflicts: 1 });
    expect((await office.ok('participants:get', { courseId: laptop.courseId, participantId: laptop.ids.per })).email).toBe('per.kontor@example.no');
  });

  it('erases at head office what was erased on the laptop, through the erasure of issue 9', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');
    const first = batch(laptop, null);
    apply(office, first.payload);
    const code = laptop.codes[laptop.ids.kari]!.replace(/-/g, '');

    laptop.clock.set('2025-05-10T10:00:00.000Z');
    await laptop.ok('privacy:erase', { participantId: laptop.ids.kari, confirmed: true });
    await laptop.ok('privacy:erase', { participantId: laptop.ids.per, confirmed: true });
    const second = batch(laptop, first.until, 2);
    expect(second.payload.tombstones.map((t) => [t.entity, t.entityId]).sort()).toEqual(
      [
        ['participant', laptop.ids.kari],
        ['participant', laptop.ids.per],
      ].sort(),
    );
    expect(JSON.stringify(second.payload.tombstones)).not.toContain('Kari');
    // An erasure somewhere else, of someone never sent here: nothing to erase.
    const unknown = { id: randomUUID(), entity: 'participant' as const, entityId: randomUUID(), cause: 'request' as const, erasedAt: '2025-05-10T09:00:00.000Z' };
    const tombstones = [...second.payload.tombstones, unknown];
    const { recordsSha256: _hash, ...manifest } = second.payload.manifest;
    const payload = parsePayload(written(second.payload.records, tombstones, { ...manifest, counts: { ...manifest.counts, tombstones: tombstones.length } }));

    const [preview] = previewMerge(session(office.core).db, payload);
    expect(preview!.erased).toBe(2);
    expect(apply(office, payload)).toMatchObject({ erased: 2 });
    expect(await office.ok('participants:search', { query: 'Nordmann' })).toEqual([]);
    expect(await office.ok('participants:search', { query: 'Hansen' })).toEqual([]);
    expect(await office.ok('participants:findDuplicate', { firstName: 'Kari', lastName: 'Nordmann', birthDate: '1985-06-15' })).toEqual([]);
    // Her certificate stays verifiable without her name, from the register of erased certificates.
    const verified = await office.ok('certificates:verify', { code });
    expect(verified).toMatchObject({ status: 'valid', personalDataErased: true });
    expect(verified.certificate?.participant ?? null).toBeNull();
    expect((await office.ok('certificates:verifyHolder', { code, firstName: 'Kari', lastName: 'Nordmann', birthDate: '1985-06-15' })).matches).toBe(true);

    // The first batch again (a copy from elsewhere) does not bring them back.
    const again = apply(office, first.payload);
    expect(again.added).toBe(0);
    expect(again.skipped).toBeGreaterThan(0);
    expect(await office.ok('participants:search', { query: 'Nordmann' })).toEqual([]);
    // The same tombstones again: nothing more to erase.
    expect(apply(office, payload).erased).toBe(0);
  });

  it('writes version 2 as four lines, the records hashed exactly as written, and refuses any other layout', async () => {
    const laptop = await laptopWithCourse();
    const { payload, bytes } = batch(laptop, null);
    const lines = bytes.toString('utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toEqual({ format: BATCH_FORMAT, version: 2 });
    // The records' JSON as collected (SQLite writes the marks' part): the hash of its bytes and the tombstones'.
    expect(createHash('sha256').update(`${lines[1]}\n${lines[2]}`, 'utf8').digest('hex')).toBe(payload.manifest.recordsSha256);
    expect(JSON.parse(lines[3]!)).toEqual(payload.manifest);
    // The marks SQLite wrote are the marks as the rows hold them.
    const db = session(laptop.core).db;
    const rows = db.prepare('SELECT * FROM attendance_marks WHERE participant_id IN (?, ?) ORDER BY id').all(laptop.ids.kari, laptop.ids.per) as Record<string, unknown>[];
    expect([...payload.records.marks].sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows.map(markFromRow));

    const refused = (text: string | Buffer) => {
      try {
        parsePayload(text);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'accepted';
    };
    const join = (changed: string[]) => changed.join('\n');
    expect(refused(join(lines))).toBe('accepted');
    // One byte of the records or tombstones, or only their spacing, changed: the hash no longer holds.
    expect(refused(join([lines[0]!, lines[1]!.replace('"firstName":"Kari"', '"firstName":"Kåre"'), lines[2]!, lines[3]!]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(join([lines[0]!, lines[1]!.replace('"status":"present"', '"status": "present"'), lines[2]!, lines[3]!]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(join([lines[0]!, lines[1]!, ' []', lines[3]!]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    // Another version, a line missing or added, a cut.
    expect(refused(join([JSON.stringify({ format: BATCH_FORMAT, version: 3 }), ...lines.slice(1)]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(join([lines[0]!, lines[1]!, lines[3]!]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(join([lines[0]!, lines[3]!]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(join([...lines, lines[3]!]))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(bytes.subarray(0, bytes.length - 10))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(`${lines[0]}\n`)).toBe('EXCHANGE_INVALID_PAYLOAD');
  });

  it('refuses a payload of another format or version, with a wrong hash, a bad field or an extra field', async () => {
    const laptop = await laptopWithCourse();
    const { payload } = batch(laptop, null);

    /** The payload changed by `edit`, written by PayloadWriter; with the hash of the unchanged records if `keepHash`. */
    type Raw = { format: unknown; version: unknown; manifest: Record<string, unknown>; records: Record<string, Record<string, unknown>[]>; tombstones: unknown[] };
    const changed = (edit: (p: Raw) => void, keepHash = false) => {
      const copy = structuredClone(payload) as unknown as Raw;
      edit(copy);
      const { recordsSha256: _hash, ...manifest } = copy.manifest;
      const text = written(copy.records, copy.tombstones, manifest as unknown as Omit<BatchManifest, 'recordsSha256'>).toString('utf8');
      const header = JSON.stringify({ format: copy.format, version: copy.version });
      const lines = text.split('\n');
      // Version 2's hash of records and tombstones written by JSON.stringify is version 1's.
      if (keepHash) lines[3] = JSON.stringify({ ...JSON.parse(lines[3]!), recordsSha256: recordsSha256(payload.records, payload.tombstones) });
      return [header, ...lines.slice(1)].join('\n');
    };
    const refused = (text: string) => {
      try {
        parsePayload(text);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'accepted';
    };
    expect(refused(changed(() => undefined))).toBe('accepted');
    expect(refused(changed(() => undefined, true))).toBe('accepted');
    expect(refused(changed((p) => (p.format = 'neo-kurs-receipt')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.version = 3)))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.participants![0]!.firstName = 'Kåre'), true))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.participants![0]!.birthDate = '1985-02-30')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.participants![0]!.firstName = 'Kari\u202Eevil')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.marks![0]!.updatedAt = 'yesterday')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.marks![0]!.hours = 25)))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.participants![0]!.note = 'ekstra')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.marks![0]!.note = 'ekstra')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.manifest.extra = 1)))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.certificates![0]!.contentJson = '{"tampered":true}')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => (p.records.enrollments![0]!.courseId = randomUUID())))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(changed((p) => p.records.marks!.pop()))).toBe('EXCHANGE_INVALID_PAYLOAD'); // the counts disagree
    expect(refused(changed((p) => (p.records.participants![0]!.firstName = 'x'.repeat(101))))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused('[]')).toBe('EXCHANGE_INVALID_PAYLOAD');
  });

  it('still reads version 1 (one JSON object, hashed as JSON.stringify writes it), as the app wrote it before', async () => {
    const laptop = await laptopWithCourse();
    const office = await createUnlockedCore();
    office.clock.set('2025-05-03T10:00:00.000Z');
    const { payload } = batch(laptop, null);
    const { records, tombstones } = payload;
    type Raw = { format: unknown; version: unknown; manifest: Record<string, unknown>; records: Record<string, Record<string, unknown>[]>; tombstones: unknown[] };
    const version1 = (edit: (p: Raw) => void = () => undefined, keepHash = false) => {
      const copy = structuredClone({ format: BATCH_FORMAT, version: 1, manifest: { ...payload.manifest, recordsSha256: recordsSha256(records, tombstones) }, records, tombstones }) as unknown as Raw;
      edit(copy);
      if (!keepHash) copy.manifest.recordsSha256 = recordsSha256(copy.records, copy.tombstones);
      return JSON.stringify(copy);
    };
    const refused = (text: string) => {
      try {
        parsePayload(text);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'accepted';
    };
    const read = parsePayload(version1());
    expect(read).toEqual({ ...payload, version: 1, manifest: { ...payload.manifest, recordsSha256: recordsSha256(records, tombstones) } });
    expect(apply(office, read)).toEqual({ added: 24, changed: 0, erased: 0, conflicts: 0, skipped: 0 });
    expect(refused(version1((p) => (p.version = 2)))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(version1((p) => (p.format = 'neo-kurs-receipt')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(version1((p) => (p.records.participants![0]!.firstName = 'Kåre'), true))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(refused(version1((p) => (p.records.participants![0]!.birthDate = '1985-02-30')))).toBe('EXCHANGE_INVALID_PAYLOAD');
    const json = version1();
    expect(refused(json.slice(0, json.length - 10))).toBe('EXCHANGE_INVALID_PAYLOAD');
  });
});
