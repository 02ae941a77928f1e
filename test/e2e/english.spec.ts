import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { artifactsDir, expect, ok, screenshot, test } from './fixtures';

/**
 * Issue 12, item 8, in real Chromium against the real core: a course without
 * English texts warns on the certificate screen before anything is printed;
 * the coordinator fills in the English texts on the course form, and the
 * certificate in English prints them (checked with pdftotext), with no
 * Norwegian text under its English headings.
 */

test.use({ clockAt: '2025-05-05T09:00:00.000Z' });

const PASSPHRASE = 'Kursbevis på engelsk også';
const NB = { name: 'Fagbrev i helsearbeiderfaget', description: 'Forberedelse til fagprøven.', learningGoals: 'Deltakeren kjenner fagets teori og praksis.' };
const EN = {
  name: 'Health worker apprenticeship',
  description: 'Preparation for the trade examination.',
  learningGoals: 'The participant knows the theory and practice of the trade.',
};

test('a course without English texts warns before printing; with them the English certificate prints only English', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date('2025-05-05T09:00:00.000Z'));
  const core = harness.core;
  ok(await core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  ok(await core.call('provider:update', { name: 'Kompetansehuset Neo', street: 'Fredrik Selmers vei 6', postalCode: '0663', city: 'Oslo', organisationNumber: '974 760 673' }));
  const fields = {
    name: NB.name,
    type: 'other' as const,
    place: 'Ålesund',
    startDate: '2025-04-01',
    endDate: '2025-04-30',
    plannedHours: 22.5,
    teacher: 'Lærer Lund',
    description: NB.description,
    learningGoals: NB.learningGoals,
    signerName: 'Ingrid Rektor',
    signerTitle: 'Daglig leder',
  };
  const course = ok(await core.call('courses:create', { ...fields, status: 'running' }));
  for (const [firstName, lastName] of [
    ['Åse', 'Ødegård'],
    ['Per', 'Hansen'],
  ] as const) {
    ok(
      await core.call('participants:register', {
        courseId: course.id,
        participant: { firstName, lastName, birthDate: '1980-05-03', email: `${lastName === "Hansen" ? "per" : "ase"}@example.no`, gender: 'female', consent: { keepAfterCourse: false } },
        enrollment: { source: 'self' },
      }),
    );
  }
  const plan = ok(await core.call('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' }));
  for (const session of plan.sessions) ok(await core.call('attendance:markAllPresent', { sessionId: session.id }));
  ok(await core.call('courses:update', { id: course.id, course: { ...fields, status: 'finished' } }));

  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await page.getByRole('button', { name: NB.name }).click();
  await page.getByRole('button', { name: 'Kursbevis', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kursbevis' })).toBeVisible();

  // The warning is there on opening, before anything is chosen or printed, and names what is missing.
  const warning = page.locator('#certificates-english-missing');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('det mangler engelsk kursnavn, innhold og læringsmål');
  await expect(warning).toHaveClass(/notice--warning/);
  // Choosing English for someone makes it an error, and a preview in English is refused with the reasons.
  await page.getByRole('combobox', { name: 'Språk for Ødegård, Åse' }).selectOption('en');
  await expect(warning).toHaveClass(/notice--error/);
  await page.getByRole('button', { name: 'Forhåndsvis kursbevis for Åse Ødegård' }).click();
  await expect(page.getByText('Kurset mangler engelsk kursnavn.', { exact: false }).first()).toBeVisible();
  await screenshot(page, '70-english-certificate-missing-texts');

  // To the course form's English group, fill it in, save.
  await warning.getByRole('button', { name: 'Fyll ut engelske tekster på kurset' }).click();
  const group = page.getByRole('group', { name: 'Engelsk (for kursbevis på engelsk)' });
  await expect(group).toBeVisible();
  await group.getByLabel('Kursnavn på engelsk').fill(EN.name);
  await group.getByLabel('Beskrivelse på engelsk (innhold på kursbeviset)').fill(EN.description);
  await group.getByLabel('Læringsmål på engelsk').fill(EN.learningGoals);
  await group.scrollIntoViewIfNeeded();
  await screenshot(page, '71-english-course-form');
  await page.getByRole('button', { name: 'Lagre kurs' }).click();
  await expect(page.getByText('Kurset er lagret.')).toBeVisible();

  // Back to the certificates: no warning; Ødegård's certificate in English.
  await page.getByRole('button', { name: 'Kursbevis', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kursbevis' })).toBeVisible();
  await expect(page.locator('#certificates-english-missing')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fjern alle valg' }).click();
  await page.getByRole('checkbox', { name: 'Velg Ødegård, Åse' }).check();
  await page.getByRole('combobox', { name: 'Språk for Ødegård, Åse' }).selectOption('en');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lag kursbevis' }).click();
  const file = await download;
  await expect(page.getByText(/1 kursbevis er laget/)).toBeVisible();
  const pdf = path.join(artifactsDir, 'english-certificate.pdf');
  await file.saveAs(pdf);
  const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('COURSE CERTIFICATE');
  expect(text).toContain(`has attended the course ${EN.name}`);
  expect(text).toContain(`Content ${EN.description} Learning goals ${EN.learningGoals}`);
  for (const norwegian of [NB.name, NB.description, NB.learningGoals, 'Innhold', 'Læringsmål']) expect(text).not.toContain(norwegian);
  await screenshot(page, '72-english-certificate-issued');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, path.join(artifactsDir, '73-english-certificate-pdf')]);
});
