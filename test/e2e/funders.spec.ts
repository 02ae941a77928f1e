import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * Issue 12 items 2–4 in real Chromium against the real core: a coordinator
 * creates a Kompetansepluss course with its funder and reference, registers a
 * participant from an employer, makes the start report (after the plaintext
 * warning; its PDF read back with pdftotext), finds the disclosure in the
 * participant's access report, and makes the grant and hours report.
 */

const NOW = '2025-04-02T08:30:00.000Z'; // Wednesday 2 April 2025, 10.30 in Oslo: the day after the course started
test.use({ clockAt: NOW });

const PASSPHRASE = 'Nordlys over Lofoten 2025';
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

async function unlock(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();
}

test('a Kompetansepluss course with its funder: start report with warning and disclosure, and the grant report', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date(NOW));
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  await unlock(page, harness.appUrl);

  // 1. The course, with funder and reference, through the form.
  await page.getByRole('button', { name: 'Nytt kurs' }).click();
  await page.getByLabel('Kursnavn', { exact: true }).fill('Norsk på arbeidsplassen');
  await page.getByLabel('Kurstype', { exact: true }).selectOption('kompetansepluss');
  await page.getByLabel('Sted', { exact: true }).fill('Ålesund');
  await page.getByLabel('Startdato', { exact: true }).fill('01.04.2025');
  await page.getByLabel('Sluttdato', { exact: true }).fill('30.04.2025');
  await page.getByLabel('Planlagte timer', { exact: true }).fill('22,5');
  await page.getByLabel('Lærer', { exact: true }).fill('Lærer Lund');
  await page.getByLabel('Status', { exact: true }).selectOption('running');
  await page.getByLabel('Finansiert av', { exact: true }).fill('Kompetanse Norge');
  await page.getByLabel('Referanse hos finansiøren', { exact: true }).fill('KP-2025/0042');
  await screenshot(page, 'funders-1-course-form');
  await page.getByRole('button', { name: 'Lagre kurs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Norsk på arbeidsplassen' })).toBeVisible();
  const facts = page.getByRole('region', { name: 'Om kurset' });
  await expect(facts.getByText('KP-2025/0042')).toBeVisible();
  await expect(facts.getByText('Kompetanse Norge')).toBeVisible();
  const courseId = ok(await harness.core.call('courses:list', {}))[0]!.id;

  // 2. A participant registered by her employer through the form; a second one by the core.
  await page.getByRole('button', { name: 'Registrer deltaker' }).click();
  await page.getByLabel('Fornavn', { exact: true }).fill('Åse');
  await page.getByLabel('Etternavn', { exact: true }).fill('Ødegård');
  await page.getByLabel('Fødselsdato', { exact: true }).fill('03.05.1980');
  await page.getByLabel('Mobil', { exact: true }).fill('912 34 567');
  await page.getByLabel('Kjønn', { exact: true }).selectOption('female');
  await page.getByLabel('Påmeldt av', { exact: true }).selectOption('employer');
  await page.getByLabel('Arbeidsgiver', { exact: true }).fill('Bøler Bygg AS');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  await expect(page.getByText('Deltakeren er registrert.')).toBeVisible();
  ok(
    await harness.core.call('participants:register', {
      courseId,
      participant: { firstName: 'Per', lastName: 'Hansen', birthDate: '2005-04-01', email: 'per@example.no', gender: 'male', consent: { keepAfterCourse: false } },
      enrollment: { source: 'employer', employerName: 'Hansens Transport AS' },
    }),
  );
  await page.getByRole('button', { name: '← Norsk på arbeidsplassen' }).click();
  const list = page.locator('#participant-table');
  await expect(list.getByRole('row', { name: /Ødegård, Åse.*Arbeidsgiver · Bøler Bygg AS/ })).toBeVisible();
  await expect(list.getByRole('row', { name: /Hansen, Per.*Arbeidsgiver · Hansens Transport AS/ })).toBeVisible();
  await list.scrollIntoViewIfNeeded();
  await screenshot(page, 'funders-2-course-page-employers');

  // 3. Rapporter: the completion report waits for the end date; the start report warns before it saves.
  const reports = page.getByRole('region', { name: 'Rapporter' });
  await reports.scrollIntoViewIfNeeded();
  await expect(reports.getByText('Kan lages fra kursets sluttdato, 30.04.2025.')).toBeVisible();
  await expect(reports.getByRole('button', { name: 'PDF (Sluttrapport til Kompetanse Norge)' })).toBeDisabled();
  await screenshot(page, 'funders-3-reports-panel');
  await reports.getByRole('button', { name: 'PDF (Oppstartsrapport til Kompetanse Norge)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Filen er ikke kryptert' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/personopplysninger i klartekst/)).toBeVisible();
  await expect(dialog.getByText(/Utleveringen registreres med dato, mottaker \(Kompetanse Norge\) og deg/)).toBeVisible();
  await screenshot(page, 'funders-4-plaintext-warning');
  await expectAccessible(page, 'funders-warning');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Lagre PDF-fil' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Kompetansepluss oppstart – Norsk på arbeidsplassen – 2025-04-02.pdf');
  await expect(reports.getByText('Filen Kompetansepluss oppstart – Norsk på arbeidsplassen – 2025-04-02.pdf er laget, og utleveringen er registrert.')).toBeVisible();
  await screenshot(page, 'funders-5-start-report-saved');
  const pdf = test.info().outputPath('oppstart.pdf');
  await file.saveAs(pdf);
  const text = pdfText(pdf);
  for (const expected of ['Kompetansepluss – deltakere ved oppstart', 'Norsk på arbeidsplassen', 'Kompetanse Norge', 'KP-2025/0042', 'Ødegård, Åse', '03.05.1980', 'Kvinne', '912 34 567', 'Bøler Bygg AS', 'Hansen, Per', 'per@example.no', 'Hansens Transport AS']) {
    expect(text, expected).toContain(expected);
  }

  // 4. The disclosure in Åse's access report.
  await page.locator('#participant-table').getByRole('button', { name: 'Ødegård, Åse' }).click();
  const access = page.getByRole('region', { name: 'Innsyn' });
  await access.scrollIntoViewIfNeeded();
  const accessDownload = page.waitForEvent('download');
  await access.getByRole('button', { name: 'Last ned innsyn (PDF)' }).click();
  const accessPdf = test.info().outputPath('innsyn.pdf');
  await (await accessDownload).saveAs(accessPdf);
  const accessText = pdfText(accessPdf);
  expect(accessText).toContain('Deltakerrapport');
  expect(accessText).toMatch(/Deltakerrapport Kompetanse Norge Norsk på arbeidsplassen/);
  await screenshot(page, 'funders-6-access-report');

  // 5. The grant and hours report: counts and hours as numbers.
  await page.getByRole('button', { name: /Norsk på arbeidsplassen/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Norsk på arbeidsplassen' })).toBeVisible();
  const grantDownload = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Rapporter' }).getByRole('button', { name: 'CSV (Tilskudd og timer)' }).click();
  const grantFile = await grantDownload;
  expect(grantFile.suggestedFilename()).toBe('Tilskudd og timer – Norsk på arbeidsplassen – 2025-04-02.csv');
  const grantPath = test.info().outputPath('tilskudd.csv');
  await grantFile.saveAs(grantPath);
  const table: string[][] = parse(readFileSync(grantPath, 'utf8').replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: true });
  const row = (label: string) => table.find((r) => r[0] === label);
  expect(row('Totalt')).toEqual(['Totalt', '1', '1', '0', '0', '2']);
  expect(row('20–29')).toEqual(['20–29', '0', '1', '0', '0', '1']);
  expect(row('40–49')).toEqual(['40–49', '1', '0', '0', '0', '1']);
  expect(row('Planlagte timer')).toEqual(['Planlagte timer', '22,5']);
  await expect(page.getByRole('region', { name: 'Rapporter' }).getByText(/Filen Tilskudd og timer .* er laget\./)).toBeVisible();
  await screenshot(page, 'funders-7-grant-report');

  const grantPdfDownload = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Rapporter' }).getByRole('button', { name: 'PDF (Tilskudd og timer)' }).click();
  const grantPdf = test.info().outputPath('tilskudd.pdf');
  await (await grantPdfDownload).saveAs(grantPdf);
  const grantText = pdfText(grantPdf);
  expect(grantText).toContain('Deltakere etter kjønn og alder (2)');
  expect(grantText).not.toContain('Ødegård');

  // The start report is on record once, to Kompetanse Norge; the grant report named nobody.
  const json = ok(await harness.core.call('privacy:accessReport', { participantId: ok(await harness.core.call('participants:search', { query: 'Hansen' }))[0]!.participantId, format: 'json' }));
  const report = JSON.parse(Buffer.from(json.base64, 'base64').toString('utf8')) as { disclosures: { kind: string; recipient: string }[] };
  expect(report.disclosures.map((d) => `${d.kind}:${d.recipient}`)).toEqual(['fundingReport:kompetanseNorge']);
});
