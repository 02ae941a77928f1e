/**
 * Issue 12, item 8: certificates in English. An English certificate prints the
 * course's English name, content and learning goals and never a Norwegian text
 * under an English heading; where an English text is missing it is refused,
 * saying which. Checked for every combination of texts present and missing,
 * with pdftotext on the real PDF.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../../main/contract/types';
import type { Core } from '../../../main/core/index';
import { certificateCourseTexts } from '../../../main/core/services/certificates';
import { dispatchError, dispatchOk } from '../support/core';
import { COURSE_NAME, certificateFixture, pdfFile, waitForBatch } from './helpers';

const NB = { description: 'Praktisk og teoretisk opplæring i pleie.', learningGoals: 'Deltakeren kan planlegge omsorg.' };
const EN = { name: 'Health worker apprenticeship', description: 'Practical and theoretical training in care.', learningGoals: 'The participant can plan care.' };
/** Words that appear only in the Norwegian texts and headings. */
const NORWEGIAN = [COURSE_NAME, NB.description, NB.learningGoals, 'Innhold', 'Læringsmål', 'Kursbevis nr.', 'Praktisk', 'opplæring', 'Deltakeren'];

type Combo = { nbDescription: boolean; nbGoals: boolean; enName: boolean; enDescription: boolean; enGoals: boolean };

/** All 32 combinations of the two optional Norwegian texts and the three English ones, present or missing. */
const COMBOS: Combo[] = Array.from({ length: 32 }, (_, bits) => ({
  nbDescription: Boolean(bits & 1),
  nbGoals: Boolean(bits & 2),
  enName: Boolean(bits & 4),
  enDescription: Boolean(bits & 8),
  enGoals: Boolean(bits & 16),
}));

const label = (c: Combo) =>
  Object.entries(c)
    .map(([key, on]) => `${key}:${on ? 'yes' : 'no'}`)
    .join(' ');

/** What must be reported missing, worked out from the rule as the issue states it (not from the code). */
function expectedMissing(c: Combo): string[] {
  return [!c.enName && 'name', c.nbDescription && !c.enDescription && 'description', c.nbGoals && !c.enGoals && 'learningGoals'].filter(
    (x): x is string => Boolean(x),
  );
}

async function setTexts(core: Core, courseId: string, c: Combo) {
  const { id: _id, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = await dispatchOk(core, 'courses:get', { id: courseId });
  await dispatchOk(core, 'courses:update', {
    id: courseId,
    course: {
      ...fields,
      description: c.nbDescription ? NB.description : '',
      learningGoals: c.nbGoals ? NB.learningGoals : '',
      englishName: c.enName ? EN.name : '',
      englishDescription: c.enDescription ? EN.description : null,
      englishLearningGoals: c.enGoals ? EN.learningGoals : '',
    },
  });
}

/** The PDF's text in content-stream order (-raw): a preview's rotated draft watermark is drawn first, so it does not split the lines it crosses. */
const textOf = (base64: string) =>
  execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdfFile(base64), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('which texts a certificate prints (the rule on its own)', () => {
  const course = (c: Combo): Pick<Course, 'name' | 'description' | 'learningGoals' | 'englishName' | 'englishDescription' | 'englishLearningGoals'> => ({
    name: COURSE_NAME,
    description: c.nbDescription ? NB.description : null,
    learningGoals: c.nbGoals ? NB.learningGoals : null,
    englishName: c.enName ? EN.name : null,
    englishDescription: c.enDescription ? EN.description : null,
    englishLearningGoals: c.enGoals ? EN.learningGoals : null,
  });
  it.each(COMBOS.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const en = certificateCourseTexts(course(c), 'en');
    expect(en.missing).toEqual(expectedMissing(c));
    // English texts only, whatever is missing.
    expect([en.name, en.description, en.learningGoals].filter(Boolean).every((text) => Object.values(EN).includes(text!))).toBe(true);
    const nb = certificateCourseTexts(course(c), 'nb');
    expect(nb).toEqual({ name: COURSE_NAME, description: course(c).description, learningGoals: course(c).learningGoals, missing: [] });
  });
});

describe('English certificates, every combination of texts present and missing (real PDFs)', () => {
  it('prints only English texts under English headings, or refuses and names what is missing', { timeout: 240_000 }, async () => {
    const { core, courseId, ids, unexpected } = await certificateFixture();
    for (const c of COMBOS) {
      await setTexts(core, courseId, c);
      const missing = expectedMissing(c);
      const eligibility = await dispatchOk(core, 'certificates:eligibility', { courseId });
      expect(eligibility.englishMissing, label(c)).toEqual(missing);

      if (missing.length > 0) {
        const error = await dispatchError(core, 'certificates:preview', { courseId, participantId: ids.Åse, language: 'en' });
        expect(error.code, label(c)).toBe('VALIDATION');
        const messages = {
          name: 'Kurset mangler engelsk kursnavn.',
          description: 'Kurset har innhold på norsk, men ikke på engelsk.',
          learningGoals: 'Kurset har læringsmål på norsk, men ikke på engelsk.',
        };
        expect(error.fields, label(c)).toEqual({
          'items.0.language': 'Kursbevis på engelsk krever engelske tekster på kurset. Fyll dem ut på kurset, eller velg norsk.',
          ...Object.fromEntries(missing.map((m) => [`course.english${m[0]!.toUpperCase()}${m.slice(1)}`, messages[m as keyof typeof messages]])),
        });
      } else {
        const file = await dispatchOk(core, 'certificates:preview', { courseId, participantId: ids.Åse, language: 'en' });
        const text = textOf(file.base64);
        expect(text, label(c)).toContain('COURSE CERTIFICATE');
        expect(text, label(c)).toContain(`has attended the course ${EN.name}`);
        for (const word of NORWEGIAN) expect(text, `${label(c)}: ${word}`).not.toContain(word);
        // A heading is there exactly when its English text is, and the text follows it.
        expect(text.includes(`Content ${EN.description}`), label(c)).toBe(c.enDescription);
        expect(text.includes('Content'), label(c)).toBe(c.enDescription);
        expect(text.includes(`Learning goals ${EN.learningGoals}`), label(c)).toBe(c.enGoals);
        expect(text.includes('Learning goals'), label(c)).toBe(c.enGoals);
      }

      // A Norwegian certificate is unaffected by the English texts, in every combination.
      const nb = textOf((await dispatchOk(core, 'certificates:preview', { courseId, participantId: ids.Åse, language: 'nb' })).base64);
      expect(nb, label(c)).toContain(`har deltatt på kurset ${COURSE_NAME}`);
      expect(nb.includes(`Innhold ${NB.description}`), label(c)).toBe(c.nbDescription);
      expect(nb.includes(`Læringsmål ${NB.learningGoals}`), label(c)).toBe(c.nbGoals);
      for (const text of Object.values(EN)) expect(nb, label(c)).not.toContain(text);
    }
    expect(unexpected).toEqual([]);
  });

  it('refuses a whole batch with an English certificate while texts are missing, and registers nothing', async () => {
    const { core, courseId, ids } = await certificateFixture();
    await setTexts(core, courseId, { nbDescription: true, nbGoals: true, enName: true, enDescription: false, enGoals: true });
    const error = await dispatchError(core, 'certificates:startBatch', {
      courseId,
      items: [
        { participantId: ids.Kari, language: 'nb' },
        { participantId: ids.Åse, language: 'en' },
      ],
      output: { mode: 'single' },
    });
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['course.englishDescription', 'items.1.language']);
    const after = await dispatchOk(core, 'certificates:eligibility', { courseId });
    expect(after.rows.map((row) => row.certificate)).toEqual([null, null, null, null]);
  });

  it('issues an English certificate whose register entry and verification carry the English texts', async () => {
    const { core, courseId, ids } = await certificateFixture();
    await setTexts(core, courseId, { nbDescription: true, nbGoals: true, enName: true, enDescription: true, enGoals: true });
    const { jobId } = await dispatchOk(core, 'certificates:startBatch', {
      courseId,
      items: [{ participantId: ids.Åse, language: 'en' }],
      output: { mode: 'single' },
    });
    expect((await waitForBatch(core, jobId)).state).toBe('done');
    const text = textOf((await dispatchOk(core, 'certificates:batchResult', { jobId })).base64);
    expect(text).toContain(`Content ${EN.description} Learning goals ${EN.learningGoals}`);
    expect(text).not.toContain(NB.description);
    const row = (await dispatchOk(core, 'certificates:eligibility', { courseId })).rows.find((r) => r.participantId === ids.Åse)!;
    expect(row.certificate?.language).toBe('en');
    const verified = await dispatchOk(core, 'certificates:verify', { code: row.certificate!.verificationCode.replace(/-/g, '') });
    expect(verified.status).toBe('valid');
    expect(verified.certificate?.course).toMatchObject({ name: EN.name, description: EN.description, learningGoals: EN.learningGoals });

    // Removing the English content later does not touch the issued certificate; a new English one is refused.
    await setTexts(core, courseId, { nbDescription: true, nbGoals: true, enName: true, enDescription: false, enGoals: true });
    expect((await dispatchOk(core, 'certificates:verify', { code: row.certificate!.verificationCode.replace(/-/g, '') })).status).toBe('valid');
    const refused = await dispatchError(core, 'certificates:preview', { courseId, participantId: ids.Kari, language: 'en' });
    expect(refused.fields?.['course.englishDescription']).toBe('Kurset har innhold på norsk, men ikke på engelsk.');
  });
});
