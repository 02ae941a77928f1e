import type { Page } from '@playwright/test';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * Staff accounts and roles on one installation, in real Chromium against the
 * real core: the first account (always a coordinator) is made at first start
 * and shown its recovery code once; the coordinator adds a teacher and gives
 * her one course; the teacher unlocks by name, takes the roll call, and is
 * offered neither certificates, Personvern nor the other course, while calls
 * crafted in the page through window.neo are refused (or filtered) by the
 * core; the coordinator forgets her passphrase and gets back in with the
 * recovery code, and the teacher is told at her next unlock that it was used.
 */

const NOW = '2025-04-15T08:30:00.000Z'; // Tuesday 15 April 2025, 10.30 in Oslo
test.use({ clockAt: NOW });

const COORDINATOR = 'Kari Koordinator';
const COORDINATOR_PASSPHRASE = 'Fjellvann om morgenen 2026';
const COORDINATOR_NEW_PASSPHRASE = 'Multebær på myra i august';
const TEACHER = 'Tove Vikar';
const TEACHER_PASSPHRASE = 'Nordlys over Lofoten 2025';
const COURSE_A = 'Grunnleggende norsk';
const COURSE_B = 'Fagbrev i helsearbeiderfaget';
const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: 'Du har ikke tilgang til dette. Spør en koordinator.' } };

async function unlockAs(page: Page, name: string, passphrase: string) {
  await expect(page.getByRole('heading', { name: 'Lås opp Neo Kurs' })).toBeVisible();
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Passordfrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.locator('.header__staff')).toContainText(name);
  await openCourseList(page);
}

/** The app reopens where it was before the lock; the tests start from the course list. */
async function openCourseList(page: Page) {
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Kurs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();
}

async function lock(page: Page) {
  await page.getByRole('button', { name: 'Lås', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Lås opp Neo Kurs' })).toBeVisible();
}

test('a coordinator adds a teacher and gives her a course; the teacher takes the roll call and reaches nothing else; the coordinator recovers with the recovery code', async ({
  page,
  harness,
}) => {
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto(harness.appUrl);

  // 1. First start: the first account is the coordinator's, and the recovery code is shown once.
  await expect(page.getByRole('heading', { name: 'Velkommen til Neo Kurs' })).toBeVisible();
  await expect(page.getByText('Du blir koordinator: du kan legge til flere brukere under Innstillinger.')).toBeVisible();
  await page.getByLabel('Ditt navn', { exact: true }).fill(COORDINATOR);
  await page.getByLabel('Passordfrase', { exact: true }).fill(COORDINATOR_PASSPHRASE);
  await page.getByLabel('Gjenta passordfrase', { exact: true }).fill(COORDINATOR_PASSPHRASE);
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('heading', { name: 'Gjenopprettingskode' })).toBeVisible();
  const codeOnScreen = page.getByTestId('recovery-code');
  await expect(codeOnScreen).toHaveText(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  const recoveryCode = (await codeOnScreen.textContent())!.trim();

  // Two courses, seeded as the coordinator (the vault is open behind the recovery code screen).
  const courseA = ok(
    await harness.core.call('courses:create', {
      name: COURSE_A,
      type: 'other',
      place: 'Tromsø',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 22.5,
      teacher: TEACHER,
      status: 'running',
    }),
  );
  const courseB = ok(
    await harness.core.call('courses:create', {
      name: COURSE_B,
      type: 'other',
      place: 'Bodø',
      startDate: '2025-04-01',
      endDate: '2025-05-30',
      plannedHours: 40,
      teacher: COORDINATOR,
      status: 'running',
    }),
  );
  const register = async (courseId: string, firstName: string, lastName: string) =>
    ok(
      await harness.core.call('participants:register', {
        courseId,
        participant: { firstName, lastName, birthDate: '1988-02-29', mobile: '98765432', gender: 'unspecified', consent: { keepAfterCourse: false } },
        enrollment: { source: 'teacher' },
      }),
    );
  await register(courseA.id, 'Ola', 'Berg');
  await register(courseA.id, 'Liv', 'Haugen');
  const ase = await register(courseA.id, 'Åse', 'Ødegård');
  const per = await register(courseB.id, 'Per', 'Hansen');
  // Åse is on both courses.
  ok(await harness.core.call('participants:enrollExisting', { courseId: courseB.id, participantId: ase.participantId, enrollment: { source: 'teacher' } }));
  const planA = ok(await harness.core.call('sessions:generate', { courseId: courseA.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' }));
  const planB = ok(await harness.core.call('sessions:generate', { courseId: courseB.id, weekdays: [2], startTime: '12:00', endTime: '15:00' }));
  const todayA = planA.sessions.find((s) => s.date === '2025-04-15')!;
  const todayB = planB.sessions.find((s) => s.date === '2025-04-15')!;
  expect(todayA).toBeTruthy();
  expect(todayB).toBeTruthy();

  await page.getByLabel('Jeg har skrevet ned gjenopprettingskoden og lagt den på et trygt sted.').check();
  await page.getByRole('button', { name: 'Fortsett' }).click();
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();
  await expect(page.locator('.header__staff')).toContainText(`${COORDINATOR} · koordinator`);

  // 2. The coordinator adds a teacher under Innstillinger → Brukere.
  const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
  await nav.getByRole('button', { name: 'Innstillinger', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Brukere', exact: true })).toBeVisible();
  const addForm = page.getByRole('form', { name: 'Legg til bruker' });
  await addForm.getByLabel('Navn', { exact: true }).fill(TEACHER);
  await addForm.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Lærer' });
  await addForm.getByLabel('Brukerens passordfrase', { exact: true }).fill(TEACHER_PASSPHRASE);
  await addForm.getByLabel('Gjenta brukerens passordfrase', { exact: true }).fill(TEACHER_PASSPHRASE);
  await addForm.getByRole('button', { name: 'Legg til bruker' }).click();
  await expect(page.getByText('Brukeren er lagt til.')).toBeVisible();
  const users = page.getByRole('table', { name: 'Brukere' });
  const toveRow = users.getByRole('row').filter({ hasText: TEACHER });
  await expect(toveRow).toHaveCount(1);
  await expect(toveRow.getByLabel('Rolle')).toHaveValue('teacher');
  await expect(users.getByRole('row').filter({ hasText: COORDINATOR })).toContainText('(deg)');
  await screenshot(page, '80-coordinator-adds-teacher');

  // The coordinator gives Tove course A in the course page's Lærere panel.
  await nav.getByRole('button', { name: 'Kurs', exact: true }).click();
  await expect(page.getByRole('button', { name: COURSE_B })).toBeVisible();
  await page.getByRole('button', { name: COURSE_A }).click();
  await expect(page.getByRole('heading', { level: 1, name: COURSE_A })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kursbevis', exact: true })).toBeVisible();
  const teachersPanel = page.getByRole('region', { name: 'Lærere', exact: true });
  await expect(teachersPanel.getByText('Ingen lærere har fått dette kurset ennå.')).toBeVisible();
  await teachersPanel.getByLabel('Legg til lærer').selectOption({ label: TEACHER });
  await teachersPanel.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(teachersPanel.getByRole('list', { name: 'Lærere' }).getByText(TEACHER)).toBeVisible();
  await expect(teachersPanel.getByRole('button', { name: `Fjern ${TEACHER} fra kurset` })).toBeVisible();
  await teachersPanel.scrollIntoViewIfNeeded();
  await screenshot(page, '81-course-teachers');

  // 3. Tove unlocks with her own name and passphrase; she sees course A only.
  await lock(page);
  await unlockAs(page, TEACHER, TEACHER_PASSPHRASE);
  await expect(page.locator('.header__staff')).toContainText(`${TEACHER} · lærer`);
  await expect(page.getByRole('button', { name: COURSE_A })).toBeVisible();
  await expect(page.getByRole('button', { name: COURSE_B })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: /Personvern/ })).toHaveCount(0);
  // Settings are her own language and idle time: no Brukere panel.
  await nav.getByRole('button', { name: 'Innstillinger', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Innstillinger', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Brukere', exact: true })).toHaveCount(0);
  await nav.getByRole('button', { name: 'Kurs', exact: true }).click();

  await page.getByRole('button', { name: COURSE_A }).click();
  await expect(page.getByRole('heading', { level: 1, name: COURSE_A })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Opprop', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kursbevis', exact: true })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lærere', exact: true })).toHaveCount(0);
  await screenshot(page, '83-teacher-view');

  // Today's roll call, by keyboard: Berg present, Haugen absent, Ødegård present.
  await page.getByRole('button', { name: 'Opprop', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Opprop' })).toBeVisible();
  const grid = page.getByRole('grid');
  await expect(grid.getByRole('row')).toHaveCount(4); // the header row and 3 participants
  for (const key of ['m', 'i', 'm']) await page.keyboard.press(key);
  await expect(page.getByText(/Alt er lagret/)).toBeVisible();
  await expect(page.getByText('3 av 3 registrert')).toBeVisible();
  await screenshot(page, '82-teacher-roll-call');
  // Read back through the core, as Tove (the harness calls through the open session).
  const roll = ok(await harness.core.call('attendance:roll', { sessionId: todayA.id }));
  expect(Object.fromEntries(roll.rows.map((r) => [r.lastName, r.status]))).toEqual({ Berg: 'present', Haugen: 'absent', Ødegård: 'present' });

  // 4. What the UI does not offer, crafted by hand in the page through window.neo: refused or filtered by the core.
  const crafted = await page.evaluate(
    async ({ courseA, courseB, sessionB, per, ase }) => {
      const neo = (globalThis as unknown as { neo: Record<string, Record<string, (input: unknown) => Promise<unknown>>> }).neo;
      return {
        batch: await neo.certificates!.startBatch!({ courseId: courseA, items: [{ participantId: ase }], output: { kind: 'combined' } }),
        eligibility: await neo.certificates!.eligibility!({ courseId: courseA }),
        otherCourse: await neo.courses!.get!({ id: courseB }),
        otherList: await neo.participants!.listByCourse!({ courseId: courseB }),
        otherPerson: await neo.participants!.get!({ courseId: courseB, participantId: per }),
        otherRoll: await neo.attendance!.roll!({ sessionId: sessionB }),
        otherMark: await neo.attendance!.mark!({ sessionId: sessionB, participantId: ase, status: 'present' }),
        assignSelf: await neo.courses!.assignTeacher!({ courseId: courseB, accountId: '00000000-0000-4000-8000-000000000000' }),
        accounts: await neo.accounts!.list!({}),
        courses: await neo.courses!.list!({}),
        searchHansen: await neo.participants!.search!({ query: 'Hansen' }),
        searchAse: await neo.participants!.search!({ query: 'Ødegård' }),
      };
    },
    { courseA: courseA.id, courseB: courseB.id, sessionB: todayB.id, per: per.participantId, ase: ase.participantId },
  );
  expect(crafted.batch).toEqual(FORBIDDEN);
  expect(crafted.eligibility).toEqual(FORBIDDEN);
  expect(crafted.otherCourse).toEqual(FORBIDDEN);
  expect(crafted.otherList).toEqual(FORBIDDEN);
  expect(crafted.otherPerson).toEqual(FORBIDDEN);
  expect(crafted.otherRoll).toEqual(FORBIDDEN);
  expect(crafted.otherMark).toEqual(FORBIDDEN);
  expect(crafted.assignSelf).toEqual(FORBIDDEN);
  expect(crafted.accounts).toEqual(FORBIDDEN);
  // Lists answer with her course only: no course B, nobody only on course B, and Åse's course B left out.
  const courses = crafted.courses as { ok: true; value: { id: string }[] };
  expect(courses.ok).toBe(true);
  expect(courses.value.map((c) => c.id)).toEqual([courseA.id]);
  expect(crafted.searchHansen).toEqual({ ok: true, value: [] });
  const searchAse = crafted.searchAse as { ok: true; value: { participantId: string; courses: { id: string }[] }[] };
  expect(searchAse.ok).toBe(true);
  expect(searchAse.value.map((hit) => hit.participantId)).toEqual([ase.participantId]);
  expect(searchAse.value[0]!.courses.map((c) => c.id)).toEqual([courseA.id]);

  // 5. Kari has forgotten her passphrase: the recovery code from the first start lets her in with a new one.
  await lock(page);
  await page.getByRole('button', { name: 'Bruk gjenopprettingskode' }).click();
  await expect(page.getByRole('heading', { name: 'Bruk gjenopprettingskoden' })).toBeVisible();
  await page.getByLabel('Gjenopprettingskode', { exact: true }).fill(recoveryCode);
  await page.getByLabel('Koordinatorens navn (valgfritt)', { exact: true }).fill(COORDINATOR);
  await page.getByLabel('Ny passordfrase', { exact: true }).fill(COORDINATOR_NEW_PASSPHRASE);
  await page.getByLabel('Gjenta ny passordfrase', { exact: true }).fill(COORDINATOR_NEW_PASSPHRASE);
  await expectAccessible(page, 'recover');
  await page.getByRole('button', { name: 'Gjenopprett tilgang' }).click();
  await expect(page.locator('.header__staff')).toContainText(`${COORDINATOR} · koordinator`);
  await openCourseList(page);
  await expect(page.getByRole('button', { name: COURSE_B })).toBeVisible();

  // The old passphrase no longer opens; the new one does.
  await lock(page);
  await page.getByLabel('Navn', { exact: true }).fill(COORDINATOR);
  await page.getByLabel('Passordfrase', { exact: true }).fill(COORDINATOR_PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByText('Feil navn eller passordfrase. Prøv igjen.')).toBeVisible();
  await page.getByLabel('Passordfrase', { exact: true }).fill(COORDINATOR_NEW_PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.locator('.header__staff')).toContainText(`${COORDINATOR} · koordinator`);
  await openCourseList(page);
  await expect(page.getByRole('button', { name: COURSE_A })).toBeVisible();
  await expect(page.getByRole('button', { name: COURSE_B })).toBeVisible();
  // She used the code herself: no notice for her.
  await expect(page.getByText(/Gjenopprettingskoden ble brukt/)).toHaveCount(0);
  await screenshot(page, '84-recovered');

  // Tove is told at her next unlock that the recovery code was used, once.
  await lock(page);
  await unlockAs(page, TEACHER, TEACHER_PASSPHRASE);
  await expect(page.getByText('Gjenopprettingskoden ble brukt 15.04.2025 kl. 10.30. Var det ikke en koordinator hos dere, si fra til en koordinator.')).toBeVisible();
  await screenshot(page, '85-recovery-notice');
  await lock(page);
  await unlockAs(page, TEACHER, TEACHER_PASSPHRASE);
  await expect(page.getByText(/Gjenopprettingskoden ble brukt/)).toHaveCount(0);
});
