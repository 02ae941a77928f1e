import type { Page } from '@playwright/test';
import { expect, ok, screenshot, test } from './fixtures';

/**
 * People and names (items 14 to 17 of issue 8) in real Chromium against the
 * real core: a name with a bidirectional override is refused in the form, an
 * e-mail domain with Norwegian letters is stored as typed, a near duplicate
 * ("Aase Oedegaard" for "Åse Ødegård", born the same day) is offered as the
 * existing person, and registering someone else works when chosen. Long and
 * right-to-left names neither scroll the page sideways nor reorder it.
 */

const PASSPHRASE = 'Nordlys over Lofoten i mars';

async function fillParticipant(page: Page, p: { first: string; last: string; birth: string; email?: string; mobile?: string }) {
  await page.getByLabel('Fornavn', { exact: true }).fill(p.first);
  await page.getByLabel('Etternavn', { exact: true }).fill(p.last);
  await page.getByLabel('Fødselsdato', { exact: true }).fill(p.birth);
  if (p.email !== undefined) await page.getByLabel('E-post', { exact: true }).fill(p.email);
  if (p.mobile !== undefined) await page.getByLabel('Mobil', { exact: true }).fill(p.mobile);
  await page.getByLabel('Kjønn', { exact: true }).selectOption('female');
}

/** The page's globals this spec reads (the e2e TypeScript project has no DOM types). */
interface PageDom {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  getComputedStyle(element: unknown): { unicodeBidi: string };
}

/** True when the page is wider than the window, so the user would have to scroll sideways. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as PageDom).document;
    return documentElement.scrollWidth > documentElement.clientWidth;
  });

test('names: bidi overrides refused, near duplicates offered, a different person registered by choice, long names wrap', async ({ page, harness }) => {
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  const course = (name: string) => ({
    name,
    type: 'other' as const,
    place: 'Bodø',
    startDate: '2027-01-05',
    endDate: '2027-03-30',
    plannedHours: 30,
    teacher: 'Tove Lærer',
    status: 'running' as const,
  });
  const first = ok(await harness.core.call('courses:create', course('Norsk i arbeidslivet')));
  const second = ok(await harness.core.call('courses:create', course('Digitale ferdigheter')));
  const aase = ok(
    await harness.core.call('participants:register', {
      courseId: first.id,
      participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1980-05-03', mobile: '912 34 567', gender: 'female', consent: { keepAfterCourse: false } },
      enrollment: { source: 'self' },
    }),
  );

  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Digitale ferdigheter' }).click();
  await page.getByRole('button', { name: 'Registrer deltaker' }).click();

  // 1. A last name with a right-to-left override (pasted from somewhere) is refused in the form.
  await fillParticipant(page, { first: 'Kari', last: 'Nord\u202Emann', birth: '14.11.1975', email: 'kari@bøler.no' });
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  const lastName = page.getByLabel('Etternavn', { exact: true });
  await expect(page.getByText(/Teksten har usynlige tegn som snur skriveretningen/)).toBeVisible();
  await expect(lastName).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, '40-name-with-bidi-override-refused');
  expect(ok(await harness.core.call('participants:search', { query: 'kari' }))).toEqual([]);

  // 2. Without it the person is registered, and the e-mail domain with ø is stored as typed.
  await lastName.fill('Nordmann');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  await expect(page.getByText('Deltakeren er registrert.')).toBeVisible();
  const [kari] = ok(await harness.core.call('participants:search', { query: 'Nordmann, Kari' }));
  expect(ok(await harness.core.call('participants:get', { courseId: second.id, participantId: kari!.participantId })).email).toBe('kari@bøler.no');

  // 3. "Aase Oedegaard", born the same day as Åse Ødegård: offered as the existing person.
  await page.getByRole('button', { name: 'Registrer en til' }).click();
  await fillParticipant(page, { first: 'Aase', last: 'Oedegaard', birth: '03.05.1980', mobile: '412 34 567' });
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  const dialog = page.getByRole('dialog', { name: 'Er personen allerede registrert?' });
  await expect(dialog).toBeVisible();
  const offered = dialog.getByRole('group', { name: 'Åse Ødegård' });
  await expect(offered.getByText('Samme fødselsdato og samme navn.')).toBeVisible();
  await expect(offered.getByText('Norsk i arbeidslivet')).toBeVisible();
  await expect(offered.getByRole('button', { name: 'Meld på eksisterende deltaker' })).toBeVisible();
  await screenshot(page, '41-near-duplicate-offered');

  // 4. It is someone else: registered as a new person, by explicit choice.
  await dialog.getByRole('button', { name: 'Det er en annen person – registrer ny' }).click();
  await expect(page.getByText('Deltakeren er registrert.')).toBeVisible();
  const both = ok(await harness.core.call('participants:search', { query: 'aase' }));
  expect(both.map((p) => `${p.firstName} ${p.lastName}`).sort()).toEqual(['Aase Oedegaard', 'Åse Ødegård']);
  expect(both.find((p) => p.firstName === 'Åse')?.participantId).toBe(aase.participantId);

  // 5. A very long name and a right-to-left one: the list wraps, nothing scrolls sideways at 1280 px.
  const longName = `Wolfeschlegelsteinhausenbergerdorff${'ø'.repeat(60)}`;
  for (const [firstName, lastName, mobile] of [
    ['Kari', longName, '413 34 567'],
    ['محمد', 'علي', '414 34 567'],
  ] as const) {
    ok(
      await harness.core.call('participants:register', {
        courseId: second.id,
        participant: { firstName, lastName, birthDate: '1990-01-31', mobile, gender: 'unspecified', consent: { keepAfterCourse: false } },
        enrollment: { source: 'teacher' },
      }),
    );
  }
  await page.getByRole('button', { name: 'Tilbake til kurset' }).click();
  const list = page.getByRole('table');
  await expect(list.getByRole('button', { name: `${longName}, Kari` })).toBeVisible();
  await expect(list.getByRole('button', { name: 'علي, محمد' })).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  // The long name wraps inside its cell, and the right-to-left name is isolated from the comma and cells around it.
  const longCell = list.getByRole('button', { name: `${longName}, Kari` }).locator('.person-name');
  expect((await longCell.boundingBox())!.height).toBeGreaterThan(30);
  const rtl = list.getByRole('button', { name: 'علي, محمد' }).locator('.person-name');
  expect(await rtl.evaluate((el) => (globalThis as unknown as PageDom).getComputedStyle(el).unicodeBidi)).toBe('isolate');
  await screenshot(page, '42-long-and-right-to-left-names');

  await page.getByRole('button', { name: 'Søk deltaker', exact: true }).click();
  await page.getByLabel('Søk etter deltaker', { exact: true }).fill('wolfeschlegel');
  await expect(page.getByText('1 treff')).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
});

test.describe('long names in the attendance screens', () => {
  test.use({ clockAt: '2025-04-15T08:30:00.000Z' }); // Tuesday 15 April 2025, 10.30 in Oslo

  test('the roll call and the overview keep a long name inside the window at 1280 px', async ({ page, harness }) => {
    ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Tove Lærer', role: 'teacher' }));
    const course = ok(
      await harness.core.call('courses:create', {
        name: 'Norsk i arbeidslivet',
        type: 'other',
        place: 'Bodø',
        startDate: '2025-04-01',
        endDate: '2025-05-30',
        plannedHours: 30,
        teacher: 'Tove Lærer',
        status: 'running',
      }),
    );
    const longName = `Wolfeschlegelsteinhausenbergerdorff${'ø'.repeat(60)}`;
    for (const [firstName, lastName, mobile] of [
      ['Kari', longName, '413 34 567'],
      ['محمد', 'علي', '414 34 567'],
      ['Åse', 'Ødegård', '415 34 567'],
    ] as const) {
      ok(
        await harness.core.call('participants:register', {
          courseId: course.id,
          participant: { firstName, lastName, birthDate: '1990-01-31', mobile, gender: 'unspecified', consent: { keepAfterCourse: false } },
          enrollment: { source: 'teacher' },
        }),
      );
    }
    ok(await harness.core.call('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '12:00' }));

    await page.clock.setFixedTime(new Date('2025-04-15T08:30:00.000Z'));
    await page.goto(harness.appUrl);
    await page.getByLabel('Navn', { exact: true }).fill('Tove Lærer');
    await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Norsk i arbeidslivet' }).click();

    await page.getByRole('button', { name: 'Opprop', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Opprop' })).toBeVisible();
    await expect(page.getByRole('grid').getByText(`${longName}, Kari`)).toBeVisible();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, '43-roll-call-long-name');

    await page.getByRole('button', { name: 'Oppmøteoversikt', exact: true }).click();
    await expect(page.getByRole('button', { name: `${longName}, Kari` })).toBeVisible();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, '44-overview-long-name');
  });
});
