import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ChannelInput } from '../../../main/contract/channels';
import type { Course } from '../../../main/contract/types';
import type { Core } from '../../../main/core/index';
import { DATABASE_FILE } from '../../../main/core/index';
import { PROVIDER, waitForBatch } from '../certificates/helpers';
import { createUnlockedCore, SAMPLE_ADDRESS, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { allZero, databaseSalt, decryptDatabase, decryptWal, freelist } from '../support/sqlcipher';
import { coreDatabase, databaseKey, findMarkers } from '../support/storage';

/** "Today" in these tests: a Monday in June 2025. */
export const TODAY = '2025-06-02';

/**
 * Everything personal about Zyqvaldo Ørnqvistmark, each value unique in the
 * database, so a search of the decrypted files finds it only where his data is.
 */
export const ERASED = {
  firstName: 'Zyqvaldo',
  lastName: 'Ørnqvistmark',
  birthDate: '1971-02-03',
  email: 'zyqvaldo.marker@example.no',
  mobile: '+4791357913',
  interests: 'Markørinteresse for sveising',
  street: 'Markørgata 77',
  note: 'Markørnotat om legetime',
  changeReason: 'Markørgrunn: ringte og sa ifra',
  overrideReason: 'Markøroverstyring etter sykdom',
  requestNote: 'Markørforespørsel per telefon',
  cancelReason: 'Markøravlysning: læreren var syk',
} as const;

/** The strings searched for: as stored, and as the search columns fold them (lower case, no accents). */
export const ERASED_MARKERS = [
  ERASED.firstName,
  ERASED.lastName,
  ERASED.birthDate,
  ERASED.email,
  ERASED.mobile,
  ERASED.interests,
  ERASED.street,
  ERASED.note,
  ERASED.changeReason,
  ERASED.overrideReason,
  ERASED.requestNote,
  ERASED.cancelReason,
  'zyqvaldo',
  'ornqvistmark',
];

/** A person with consent to keep their data: must survive every run. */
export const KEPT_MARKER = 'Beholdsenmerke';

export interface PrivacyFixture extends UnlockedCore {
  /** Fagbrev course, ended 4 April: due since 5 May (30 days' grace). */
  due: Course;
  /** Kompetansepluss course, ended 4 April, no approval recorded. */
  waiting: Course;
  /** A course running until the end of August. */
  running: Course;
  ids: {
    /** On the due course only, with every kind of personal data: erased by a run. */
    erased: string;
    /** On the due course only, no consent: erased by a run. */
    plain: string;
    /** On the due course with consent to keep their data: kept. */
    consenting: string;
    /** On the due course and the running one: kept. */
    elsewhere: string;
    /** On the waiting Kompetansepluss course only. */
    pending: string;
  };
  dueSessionIds: string[];
  unexpected: unknown[];
}

const fagbrev = (overrides: Partial<ChannelInput<'courses:create'>> = {}): ChannelInput<'courses:create'> => ({
  name: 'Fagbrev i sveisefaget',
  type: 'fagbrev',
  place: 'Ålesund',
  startDate: '2025-03-03',
  endDate: '2025-04-04',
  plannedHours: 25,
  teacher: 'Lærer Testesen',
  description: 'Forberedelse til fagprøven.',
  status: 'finished',
  signerName: 'Ingrid Løvås',
  signerTitle: 'Daglig leder',
  ...overrides,
});

/**
 * Three courses on one encrypted database, with the clock on 2 June 2025:
 * a fagbrev course due for deletion (ten sessions, marks, a note, a change
 * after sign-off with its reason, a cancelled session with its reason, a
 * privacy request with a note), a Kompetansepluss course waiting for the
 * funder's approval, and a course still running. Certificates are issued on
 * the due course when asked (a real batch: the workers render them).
 */
export async function privacyFixture(options: { certificates?: boolean } = {}): Promise<PrivacyFixture> {
  const unexpected: unknown[] = [];
  const base = await createUnlockedCore({
    onUnexpectedError: (channel, error) => {
      unexpected.push(error);
      console.error(`unexpected error on ${channel}:`, error);
    },
  });
  onTestFinished(() => base.core.close());
  const ok: UnlockedCore['ok'] = (channel, input) => base.ok(channel, input);
  base.clock.set(`${TODAY}T10:00:00.000Z`);

  const due = await ok('courses:create', fagbrev());
  const waiting = await ok('courses:create', { ...fagbrev({ name: 'Norsk på arbeidsplassen', type: 'kompetansepluss' }) });
  const running = await ok('courses:create', fagbrev({ name: 'Digitale ferdigheter', type: 'other', startDate: '2025-05-05', endDate: '2025-08-29', status: 'running' }));

  const register = async (courseId: string, type: Course['type'], person: Partial<ChannelInput<'participants:register'>['participant']>) =>
    (
      await ok('participants:register', {
        courseId,
        participant: sampleParticipant({ email: `${randomUUID().slice(0, 8)}@example.no`, mobile: undefined, ...(type === 'fagbrev' ? { address: SAMPLE_ADDRESS } : {}), ...person }),
        enrollment: type === 'kompetansepluss' ? { source: 'employer', employerName: 'Byggmester Hansen AS' } : { source: 'self' },
      })
    ).participantId;

  const ids = {
    erased: await register(due.id, 'fagbrev', {
      firstName: ERASED.firstName,
      lastName: ERASED.lastName,
      birthDate: ERASED.birthDate,
      email: ERASED.email,
      mobile: ERASED.mobile,
      gender: 'male',
      interests: ERASED.interests,
      address: { street: ERASED.street, postalCode: '6002', city: 'Ålesund' },
    }),
    plain: await register(due.id, 'fagbrev', { firstName: 'Vanlig', lastName: 'Deltakersen', gender: 'female' }),
    consenting: await register(due.id, 'fagbrev', {
      firstName: 'Konsenta',
      lastName: KEPT_MARKER,
      gender: 'female',
      consent: { keepAfterCourse: true, method: 'form' },
    }),
    elsewhere: await register(due.id, 'fagbrev', { firstName: 'Aktiv', lastName: 'Annetkurs', gender: 'other' }),
    pending: await register(waiting.id, 'kompetansepluss', { firstName: 'Ventende', lastName: 'Rapportsen' }),
  };
  await ok('participants:enrollExisting', { courseId: running.id, participantId: ids.elsewhere, enrollment: { source: 'self' } });

  // Ten sessions of 2.5 hours, everyone present, Vanlig absent from six (40 %: no certificate without an override).
  const plan = await ok('sessions:generate', { courseId: due.id, weekdays: [1, 3], startTime: '09:00', endTime: '11:30' });
  const dueSessionIds = plan.sessions.map((s) => s.id);
  for (const sessionId of dueSessionIds) await ok('attendance:markAllPresent', { sessionId });
  for (const sessionId of dueSessionIds.slice(0, 6)) await ok('attendance:mark', { sessionId, participantId: ids.plain, status: 'absent' });
  await ok('attendance:mark', { sessionId: dueSessionIds[1]!, participantId: ids.erased, status: 'present', note: ERASED.note });
  await ok('attendance:signOff', { sessionId: dueSessionIds[0]! });
  await ok('attendance:mark', { sessionId: dueSessionIds[0]!, participantId: ids.erased, status: 'late', hours: 2, reason: ERASED.changeReason });
  // An extra session, signed off and then cancelled with a reason that names someone.
  const extra = await ok('sessions:add', { courseId: due.id, date: '2025-04-04', startTime: '12:00', endTime: '14:30' });
  await ok('attendance:markAllPresent', { sessionId: extra.id });
  await ok('attendance:signOff', { sessionId: extra.id });
  await ok('sessions:setCancelled', { sessionId: extra.id, cancelled: true, reason: ERASED.cancelReason });
  // A request from Zyqvaldo (the requests screen is another part of the work: the row as it would write it).
  coreDatabase(base.core)
    .prepare(
      `INSERT INTO privacy_requests (id, participant_id, kind, channel, received_on, due_on, status, note, created_at, updated_at, device_id)
       VALUES (?, ?, 'access', 'phone', '2025-05-20', '2025-06-19', 'open', ?, ?, ?, 'test')`,
    )
    .run(randomUUID(), ids.erased, ERASED.requestNote, `${TODAY}T09:00:00.000Z`, `${TODAY}T09:00:00.000Z`);

  if (options.certificates) {
    await ok('provider:update', PROVIDER);
    await issueCertificates(base.core, due.id, [
      { participantId: ids.erased },
      { participantId: ids.plain, overrideReason: ERASED.overrideReason },
      { participantId: ids.consenting },
    ]);
  }
  return { ...base, due, waiting, running, ids, dueSessionIds, unexpected };
}

/** Issues certificates through a real single-PDF batch and returns their verification codes by participant. */
export async function issueCertificates(
  core: Core,
  courseId: string,
  items: { participantId: string; overrideReason?: string; replaceReason?: string }[],
): Promise<Record<string, string>> {
  const call = async <C extends 'certificates:startBatch' | 'certificates:eligibility'>(channel: C, input: ChannelInput<C>) => {
    const answer = await core.call(channel, input);
    if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`);
    return answer.value;
  };
  const { jobId } = await call('certificates:startBatch', { courseId, items: items.map((item) => ({ language: 'nb' as const, ...item })), output: { mode: 'single' } });
  const status = await waitForBatch(core, jobId);
  if (status.state !== 'done') throw new Error(`batch ${status.state}`);
  const rows = (await call('certificates:eligibility', { courseId })).rows;
  return Object.fromEntries(rows.filter((r) => r.certificate).map((r) => [r.participantId, r.certificate!.verificationCode]));
}

/** A course as `courses:update` takes it back, with changes. */
export function courseInput(course: Course, changes: Partial<ChannelInput<'courses:update'>['course']> = {}): ChannelInput<'courses:update'> {
  const { id, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, description, learningGoals, ...fields } = course;
  return { id, course: { ...fields, description: description ?? undefined, learningGoals: learningGoals ?? undefined, ...changes } };
}

/** Counts rows of a table on the core's own connection. */
export const rows = (core: Core, sql: string, ...params: unknown[]) => coreDatabase(core).prepare(sql).all(...params) as Record<string, unknown>[];
export const count = (core: Core, sql: string, ...params: unknown[]) => (coreDatabase(core).prepare(sql).get(...params) as { n: number }).n;

export interface RawSearch {
  /** Markers found in the plaintext of the database file's pages, as "marker/encoding". */
  database: string[];
  /** Markers found in the plaintext of the WAL's frames. */
  wal: string[];
  walBytes: number;
  pages: number;
  freePages: number;
  /**
   * Free pages holding anything but what a free page may: leaves must be all
   * zeros; a trunk page holds page numbers, and past its count SQLite leaves
   * the numbers of leaves it has handed out again (never anything else).
   */
  dirtyFreePages: number[];
}

/** Decrypts the database file and its WAL page by page (no SQLite involved) and searches the plaintext. */
export async function searchRawFiles(dir: string, markers: readonly string[]): Promise<RawSearch> {
  const key = await databaseKey(dir);
  const file = path.join(dir, DATABASE_FILE);
  const pages = decryptDatabase(file, key);
  const frames = decryptWal(`${file}-wal`, key, databaseSalt(file));
  const list = freelist(pages);
  const byNumber = new Map(pages.map((p) => [p.pgno, p.data]));
  const dirty = [
    ...list.leaves.filter((pgno) => !allZero(byNumber.get(pgno)!)),
    ...list.trunks.filter((pgno) => {
      const data = byNumber.get(pgno)!;
      for (let at = 8 + 4 * data.readUInt32BE(4); at + 4 <= data.length; at += 4) if (data.readUInt32BE(at) > pages.length) return true;
      return false;
    }),
  ];
  const { statSync, existsSync } = await import('node:fs');
  return {
    database: findMarkers(Buffer.concat(pages.map((p) => p.data)), markers),
    wal: findMarkers(Buffer.concat(frames.map((p) => p.data)), markers),
    walBytes: existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0,
    pages: pages.length,
    freePages: list.total,
    dirtyFreePages: dirty,
  };
}
