import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * Importer deltakerliste in real Chromium: an employer's 30-row Excel list
 * with 3 bad rows and 2 people already registered (on another course). The
 * preview shows every row; applying registers 25 and enrols the 2 on file;
 * the bad rows are downloaded as Excel, corrected and imported again.
 */

const PASSPHRASE = 'Koordinator i Fredrik Selmers vei';
const EMPLOYER = 'Byggmester Hansen AS';
const HEADER = ['Fornavn', 'Etternavn', 'Fødselsdato', 'E-post', 'Mobil', 'Kjønn', 'Fødselsnummer', 'Avdeling'];

const FIRST = ['Kari', 'Ola', 'Åse', 'Jørgen', 'Siri', 'Håkon', 'Ingrid', 'Per', 'Nora', 'Emil'];
const LAST = ['Nordmann', 'Hansen', 'Ødegård', 'Bakken', 'Lie', 'Dahl', 'Berg', 'Haugen', 'Strand', 'Moen'];

test('an employer’s list: preview, apply, bad rows back to the employer, corrected and imported', async ({ page, harness }) => {
  test.setTimeout(180_000);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'neo-e2e-import-'));
  try {
    const core = harness.core;
    ok(await core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
    const course = ok(
      await core.call('courses:create', {
        name: 'Norsk på arbeidsplassen',
        type: 'kompetansepluss',
        place: 'Ålesund',
        startDate: '2026-01-05',
        endDate: '2026-06-30',
        plannedHours: 60,
        teacher: 'Lærer Lund',
        status: 'planned',
      }),
    );
    const earlier = ok(
      await core.call('courses:create', { name: 'Digitale ferdigheter', type: 'other', place: 'Ålesund', startDate: '2025-01-06', endDate: '2025-03-31', plannedHours: 20, teacher: 'Lærer Lund', status: 'finished' }),
    );
    // Two of the employees took a course before: they are on file.
    for (const [firstName, lastName, birthDate, email] of [
      ['Kari', 'Nordmann', '1980-01-01', 'kari.nordmann@hansen.no'],
      ['Ola', 'Hansen', '1981-02-02', 'ola.hansen@hansen.no'],
    ] as const) {
      ok(await core.call('participants:register', { courseId: earlier.id, participant: { firstName, lastName, birthDate, email, gender: 'unspecified', consent: { keepAfterCourse: false } }, enrollment: { source: 'teacher' } }));
    }

    // ---- the employer's file: a title row, 30 employees, 3 of them wrong ----
    const rows: (string | number | Date)[][] = [];
    for (let i = 0; i < 30; i++) {
      const first = FIRST[i % 10]!;
      const last = LAST[(i + Math.floor(i / 10)) % 10]!;
      const birth = new Date(Date.UTC(1980 + (i % 20), i % 12, 1 + (i % 12)));
      rows.push([first, last, birth, `${first}.${last}.${i}@hansen.no`.toLowerCase().replace(/[åøæ]/g, 'a'), 40000000 + i * 1111, i % 2 ? 'Mann' : 'Kvinne', `0101801234${i % 10}`, 'Lager']);
    }
    rows[0] = ['Kari', 'Nordmann', new Date(Date.UTC(1980, 0, 1)), 'kari.nordmann@hansen.no', '', 'Kvinne', '01018012345', 'Kontor'];
    rows[1] = ['Ola', 'Hansen', '02.02.1981', 'ola.hansen@hansen.no', '', 'Mann', '02028112345', 'Lager'];
    rows[5] = ['Håkon', 'Dahl', '31.02.1985', 'hakon.dahl@hansen.no', 45555555, 'Mann', '', 'Lager']; // no such date
    rows[12] = ['Åse', '', '03.04.1990', 'ase@hansen.no', 41234567, 'Kvinne', '', 'Lager']; // no last name
    rows[20] = ['Nora', 'Strand', '12.12.1992', 'nora.strand(at)hansen.no', '', 'Kvinne', '', 'Lager']; // not an e-mail address
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Påmeldte');
    sheet.addRow([`Påmelding til Kompetansepluss fra ${EMPLOYER}`]);
    sheet.mergeCells('A1:H1');
    sheet.addRow(HEADER);
    for (const row of rows) sheet.addRow(row);
    sheet.getColumn(3).numFmt = 'dd.mm.yyyy';
    const listPath = path.join(folder, 'hansen-deltakere.xlsx');
    writeFileSync(listPath, Buffer.from(await workbook.xlsx.writeBuffer()));

    // ---- the course page, then the import screen ----
    await page.goto(harness.appUrl);
    await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
    await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Norsk på arbeidsplassen' }).first().click();
    await page.getByRole('button', { name: 'Importer deltakerliste' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Importer deltakerliste' })).toBeVisible();

    await page.getByLabel('Fil', { exact: true }).setInputFiles(listPath);
    await page.getByLabel('Arbeidsgiver', { exact: true }).fill(EMPLOYER);
    await page.getByLabel('Arbeidsgiver', { exact: true }).press('Enter'); // the keyboard reads the file
    await expect(page.getByText('25 nye · 2 finnes fra før · 0 allerede på kurset · 3 med feil')).toBeVisible();
    await expect(page.getByText('Disse kolonnene blir ikke importert: Fødselsnummer, Avdeling.')).toBeVisible();
    await expect(page.getByText('Ark «Påmeldte», overskrifter på rad 2.', { exact: false })).toBeVisible();
    const table = page.locator('table.import__rows');
    await expect(table.locator('tr.import__row--error')).toHaveCount(3);
    await expect(table.getByText('Ugyldig dato. Skriv datoen som dd.mm.åååå.')).toBeVisible();
    await expect(table.getByText('Ugyldig e-postadresse, for eksempel navn@eksempel.no.')).toBeVisible();
    await expect(page.getByLabel('Hva skal skje med rad 3')).toHaveValue('enrol');
    await expectAccessible(page, 'import preview');
    await page.locator('#import-preview-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-preview');

    // ---- apply ----
    await page.getByRole('button', { name: 'Importer 27 rader' }).click();
    await expect(page.getByText('Importert: 25 nye og 2 som fantes fra før. 0 var allerede på kurset, 3 rader med feil ble ikke importert.')).toBeVisible();
    const listed = ok(await core.call('participants:listByCourse', { courseId: course.id }));
    expect(listed).toHaveLength(27);
    expect(listed.every((p) => p.source === 'employer')).toBe(true);
    await screenshot(page, 'import-applied');

    // ---- the bad rows back to the employer ----
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Last ned rader med feil (Excel)' }).click();
    const badPath = path.join(folder, (await download).suggestedFilename());
    expect(path.basename(badPath)).toBe('hansen-deltakere-feil.xlsx');
    await (await download).saveAs(badPath);
    const bad = new ExcelJS.Workbook();
    await bad.xlsx.readFile(badPath);
    const badSheet = bad.worksheets[0]!;
    expect((badSheet.getRow(1).values as unknown[]).slice(1)).toEqual([...HEADER, 'Feil (Neo Kurs)']);
    expect(badSheet.actualRowCount).toBe(4);
    expect(badSheet.getCell('I2').text).toContain('Fødselsdato: Ugyldig dato');
    expect(badSheet.getCell('G2').value).toBeNull(); // the national ID number is never written by the app

    // The employer corrects the three rows in the file they got back.
    badSheet.getCell('C2').value = '28.02.1985';
    badSheet.getCell('B3').value = 'Bakken';
    badSheet.getCell('D4').value = 'nora.strand@hansen.no';
    const fixedPath = path.join(folder, 'hansen-rettet.xlsx');
    await bad.xlsx.writeFile(fixedPath);

    await page.getByRole('button', { name: '← Tilbake til kurset' }).click();
    await page.getByRole('button', { name: 'Importer deltakerliste' }).click();
    await page.getByLabel('Fil', { exact: true }).setInputFiles(fixedPath);
    await page.getByLabel('Arbeidsgiver', { exact: true }).fill(EMPLOYER);
    await page.getByRole('button', { name: 'Les filen' }).click();
    await expect(page.getByText('3 nye · 0 finnes fra før · 0 allerede på kurset · 0 med feil')).toBeVisible();
    await expect(page.getByText('Kolonnevalgene er hentet fra forrige liste fra denne arbeidsgiveren.', { exact: false })).toBeVisible();
    await expect(page.getByText('Feilkolonnen fra forrige import (ignoreres)')).toBeVisible();
    await page.locator('#import-mapping-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-corrected-preview');
    await page.getByRole('button', { name: 'Importer 3 rader' }).click();
    await expect(page.getByText('Importert: 3 nye og 0 som fantes fra før.', { exact: false })).toBeVisible();
    expect(ok(await core.call('participants:listByCourse', { courseId: course.id }))).toHaveLength(30);
    await screenshot(page, 'import-corrected-applied');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
