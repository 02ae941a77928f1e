import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { ChannelInput } from '../../main/contract/channels';
import type { Harness } from '../harness/server';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * The head-office exchange in real Chromium, between two installations with
 * their own data folders: a teacher's laptop and head office. Key files are
 * exchanged and fingerprints compared; a course's batch goes from the laptop
 * through a folder to head office, which approves the unknown device, sees
 * the preview and takes it in; the same files again are "allerede importert";
 * the receipt goes back and the batch shows delivered; a person erased on the
 * laptop is gone at head office after the next batch.
 */

const LAPTOP_PASSPHRASE = 'Bærbar maskin på kurs i Ålesund';
const HQ_PASSPHRASE = 'Hovedkontoret i Fredrik Selmers vei';

type Person = ChannelInput<'participants:register'>['participant'];
const person = (firstName: string, lastName: string): Person => ({
  firstName,
  lastName,
  birthDate: '1984-11-23',
  email: `${firstName.toLowerCase().replace(/[^a-z]/g, 'x')}.${lastName.toLowerCase().replace(/[^a-z]/g, 'x')}@example.no`,
  gender: 'female',
  consent: { keepAfterCourse: false },
});

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysFromNow = (days: number) => isoDay(new Date(Date.now() + days * 86_400_000));

async function unlock(page: Page, harness: Harness, name: string, passphrase: string) {
  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Passordfrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByRole('button', { name: 'Lås', exact: true })).toBeVisible();
}

async function openExchange(page: Page, tab?: string) {
  await page.getByRole('button', { name: 'Utveksling', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Utveksling' })).toBeVisible();
  if (tab) await page.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: tab, exact: true }).click();
}

/** The second window: its own browser context, as the first gets from the config. */
async function secondPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo', acceptDownloads: true });
  return { context, page: await context.newPage() };
}

test('a laptop sends a course to head office: keys, batch, preview, apply, replay, receipt, erasure', async ({ page, harness, secondHarness, browser }) => {
  test.setTimeout(240_000);
  const laptop = harness.core;
  const hq = secondHarness.core;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'neo-e2e-exchange-'));
  const hqWindow = await secondPage(browser);
  const hqPage = hqWindow.page;
  try {
    // ---- two installations ----
    ok(await laptop.call('vault:create', { passphrase: LAPTOP_PASSPHRASE, staffName: 'Lærer Lund', role: 'coordinator' }));
    ok(await hq.call('vault:create', { passphrase: HQ_PASSPHRASE, staffName: 'Hanne Hovedkontor', role: 'coordinator' }));
    ok(await hq.call('provider:update', { name: 'Kompetansehuset Neo', street: 'Fredrik Selmers vei 6', postalCode: '0663', city: 'Oslo', organisationNumber: '974 760 673' }));

    // A running course on the laptop: three people, sessions, the past ones marked.
    const course = ok(
      await laptop.call('courses:create', {
        name: 'Norsk på arbeidsplassen',
        type: 'other',
        place: 'Ålesund',
        startDate: daysFromNow(-28),
        endDate: daysFromNow(28),
        plannedHours: 40,
        teacher: 'Lærer Lund',
        status: 'running',
      }),
    );
    const ids: Record<string, string> = {};
    for (const p of [person('Åse', 'Ødegård'), person('Bjørn', 'Æsland'), person('Per', 'Hansen')]) {
      ids[p.lastName] = ok(await laptop.call('participants:register', { courseId: course.id, participant: p, enrollment: { source: 'teacher' } })).participantId;
    }
    const plan = ok(await laptop.call('sessions:generate', { courseId: course.id, weekdays: [1, 3], startTime: '09:00', endTime: '11:30' }));
    const today = isoDay(new Date());
    for (const session of plan.sessions.filter((s) => s.date < today)) ok(await laptop.call('attendance:markAllPresent', { sessionId: session.id }));

    await unlock(page, harness, 'Lærer Lund', LAPTOP_PASSPHRASE);
    await unlock(hqPage, secondHarness, 'Hanne Hovedkontor', HQ_PASSPHRASE);

    // ---- head office: its role, its fingerprint, its key file ----
    await openExchange(hqPage);
    const hqOwn = hqPage.getByRole('region', { name: 'Denne installasjonen' });
    await hqOwn.getByLabel('Navn på installasjonen').fill('Hovedkontoret');
    await hqOwn.getByLabel('Rolle i utvekslingen').selectOption({ label: 'Hovedkontor' });
    await hqOwn.getByRole('button', { name: 'Lagre' }).click();
    await expect(hqOwn.getByText('Lagret.')).toBeVisible();
    const hqFingerprint = (await hqOwn.locator('.exchange__fingerprint').textContent())!.trim();
    expect(hqFingerprint).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
    const keyDownload = hqPage.waitForEvent('download');
    await hqOwn.getByRole('button', { name: 'Last ned nøkkelfil' }).click();
    const keyFile = await keyDownload;
    expect(keyFile.suggestedFilename()).toBe('neo-kurs-nokkel-hovedkontor.json');
    const keyPath = path.join(folder, keyFile.suggestedFilename());
    await keyFile.saveAs(keyPath);
    await expect(hqOwn.getByText('neo-kurs-nokkel-hovedkontor.json er lastet ned', { exact: false })).toBeVisible();

    // ---- the laptop: nothing to send to yet; head office's key file, compared by fingerprint ----
    await openExchange(page, 'Send batch');
    await expect(page.getByText('Importer nøkkelfilen fra hovedkontoret først.')).toBeVisible();
    await page.getByRole('button', { name: 'Gå til Nøkler' }).click();
    const laptopFingerprint = (await page.getByRole('region', { name: 'Denne installasjonen' }).locator('.exchange__fingerprint').textContent())!.trim();
    const peers = page.getByRole('region', { name: 'Mottakere og enheter' });
    await expect(peers).toContainText('Ingen mottakere eller enheter er lagt inn ennå.');
    await peers.getByLabel('Nøkkelfil').setInputFiles(keyPath);
    const preview = peers.getByRole('region', { name: 'Nøkkelfil fra Hovedkontoret' });
    await expect(preview).toContainText('Hovedkontor');
    await expect(preview).toContainText('Kompetansehuset Neo (974 760 673)');
    await expect(preview).toContainText('Ring Hovedkontoret og be dem lese opp fingeravtrykket');
    // What head office reads aloud is what the laptop shows.
    await expect(preview.locator('.exchange__fingerprint')).toHaveText(hqFingerprint);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, '70-exchange-keys');
    await preview.getByRole('button', { name: 'Fingeravtrykket stemmer – legg til' }).click();
    await expect(peers.getByText('Hovedkontoret er lagt til.')).toBeVisible();
    await expect(peers.getByRole('row', { name: /Hovedkontoret/ }).getByRole('cell').nth(3)).toHaveText(hqFingerprint);

    // ---- the laptop sends the course ----
    await page.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: 'Send batch' }).click();
    await expect(page.getByLabel('Mottaker')).toHaveValue(/.+/);
    await page.getByLabel('Norsk på arbeidsplassen').check();
    await page.getByLabel('Mappe', { exact: true }).fill(folder);
    await page.getByRole('button', { name: 'Lag batch' }).click();
    await expect(page.getByText(`Batch nr. 1 er skrevet til mappen ${folder}.`)).toBeVisible();
    await expect(page.getByText('Innhold: 1 kurs, 3 deltakere, 3 påmeldinger', { exact: false })).toBeVisible();
    await expectAccessible(page, 'exchange-send');
    await page.getByText(`Batch nr. 1 er skrevet til mappen ${folder}.`).scrollIntoViewIfNeeded();
    await screenshot(page, '71-exchange-sent');
    const first = readdirSync(folder).filter((f) => /nr1\.neokurs(\.minisig)?$/.test(f)).sort();
    expect(first).toHaveLength(2);
    await expect(page.getByText(first[0]!, { exact: true })).toBeVisible();

    // ---- head office: an unknown device, approved by its fingerprint; the preview; taken in ----
    await openExchange(hqPage, 'Importer batch');
    await hqPage.getByLabel('Batchfiler').setInputFiles(first.map((f) => path.join(folder, f)));
    const batch1 = hqPage.getByRole('region', { name: first[0] });
    await expect(batch1).toContainText('Ukjent avsender: Lærer Lund');
    await expect(batch1.locator('.exchange__fingerprint')).toHaveText(laptopFingerprint);
    await batch1.getByRole('button', { name: 'Godkjenn enhet' }).click();
    await expect(batch1).toContainText('Batch nr. 1 · Fra Lærer Lund');
    const table = batch1.getByRole('table', { name: 'Forhåndsvisning: Norsk på arbeidsplassen' });
    await expect(table.getByRole('row', { name: /Deltakere/ }).getByRole('cell')).toHaveText(['3', '0']);
    await expect(table.getByRole('row', { name: /Påmeldinger/ }).getByRole('cell')).toHaveText(['3', '0']);
    await expect(batch1).toContainText('Ingen konflikter.');
    await expectAccessible(hqPage, 'exchange-import-preview');
    await screenshot(hqPage, '72-exchange-import-preview');
    await batch1.getByRole('button', { name: 'Ta inn' }).click();
    await expect(batch1.getByText(/^Tatt inn: \d+ nye, 0 endret, 0 slettet, 0 konflikter\.$/)).toBeVisible();
    await screenshot(hqPage, '73-exchange-imported');

    // The participants are at head office now: search finds them.
    await hqPage.getByRole('button', { name: 'Søk deltaker', exact: true }).click();
    await hqPage.getByLabel('Søk etter deltaker', { exact: true }).pressSequentially('hansen');
    await expect(hqPage.getByRole('button', { name: 'Hansen, Per' })).toBeVisible();

    // ---- the same files again: already imported, nothing changes ----
    await openExchange(hqPage, 'Importer batch');
    await hqPage.getByLabel('Batchfiler').setInputFiles(first.map((f) => path.join(folder, f)));
    const again = hqPage.getByRole('region', { name: first[0] });
    await expect(again).toContainText('Allerede importert');
    await expect(again).toContainText('Denne batchen er allerede importert. Ingenting er endret.');
    await expect(again.getByRole('button', { name: 'Ta inn' })).toHaveCount(0);
    await screenshot(hqPage, '74-exchange-already-imported');

    // ---- head office writes the receipt ----
    await hqPage.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: 'Kvitteringer' }).click();
    const write = hqPage.getByRole('region', { name: 'Skriv kvittering' });
    const pendingRow = write.getByRole('row', { name: /Lærer Lund/ });
    await expect(pendingRow).toContainText('1 batch (nr. 1)');
    await write.getByLabel('Mappe', { exact: true }).fill(folder);
    await pendingRow.getByRole('button', { name: 'Skriv kvittering til Lærer Lund' }).click();
    await expect(write.getByText(/^Kvittering for 1 batch er skrevet: neo-kurs-kvittering-.*\.json og .*\.json\.minisig\. Send begge filene til avsenderen\.$/)).toBeVisible();
    await expect(write).toContainText('Ingen mottatte batcher venter på kvittering.');
    await screenshot(hqPage, '75-exchange-receipt-written');
    const receipt = readdirSync(folder).filter((f) => f.startsWith('neo-kurs-kvittering-'));
    expect(receipt).toHaveLength(2);

    // ---- the laptop imports it: the batch is delivered ----
    await page.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: 'Kvitteringer' }).click();
    const back = page.getByRole('region', { name: 'Importer kvittering' });
    await back.getByLabel('Kvitteringsfiler').setInputFiles(receipt.map((f) => path.join(folder, f)));
    await expect(back.getByText('Levert: batch nr. 1.')).toBeVisible();
    await page.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: 'Historikk' }).click();
    const history = page.getByRole('table', { name: 'Historikk' });
    const sentRow = history.getByRole('row').nth(1);
    await expect(sentRow.getByRole('cell')).toHaveText([
      /^\d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d$/,
      'Sendt',
      'Til Hovedkontoret',
      '1',
      'Norsk på arbeidsplassen',
      /^1 kurs, 3 deltakere, 3 påmeldinger/,
      /^Levert \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d$/,
    ]);
    await expectAccessible(page, 'exchange-history');
    await screenshot(page, '76-exchange-history-delivered');

    // ---- Per Hansen is erased on the laptop; the next batch carries it ----
    ok(await laptop.call('privacy:erase', { participantId: ids.Hansen!, confirmed: true }));
    await page.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: 'Send batch' }).click();
    await page.getByLabel('Norsk på arbeidsplassen').check();
    await page.getByLabel('Mappe', { exact: true }).fill(folder);
    await page.getByRole('button', { name: 'Lag batch' }).click();
    await expect(page.getByText(`Batch nr. 2 er skrevet til mappen ${folder}.`)).toBeVisible();
    await expect(page.getByText(/Innhold: .*1 sletting/)).toBeVisible();
    const second = readdirSync(folder).filter((f) => /nr2\.neokurs(\.minisig)?$/.test(f)).sort();
    expect(second).toHaveLength(2);

    await hqPage.getByRole('navigation', { name: 'Utveksling' }).getByRole('button', { name: 'Importer batch' }).click();
    await hqPage.getByLabel('Batchfiler').setInputFiles(second.map((f) => path.join(folder, f)));
    const batch2 = hqPage.getByRole('region', { name: second[0] });
    await expect(batch2).toContainText('Batch nr. 2 · Fra Lærer Lund');
    await expect(batch2).toContainText('1 person slettes.');
    await screenshot(hqPage, '77-exchange-erasure-preview');
    await batch2.getByRole('button', { name: 'Ta inn' }).click();
    await expect(batch2.getByText(/^Tatt inn: .* 1 slettet/)).toBeVisible();

    // At head office Per Hansen is gone; the others are still there.
    await hqPage.getByRole('button', { name: 'Søk deltaker', exact: true }).click();
    const search = hqPage.getByLabel('Søk etter deltaker', { exact: true });
    await search.pressSequentially('hansen');
    await expect(hqPage.getByText('Ingen deltakere passer søket.')).toBeVisible();
    await search.fill('ødegård');
    await expect(hqPage.getByRole('button', { name: 'Ødegård, Åse' })).toBeVisible();

    await openExchange(hqPage, 'Historikk');
    const hqHistory = hqPage.getByRole('table', { name: 'Historikk' });
    await expect(hqHistory.getByRole('row')).toHaveCount(3);
    await expect(hqHistory.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('Mottatt');
    await expect(hqHistory.getByRole('row').nth(1).getByRole('cell').nth(6)).toHaveText('Venter på kvittering');
    await screenshot(hqPage, '78-exchange-history-head-office');
  } finally {
    // The folder first: closing the second window can fail too, and must not leave the batch files behind.
    rmSync(folder, { recursive: true, force: true });
    await hqWindow.context.close();
  }
});
