import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelInput } from '../../main/contract/channels';
import { createVault, installRealNeo } from './realNeo';
import type { RealNeo } from './realNeo';
import { coreDatabase } from '../unit/support/storage';

/** "Today" for the certificate tests: 1 July 2025, after the April course. */
export const CERT_TODAY = '2025-07-01T10:00:00.000Z';

export const COURSE_NAME = 'Fagbrev i helsearbeiderfaget';

/** A valid provider: Brønnøysund's own organisation number passes MOD11. */
export const PROVIDER: ChannelInput<'provider:update'> = {
  name: 'Kompetansehuset Neo AS',
  street: 'Storgata 1',
  postalCode: '6002',
  city: 'Ålesund',
  organisationNumber: '974 760 673',
};

/** A 1×1 PNG. */
export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export interface CertificateSeed {
  neo: RealNeo;
  courseId: string;
  /** By first name: Åse and Kari attended everything, Per half, Bjørn has no marks. */
  ids: Record<Person, string>;
  /** Verification code by certificate number, for the certificates issued while seeding (`issue`). */
  codes: Record<string, string>;
}

type Person = 'Åse' | 'Per' | 'Bjørn' | 'Kari';

/**
 * A finished course (four sessions of 2.5 hours in April 2025, 10 planned
 * hours, 75 % required) with four participants, through the real core; the
 * provider is filled in unless `provider: false`; `issue` issues certificates
 * (one batch per entry). The vault is left locked.
 */
export async function seedCertificates({ provider = true, issue = [] as Person[][], english = true } = {}): Promise<CertificateSeed> {
  const neo = installRealNeo({ clock: { now: () => new Date(CERT_TODAY) } });
  await createVault(neo);
  const fields = {
    name: COURSE_NAME,
    type: 'other' as const,
    place: 'Ålesund',
    startDate: '2025-04-01',
    endDate: '2025-04-30',
    plannedHours: 10,
    teacher: 'Tove Lærer',
    description: 'Praktisk og teoretisk opplæring i helsearbeiderfaget.',
    learningGoals: 'Deltakeren kan planlegge og gjennomføre pleie og omsorg.',
    signerName: 'Ingrid Løvås',
    signerTitle: 'Daglig leder',
    // The texts a certificate in English prints; without them, English is refused (`english: false`).
    ...(english
      ? {
          englishName: 'Health worker apprenticeship',
          englishDescription: 'Practical and theoretical training for health workers.',
          englishLearningGoals: 'The participant can plan and carry out care.',
        }
      : {}),
  };
  const course = await neo.ask('courses:create', { ...fields, status: 'running' });
  const ids = {} as CertificateSeed['ids'];
  for (const [firstName, lastName] of [
    ['Åse', 'Ødegård'],
    ['Per', 'Hansen'],
    ['Bjørn', 'Æsland'],
    ['Kari', 'Nordmann'],
  ] as const) {
    const p = await neo.ask('participants:register', {
      courseId: course.id,
      participant: { firstName, lastName, birthDate: '1980-05-03', mobile: '912 34 567', gender: 'unspecified', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    ids[firstName] = p.participantId;
  }
  const sessionIds: string[] = [];
  for (const date of ['2025-04-01', '2025-04-08', '2025-04-15', '2025-04-22']) {
    sessionIds.push((await neo.ask('sessions:add', { courseId: course.id, date, startTime: '09:00', endTime: '11:30' })).id);
  }
  for (const sessionId of sessionIds) {
    await neo.ask('attendance:markAllPresent', { sessionId });
    await neo.ask('attendance:unmark', { sessionId, participantId: ids.Bjørn });
  }
  for (const sessionId of sessionIds.slice(0, 2)) {
    await neo.ask('attendance:mark', { sessionId, participantId: ids.Per, status: 'absent' });
  }
  await neo.ask('courses:update', { id: course.id, course: { ...fields, status: 'finished' } });
  if (provider) await neo.ask('provider:update', { ...PROVIDER, logo: { base64: TINY_PNG_BASE64 } });
  for (const people of issue) await issueThroughCore(neo, course.id, people.map((name) => ids[name]));
  const codes = issuedCodes(neo);
  await neo.ask('vault:lock', {});
  return { neo, courseId: course.id, ids, codes };
}

/** The page count of a PDF, as poppler's pdfinfo reads it. */
export function pdfPages(bytes: Uint8Array): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'neo-cert-ui-'));
  try {
    const file = path.join(dir, 'certificate.pdf');
    writeFileSync(file, bytes);
    return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Verification codes of the issued certificates by number, grouped as printed
 * ("7K2M-9QX4-TD"). Read from the core's open database: no channel lists codes,
 * and reading them back from the PDF text is not reliable (see the report).
 */
export function issuedCodes(neo: RealNeo): Record<string, string> {
  const rows = coreDatabase(neo.core).prepare('SELECT number, verification_code AS code FROM certificates ORDER BY number').all() as { number: string; code: string }[];
  return Object.fromEntries(rows.map(({ number, code }) => [number, `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`]));
}

/** Issues certificates through the core directly (replacing any valid one, as a correction would) and returns the PDF's bytes. */
export async function issueThroughCore(neo: RealNeo, courseId: string, participantIds: string[]): Promise<Uint8Array> {
  const items = participantIds.map((participantId) => ({ participantId, replaceReason: 'Rettet etter utstedelse' }));
  const { jobId } = await neo.ask('certificates:startBatch', { courseId, items, output: { mode: 'single' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await neo.ask('certificates:batchStatus', { jobId });
    if (status.state === 'done') break;
    if (status.state !== 'running' || Date.now() > deadline) throw new Error(`batch did not finish: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Buffer.from((await neo.ask('certificates:batchResult', { jobId })).base64, 'base64');
}
