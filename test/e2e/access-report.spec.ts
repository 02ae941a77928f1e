import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * Issue 9, access report and record of processing, in real Chromium against
 * the real core: a coordinator makes an access report from the participant's
 * page (its PDF read back with pdftotext), then fills in the controller on the
 * Behandlingsprotokoll screen and downloads its PDF.
 */

const NOW = '2025-05-20T08:30:00.000Z'; // Tuesday 20 May 2025, 10.30 in Oslo
test.use({ clockAt: NOW });

const PASSPHRASE = 'Nordlys over Lofoten 2025';

async function unlock(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

test('an access report made from the participant’s page holds their data, in a PDF pdftotext reads', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date(NOW));
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  ok(
    await harness.core.call('processing:update', {
      name: 'Kompetansehuset Neo',
      street: 'Fredrik Selmers vei 6',
      postalCode: '0663',
      city: 'Oslo',
      organisationNumber: '974760673',
      contactEmail: 'post@kompetansehusetneo.no',
    }),
  );
  const course = ok(
    await harness.core.call('courses:create', {
      name: 'Fagbrev i helsearbeiderfaget',
      type: 'fagbrev',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-06-30',
      plannedHours: 40,
      teacher: 'Lærer Lund',
      status: 'running',
    }),
  );
  const register = (firstName: string, lastName: string, birthDate: string, mobile: string, street: string) =>
    harness.core.call('participants:register', {
      courseId: course.id,
      participant: {
        firstName,
        lastName,
        birthDate,
        mobile,
        gender: 'unspecified',
        address: { street, postalCode: '6002', city: 'Ålesund' },
        consent: { keepAfterCourse: true, method: 'form' },
      },
      enrollment: { source: 'self' },
    });
  const ase = ok(await register('Åse', 'Ødegård', '1980-05-03', '91234567', 'Øvre Strandgate 3'));
  ok(await register('Per', 'Hansen', '1975-11-14', '48123456', 'Storgata 12'));
  const session = ok(await harness.core.call('sessions:add', { courseId: course.id, date: '2025-05-13', startTime: '09:00', endTime: '11:30' }));
  ok(await harness.core.call('attendance:markAllPresent', { sessionId: session.id }));
  ok(await harness.core.call('attendance:mark', { sessionId: session.id, participantId: ase.participantId, status: 'late', hours: 2, note: 'Kom med ferja' }));
  // The attendance list leaves the app: a disclosure both reports will list.
  ok(await harness.core.call('attendance:export', { courseId: course.id, format: 'csv' }));

  await unlock(page, harness.appUrl);
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await page.getByRole('table').getByRole('button', { name: 'Ødegård, Åse' }).click();
  const panel = page.getByRole('region', { name: 'Innsyn' });
  await expect(panel).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'access-report-1-on-participant-page');

  // The PDF, by keyboard.
  const pdfButton = panel.getByRole('button', { name: 'Last ned innsyn (PDF)' });
  await pdfButton.focus();
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toBe('Innsyn – Ødegård, Åse – 2025-05-20.pdf');
  await expect(panel.getByText('Innsyn – Ødegård, Åse – 2025-05-20.pdf er lastet ned. Utleveringen er registrert.')).toBeVisible();
  // Focus is back on the button, so the keyboard user can go on from where they were.
  await expect(pdfButton).toBeFocused();
  await screenshot(page, 'access-report-2-downloaded');

  const pdf = test.info().outputPath('innsyn.pdf');
  await file.saveAs(pdf);
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
  const text = pdfText(pdf);
  for (const expected of [
    'Innsyn i personopplysninger',
    'Åse Ødegård',
    '03.05.1980',
    '912 34 567',
    'Øvre Strandgate 3, 6002 Ålesund',
    'Fagbrev i helsearbeiderfaget',
    'Forsinket',
    'Kom med ferja',
    'Samtykke gitt',
    'Oppmøteliste',
    'Lagret som fil',
    'Koordinator',
    'Kompetansehuset Neo',
  ]) {
    expect(text, expected).toContain(expected);
  }
  for (const foreign of ['Hansen', 'Storgata 12', '481 23 456', 'Kari Koordinator']) expect(text, foreign).not.toContain(foreign);

  // The JSON holds the same, and the first report is now on record as handed to her.
  const jsonDownload = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Last ned innsyn (JSON)' }).click();
  const jsonFile = await jsonDownload;
  const jsonPath = test.info().outputPath('innsyn.json');
  await jsonFile.saveAs(jsonPath);
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    person: { firstName: string; lastName: string };
    disclosures: { kind: string; recipient: string }[];
  };
  expect(report.person).toMatchObject({ firstName: 'Åse', lastName: 'Ødegård' });
  expect(report.disclosures.map((d) => `${d.kind}:${d.recipient}`)).toEqual(['attendanceList:file', 'accessReport:dataSubject']);
  expect(readFileSync(jsonPath, 'utf8')).not.toContain('Hansen');
  await expectAccessible(page, 'access-report-json');
});

test('the Behandlingsprotokoll: the controller is filled in and saved, and its PDF downloaded', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date(NOW));
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  ok(await harness.core.call('settings:update', { retentionGraceDays: 45 }));
  await unlock(page, harness.appUrl);

  await page.getByRole('button', { name: 'Personvern', exact: true }).click();
  await page.getByRole('navigation', { name: 'Personvern' }).getByRole('button', { name: 'Behandlingsprotokoll' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Behandlingsprotokoll' })).toBeVisible();
  // Nothing to print until the controller is there; the rest is the app's own.
  const pdfButton = page.getByRole('button', { name: 'Last ned protokollen (PDF)' });
  await expect(pdfButton).toBeDisabled();
  await expect(page.getByText(/Fyll ut og lagre behandlingsansvarlig/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'når kurset er slutt, etter 45 dager (så kursbevis kan utstedes)' })).toHaveCount(4);
  await expect(page.getByText('Ingen utleveringer er registrert ennå.')).toBeVisible();
  await screenshot(page, 'processing-1-empty');

  const form = page.getByRole('form', { name: 'Behandlingsansvarlig' });
  await form.getByLabel('Navn', { exact: true }).fill('Kompetansehuset Neo');
  await form.getByLabel('Gateadresse', { exact: true }).fill('Fredrik Selmers vei 6');
  await form.getByLabel('Postnummer', { exact: true }).fill('0663');
  await form.getByLabel('Poststed', { exact: true }).fill('Oslo');
  await form.getByLabel('Organisasjonsnummer', { exact: true }).fill('974 760 674');
  await form.getByLabel('E-post for personvern', { exact: true }).fill('post@');
  await form.getByRole('button', { name: 'Lagre behandlingsansvarlig' }).click();
  await expect(form.getByText(/Ugyldig organisasjonsnummer/)).toBeVisible();
  await expect(form.getByText(/Ugyldig e-postadresse/)).toBeVisible();
  await expect(form.getByLabel('Organisasjonsnummer', { exact: true })).toBeFocused();
  await screenshot(page, 'processing-2-validation');
  expect(ok(await harness.core.call('processing:get', {})).controllerComplete).toBe(false);

  // Corrected and saved with Enter.
  await form.getByLabel('Organisasjonsnummer', { exact: true }).fill('974 760 673');
  await form.getByLabel('E-post for personvern', { exact: true }).fill('post@kompetansehusetneo.no');
  await form.getByLabel(/Personvernombud eller kontaktperson/).fill('Åse Ødegård, personvernombud');
  await form.getByLabel(/Personvernombud eller kontaktperson/).press('Enter');
  await expect(form.getByText('Behandlingsansvarlig er lagret.')).toBeVisible();
  await expect(pdfButton).toBeEnabled();
  // The same details are the provider's on the certificates.
  expect(ok(await harness.core.call('provider:get', {}))).toMatchObject({ name: 'Kompetansehuset Neo', organisationNumber: '974760673' });
  await screenshot(page, 'processing-3-saved');

  const download = page.waitForEvent('download');
  await pdfButton.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Behandlingsprotokoll – Kompetansehuset Neo – 2025-05-20.pdf');
  await expect(page.getByText('Behandlingsprotokoll – Kompetansehuset Neo – 2025-05-20.pdf er lastet ned.')).toBeVisible();
  const pdf = test.info().outputPath('behandlingsprotokoll.pdf');
  await file.saveAs(pdf);
  const text = pdfText(pdf);
  for (const expected of [
    'Behandlingsprotokoll',
    'Kompetansehuset Neo',
    'Fredrik Selmers vei 6, 0663 Oslo',
    '974 760 673',
    'post@kompetansehusetneo.no',
    'Åse Ødegård, personvernombud',
    'SuperOffice',
    'FrontCore',
    'Kompetanse Norge',
    'etter 45 dager',
  ]) {
    expect(text, expected).toContain(expected);
  }
  await screenshot(page, 'processing-4-pdf-downloaded');

  // What the app builds itself, below the form: now with the recorded disclosures too.
  const categories = page.getByRole('region', { name: 'Personopplysninger per kurstype' });
  await categories.scrollIntoViewIfNeeded();
  await expect(within(categories, 'Postadresse')).toHaveText(['Postadresse', 'Lagres ikke', 'Lagres', 'Lagres ikke', 'Lagres ikke', 'Lagres ikke']);
  // Absence reasons on every course type, with why they stay on the laptop.
  await expect(within(categories, 'Fraværsårsak')).toHaveText(['Fraværsårsak (sykdom, barns sykdom, jobb eller annet)', 'Lagres', 'Lagres', 'Lagres', 'Lagres', 'Lagres']);
  await expect(categories).toContainText('Fraværsårsak kan avsløre helseopplysninger (sykdom, barns sykdom).');
  await expect(categories).toContainText('sendes ikke til hovedkontoret');
  await screenshot(page, 'processing-5-record');
});

/** The header and cells of one row of a table, by the text of its first cell. */
const within = (region: ReturnType<Page['getByRole']>, firstCell: string) =>
  region.getByRole('row', { name: new RegExp(`^${firstCell}`) }).locator('th, td');
