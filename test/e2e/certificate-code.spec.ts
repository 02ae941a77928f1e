import { execFileSync } from 'node:child_process';
import { expect, ok, screenshot, test } from './fixtures';

/**
 * Issue 8, item 8, in real Chromium against the real core: the verification
 * code printed on a certificate, taken from the text of the PDF the app made
 * (as a reader copies it) and pasted into the verification screen, verifies.
 * Two batches in a row, so the second is made by workers that have already
 * made PDFs (where letters used to go missing from the text), with names in
 * many scripts; and one code as PDF.js shows it in the app's own viewer.
 */

test.use({ clockAt: '2025-05-05T09:00:00.000Z' });

const PASSPHRASE = 'Koden på papiret skal virke';

/** The first batch has letters built from others (Å from A, Č from C); the second has the plain letters. */
const ROUNDS = [
  [
    ['Åse', 'Ødegård'],
    ['Jiří', 'Čapek'],
    ['Łucja', 'Ślązak'],
    ['Nguyễn Thị', 'Ánh'],
    ['Ελένη', 'Παπαδοπούλου'],
    ['Máret', 'Ŋuolla'],
  ],
  [
    ['Cecilie', 'Zachariassen'],
    ['Axel', 'Quist'],
    ['Zdeněk', 'Dvořák'],
    ['Алёна', 'Йовович'],
    ['Siri', 'Lie'],
    ['Trần Ngọc', 'Lan'],
  ],
] as const;

/** A certificate as its PDF text reads: the name and the code, as a user would select and copy them. */
interface PrintedCertificate {
  name: string;
  code: string;
}

/** The pages of a PDF as pdftotext reads them, each page's name line and its code. */
function printedCertificates(pdf: string, names: readonly string[]): PrintedCertificate[] {
  const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim());
  return pages.map((page) => {
    const lines = page.split('\n').map((line) => line.trim());
    // The code runs from the label to the next separator on the footer line.
    const code = /Verifiseringskode\s+(.+?)\s+·/.exec(page)?.[1] ?? '';
    return { name: names.find((name) => lines.includes(name)) ?? `(no name line on the page: ${lines.join(' | ')})`, code };
  });
}

test('codes copied from the text of the PDFs verify, in a second batch and in the viewer too', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date('2025-05-05T09:00:00.000Z'));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const core = harness.core;
  ok(await core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  ok(
    await core.call('provider:update', {
      name: 'Kompetansehuset Neo',
      street: 'Fredrik Selmers vei 6',
      postalCode: '0663',
      city: 'Oslo',
      organisationNumber: '974 760 673',
    }),
  );
  const course = ok(
    await core.call('courses:create', {
      name: 'Fagbrev i helsearbeiderfaget',
      type: 'other',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 10,
      teacher: 'Lærer Lund',
      status: 'running',
      signerName: 'Ingrid Rektor',
      signerTitle: 'Daglig leder',
    }),
  );
  for (const [n, [firstName, lastName]] of ROUNDS.flat().entries()) {
    ok(
      await core.call('participants:register', {
        courseId: course.id,
        participant: {
          firstName,
          lastName,
          birthDate: `19${70 + n}-0${1 + (n % 9)}-1${n % 10}`,
          email: `deltaker${n}@example.no`,
          gender: 'unspecified',
          consent: { keepAfterCourse: false },
        },
        enrollment: { source: 'teacher' },
      }),
    );
  }
  for (const date of ['2025-04-01', '2025-04-08', '2025-04-15', '2025-04-22']) {
    const session = ok(await core.call('sessions:add', { courseId: course.id, date, startTime: '09:00', endTime: '11:30' }));
    ok(await core.call('attendance:markAllPresent', { sessionId: session.id }));
  }
  const { id: _id, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = ok(await core.call('courses:get', { id: course.id }));
  ok(
    await core.call('courses:update', {
      id: course.id,
      course: { ...fields, description: fields.description ?? undefined, learningGoals: fields.learningGoals ?? undefined, status: 'finished' },
    }),
  );

  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await page.getByRole('button', { name: 'Kursbevis', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Kursbevis' })).toBeVisible();

  // Two batches, one after the other, each one PDF downloaded; their text is what a reader copies from.
  const printed: PrintedCertificate[] = [];
  for (const round of ROUNDS) {
    await page.getByRole('button', { name: 'Fjern alle valg' }).click();
    for (const [firstName, lastName] of round) await page.getByLabel(`Velg ${lastName}, ${firstName}`, { exact: true }).check();
    await expect(page.getByText(`${round.length} av ${ROUNDS.flat().length} valgt`)).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Lag kursbevis' }).click();
    const file = await download;
    await expect(page.getByText(new RegExp(`${round.length} kursbevis er laget`))).toBeVisible();
    const names = round.map(([firstName, lastName]) => `${firstName} ${lastName}`);
    const certificates = printedCertificates(await file.path(), names);
    expect(certificates.map((c) => c.name).sort()).toEqual([...names].sort());
    printed.push(...certificates);
  }
  await screenshot(page, '34-certificates-two-batches');

  // One more code as the app's own viewer shows the last batch: PDF.js's text layer over the page.
  await page.getByRole('button', { name: 'Vis og skriv ut' }).click();
  const viewer = page.getByRole('dialog', { name: 'Kursbevis: Fagbrev i helsearbeiderfaget' });
  const sheet = viewer.getByRole('figure', { name: `Side 1 av ${ROUNDS[1].length}` });
  await expect(sheet).toHaveAttribute('data-rendered', 'true');
  const shown = ((await sheet.textContent()) ?? '').replace(/\s+/g, ' ');
  const viewerCode = /Verifiseringskode (.+?) ·/.exec(shown)?.[1] ?? '';
  const viewerName = ROUNDS[1].map(([firstName, lastName]) => `${firstName} ${lastName}`).find((name) => shown.includes(name));
  expect(viewerName, shown).toBeTruthy();
  printed.push({ name: viewerName!, code: viewerCode });
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Each code, pasted into the verification screen, verifies as that person's valid certificate.
  await page.getByRole('button', { name: 'Verifiser kursbevis', exact: true }).click();
  const field = page.getByLabel('Verifiseringskode', { exact: true });
  for (const { name, code } of printed) {
    await field.clear();
    await page.evaluate((text) => (globalThis as unknown as PageGlobals).navigator.clipboard.writeText(text), code);
    await field.focus();
    await page.keyboard.press('Control+V');
    await expect(field).toHaveValue(code);
    await page.getByRole('button', { name: 'Verifiser', exact: true }).click();
    await expect(page.getByText(/Gyldig kursbevis/), `"${code}" copied from the certificate of ${name}`).toBeVisible();
    await expect(page.locator('main').getByText(name, { exact: true }).first()).toBeVisible();
    if (name === 'Cecilie Zachariassen') await screenshot(page, '35-certificate-code-from-pdf-verified');
  }
});

/** What the in-page function above touches (the e2e specs are type-checked without the DOM library). */
interface PageGlobals {
  navigator: { clipboard: { writeText: (text: string) => Promise<void> } };
}
