import type { Page } from '@playwright/test';
import type { Harness } from '../harness/server';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * The participant lifecycle in real Chromium against the real core: a
 * withdrawal that takes the person out of later roll calls and leaves them in
 * earlier ones, a duplicate record merged into one, and a request recorded on
 * the person's page that shows up as due on the Forespørsler screen.
 */

const NOW = '2025-04-16T08:00:00.000Z'; // Wednesday 16 April 2025, 10.00 in Oslo
test.use({ clockAt: NOW });

const PASSPHRASE = 'Påskefjellet ved Beitostølen';
const PEOPLE: [firstName: string, lastName: string, email: string][] = [
  ['Ola', 'Berg', 'ola.berg@jobb.no'],
  ['Per', 'Hansen', 'per.hansen@jobb.no'],
  ['Kari', 'Nordmann', 'kari.nordmann@jobb.no'],
  ['Åse', 'Ødegård', 'aase.odegaard@jobb.no'],
];

/** A running course (Tuesdays and Thursdays in April and May) whose sessions before today were all present, and Kari's duplicate on another course. */
async function seed(harness: Harness) {
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Koordinator Kvam', role: 'coordinator' }));
  const course = ok(
    await harness.core.call('courses:create', {
      name: 'Norsk for arbeidslivet',
      type: 'other',
      place: 'Lillehammer',
      startDate: '2025-04-01',
      endDate: '2025-05-31',
      plannedHours: 45,
      teacher: 'Lærer Lund',
      status: 'running',
    }),
  );
  const ids: Record<string, string> = {};
  for (const [firstName, lastName, email] of PEOPLE) {
    const p = ok(
      await harness.core.call('participants:register', {
        courseId: course.id,
        participant: {
          firstName,
          lastName,
          birthDate: '1986-11-23',
          email,
          mobile: lastName === 'Nordmann' ? '91234567' : undefined,
          gender: 'unspecified',
          consent: { keepAfterCourse: false },
        },
        enrollment: { source: 'teacher' },
      }),
    );
    ids[lastName] = p.participantId;
  }
  const plan = ok(await harness.core.call('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' }));
  for (const session of plan.sessions.filter((s) => s.date < '2025-04-16')) {
    ok(await harness.core.call('attendance:markAllPresent', { sessionId: session.id }));
  }
  // Kari registered herself for another course with her private e-mail and a misspelt last name.
  const excel = ok(
    await harness.core.call('courses:create', {
      name: 'Excel for nybegynnere',
      type: 'other',
      place: 'Gjøvik',
      startDate: '2025-05-05',
      endDate: '2025-05-30',
      plannedHours: 12,
      teacher: 'Lærer Lund',
      status: 'planned',
    }),
  );
  const duplicate = ok(
    await harness.core.call('participants:register', {
      courseId: excel.id,
      participant: {
        firstName: 'Kari',
        lastName: 'Nordman',
        birthDate: '1986-11-23',
        email: 'kari.nordman@privat.no',
        gender: 'female',
        consent: { keepAfterCourse: true, method: 'form' },
      },
      enrollment: { source: 'self' },
    }),
  );
  return { course, excel, ids, plan, duplicateId: duplicate.participantId };
}

async function unlock(page: Page, harness: Harness) {
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Koordinator Kvam');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();
}

async function openParticipant(page: Page, courseName: string, name: string) {
  await page.getByRole('button', { name: 'Kurs', exact: true }).click();
  await page.getByRole('button', { name: courseName }).click();
  await page.locator('#participant-table').getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rediger deltaker' })).toBeVisible();
}

/** From the course page: the roll call of the session on `date` (dd.mm.åååå). */
async function openRollCall(page: Page, date: string) {
  await page.getByRole('button', { name: 'Økter', exact: true }).click();
  await page.getByRole('row', { name: new RegExp(date.replace(/\./g, '\\.')) }).getByRole('button', { name: 'Ta opprop' }).click();
  await expect(page.getByRole('heading', { name: 'Opprop' })).toBeVisible();
  return page.getByRole('grid');
}

test('withdraw a participant (gone from later roll calls, kept in earlier ones) and merge a duplicate record', async ({ page, harness }) => {
  const { course, excel, ids, duplicateId } = await seed(harness);
  await unlock(page, harness);

  // 1. Withdraw Per Hansen from Thursday 17 April on.
  await openParticipant(page, 'Norsk for arbeidslivet', 'Hansen, Per');
  const panel = page.getByRole('region', { name: 'Deltakelse på kurset' });
  await expect(panel).toContainText('Påmeldt kurset.');
  await panel.getByRole('button', { name: 'Meld av kurset …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Meld av kurset' });
  await expect(dialog.getByLabel('Første dag deltakeren ikke er med')).toHaveValue('16.04.2025');
  // A date after the course, and no reason: both refused, in Norwegian, and nothing saved.
  await dialog.getByLabel('Første dag deltakeren ikke er med').fill('02.06.2025');
  await dialog.getByRole('button', { name: 'Meld av' }).click();
  await expect(dialog.getByText('Velg hvorfor deltakeren sluttet.')).toBeVisible();
  await dialog.getByLabel('Årsak').selectOption({ label: 'Arbeid' });
  await dialog.getByRole('button', { name: 'Meld av' }).click();
  await expect(dialog.getByText('Datoen må ligge i kursperioden.')).toBeVisible();
  await screenshot(page, '50-withdraw-date-outside-course');
  expect(ok(await harness.core.call('participants:get', { courseId: course.id, participantId: ids.Hansen! })).enrollment.withdrawnOn).toBeNull();
  await dialog.getByLabel('Første dag deltakeren ikke er med').fill('17.04.2025');
  await dialog.getByRole('button', { name: 'Meld av' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel).toContainText('Meldt av fra 17.04.2025. Årsak: Arbeid.');
  await expect(panel.getByRole('button', { name: 'Angre avmeldingen' })).toBeVisible();
  await screenshot(page, '51-participant-withdrawn');

  // The course's list marks him.
  await page.getByRole('button', { name: 'Tilbake til kurset' }).click();
  await expect(page.locator('#participant-table').getByRole('row', { name: /Hansen, Per/ })).toContainText('Meldt av 17.04.2025');
  await screenshot(page, '52-course-list-withdrawn-marker');

  // Tuesday 22 April (later): three people, no Hansen.
  let grid = await openRollCall(page, '22.04.2025');
  await expect(grid.getByRole('row')).toHaveCount(4); // the header row and three participants
  await expect(grid.getByRole('row', { name: /^Hansen, Per/ })).toHaveCount(0);
  await screenshot(page, '53-later-roll-call-without-the-withdrawn');

  // Tuesday 15 April (earlier): Hansen is there, present, marked as withdrawn from the 17th.
  await page.getByRole('button', { name: 'Alle økter' }).click();
  await page.getByRole('row', { name: /15\.04\.2025/ }).getByRole('button', { name: 'Ta opprop' }).click();
  grid = page.getByRole('grid');
  await expect(grid.getByRole('row')).toHaveCount(5);
  const hansen = grid.getByRole('row', { name: /^Hansen, Per/ });
  await expect(hansen).toContainText('Møtt');
  await expect(hansen).toContainText('Meldt av 17.04.2025');
  await screenshot(page, '54-earlier-roll-call-keeps-the-withdrawn');

  // 2. Merge Kari's duplicate into her record, taking the private e-mail and the gender from it.
  await openParticipant(page, 'Norsk for arbeidslivet', 'Nordmann, Kari');
  await page.getByRole('button', { name: 'Slå sammen med en annen registrering …' }).click();
  const merge = page.getByRole('dialog', { name: 'Slå sammen to registreringer av samme person' });
  await merge.getByLabel('Søk etter den andre registreringen').fill('Nordman');
  const hits = merge.getByRole('region', { name: 'Treff' });
  await expect(hits.getByText('Nordman, Kari')).toBeVisible();
  await expect(hits.getByText('Nordmann, Kari')).toHaveCount(0); // never the record itself
  await hits.getByRole('button', { name: 'Velg Nordman, Kari' }).click();
  await expect(merge.getByRole('group', { name: 'E-post' })).toBeVisible();
  await expect(merge.getByRole('group', { name: 'Navn' })).toBeVisible();
  await expect(merge.getByRole('group', { name: 'Fødselsdato' })).toHaveCount(0); // the same in both
  await merge.getByRole('group', { name: 'E-post' }).getByLabel(/Den andre registreringen/).check();
  await merge.getByRole('group', { name: 'Kjønn' }).getByLabel(/Den andre registreringen/).check();
  await expect(merge).toContainText('Kurs som flyttes hit: Excel for nybegynnere');
  await screenshot(page, '55-merge-preview');
  await merge.getByRole('button', { name: 'Slå sammen', exact: true }).click();
  await expect(merge).toBeHidden();
  await expect(page.getByText('Registreringene er slått sammen.')).toBeVisible();
  // The form shows the values kept, the consent moved with the record.
  await expect(page.getByLabel('E-post')).toHaveValue('kari.nordman@privat.no');
  await expect(page.getByLabel('Etternavn')).toHaveValue('Nordmann');
  await expect(page.getByRole('region', { name: 'Samtykkehistorikk' })).toContainText('Samtykke gitt (på påmeldingsskjema)');
  await screenshot(page, '56-merged');

  const hitsAfter = ok(await harness.core.call('participants:search', { query: 'Kari' }));
  expect(hitsAfter).toHaveLength(1);
  expect(hitsAfter[0]!.participantId).toBe(ids.Nordmann);
  expect(hitsAfter[0]!.courses.map((c) => c.name)).toEqual(['Norsk for arbeidslivet', 'Excel for nybegynnere']);
  expect(ok(await harness.core.call('participants:listByCourse', { courseId: excel.id })).map((p) => p.participantId)).toEqual([ids.Nordmann]);
  const gone = await harness.core.call('participants:mergePreview', { keepId: ids.Nordmann!, mergeId: duplicateId });
  expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
});

test('a request recorded on the person’s page is due on the Forespørsler screen, and restricts the person until it is closed', async ({
  page,
  harness,
}) => {
  const { course, ids } = await seed(harness);
  await unlock(page, harness);
  // No badge while nothing is due.
  await expect(page.getByRole('button', { name: 'Personvern', exact: true })).toBeVisible();

  await openParticipant(page, 'Norsk for arbeidslivet', 'Berg, Ola');
  const requests = page.getByRole('region', { name: 'Forespørsler fra personen' });
  await expect(requests).toContainText('Ingen forespørsler fra personen.');
  // Nothing chosen: refused at the fields.
  await requests.getByRole('button', { name: 'Registrer forespørselen' }).click();
  await expect(requests.getByText('Må fylles ut.')).toHaveCount(2);
  // A letter received 20 March asking to restrict processing: due 19 April, within a week.
  await requests.getByLabel('Type forespørsel').selectOption({ label: 'Begrensning' });
  await requests.getByLabel('Kom inn via').selectOption({ label: 'Brev' });
  await requests.getByLabel('Mottatt').fill('20.03.2025');
  await requests.getByLabel('Hva ble bedt om (valgfritt)').fill('Vil ikke stå på lister som sendes ut.');
  await requests.getByRole('button', { name: 'Registrer forespørselen' }).click();
  await expect(requests.getByText('Forespørselen er registrert. Fristen er 19.04.2025.')).toBeVisible();
  await expect(requests.getByRole('table', { name: 'Forespørsler' })).toContainText('Snart frist');
  await expect(page.getByRole('region', { name: 'Deltakelse på kurset' })).toContainText('Behandlingen er begrenset');
  await expect(page.getByRole('button', { name: /^Personvern/ })).toContainText('1');
  await screenshot(page, '57-request-recorded');

  // The roll call still works, and marks the row.
  await page.getByRole('button', { name: 'Tilbake til kurset' }).click();
  const grid = await openRollCall(page, '17.04.2025');
  await expect(grid.getByRole('row', { name: /^Berg, Ola/ })).toContainText('Begrenset');
  await screenshot(page, '58-roll-call-restricted');

  // Forespørsler: the summary and the row, due soon.
  await page.getByRole('button', { name: /^Personvern/ }).click();
  await page.getByRole('button', { name: 'Forespørsler' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forespørsler' })).toBeVisible();
  await expect(page.getByText('1 åpen · 1 med frist innen en uke · 0 over fristen')).toBeVisible();
  const row = page.getByRole('table', { name: 'Forespørsler' }).getByRole('row', { name: /Berg, Ola/ });
  await expect(row).toContainText('Begrensning');
  await expect(row).toContainText('19.04.2025');
  await expect(row).toContainText('Snart frist');
  await screenshot(page, '59-requests-due');

  // Completed: the person is no longer restricted, and the badge goes.
  await row.getByRole('button', { name: 'Fullfør …' }).click();
  const resolve = page.getByRole('dialog', { name: 'Fullføre forespørselen?' });
  await resolve.getByLabel('Hva ble gjort (valgfritt)').fill('Tatt ut av lister til saken er avklart.');
  await resolve.getByRole('button', { name: 'Marker som fullført' }).click();
  await expect(resolve).toBeHidden();
  await expect(page.getByText('Ingen åpne forespørsler.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Personvern', exact: true })).toBeVisible();
  await page.getByLabel('Vis').selectOption({ label: 'Alle' });
  await expect(page.getByRole('table', { name: 'Forespørsler' }).getByRole('row', { name: /Berg, Ola/ })).toContainText('Fullført');
  await expectAccessible(page, 'requests-all');
  expect(ok(await harness.core.call('participants:get', { courseId: course.id, participantId: ids.Berg! })).restricted).toBe(false);
});
