import type { Locator, Page } from '@playwright/test';
import type { Harness } from '../harness/server';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * Daily use, in real Chromium against the real core: an overview of a long
 * course on a 1366 px laptop, the roll call by mouse, a lock that keeps the
 * place, and the app in English from its first start, with axe on every screen.
 */

const NOW = '2025-03-04T08:30:00.000Z'; // Tuesday 4 March 2025, 09.30 in Oslo
test.use({ clockAt: NOW });

const PASSPHRASE = 'Morgenkaffe ved Mjøsa 2025';
const PEOPLE: [string, string][] = [
  ['Even', 'Aas'],
  ['Ola', 'Berg'],
  ['Håkon', 'Dahl'],
  ['Liv', 'Haugen'],
  ['Ingrid', 'Løvås'],
  ['Åse', 'Ødegård'],
];

/** A course with the people above; with `weekdays`, sessions 09.00–11.30 on those days. */
async function seedCourse(harness: Harness, { startDate, endDate, weekdays }: { startDate: string; endDate: string; weekdays: (1 | 2 | 3 | 4 | 5)[] }) {
  const course = ok(
    await harness.core.call('courses:create', {
      name: 'Helsefagarbeider, kveld',
      type: 'fagbrev',
      place: 'Hamar',
      startDate,
      endDate,
      plannedHours: 150,
      teacher: 'Lærer Lund',
      description: 'Forberedelse til fagprøven.',
      learningGoals: 'Deltakeren kjenner fagets teori og praksis.',
      status: 'running',
    }),
  );
  const ids: Record<string, string> = {};
  for (const [firstName, lastName] of PEOPLE) {
    const p = ok(
      await harness.core.call('participants:register', {
        courseId: course.id,
        participant: {
          firstName,
          lastName,
          birthDate: '1984-10-02',
          mobile: '41234567',
          gender: 'unspecified',
          address: { street: 'Storgata 1', postalCode: '2317', city: 'Hamar' },
          consent: { keepAfterCourse: false },
        },
        enrollment: { source: 'teacher' },
      }),
    );
    ids[lastName] = p.participantId;
  }
  const plan = ok(await harness.core.call('sessions:generate', { courseId: course.id, weekdays, startTime: '09:00', endTime: '11:30' }));
  return { course, ids, plan };
}

async function unlock(page: Page) {
  await page.getByLabel('Navn', { exact: true }).fill('Lærer Lund');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await expectAccessible(page, 'unlock');
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
}

/** Where an element is on the screen, and whether it is what the screen shows there (not covered by another). */
async function placeOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not rendered');
  const onTop = await locator.evaluate(
    (el: PageElement, point) => el.contains(el.ownerDocument.elementFromPoint(point.x, point.y)),
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
  return { left: Math.round(box.x), right: Math.round(box.x + box.width), onTop };
}

test.describe('on a 1366 × 768 laptop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the overview of a 60-session course shows names, hours, rate and requirement without sideways scrolling', async ({ page, harness }) => {
    await page.clock.setFixedTime(new Date(NOW));
    ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Lærer Lund', role: 'teacher' }));
    // Monday to Friday for twelve weeks: 60 sessions, 42 of them held by 4 March. Haugen missed 16 of those.
    const { course, ids, plan } = await seedCourse(harness, { startDate: '2025-01-06', endDate: '2025-03-28', weekdays: [1, 2, 3, 4, 5] });
    expect(plan.sessions).toHaveLength(60);
    const held = plan.sessions.filter((s) => s.date <= '2025-03-04');
    for (const session of held) ok(await harness.core.call('attendance:markAllPresent', { sessionId: session.id }));
    for (const session of held.slice(0, 16)) {
      ok(await harness.core.call('attendance:mark', { sessionId: session.id, participantId: ids.Haugen!, status: 'absent' }));
    }

    await page.goto(harness.appUrl);
    await unlock(page);
    await page.getByRole('button', { name: 'Helsefagarbeider, kveld' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Helsefagarbeider, kveld' })).toBeVisible();
    await page.getByRole('button', { name: 'Oppmøteoversikt', exact: true }).click();
    const matrix = page.getByRole('region', { name: 'Oppmøte per deltaker og økt' });
    await expect(matrix.getByRole('columnheader')).toHaveCount(1 + 60 + 3);

    // The page itself never scrolls sideways; the session columns do, inside the matrix.
    const whole = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return { scroll: g.document.documentElement.scrollWidth, width: g.innerWidth };
    });
    expect(whole.scroll).toBeLessThanOrEqual(whole.width);
    const matrixSize = await matrix.evaluate((el: Scroller) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(matrixSize.scroll).toBeGreaterThan(matrixSize.client);

    const haugen = matrix.getByRole('row', { name: /Haugen, Liv/ });
    const cells = {
      name: haugen.getByRole('rowheader'),
      hours: matrix.getByRole('columnheader', { name: 'Timer', exact: true }),
      rate: matrix.getByRole('columnheader', { name: 'Oppmøte', exact: true }),
      requirement: matrix.getByRole('columnheader', { name: 'Krav', exact: true }),
      haugenRate: haugen.getByRole('cell', { name: '62 %' }),
      haugenFlag: haugen.getByRole('cell', { name: 'Under kravet' }),
    };
    const before: Record<string, Awaited<ReturnType<typeof placeOf>>> = {};
    for (const [key, cell] of Object.entries(cells)) {
      before[key] = await placeOf(cell);
      expect(before[key], `${key} is on screen and not covered`).toMatchObject({ onTop: true });
      expect(before[key].left, key).toBeGreaterThanOrEqual(0);
      expect(before[key].right, key).toBeLessThanOrEqual(1366);
    }
    await screenshot(page, '40-overview-60-sessions');

    // Scrolled to the middle and to the end of the sessions, names and totals stay where they were.
    for (const to of ['middle', 'end'] as const) {
      await matrix.evaluate((el: Scroller, where) => {
        el.scrollLeft = where === 'end' ? el.scrollWidth : el.scrollWidth / 2 - el.clientWidth / 2;
      }, to);
      for (const [key, cell] of Object.entries(cells)) {
        expect(await placeOf(cell), `${key} after scrolling to the ${to}`).toEqual(before[key]);
      }
    }
    const lastSession = matrix.getByRole('columnheader', { name: '28.03.2025' });
    expect(await placeOf(lastSession)).toMatchObject({ onTop: true });
    await screenshot(page, '41-overview-scrolled-to-the-end');
    expect(ok(await harness.core.call('attendance:overview', { courseId: course.id })).rows.find((r) => r.lastName === 'Haugen')?.flag).toBe('below');
  });
});

test('the roll call is marked with the mouse, and a lock brings the teacher back to it with nothing left on the page while locked', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date(NOW));
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Lærer Lund', role: 'teacher' }));
  const { plan } = await seedCourse(harness, { startDate: '2025-02-24', endDate: '2025-03-14', weekdays: [2, 4] });
  const today = plan.sessions.find((s) => s.date === '2025-03-04')!;

  await page.goto(harness.appUrl);
  await unlock(page);
  await page.getByRole('button', { name: 'Helsefagarbeider, kveld' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Helsefagarbeider, kveld' })).toBeVisible();
  // The description and learning goals are headings right under the course name.
  await expectAccessible(page, 'course-page', { alsoRules: ['heading-order'] });
  await page.getByRole('button', { name: 'Økter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Økter' })).toBeVisible();
  await expectAccessible(page, 'sessions', { alsoRules: ['landmark-unique'] });
  await page.getByRole('row', { name: /Tirsdag 04\.03\.2025/ }).getByRole('button', { name: 'Ta opprop' }).click();
  const grid = page.getByRole('grid');
  await expect(grid.getByRole('row')).toHaveCount(1 + PEOPLE.length);

  // A mark, a question or a save changes the text in a row, never where the buttons are:
  // a click that lands while the late question closes must still hit the button under the pointer.
  const markButtons = grid.locator('.markbutton');
  const buttonPlaces = async () => Promise.all((await markButtons.all()).map((button) => button.boundingBox()));
  const placesBefore = await buttonPlaces();

  // One click per person: the row's buttons say what they do.
  for (const name of ['Møtt: Aas, Even', 'Forsinket: Berg, Ola', 'Ikke møtt: Haugen, Liv', 'Gyldig fravær: Løvås, Ingrid']) {
    await page.getByRole('button', { name, exact: true }).click();
    expect(await buttonPlaces()).toEqual(placesBefore);
    // A late mark asks how many hours first; the next click saves them.
    if (name.startsWith('Forsinket')) await page.getByLabel('Timer til stede for Berg, Ola (forsinket; økten har 2,5 timer)').fill('2');
  }
  expect(await buttonPlaces()).toEqual(placesBefore);
  await expect(page.getByText(/Alt er lagret/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Forsinket: Berg, Ola', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Møtt: Berg, Ola', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(grid.getByRole('row', { name: /^Berg, Ola/ })).toContainText('Forsinket');
  await screenshot(page, '42-roll-call-by-mouse');
  const roll = ok(await harness.core.call('attendance:roll', { sessionId: today.id }));
  expect(Object.fromEntries(roll.rows.map((r) => [r.lastName, r.status]))).toEqual({
    Aas: 'present',
    Berg: 'late',
    Dahl: null,
    Haugen: 'absent',
    Løvås: 'excused',
    Ødegård: null,
  });

  // Lock: the unlock screen, and not a name or a course left on the page.
  await page.getByRole('button', { name: 'Lås', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Lås opp' })).toBeVisible();
  expect(harness.core.isUnlocked).toBe(false);
  const body = await page.locator('body').innerText();
  for (const text of ['Aas', 'Berg', 'Haugen', 'Helsefagarbeider', 'Lærer Lund']) expect(body).not.toContain(text);
  await screenshot(page, '43-locked');

  // Unlock: back on the same roll call, read again from the core.
  await unlock(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Opprop' })).toBeVisible();
  await expect(page.getByText('Tirsdag 04.03.2025 · 09.00–11.30 · 2,5 timer')).toBeVisible();
  await expect(grid.getByRole('row', { name: /^Berg, Ola/ })).toContainText('Forsinket');
  await expect(grid.getByRole('row', { name: /^Løvås, Ingrid/ })).toContainText('Gyldig fravær');
  await screenshot(page, '44-unlocked-back-on-the-roll-call');

  // Screens the other flows do not visit.
  await page.getByRole('button', { name: 'Innstillinger', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Innstillinger' })).toBeVisible();
  await expectAccessible(page, 'settings');
  await page.getByRole('button', { name: 'Rediger tilbyder' }).click();
  await expect(page.getByLabel('Navn på tilbyder', { exact: true })).toBeVisible();
  await expectAccessible(page, 'provider');
  await page.getByRole('button', { name: 'Søk deltaker', exact: true }).click();
  await expectAccessible(page, 'search-empty');
});

test('in English from the first start: the setup screen offers the language, and the roll call and overview speak it', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto(harness.appUrl);
  await page.getByLabel('Språk (language)', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Neo Kurs' })).toBeVisible();
  await page.getByLabel('Your name', { exact: true }).fill('Tove Teacher');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase', { exact: true }).fill(PASSPHRASE);
  await screenshot(page, '45-first-run-in-english');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByLabel('I have written down the recovery code and put it in a safe place.').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
  expect(ok(await harness.core.call('settings:get', {}))).toMatchObject({ language: 'en' });

  const { course, plan } = await seedCourse(harness, { startDate: '2025-02-24', endDate: '2025-03-14', weekdays: [2, 4] });
  // Two earlier sessions, taken on paper; Dahl stayed 2 of the 2.5 hours in one.
  for (const session of plan.sessions.filter((s) => s.date < '2025-03-04')) {
    ok(await harness.core.call('attendance:markAllPresent', { sessionId: session.id }));
  }
  const dahl = ok(await harness.core.call('participants:search', { query: 'Dahl' }))[0]!;
  ok(await harness.core.call('attendance:mark', { sessionId: plan.sessions[0]!.id, participantId: dahl.participantId, status: 'late', hours: 2 }));

  // Away and back, so the course list is read again with the course made meanwhile.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectAccessible(page, 'settings-in-english');
  await page.getByRole('button', { name: 'Courses', exact: true }).click();
  await page.getByRole('button', { name: 'Helsefagarbeider, kveld' }).click();
  await expect(page.getByText('150 hours')).toBeVisible();
  await expectAccessible(page, 'course-page-in-english', { alsoRules: ['heading-order'] });
  await page.getByRole('button', { name: 'Roll call', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roll call' })).toBeVisible();
  await expect(page.getByText('Tuesday 04.03.2025 · 09:00–11:30 · 2.5 hours')).toBeVisible();
  const keys = page.getByRole('complementary', { name: 'Keys' });
  for (const [key, label] of [['P', 'present'], ['A', 'absent'], ['L', 'late'], ['E', 'excused absence'], ['R', 'the rest present']]) {
    await expect(keys.getByText(`${key} ${label}`, { exact: true })).toBeVisible();
  }

  // P, A, E for the first three, R for the rest; then L for Haugen, who came late.
  for (const key of ['p', 'a', 'e', 'r']) await page.keyboard.press(key);
  await expect(page.getByText('6 of 6 recorded')).toBeVisible();
  await page.getByRole('grid').getByRole('row', { name: /^Haugen, Liv/ }).focus();
  await page.keyboard.press('l');
  // Late asks how many hours first (in English decimals), and is saved with them.
  await expect(page.getByLabel('Hours present for Haugen, Liv (late; the session has 2.5 hours)')).toBeFocused();
  await page.keyboard.type('1.5');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('grid').getByRole('row', { name: /^Haugen, Liv/ })).toContainText('Late');
  await expect(page.getByText(/^Everything is saved \(\d\d:\d\d\)\.$/)).toBeVisible();
  await screenshot(page, '46-roll-call-in-english');
  const today = plan.sessions.find((s) => s.date === '2025-03-04')!;
  const roll = ok(await harness.core.call('attendance:roll', { sessionId: today.id }));
  expect(Object.fromEntries(roll.rows.map((r) => [r.lastName, r.status]))).toEqual({
    Aas: 'present',
    Berg: 'absent',
    Dahl: 'excused',
    Haugen: 'late',
    Løvås: 'present',
    Ødegård: 'present',
  });

  await page.getByRole('button', { name: 'Attendance overview' }).click();
  await expect(page.getByText('Required: 75%')).toBeVisible();
  await expect(page.getByText('Hours held so far: 7.5')).toBeVisible();
  const matrix = page.getByRole('region', { name: 'Attendance per participant and session' });
  // Dahl: 2 + 2.5 of 7.5 hours.
  await expect(matrix.getByRole('row', { name: /Dahl, Håkon/ })).toContainText('4.5');
  await expect(matrix.getByRole('row', { name: /Dahl, Håkon/ })).toContainText('60%');
  await screenshot(page, '47-overview-in-english');
  expect(ok(await harness.core.call('courses:get', { id: course.id })).plannedHours).toBe(150);
});

/**
 * What the in-page functions above touch, typed here: the e2e specs are
 * type-checked as Node code, without the DOM library.
 */
interface PageGlobals {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

interface Scroller {
  scrollWidth: number;
  clientWidth: number;
  scrollLeft: number;
}

interface PageElement {
  contains: (other: unknown) => boolean;
  ownerDocument: { elementFromPoint: (x: number, y: number) => unknown };
}
