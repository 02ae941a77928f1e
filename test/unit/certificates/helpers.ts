import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ChannelInput } from '../../../main/contract/channels';
import type { Core } from '../../../main/core/index';
import { createUnlockedCore, dispatchOk, makeTempDir, sampleCourse, sampleParticipant } from '../support/core';
import type { TestClock } from '../support/core';

/** A valid provider: Brønnøysund's own organisation number passes MOD11. */
export const PROVIDER: ChannelInput<'provider:update'> = {
  name: 'Kompetansehuset Neo AS',
  street: 'Storgata 1',
  postalCode: '6002',
  city: 'Ålesund',
  organisationNumber: '974 760 673',
};

/** A 1×1 PNG: enough for the logo to be embedded. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const COURSE_NAME = 'Fagbrev i helsearbeiderfaget';
/** The course's English name: what a certificate in English prints. */
export const ENGLISH_COURSE_NAME = 'Health worker apprenticeship';

export interface CertificateFixture {
  core: Core;
  clock: TestClock;
  courseId: string;
  /** By first name: Åse (all present), Per (half), Bjørn (no marks), Kari (all present). */
  ids: Record<'Åse' | 'Per' | 'Bjørn' | 'Kari', string>;
  sessionIds: string[];
  /** Errors the dispatcher reported as unexpected (INTERNAL): tests expect none. */
  unexpected: unknown[];
}

/**
 * A finished course (four sessions of 2.5 hours in April 2025) with four
 * participants and provider settings; the clock stands on 1 July 2025.
 */
export async function certificateFixture(options: { provider?: boolean; finished?: boolean } = {}): Promise<CertificateFixture> {
  const unexpected: unknown[] = [];
  const { core, clock } = await createUnlockedCore({
    onUnexpectedError: (channel, error) => {
      unexpected.push(error);
      console.error(`unexpected error on ${channel}:`, error);
    },
  });
  // Closing locks the core, which stops its certificate workers: each keeps React, @react-pdf and the fonts loaded.
  onTestFinished(() => core.close());
  clock.set('2025-07-01T10:00:00.000Z');
  const course = await dispatchOk(
    core,
    'courses:create',
    sampleCourse('other', {
      name: COURSE_NAME,
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 10,
      status: 'running',
      description: 'Praktisk og teoretisk opplæring i helsearbeiderfaget.',
      learningGoals: 'Deltakeren kan planlegge og gjennomføre pleie og omsorg.',
      signerName: 'Ingrid Løvås',
      signerTitle: 'Daglig leder',
      // What a certificate in English prints (without them English is refused: english.test.ts).
      englishName: ENGLISH_COURSE_NAME,
      englishDescription: 'Practical and theoretical training for health workers.',
      englishLearningGoals: 'The participant can plan and carry out care.',
    }),
  );
  const names: [keyof CertificateFixture['ids'], string][] = [
    ['Åse', 'Ødegård'],
    ['Per', 'Hansen'],
    ['Bjørn', 'Æsland'],
    ['Kari', 'Nordmann'],
  ];
  const ids = {} as CertificateFixture['ids'];
  for (const [firstName, lastName] of names) {
    const p = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName, lastName, birthDate: '1980-05-03', email: undefined }),
      enrollment: { source: 'teacher' },
    });
    ids[firstName] = p.participantId;
  }
  const sessionIds: string[] = [];
  for (const date of ['2025-04-01', '2025-04-08', '2025-04-15', '2025-04-22']) {
    sessionIds.push((await dispatchOk(core, 'sessions:add', { courseId: course.id, date, startTime: '09:00', endTime: '11:30' })).id);
  }
  for (const sessionId of sessionIds) {
    await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
    await dispatchOk(core, 'attendance:unmark', { sessionId, participantId: ids.Bjørn });
  }
  for (const sessionId of sessionIds.slice(0, 2)) {
    await dispatchOk(core, 'attendance:mark', { sessionId, participantId: ids.Per, status: 'absent' });
  }
  if (options.finished !== false) await setStatus(core, course.id, 'finished');
  if (options.provider !== false) await dispatchOk(core, 'provider:update', { ...PROVIDER, logo: { base64: TINY_PNG_BASE64 } });
  return { core, clock, courseId: course.id, ids, sessionIds, unexpected };
}

export async function setStatus(core: Core, courseId: string, status: 'planned' | 'running' | 'finished') {
  const { id: _id, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = await dispatchOk(core, 'courses:get', { id: courseId });
  await dispatchOk(core, 'courses:update', {
    id: courseId,
    course: { ...fields, description: fields.description ?? undefined, learningGoals: fields.learningGoals ?? undefined, status },
  });
}

/** A folder as if the user had picked it in the folder picker: the id a per-participant batch writes to. */
export const pickFolder = (core: Core, folder: string) => core.grantFolder(folder).id;

/** Polls a batch until it is no longer running. */
export async function waitForBatch(core: Core, jobId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await dispatchOk(core, 'certificates:batchStatus', { jobId });
    if (status.state !== 'running') return status;
    if (Date.now() > deadline) throw new Error(`batch still running after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Writes PDF bytes to a temp file for the poppler and qpdf tools. */
export function pdfFile(base64: string, name = 'certificate.pdf'): string {
  const file = path.join(makeTempDir('neo-kurs-cert-'), name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

export const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

/** pdfinfo's "Pages:" line. */
export const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1]);
