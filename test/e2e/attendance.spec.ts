import type { Page } from '@playwright/test';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * A teacher's course day, in real Chromium against the real core: sessions from
 * a weekly pattern, a 12-person roll call by keyboard only, a restart, sign-off,
 * a change with a reason, and the overview's warning.
 */

const NOW = '2025-04-15T08:30:00.000Z'; // Tuesday 15 April 2025, 10.30 in Oslo
test.use({ clockAt: NOW });

const PASSPHRASE = 'Nordlys over Lofoten 2025';
const PEOPLE: [string, string][] = [
  ['Even', 'Aas'],
  ['Ola', 'Berg'],
  ['Håkon', 'Dahl'],
  ['Per', 'Hansen'],
  ['Liv', 'Haugen'],
  ['Tone', 'Lie'],
  ['Ingrid', 'Løvås'],
  ['Geir', 'Moe'],
  ['Kari', 'Nordmann'],
  ['Sigrid', 'Strøm'],
  ['Bjørn', 'Æsland'],
  ['Åse', 'Ødegård'],
];

async function unlock(page: Page) {
  await page.getByLabel('Navn', { exact: true }).fill('Lærer Lund');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await expectAccessible(page, 'unlock');
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();
}

test('roll call by keyboard survives a restart, is signed off, changed with a reason, and the overview flags low attendance', async ({
  page,
  harness,
}) => {
  await page.clock.setFixedTime(new Date(NOW));
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Lærer Lund', role: 'teacher' }));
  const course = ok(
    await harness.core.call('courses:create', {
      name: 'Grunnleggende norsk',
      type: 'other',
      place: 'Tromsø',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 22.5,
      teacher: 'Lærer Lund',
      status: 'running',
    }),
  );
  for (const [firstName, lastName] of PEOPLE) {
    ok(
      await harness.core.call('participants:register', {
        courseId: course.id,
        participant: { firstName, lastName, birthDate: '1988-02-29', mobile: '98765432', gender: 'unspecified', consent: { keepAfterCourse: false } },
        enrollment: { source: 'teacher' },
      }),
    );
  }

  await page.goto(harness.appUrl);
  await unlock(page);
  await page.getByRole('button', { name: 'Grunnleggende norsk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Grunnleggende norsk' })).toBeVisible();
  await expectAccessible(page, 'course-page');

  // 1. Sessions from a weekly pattern: Tuesdays and Thursdays 09.00–11.30.
  await page.getByRole('button', { name: 'Økter', exact: true }).click();
  const pattern = page.getByRole('form', { name: 'Lag økter fra ukemønster' });
  await pattern.getByLabel('Tirsdag').check();
  await pattern.getByLabel('Torsdag').check();
  await pattern.getByLabel('Fra kl.').fill('09.00');
  await pattern.getByLabel('Til kl.').fill('11.30');
  await pattern.getByRole('button', { name: 'Lag økter' }).click();
  await expect(page.getByText('9 nye økter er laget.')).toBeVisible();
  await screenshot(page, '20-sessions-from-pattern');
  const plan = ok(await harness.core.call('sessions:list', { courseId: course.id }));
  expect(plan.sessions).toHaveLength(9);
  expect(plan.sessionHours).toBe(22.5);

  // Earlier sessions (1, 3, 8 and 10 April) were taken on paper: everyone present, but Haugen missed two.
  const held = plan.sessions.filter((s) => s.date < '2025-04-15');
  const haugen = ok(await harness.core.call('participants:search', { query: 'Haugen' }))[0]!;
  for (const session of held) ok(await harness.core.call('attendance:markAllPresent', { sessionId: session.id }));
  for (const session of held.slice(0, 2)) {
    ok(await harness.core.call('attendance:mark', { sessionId: session.id, participantId: haugen.participantId, status: 'absent' }));
  }
  const today = plan.sessions.find((s) => s.date === '2025-04-15')!;

  // 2. Today's roll call, by keyboard only. Rows are in Norwegian alphabetical order.
  await page.getByRole('button', { name: 'Tilbake til kurset' }).click();
  await page.getByRole('button', { name: 'Opprop', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Opprop' })).toBeVisible();
  const grid = page.getByRole('grid');
  await expect(grid.getByRole('row')).toHaveCount(13); // the header row and 12 participants
  await page.keyboard.press('m');
  // Berg came late and stayed 1.5 hours: F goes straight to the hours, which are saved with the mark.
  await page.keyboard.press('f');
  const bergHours = page.getByLabel('Timer til stede for Berg, Ola (forsinket; økten har 2,5 timer)');
  await expect(bergHours).toBeFocused();
  await expect(grid.getByRole('row', { name: /^Berg, Ola/ })).toContainText('Forsinket: timer?');
  await screenshot(page, '21a-late-asks-for-hours');
  await page.keyboard.type('1.5');
  await page.keyboard.press('Enter');
  for (const key of ['m', 'm', 'i', 'm', 'g', 'm', 'm', 'm', 'm', 'm']) await page.keyboard.press(key);
  await expect(page.getByText(/Alt er lagret/)).toBeVisible();
  await expect(page.getByText('12 av 12 registrert')).toBeVisible();
  await screenshot(page, '21-roll-call-by-keyboard');

  const expected = { Aas: 'present', Berg: 'late', Dahl: 'present', Hansen: 'present', Haugen: 'absent', Lie: 'present', Løvås: 'excused' };
  const rollNow = ok(await harness.core.call('attendance:roll', { sessionId: today.id }));
  for (const [lastName, status] of Object.entries(expected)) {
    expect(rollNow.rows.find((r) => r.lastName === lastName)?.status, lastName).toBe(status);
  }
  expect(rollNow.rows.find((r) => r.lastName === 'Berg')?.hours).toBe(1.5);
  expect(rollNow.rows.every((r) => r.status !== null)).toBe(true);

  // 3. A restart: reload, unlock, and every mark is there.
  await page.reload();
  await unlock(page);
  await page.getByRole('button', { name: 'Grunnleggende norsk' }).click();
  await page.getByRole('button', { name: 'Opprop', exact: true }).click();
  await expect(page.getByText('12 av 12 registrert')).toBeVisible();
  await expect(grid.getByRole('row', { name: /^Berg, Ola/ })).toContainText('Forsinket');
  await expect(grid.getByRole('row', { name: /^Haugen, Liv/ })).toContainText('Ikke møtt');
  await expect(grid.getByRole('row', { name: /^Løvås, Ingrid/ })).toContainText('Gyldig fravær');

  // 4. Sign off, then change a mark: a reason is required and kept.
  await page.getByRole('button', { name: 'Signer oppmøtelisten' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Signer', exact: true }).click();
  await expect(page.getByText(/^Signert \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d/)).toBeVisible();
  await grid.getByRole('row', { name: /^Haugen, Liv/ }).focus();
  await page.keyboard.press('g');
  const reasonDialog = page.getByRole('dialog', { name: 'Endre en signert oppmøteliste' });
  await expect(reasonDialog).toBeVisible();
  await reasonDialog.getByLabel('Begrunnelse for endringen').fill('Legeerklæring levert');
  await screenshot(page, '22-change-after-sign-off');
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('row', { name: /^Haugen, Liv/ })).toContainText('Gyldig fravær');
  const signed = ok(await harness.core.call('attendance:roll', { sessionId: today.id }));
  expect(signed.session.signedOffAt).not.toBeNull();
  expect(signed.rows.find((r) => r.lastName === 'Haugen')?.status).toBe('excused');

  // 5. The overview flags Haugen: 7.5 of 12.5 hours held = 60 %, below the 75 % requirement.
  await page.getByRole('button', { name: 'Alle økter' }).click();
  await page.getByRole('button', { name: 'Oppmøteoversikt', exact: true }).click();
  await expect(page.getByText('Krav: 75 %')).toBeVisible();
  const matrix = page.getByRole('region', { name: 'Oppmøte per deltaker og økt' });
  await expect(matrix.getByRole('row', { name: /Haugen, Liv/ })).toContainText('Under kravet');
  await expect(matrix.getByRole('row', { name: /Hansen, Per/ })).not.toContainText('kravet');
  await screenshot(page, '23-overview-flags-low-attendance');
});
