import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import type { PlatformApi } from '../../main/contract/platform';
import { artifactsDir, expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * A coordinator's certificate day, in real Chromium against the real core: a
 * finished course, who is eligible and why not, the batch with its progress
 * bar, and verification of one certificate by its code.
 */

test.use({ clockAt: '2025-05-05T09:00:00.000Z' });

const PASSPHRASE = 'Kursbevis til alle som møtte';

test('a coordinator sees eligibility, issues the batch with progress, and verifies a certificate by its code', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date('2025-05-05T09:00:00.000Z'));
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
      type: 'fagbrev',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 22.5,
      teacher: 'Lærer Lund',
      description: 'Forberedelse til fagprøven.',
      learningGoals: 'Deltakeren kjenner fagets teori og praksis.',
      status: 'running',
      signerName: 'Ingrid Rektor',
      signerTitle: 'Daglig leder',
    }),
  );
  const people = [
    ['Åse', 'Ødegård'],
    ['Per', 'Hansen'],
    ['Liv', 'Haugen'],
  ] as const;
  const ids: Record<string, string> = {};
  for (const [firstName, lastName] of people) {
    const p = ok(
      await core.call('participants:register', {
        courseId: course.id,
        participant: {
          firstName,
          lastName,
          birthDate: '1980-05-03',
          email: `deltaker${Object.keys(ids).length}@example.no`,
          gender: 'female',
          address: { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' },
          consent: { keepAfterCourse: false },
        },
        enrollment: { source: 'self' },
      }),
    );
    ids[lastName] = p.participantId;
  }
  const plan = ok(await core.call('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' }));
  for (const session of plan.sessions) ok(await core.call('attendance:markAllPresent', { sessionId: session.id }));
  // Haugen missed four of nine sessions: 5 × 2.5 = 12.5 of 22.5 hours = 55 %.
  for (const session of plan.sessions.slice(0, 4)) {
    ok(await core.call('attendance:mark', { sessionId: session.id, participantId: ids.Haugen!, status: 'absent' }));
  }
  const { id: _id, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = ok(await core.call('courses:get', { id: course.id }));
  ok(
    await core.call('courses:update', {
      id: course.id,
      course: {
        ...fields,
        description: fields.description ?? undefined,
        learningGoals: fields.learningGoals ?? undefined,
        financialReportApprovedAt: null,
        status: 'finished',
      },
    }),
  );

  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fagbrev i helsearbeiderfaget' })).toBeVisible();
  await expectAccessible(page, 'course-page');
  await page.getByRole('button', { name: 'Kursbevis', exact: true }).click();

  // Who is eligible, and why not.
  await expect(page.getByRole('heading', { name: 'Kursbevis' })).toBeVisible();
  const list = page.getByRole('table');
  await expect(list.getByRole('row', { name: /Ødegård/ })).toContainText('Oppfyller kravet');
  await expect(list.getByRole('row', { name: /Haugen/ })).toContainText('55 % oppmøte, krav 75 %');
  await expect(page.getByText(/^2 av 3 valgt/)).toBeVisible();
  await screenshot(page, '30-certificates-eligibility');

  // A draft preview inside the app, drawn by PDF.js: the real PDF's text, on a real canvas.
  await page.getByRole('button', { name: 'Forhåndsvis kursbevis for Åse Ødegård' }).click();
  const viewer = page.getByRole('dialog', { name: 'Forhåndsvisning (utkast): Åse Ødegård' });
  const sheet = viewer.getByRole('figure', { name: 'Side 1 av 1' });
  await expect(sheet).toHaveAttribute('data-rendered', 'true');
  await expect(viewer.getByText('1 side', { exact: true })).toBeVisible();
  await expect(sheet).toContainText('Åse Ødegård');
  await expect(sheet).toContainText('Fagbrev i helsearbeiderfaget');
  await expect(sheet).toContainText('22,5');
  expect(await inkOnCanvas(sheet.locator('canvas'))).toBeGreaterThan(0.01);
  await screenshot(page, '30b-certificate-preview');

  // Printing: the page's print layout holds exactly the certificate, at print resolution.
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).printCalls = 0;
    (globalThis as unknown as PageGlobals).print = () => {
      (globalThis as unknown as PageGlobals).printCalls += 1;
    };
  });
  await viewer.getByRole('button', { name: 'Skriv ut' }).click();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).printCalls)).toBe(1);
  const printed = path.join(artifactsDir, 'certificate-print-layout.pdf');
  await page.pdf({ path: printed, preferCSSPageSize: true, printBackground: true });
  const printInfo = execFileSync('pdfinfo', [printed], { encoding: 'utf8' });
  expect(printInfo).toMatch(/Pages:\s+1\b/);
  expect(printInfo).toMatch(/Page size:.*\(A4\)/);
  // One 300 dpi image of the A4 page, and none of the app's own text.
  const images = execFileSync('pdfimages', ['-list', printed], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(images).toHaveLength(1);
  // Columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio.
  const [, , , width, height, , , , , , , , xPpi, yPpi] = images[0]!.trim().split(/\s+/).map(Number);
  expect(width).toBeGreaterThanOrEqual(2480);
  expect(height).toBeGreaterThanOrEqual(3508);
  expect([xPpi, yPpi]).toEqual([300, 300]);
  expect(execFileSync('pdftotext', [printed, '-'], { encoding: 'utf8' }).trim()).toBe('');
  // The printed sheet as a picture, kept with the screenshots.
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', printed, path.join(artifactsDir, '30c-certificate-print-layout')]);
  // Ctrl+P in the viewer prints the certificate again, not the app's window.
  await viewer.getByRole('button', { name: 'Lagre PDF' }).focus();
  await page.keyboard.press('Control+P');
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).printCalls)).toBe(2);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(page.locator('#print-root')).toHaveCount(0);
  await expect(page.locator('body.printing')).toHaveCount(0);

  // The batch: one PDF with the two eligible, with a progress bar.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lag kursbevis' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await screenshot(page, '31-certificates-progress');
  const file = await download;
  await expect(page.getByText(/2 kursbevis er laget/)).toBeVisible();
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = path.join(artifactsDir, 'certificates-batch.pdf');
  await file.saveAs(pdf);
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+2\b/);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Åse Ødegård');
  expect(text).not.toContain('Haugen');
  await screenshot(page, '32-certificates-done');

  // A second click issues nothing new: the same certificates are printed again, with the same numbers and codes.
  const numbersIn = (pdfText: string) => [...pdfText.matchAll(/\d{4}-\d{6}/g)].map((m) => m[0]).sort();
  const again = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lag kursbevis' }).click();
  const secondFile = await again;
  await expect(page.getByText('Ingen nye kursbevis ble utstedt.')).toBeVisible();
  const secondPdf = path.join(artifactsDir, 'certificates-batch-again.pdf');
  await secondFile.saveAs(secondPdf);
  expect(numbersIn(execFileSync('pdftotext', [secondPdf, '-'], { encoding: 'utf8' }))).toEqual(numbersIn(text));
  expect(numbersIn(text)).toHaveLength(2);
  await screenshot(page, '32a-certificates-second-batch');

  // The finished batch can be shown and printed from the app as well.
  await page.getByRole('button', { name: 'Vis og skriv ut' }).click();
  const batchViewer = page.getByRole('dialog', { name: 'Kursbevis: Fagbrev i helsearbeiderfaget' });
  await expect(batchViewer.getByText('2 sider', { exact: true })).toBeVisible();
  await expect(batchViewer.getByRole('figure', { name: 'Side 1 av 2' })).toContainText('Per Hansen');
  await batchViewer.getByRole('figure', { name: 'Side 2 av 2' }).scrollIntoViewIfNeeded();
  await expect(batchViewer.getByRole('figure', { name: 'Side 2 av 2' })).toContainText('Åse Ødegård');
  await screenshot(page, '32b-certificates-batch-viewer');
  // In the desktop app the main process opens the print dialog and says how it ended
  // (its side is unit-tested with the mocked electron module); here a stand-in answers.
  await page.evaluate(() => {
    const record = globalThis as unknown as PageGlobals;
    record.pagesAtPrint = [];
    const outcomes = ['cancelled', 'printed'] as const;
    record.neoPlatform = {
      print: () => {
        record.pagesAtPrint.push(record.document.querySelectorAll('#print-root img').length);
        return Promise.resolve({ ok: true, value: { outcome: outcomes[record.pagesAtPrint.length - 1] ?? 'failed' } });
      },
      chooseFolder: () => Promise.resolve({ ok: true, value: { folder: null } }),
    };
  });
  await batchViewer.getByRole('button', { name: 'Skriv ut' }).click();
  await expect(batchViewer.getByText('Utskriften ble avbrutt.')).toBeVisible();
  await batchViewer.getByRole('button', { name: 'Skriv ut' }).click();
  await expect(batchViewer.getByText('Sendt til skriveren.')).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).pagesAtPrint)).toEqual([2, 2]);
  const batchPrint = path.join(artifactsDir, 'certificates-batch-print-layout.pdf');
  await page.pdf({ path: batchPrint, preferCSSPageSize: true, printBackground: true });
  expect(execFileSync('pdfinfo', [batchPrint], { encoding: 'utf8' })).toMatch(/Pages:\s+2\b/);
  await batchViewer.getByRole('button', { name: 'Lukk' }).click();
  await expect(batchViewer).toBeHidden();

  // Closed while the pages for printing are still being drawn: nothing stays behind, not even an object URL.
  await page.evaluate(() => {
    const record = globalThis as unknown as PageGlobals;
    // Only URLs made from here on count (the earlier download revokes its own later).
    record.urls = { live: [], encoded: 0 };
    const make = record.URL.createObjectURL.bind(record.URL);
    const revoke = record.URL.revokeObjectURL.bind(record.URL);
    record.URL.createObjectURL = (blob) => {
      const url = make(blob);
      record.urls.live.push(url);
      return url;
    };
    record.URL.revokeObjectURL = (url) => {
      record.urls.live = record.urls.live.filter((live) => live !== url);
      revoke(url);
    };
    // Each page takes a second to encode, so the viewer can be closed in the middle.
    const toBlob = record.HTMLCanvasElement.prototype.toBlob;
    record.HTMLCanvasElement.prototype.toBlob = function (this: unknown, callback: (blob: unknown) => void, ...rest: unknown[]) {
      toBlob.call(
        this,
        (blob: unknown) =>
          setTimeout(() => {
            callback(blob);
            record.urls.encoded += 1;
          }, 1000),
        ...rest,
      );
    };
  });
  await page.getByRole('button', { name: 'Vis og skriv ut' }).click();
  await batchViewer.getByRole('button', { name: 'Skriv ut' }).click();
  await expect(batchViewer.getByText('Klargjør utskrift: side 0 av 2')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(batchViewer).toBeHidden();
  // Until the page that was being encoded is done, and a moment for what would follow it.
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).urls.encoded)).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(500);
  await expect(page.locator('#print-root')).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).urls.live)).toEqual([]);
  await expect(batchViewer).toBeHidden();

  // Verification by code shows the full certificate as issued.
  const eligibility = ok(await core.call('certificates:eligibility', { courseId: course.id }));
  const issued = eligibility.rows.find((r) => r.lastName === 'Ødegård')?.certificate;
  expect(issued?.status).toBe('valid');
  const code = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}/.exec(text.slice(text.indexOf('Ødegård')))?.[0];
  expect(code).toBeTruthy();
  await page.getByRole('button', { name: 'Verifiser kursbevis', exact: true }).click();
  await page.getByLabel('Verifiseringskode', { exact: true }).fill(code!);
  await page.getByRole('button', { name: 'Verifiser', exact: true }).click();
  await expect(page.getByText(/Gyldig kursbevis/)).toBeVisible();
  const data = page.getByRole('region', { name: 'Kursbeviset slik det ble utstedt' }).or(page.locator('main'));
  await expect(data.getByText('Åse Ødegård').first()).toBeVisible();
  await expect(data.getByText('Fagbrev i helsearbeiderfaget').first()).toBeVisible();
  await expect(data.getByText(issued!.number).first()).toBeVisible();
  await expect(data.getByText('Ingrid Rektor', { exact: false }).first()).toBeVisible();
  await screenshot(page, '33-certificate-verified');

  // A lost paper: the valid certificate is shown again exactly as issued, ready to print.
  await page.getByRole('button', { name: 'Vis og skriv ut kursbeviset' }).click();
  const reprint = page.getByRole('dialog', { name: `Kursbevis ${issued!.number}: Åse Ødegård` });
  const reprinted = reprint.getByRole('figure', { name: 'Side 1 av 1' });
  await expect(reprinted).toHaveAttribute('data-rendered', 'true');
  await expect(reprinted).toContainText(issued!.number);
  await expect(reprinted).toContainText(code!);
  await expect(reprinted).toContainText('Åse Ødegård');
  await page.keyboard.press('Escape');
  await expect(reprint).toBeHidden();

  await page.getByLabel('Verifiseringskode', { exact: true }).fill('0000-0000-00');
  await page.getByRole('button', { name: 'Verifiser', exact: true }).click();
  await expect(page.getByText(/Ukjent kode/)).toBeVisible();
});

/**
 * What the in-page functions below touch, typed here: the e2e specs are
 * type-checked as Node code, without the DOM library.
 */
interface PageGlobals {
  print: () => void;
  printCalls: number;
  pagesAtPrint: number[];
  neoPlatform?: PlatformApi;
  document: { querySelectorAll: (selector: string) => { length: number } };
  urls: { live: string[]; encoded: number };
  URL: { createObjectURL: (blob: unknown) => string; revokeObjectURL: (url: string) => void };
  HTMLCanvasElement: { prototype: { toBlob: (this: unknown, callback: (blob: unknown) => void, ...rest: unknown[]) => void } };
}

interface PageCanvas {
  width: number;
  height: number;
  getContext: (kind: '2d') => { getImageData: (x: number, y: number, w: number, h: number) => { data: Uint8ClampedArray } } | null;
}

/** Share of a canvas's pixels that are not white: a drawn certificate has text, lines and a border. */
function inkOnCanvas(canvas: Locator): Promise<number> {
  return canvas.evaluate((element: PageCanvas) => {
    const context = element.getContext('2d');
    if (!context || element.width === 0) return 0;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink += 1;
    return ink / (data.length / 4);
  });
}
