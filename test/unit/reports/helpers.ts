import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ChannelInput } from '../../../main/contract/channels';
import type { Core } from '../../../main/core/index';
import { createUnlockedCore, dispatchOk, makeTempDir, sampleCourse } from '../support/core';
import type { TestClock } from '../support/core';
import { coreDatabase } from '../support/storage';
import { waitForBatch } from '../certificates/helpers';

/** The controller's details, as the record of processing takes them (Brønnøysund's own organisation number passes MOD11). */
export const CONTROLLER: ChannelInput<'processing:update'> = {
  name: 'Kompetansehuset Neo',
  street: 'Fredrik Selmers vei 6',
  postalCode: '0663',
  city: 'Oslo',
  organisationNumber: '974 760 673',
  contactEmail: 'personvern@kompetansehusetneo.no',
  privacyContact: 'Ingrid Løvås, personvernombud',
};

/** Everything about the other person that must never show up in Åse's report. */
export const PER = {
  firstName: 'Per',
  lastName: 'Hansen-Strøm',
  birthDate: '1979-11-03',
  email: 'per.hansen@example.no',
  mobile: '987 65 432',
  mobileE164: '+4798765432',
  interests: 'Truckførerbevis',
  note: 'Pers egen merknad',
  employer: 'Hansens Transport AS',
} as const;

export const ASE = {
  firstName: 'Åse',
  lastName: 'Ødegård',
  birthDate: '1984-02-29',
  email: 'aase.odegard@bøler.no',
  mobile: '912 34 567',
  interests: 'Helsefag\nOmsorg for eldre',
  note: 'Bussen var sen',
  employer: 'Bøler Bygg AS',
  address: { street: 'Øvre Slottsgate 2', postalCode: '0157', city: 'Oslo' },
} as const;

export interface ReportFixture {
  core: Core;
  clock: TestClock;
  /** A finished open course both are on, with four sessions, marks and certificates. */
  courseId: string;
  fagbrevId: string;
  kompetanseplussId: string;
  ase: string;
  per: string;
  sessionIds: string[];
  unexpected: unknown[];
}

/**
 * Two people on the same finished course (April 2025), with marks, notes, a
 * change after sign-off, consents and certificates; Åse is also on a fagbrev
 * course (address) and a Kompetansepluss course (employer), Per on the latter
 * too. The controller's details are filled in. The clock stands on 1 July 2025.
 */
export async function reportFixture(options: { certificates?: boolean } = {}): Promise<ReportFixture> {
  const unexpected: unknown[] = [];
  const { core, clock } = await createUnlockedCore({ onUnexpectedError: (_channel, error) => unexpected.push(error) });
  onTestFinished(() => core.close());
  clock.set('2025-07-01T10:00:00.000Z');
  await dispatchOk(core, 'processing:update', CONTROLLER);
  const course = await dispatchOk(
    core,
    'courses:create',
    sampleCourse('other', { name: 'Helsefag for voksne', place: 'Tromsø', startDate: '2025-04-01', endDate: '2025-04-30', plannedHours: 10, requiredAttendancePercent: 60, status: 'running' }),
  );
  const fagbrev = await dispatchOk(core, 'courses:create', sampleCourse('fagbrev', { startDate: '2025-08-01', endDate: '2025-12-15' }));
  const kompetansepluss = await dispatchOk(core, 'courses:create', sampleCourse('kompetansepluss', { startDate: '2025-06-01', endDate: '2025-09-30', status: 'running' }));

  const ase = await dispatchOk(core, 'participants:register', {
    courseId: course.id,
    participant: {
      firstName: ASE.firstName,
      lastName: ASE.lastName,
      birthDate: ASE.birthDate,
      email: ASE.email,
      mobile: ASE.mobile,
      gender: 'female',
      interests: ASE.interests,
      consent: { keepAfterCourse: true, method: 'paper' },
    },
    enrollment: { source: 'self' },
  });
  const per = await dispatchOk(core, 'participants:register', {
    courseId: course.id,
    participant: {
      firstName: PER.firstName,
      lastName: PER.lastName,
      birthDate: PER.birthDate,
      email: PER.email,
      mobile: PER.mobile,
      gender: 'male',
      interests: PER.interests,
      consent: { keepAfterCourse: true, method: 'email' },
    },
    enrollment: { source: 'teacher' },
  });
  await dispatchOk(core, 'participants:enrollExisting', {
    courseId: fagbrev.id,
    participantId: ase.participantId,
    enrollment: { source: 'self' },
    address: ASE.address,
  });
  await dispatchOk(core, 'participants:enrollExisting', {
    courseId: kompetansepluss.id,
    participantId: ase.participantId,
    enrollment: { source: 'employer', employerName: ASE.employer },
  });
  await dispatchOk(core, 'participants:enrollExisting', {
    courseId: kompetansepluss.id,
    participantId: per.participantId,
    enrollment: { source: 'employer', employerName: PER.employer },
  });

  const sessionIds: string[] = [];
  for (const date of ['2025-04-01', '2025-04-08', '2025-04-15', '2025-04-22']) {
    sessionIds.push((await dispatchOk(core, 'sessions:add', { courseId: course.id, date, startTime: '09:00', endTime: '11:30' })).id);
  }
  for (const sessionId of sessionIds) await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: per.participantId, status: 'absent', note: PER.note });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId: per.participantId, status: 'absent' });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId: ase.participantId, status: 'late', hours: 1.5, note: ASE.note });
  // A change after sign-off, with a reason: the log keeps only that a reason was given.
  await dispatchOk(core, 'attendance:signOff', { sessionId: sessionIds[2]! });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[2]!, participantId: ase.participantId, status: 'excused', reason: 'Feilført av læreren' });
  await finish(core, course.id);

  if (options.certificates !== false) {
    await dispatchOk(core, 'provider:update', { name: CONTROLLER.name, street: CONTROLLER.street, postalCode: CONTROLLER.postalCode, city: CONTROLLER.city, organisationNumber: CONTROLLER.organisationNumber });
    const { jobId } = await dispatchOk(core, 'certificates:startBatch', {
      courseId: course.id,
      items: [{ participantId: ase.participantId }, { participantId: per.participantId, overrideReason: 'Pers fravær var avtalt' }],
      output: { mode: 'single' },
    });
    const status = await waitForBatch(core, jobId);
    if (status.state !== 'done') throw new Error(`certificate batch ${status.state}`);
  }

  return {
    core,
    clock,
    courseId: course.id,
    fagbrevId: fagbrev.id,
    kompetanseplussId: kompetansepluss.id,
    ase: ase.participantId,
    per: per.participantId,
    sessionIds,
    unexpected,
  };
}

/** Marks a course finished (certificates are issued for finished courses only). */
async function finish(core: Core, courseId: string): Promise<void> {
  const c = await dispatchOk(core, 'courses:get', { id: courseId });
  await dispatchOk(core, 'courses:update', {
    id: courseId,
    course: {
      name: c.name,
      type: c.type,
      place: c.place,
      startDate: c.startDate,
      endDate: c.endDate,
      plannedHours: c.plannedHours,
      teacher: c.teacher,
      description: c.description ?? undefined,
      learningGoals: c.learningGoals ?? undefined,
      requiredAttendancePercent: c.requiredAttendancePercent,
      status: 'finished',
    },
  });
}

/**
 * A request from a person, written as the requests service (another part of
 * issue 9) records one: received today, due in 30 days, open.
 */
export function insertRequest(core: Core, participantId: string, kind: 'access' | 'erasure' | 'restriction', note: string | null = null): string {
  const id = randomUUID();
  const now = new Date().toISOString();
  coreDatabase(core)
    .prepare(
      `INSERT INTO privacy_requests (id, participant_id, kind, channel, received_on, due_on, status, resolved_at, note, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'email', '2025-06-20', '2025-07-20', 'open', NULL, ?, ?, ?, 'test-device')`,
    )
    .run(id, participantId, kind, note, now, now);
  return id;
}

/** A reason for a change after sign-off on the row that goes with the person (written there by the attendance service's owner). */
export function insertChangeReason(core: Core, sessionId: string, participantId: string, reason: string): void {
  const now = new Date().toISOString();
  coreDatabase(core)
    .prepare(
      `INSERT INTO attendance_change_reasons (id, session_id, participant_id, reason, at, actor_id, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, '2025-04-16T08:00:00.000Z', 'someone', ?, ?, 'test-device')`,
    )
    .run(randomUUID(), sessionId, participantId, reason, now, now);
}

/** Writes a file the core produced to a temp folder (removed when the test file ends) and returns its path. */
export function saveFile(base64: string, name: string): string {
  const file = path.join(makeTempDir('neo-kurs-report-'), name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

/** The text layer of a PDF as poppler's pdftotext reads it, in UTF-8 (pages split by form feeds). */
export const pdfText = (file: string, ...args: string[]) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8' });

/** pdfinfo and pdffonts, for page size and embedded fonts. */
export const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
export const pdfFonts = (file: string) =>
  execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => ({ name: line.split(/\s+/)[0]!, embedded: line.split(/\s+/).at(-5) === 'yes' }));

/** Rows of a table on the core's own connection (no channel exposes them raw). */
export function rows<T>(core: Core, sql: string, ...params: unknown[]): T[] {
  return coreDatabase(core).prepare(sql).all(...params) as T[];
}
