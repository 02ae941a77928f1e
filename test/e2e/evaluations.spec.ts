import type { Page } from '@playwright/test';
import { expect, ok, screenshot, test } from './fixtures';

/**
 * Course evaluations (issue 13) in real Chromium against the real core: a
 * teacher starts the kiosk for her course, six participants answer on the
 * laptop, and every way out without her passphrase fails (reload, back,
 * shortcuts, calls crafted in the page, a wrong passphrase); she leaves with
 * it. The coordinator then sees the results with a chart, and a course with
 * four answers shows no results.
 */

const NOW = '2025-06-16T08:30:00.000Z'; // Monday 16 June 2025
test.use({ clockAt: NOW });

const COORDINATOR = 'Kari Koordinator';
const COORDINATOR_PASSPHRASE = 'Fjellvann om morgenen 2026';
const TEACHER = 'Tove Vikar';
const TEACHER_PASSPHRASE = 'Nordlys over Lofoten 2025';
const COURSE = 'Norsk for helsefagarbeidere';
const SMALL_COURSE = 'Digitale ferdigheter';
const PEOPLE = ['Ola Berg', 'Liv Haugen', 'Åse Ødegård', 'Per Hansen', 'Nora Lie', 'Ali Khan', 'Sara Dahl'];

async function unlockAs(page: Page, name: string, passphrase: string) {
  await expect(page.getByRole('heading', { name: 'Lås opp Neo Kurs' })).toBeVisible();
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Passordfrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.locator('.header__staff')).toContainText(name);
}

async function openCourse(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Kurs', exact: true }).click();
  await page.getByRole('link', { name }).or(page.getByRole('button', { name })).first().click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** One participant's page: ratings by touch (click) or keyboard, the recommendation, maybe an open answer, then Send. */
async function answer(page: Page, n: number, byKeyboard = false) {
  const kiosk = page.getByTestId('kiosk');
  await expect(kiosk.getByRole('heading', { name: 'Hva synes du om kurset?' })).toBeVisible();
  const questions = ['innholdet', 'læreren', 'tempoet', 'kursmateriellet', 'jobben'];
  for (const [i, q] of questions.entries()) {
    const group = kiosk.getByRole('group', { name: new RegExp(q) });
    const value = String(((n + 2 * i) % 4) + 2); // 2 to 5, different per question
    if (byKeyboard) {
      await group.getByRole('radio', { name: value }).focus();
      await page.keyboard.press('Space');
    } else {
      await group.getByRole('radio', { name: value }).click(); // a tap on the tile
    }
    await expect(group.getByRole('radio', { name: value })).toBeChecked();
  }
  await kiosk.getByRole('group', { name: /anbefale/ }).getByRole('radio', { name: n === 2 ? 'Nei' : 'Ja' }).click();
  if (n % 2 === 0) await kiosk.getByRole('textbox', { name: 'Hva var bra med kurset?' }).fill(`Gode eksempler fra jobben (${n})`);
  // A double click on Send: one answer is kept.
  await kiosk.getByRole('button', { name: 'Send' }).dblclick();
  await expect(kiosk.getByRole('heading', { name: 'Takk for svaret!' })).toBeVisible();
  await expect(kiosk.getByRole('heading', { name: 'Hva synes du om kurset?' })).toBeVisible({ timeout: 5000 });
}

test('a teacher runs the evaluation kiosk, nobody gets out without her passphrase, and the coordinator sees results only from 5 answers', async ({ page, harness }) => {
  await page.goto(harness.appUrl);
  await page.getByLabel('Ditt navn', { exact: true }).fill(COORDINATOR);
  await page.getByLabel('Passordfrase', { exact: true }).fill(COORDINATOR_PASSPHRASE);
  await page.getByLabel('Gjenta passordfrase', { exact: true }).fill(COORDINATOR_PASSPHRASE);
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('heading', { name: 'Gjenopprettingskode' })).toBeVisible();

  // Seeded as the coordinator: two courses, the teacher's with seven participants; the small one gets four paper answers.
  const course = ok(
    await harness.core.call('courses:create', { name: COURSE, type: 'other', place: 'Tromsø', startDate: '2025-05-05', endDate: '2025-06-20', plannedHours: 30, teacher: TEACHER, status: 'running' }),
  );
  const small = ok(
    await harness.core.call('courses:create', { name: SMALL_COURSE, type: 'other', place: 'Bodø', startDate: '2025-05-05', endDate: '2025-06-20', plannedHours: 12, teacher: COORDINATOR, status: 'running' }),
  );
  for (const [i, name] of PEOPLE.entries()) {
    const [firstName, lastName] = name.split(' ') as [string, string];
    ok(
      await harness.core.call('participants:register', {
        courseId: course.id,
        participant: { firstName, lastName, birthDate: '1980-03-0' + String((i % 9) + 1), mobile: `9876543${i}`, gender: 'unspecified', consent: { keepAfterCourse: false } },
        enrollment: { source: 'teacher' },
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    ok(await harness.core.call('evaluations:enterPaper', { courseId: small.id, token: crypto.randomUUID(), answers: { ratings: { content: 4, teacher: 5 } } }));
  }
  const teacher = ok(await harness.core.call('accounts:add', { name: TEACHER, role: 'teacher', passphrase: TEACHER_PASSPHRASE }));
  ok(await harness.core.call('courses:assignTeacher', { courseId: course.id, accountId: teacher.id }));

  await page.getByLabel('Jeg har skrevet ned gjenopprettingskoden og lagt den på et trygt sted.').check();
  await page.getByRole('button', { name: 'Fortsett' }).click();
  await page.getByRole('button', { name: 'Lås', exact: true }).click();

  // 1. The teacher opens her course's evaluation and starts the kiosk.
  await unlockAs(page, TEACHER, TEACHER_PASSPHRASE);
  await openCourse(page, COURSE);
  await page.getByRole('button', { name: 'Evaluering', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Evaluering på denne maskinen' })).toBeVisible();
  await screenshot(page, 'evaluation-teacher-course');
  await page.getByRole('button', { name: 'Start evaluering' }).click();
  const kiosk = page.getByTestId('kiosk');
  await expect(kiosk).toBeVisible();
  // Nothing of the course or the app: no menu, no course name, no people.
  await expect(page.getByRole('navigation')).toHaveCount(0);
  const text = await page.locator('body').innerText();
  for (const secret of [COURSE, TEACHER, ...PEOPLE]) expect(text).not.toContain(secret);
  await screenshot(page, 'evaluation-kiosk');

  // 2. Participants answer; one by keyboard only.
  await answer(page, 0);
  await answer(page, 1, true);
  // An empty form is refused, with a friendly message.
  await kiosk.getByRole('button', { name: 'Send' }).click();
  await expect(kiosk.getByRole('alert')).toHaveText('Du har ikke svart på noe ennå. Svar på minst ett spørsmål, og trykk Send.');
  await screenshot(page, 'evaluation-kiosk-empty');

  // 3. No way out without the passphrase: reload, back, shortcuts, calls made in the page.
  await page.reload();
  await expect(kiosk.getByRole('heading', { name: 'Hva synes du om kurset?' })).toBeVisible();
  await page.goBack().catch(() => null);
  await expect(kiosk).toBeVisible();
  for (const keys of ['Escape', 'F5', 'Alt+ArrowLeft', 'Control+r', 'Backspace', 'Control+Shift+I']) {
    await page.keyboard.press(keys);
    await expect(kiosk).toBeVisible();
  }
  await page.reload();
  await expect(kiosk).toBeVisible();
  const crafted = await page.evaluate(async () => {
    const neo = (globalThis as unknown as { neo: Record<string, Record<string, (input: unknown) => Promise<unknown>>> }).neo;
    return {
      list: await neo.courses!.list!({}),
      lock: await neo.vault!.lock!({}),
      participants: await neo.participants!.search!({ query: 'Ola' }),
    };
  });
  for (const envelope of Object.values(crafted)) expect(envelope).toMatchObject({ ok: false, error: { code: 'KIOSK_ACTIVE' } });
  await page.goto(harness.appUrl);
  await expect(kiosk).toBeVisible();

  // A wrong passphrase is refused.
  await kiosk.getByRole('button', { name: 'Avslutt (lærer)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Avslutt evalueringen' });
  await dialog.getByLabel('Passordfrase').fill('feil passordfrase her');
  await dialog.getByRole('button', { name: 'Avslutt', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Feil passordfrase. Prøv igjen.');
  await screenshot(page, 'evaluation-kiosk-wrong-passphrase');
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(kiosk).toBeVisible();

  for (const n of [2, 3, 4, 5]) await answer(page, n);

  // 4. The teacher leaves with her passphrase and is back in the app.
  await kiosk.getByRole('button', { name: 'Avslutt (lærer)' }).click();
  await dialog.getByLabel('Passordfrase').fill(TEACHER_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Avslutt', exact: true }).click();
  await expect(page.locator('.header__staff')).toContainText(TEACHER);
  await expect(kiosk).toHaveCount(0);
  // Back at the course's evaluation, though the page was reloaded in the kiosk.
  await expect(page.getByRole('heading', { name: 'Evaluering på denne maskinen' })).toBeVisible();
  // Six answers, the double clicks kept once each; the teacher sees figures but not the open answers.
  await expect(page.getByTestId('evaluation-responses')).toHaveText('6');
  await expect(page.getByText('Fritekstsvar leses av en koordinator, som fjerner navn før de deles.')).toBeVisible();
  await page.getByRole('button', { name: 'Lås', exact: true }).click();

  // 5. The coordinator sees the results with a chart.
  await unlockAs(page, COORDINATOR, COORDINATOR_PASSPHRASE);
  await openCourse(page, COURSE);
  await page.getByRole('button', { name: 'Evaluering', exact: true }).click();
  const results = page.getByTestId('evaluation-results');
  await expect(results.getByTestId('evaluation-responses')).toHaveText('6');
  await expect(results.getByText('86 %')).toBeVisible(); // 6 of 7 enrolled
  const chart = results.getByTestId('bar-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect.bar-chart__bar')).toHaveCount(5);
  for (const bar of await chart.locator('rect.bar-chart__bar').all()) expect(Number(await bar.getAttribute('width'))).toBeGreaterThan(0);
  await expect(results.getByRole('row', { name: /Vil du anbefale kurset til andre\?/ })).toContainText('83 % ja');
  await expect(results.getByTestId('open-answers').getByRole('listitem')).toHaveCount(3);
  await expect(results.getByText('Fjern svar som nevner navn eller andre personopplysninger før resultatene deles.')).toBeVisible();
  await results.scrollIntoViewIfNeeded();
  await screenshot(page, 'evaluation-results');

  // 6. A course with four answers shows no results.
  await openCourse(page, SMALL_COURSE);
  await page.getByRole('button', { name: 'Evaluering', exact: true }).click();
  const none = page.getByTestId('evaluation-results');
  await expect(none.getByTestId('evaluation-responses')).toHaveText('4');
  await expect(none.getByText('Resultatene vises når minst 5 har svart, slik at ingen kan kjennes igjen. Nå: 4.')).toBeVisible();
  await expect(none.getByTestId('bar-chart')).toHaveCount(0);
  await screenshot(page, 'evaluation-below-threshold');

  // 7. One paper sheet typed in by keyboard only: digits for the ratings, J for yes, Enter to the next field and to save.
  await page.getByRole('button', { name: 'Registrer papirskjemaer' }).click();
  const paper = page.getByTestId('paper-entry');
  await expect(paper.getByLabel('1. Hvor fornøyd er du med innholdet i kurset?')).toBeFocused();
  await page.keyboard.type('45342j');
  await expect(paper.getByLabel('7. Hva var bra med kurset?')).toBeFocused();
  await page.keyboard.type('Fin lærer');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // the last field: saves the sheet
  await expect(paper.getByText('Arket er lagret (1 registrert nå).')).toBeVisible();
  await expect(paper.getByLabel('1. Hvor fornøyd er du med innholdet i kurset?')).toBeFocused();
  await expect(paper.getByLabel('1. Hvor fornøyd er du med innholdet i kurset?')).toHaveValue('');
  // Now five: the results show.
  await expect(none.getByTestId('evaluation-responses')).toHaveText('5');
  await screenshot(page, 'evaluation-paper-entry');
  await paper.getByRole('button', { name: 'Ferdig' }).click();
  await expect(none.getByTestId('bar-chart')).toBeVisible();
  await expect(none.getByTestId('open-answers')).toContainText('Fin lærer');

  // 8. Across courses: the course with enough answers, as a table and a chart.
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Evalueringer' }).click();
  await expect(page.getByRole('heading', { name: 'Evalueringer på tvers av kurs' })).toBeVisible();
  await expect(page.getByTestId('evaluation-summary').getByRole('row', { name: /Annet/ })).toContainText('11');
  await expect(page.getByTestId('bar-chart')).toBeVisible();
  await screenshot(page, 'evaluation-overview');
});
