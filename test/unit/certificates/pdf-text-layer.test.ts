/**
 * Issue 8, item 8: every character of every PDF can be copied, searched and
 * read aloud, in the later documents of a long-running process too (the warm
 * certificate workers, and the main process's attendance export). Checked with
 * poppler's pdftotext on real PDFs, and by pasting codes copied from the PDF
 * text into certificates:verify.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Font } from '@react-pdf/renderer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateContent } from '../../../main/contract/types';
import { Core } from '../../../main/core/index';
import { warmUpCertificateRenderer } from '../../../main/core/pdf/certificate';
import { PDF_FONT } from '../../../main/core/pdf/fonts';
import type { CertificateBatches } from '../../../main/core/services/certificates-batch';
import { unprintableCharacters } from '../../../main/core/services/certificates-glyphs';
import { groupCode, newVerificationCode } from '../../../main/core/services/certificates';
import { CertificateRenderer } from '../../../main/core/workers/certificate-renderer';
import { FAST_SCRYPT, TEST_PASSPHRASE, TEST_STAFF, dispatchOk, makeClock, sampleCourse, sampleParticipant } from '../support/core';
import { PROVIDER, TINY_PNG_BASE64, setStatus, waitForBatch } from './helpers';
import { NAMES_IN_MANY_SCRIPTS } from './scripts';

let tempRoot = '';
let files = 0;
beforeAll(() => {
  tempRoot = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-text-layer-'));
});
afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

/** What poppler's pdftotext reads from the PDF, with runs of white space (line breaks of wrapped text) as one space. */
function textOf(pdf: Buffer | string): string {
  const file = path.join(tempRoot, `${++files}.pdf`);
  writeFileSync(file, typeof pdf === 'string' ? Buffer.from(pdf, 'base64') : pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** No channel says when the certificate workers are warm; the batch service does (the benchmarks wait on it too). */
function workersWarm(core: Core): Promise<void> {
  const session = (core as unknown as { session: { certificateBatches: CertificateBatches } | null }).session;
  if (!session) throw new Error('the core is locked');
  return session.certificateBatches.ready();
}

const fullName = ([firstName, lastName]: readonly [string, string]) => `${firstName} ${lastName}`;

/** The certificate the worker would get for one participant; the code is a fresh random one, as issued. */
function content(firstName: string, lastName: string, serial: number): CertificateContent {
  return {
    number: `NK-2025-${String(serial).padStart(6, '0')}`,
    verificationCode: groupCode(newVerificationCode()),
    language: 'nb',
    issueDate: '2025-07-01',
    provider: { name: PROVIDER.name, address: { street: PROVIDER.street, postalCode: PROVIDER.postalCode, city: PROVIDER.city }, organisationNumber: '974760673', logoSha256: null },
    participant: { firstName, lastName, birthDate: '1980-05-03' },
    course: {
      name: 'Fagbrev i helsearbeiderfaget',
      description: 'Praktisk og teoretisk opplæring.',
      learningGoals: 'Deltakeren kan planlegge pleie og omsorg.',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      hours: 10,
    },
    hoursAttended: 10,
    signer: { name: 'Ingrid Løvås', title: 'Daglig leder' },
  };
}

/** Expects the text of a certificate to hold its name and its number and code as printed. */
function expectCertificateText(text: string, certificate: CertificateContent) {
  expect(text).toContain(` ${certificate.participant.firstName} ${certificate.participant.lastName} `);
  expect(text).toContain(`Kursbevis nr. ${certificate.number} · Verifiseringskode ${certificate.verificationCode} · Utstedt`);
}

/**
 * Every letter of Noto Sans in the scripts names come in (Latin, Greek,
 * Cyrillic), as people type them: NFC, and no compatibility forms (ﬁ, ſ).
 */
function fontLetters(): string[] {
  const letters: string[] = [];
  for (let cp = 0x41; cp <= 0x2c7f; cp++) {
    const c = String.fromCodePoint(cp);
    if (!/^\p{L}$/u.test(c) || !/^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u.test(c)) continue;
    if (c.normalize('NFKC') !== c || unprintableCharacters(c).length > 0) continue;
    letters.push(c);
  }
  return letters;
}

interface GlyphLike {
  id: number;
  codePoints: number[];
}
interface FontLike {
  layout(text: string): { glyphs: GlyphLike[] };
  createSubset(): { includeGlyph(id: number): number; encode(): unknown };
}

describe('the text layer of PDFs made one after another in one process', () => {
  it('premise: every name is printable in Noto Sans, in NFC, and the font has hundreds of letters to check', () => {
    for (const name of NAMES_IN_MANY_SCRIPTS) {
      expect(unprintableCharacters(fullName(name)), fullName(name)).toEqual([]);
      expect(fullName(name).normalize('NFC')).toBe(fullName(name));
    }
    expect(fontLetters().length).toBeGreaterThan(1000);
  });

  it('fontkit, as @react-pdf loads it: after one document with composite and split letters, every letter lays out with its own code points, one text per glyph', async () => {
    await warmUpCertificateRenderer();
    const store = Font as unknown as { getFont(descriptor: { fontFamily: string; fontWeight: number }): { data: FontLike } };
    const letters = fontLetters();
    for (const fontWeight of [400, 700]) {
      const font = store.getFont({ fontFamily: PDF_FONT, fontWeight }).data;
      // A first document: the letters with accents, hooks or dots, laid out and subset as pdfkit embeds them.
      const subset = font.createSubset();
      for (const letter of letters.filter((c) => c.normalize('NFD') !== c)) {
        for (const glyph of font.layout(letter).glyphs) subset.includeGlyph(glyph.id);
      }
      subset.encode();

      // Then every letter, as a later document lays it out.
      const wrong: string[] = [];
      const textOfGlyph = new Map<number, string>();
      for (const letter of letters) {
        const glyphs = font.layout(letter).glyphs;
        const text = glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
        if (text !== letter) wrong.push(`${letter} → "${text}"`);
        // A PDF maps each glyph to one text: no glyph may stand for two.
        for (const glyph of glyphs) {
          const mapped = String.fromCodePoint(...glyph.codePoints);
          const earlier = textOfGlyph.get(glyph.id);
          if (earlier !== undefined && earlier !== mapped) wrong.push(`glyph ${glyph.id} is "${earlier}" and "${mapped}"`);
          textOfGlyph.set(glyph.id, mapped);
        }
      }
      expect(wrong, `weight ${fontWeight}`).toEqual([]);
    }
  });

  describe('one certificate worker', () => {
    let renderer: CertificateRenderer;
    beforeAll(async () => {
      renderer = await CertificateRenderer.start();
      await renderer.warmUp(); // as the app does: the warm-up renders its sample certificates first
    });
    afterAll(async () => {
      await renderer.terminate();
    });

    it('names in many scripts, one certificate per PDF, one PDF after another: every name and code reads back', async () => {
      for (const [i, [firstName, lastName]] of NAMES_IN_MANY_SCRIPTS.entries()) {
        const certificate = content(firstName, lastName, i + 1);
        expectCertificateText(textOf(await renderer.render([certificate], null)), certificate);
      }
    });

    it('every Latin, Greek and Cyrillic letter of the font reads back, in PDFs of a few names each', async () => {
      const letters = fontLetters();
      // Names of three eight-letter words; a PDF holds four such certificates.
      const names: [string, string][] = [];
      for (let i = 0; i < letters.length; i += 24) {
        const words = [0, 8, 16].map((at) => letters.slice(i + at, i + at + 8).join('')).filter(Boolean);
        names.push([words[0]!, words.slice(1).join(' ') || words[0]!]);
      }
      for (let i = 0; i < names.length; i += 4) {
        const certificates = names.slice(i, i + 4).map(([first, last], j) => content(first, last, i + j + 1));
        const text = textOf(await renderer.render(certificates, null));
        for (const certificate of certificates) expectCertificateText(text, certificate);
      }
    });
  });

  describe('through the channels', () => {
    let core: Core;
    const courseIds: string[] = [];
    /** Participants by course, in the order of NAMES_IN_MANY_SCRIPTS: seven courses of seven. */
    const participantsByCourse: { id: string; name: string }[][] = [];

    beforeAll(async () => {
      const clock = makeClock();
      core = new Core({ dataDir: mkdtempSync(path.join(tempRoot, 'core-')), scrypt: FAST_SCRYPT, clock });
      await dispatchOk(core, 'vault:create', { passphrase: TEST_PASSPHRASE, ...TEST_STAFF });
      await dispatchOk(core, 'provider:update', { ...PROVIDER, logo: { base64: TINY_PNG_BASE64 } });
      clock.set('2025-07-01T10:00:00.000Z');
      for (let c = 0; c * 7 < NAMES_IN_MANY_SCRIPTS.length; c++) {
        const course = await dispatchOk(
          core,
          'courses:create',
          sampleCourse('other', { name: `Fagbrev i helsearbeiderfaget ${c + 1}`, startDate: '2025-04-01', endDate: '2025-04-30', plannedHours: 10, status: 'running' }),
        );
        courseIds.push(course.id);
        const people: { id: string; name: string }[] = [];
        for (const [i, name] of NAMES_IN_MANY_SCRIPTS.slice(c * 7, c * 7 + 7).entries()) {
          const n = c * 7 + i;
          const { participantId } = await dispatchOk(core, 'participants:register', {
            courseId: course.id,
            participant: sampleParticipant({
              firstName: name[0],
              lastName: name[1],
              birthDate: `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
              email: undefined,
              mobile: `9${String(2000000 + n).padStart(7, '0')}`,
            }),
            enrollment: { source: 'teacher' },
          });
          people.push({ id: participantId, name: fullName(name) });
        }
        participantsByCourse.push(people);
        for (const date of ['2025-04-01', '2025-04-08', '2025-04-15', '2025-04-22']) {
          const session = await dispatchOk(core, 'sessions:add', { courseId: course.id, date, startTime: '09:00', endTime: '11:30' });
          await dispatchOk(core, 'attendance:markAllPresent', { sessionId: session.id });
        }
        await setStatus(core, course.id, 'finished');
      }
    });
    afterAll(() => {
      core.close();
    });

    it('the code copied from the text of each certificate verifies, in batch after batch on the warm workers', async () => {
      // The screen opens (the workers start and warm up on sample certificates), and the user clicks once they are warm.
      await dispatchOk(core, 'certificates:eligibility', { courseId: courseIds[0]! });
      await workersWarm(core);
      const missingNames: string[] = [];
      const refused: string[] = [];
      let verified = 0;
      for (const [c, courseId] of courseIds.entries()) {
        const people = participantsByCourse[c]!;
        const { jobId } = await dispatchOk(core, 'certificates:startBatch', {
          courseId,
          items: people.map((p) => ({ participantId: p.id })),
          output: { mode: 'single' },
        });
        expect((await waitForBatch(core, jobId)).state).toBe('done');
        const text = textOf((await dispatchOk(core, 'certificates:batchResult', { jobId })).base64);
        missingNames.push(...people.filter((person) => !text.includes(` ${person.name} `)).map((person) => person.name));

        // What a user selects and copies: the characters between the label and the next separator.
        const printed = [...text.matchAll(/Kursbevis nr\. (\S+) · Verifiseringskode (.*?) · Utstedt/g)];
        expect(printed).toHaveLength(people.length);
        for (const [, number, copied] of printed) {
          const answer = await core.dispatch('certificates:verify', { code: copied });
          const value = answer.ok ? (answer.value as { status: string; certificate: { number: string } | null }) : null;
          if (value?.status === 'valid' && value.certificate?.number === number) verified++;
          else refused.push(`${number}: "${copied}" → ${answer.ok ? value?.status : answer.error.code}`);
        }
      }
      expect({ missingNames, refused }).toEqual({ missingNames: [], refused: [] });
      expect(verified).toBe(NAMES_IN_MANY_SCRIPTS.length);
    }, 60_000); // two workers warming up and seven batches, on a 2-core machine shared with other work

    it('attendance lists exported one after another by this process keep every name', async () => {
      for (const [c, courseId] of courseIds.entries()) {
        const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'pdf' });
        const text = textOf(file.base64);
        expect(text).toContain(`Oppmøteliste – Fagbrev i helsearbeiderfaget ${c + 1}`);
        for (const [firstName, lastName] of NAMES_IN_MANY_SCRIPTS.slice(c * 7, c * 7 + 7)) {
          expect(text).toContain(`${lastName}, ${firstName}`);
        }
      }
    });
  });
});
