import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

/**
 * The teacher's first day with Neo Kurs, in real Chromium against the real core:
 * set up the vault, create courses, register participants, meet the validation
 * and the duplicate check, lock and unlock.
 */

const PASSPHRASE = 'Fjellvann om morgenen 2026';

async function setUp(page: Page) {
  await expect(page.getByRole('heading', { name: 'Velkommen til Neo Kurs' })).toBeVisible();
  await page.getByLabel('Ditt navn', { exact: true }).fill('Kari Lærer');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Gjenta passordfrase', { exact: true }).fill(PASSPHRASE);
}

async function createCourse(page: Page, course: { name: string; type: string; place: string }) {
  await page.getByRole('button', { name: 'Nytt kurs' }).click();
  await page.getByLabel('Kursnavn', { exact: true }).fill(course.name);
  await page.getByLabel('Kurstype', { exact: true }).selectOption(course.type);
  await page.getByLabel('Sted', { exact: true }).fill(course.place);
  await page.getByLabel('Startdato', { exact: true }).fill('05.01.2027');
  await page.getByLabel('Sluttdato', { exact: true }).fill('15.06.2027');
  await page.getByLabel('Planlagte timer', { exact: true }).fill('60');
  await page.getByLabel('Lærer', { exact: true }).fill('Kari Lærer');
  await page.getByLabel('Status', { exact: true }).selectOption('planned');
}

async function fillParticipant(
  page: Page,
  p: { first: string; last: string; birth: string; email?: string; mobile?: string },
) {
  await page.getByLabel('Fornavn', { exact: true }).fill(p.first);
  await page.getByLabel('Etternavn', { exact: true }).fill(p.last);
  await page.getByLabel('Fødselsdato', { exact: true }).fill(p.birth);
  if (p.email !== undefined) await page.getByLabel('E-post', { exact: true }).fill(p.email);
  if (p.mobile !== undefined) await page.getByLabel('Mobil', { exact: true }).fill(p.mobile);
  await page.getByLabel('Kjønn', { exact: true }).selectOption('female');
}

test('a teacher sets up the app, registers participants, and locks and unlocks', async ({ page, harness }) => {
  await page.goto(harness.appUrl);

  // 1. First run: passphrase setup, with a too-short passphrase refused first.
  await setUp(page);
  await page.getByLabel('Passordfrase', { exact: true }).fill('kort');
  await page.getByLabel('Gjenta passordfrase', { exact: true }).fill('kort');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByText('Passordfrasen må ha minst 12 tegn.')).toBeVisible();
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Gjenta passordfrase', { exact: true }).fill(PASSPHRASE);
  await screenshot(page, '01-first-run-setup');
  await page.getByRole('button', { name: 'Opprett' }).click();
  // The recovery code, shown once: the app opens when the person says it is written down.
  await expect(page.getByRole('heading', { name: 'Gjenopprettingskode' })).toBeVisible();
  await expect(page.getByTestId('recovery-code')).toHaveText(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  await expect(page.getByRole('button', { name: 'Fortsett' })).toBeDisabled();
  await screenshot(page, '01b-setup-recovery-code');
  await page.getByLabel('Jeg har skrevet ned gjenopprettingskoden og lagt den på et trygt sted.').check();
  await page.getByRole('button', { name: 'Fortsett' }).click();
  await expect(page.getByText(/ingen kurs/i)).toBeVisible();
  await screenshot(page, '02-courses-empty');

  // 2. A trade-certificate course and a participant with a postal address.
  await createCourse(page, { name: 'Fagbrev i helsearbeiderfaget', type: 'fagbrev', place: 'Ålesund' });
  await screenshot(page, '03-course-form');
  await page.getByRole('button', { name: 'Lagre kurs' }).click();
  await expect(page.getByRole('heading', { name: 'Fagbrev i helsearbeiderfaget' })).toBeVisible();

  await page.getByRole('button', { name: 'Registrer deltaker' }).click();
  await fillParticipant(page, { first: 'Åse', last: 'Ødegård', birth: '03.05.1980', mobile: '912 34 567' });
  await page.getByLabel('Gateadresse', { exact: true }).fill('Storgata 12');
  await page.getByLabel('Postnummer', { exact: true }).fill('6003');
  await page.getByLabel('Poststed', { exact: true }).fill('Ålesund');
  await screenshot(page, '04-register-fagbrev-participant');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  await expect(page.getByText('Deltakeren er registrert.')).toBeVisible();
  await page.getByRole('button', { name: 'Tilbake til kurset' }).click();
  const fagbrevList = page.getByRole('table');
  await expect(fagbrevList.getByRole('button', { name: 'Ødegård, Åse' })).toBeVisible();
  await expect(fagbrevList.getByText('912 34 567')).toBeVisible();
  await screenshot(page, '05-fagbrev-participant-list');

  // 3. A Kompetansepluss course: no address field, registered by an employer.
  await page.getByRole('button', { name: 'Kurs', exact: true }).click();
  await createCourse(page, { name: 'Digital kompetanse for ansatte', type: 'kompetansepluss', place: 'Oslo' });
  await page.getByRole('button', { name: 'Lagre kurs' }).click();
  await expect(page.getByRole('heading', { name: 'Digital kompetanse for ansatte' })).toBeVisible();
  await page.getByRole('button', { name: 'Registrer deltaker' }).click();
  await expect(page.getByLabel('Gateadresse', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Postnummer', { exact: true })).toHaveCount(0);

  // 4. Invalid phone, e-mail and birth date: Norwegian field errors, nothing saved.
  await fillParticipant(page, { first: 'Per', last: 'Hansen', birth: '31.02.1975', email: 'per@', mobile: '812 34 567' });
  await page.getByLabel('Påmeldt av', { exact: true }).selectOption('employer');
  await page.getByLabel('Arbeidsgiver', { exact: true }).fill('Hansen Bygg AS');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  await expect(page.getByText(/Ugyldig mobilnummer/)).toBeVisible();
  await expect(page.getByText(/Ugyldig e-postadresse/)).toBeVisible();
  await expect(page.getByText(/Ugyldig dato/)).toBeVisible();
  await screenshot(page, '06-validation-errors');
  const afterInvalid = await harness.core.call('participants:search', { query: 'Hansen' });
  expect(afterInvalid).toEqual({ ok: true, value: [] });

  await page.getByLabel('Fødselsdato', { exact: true }).fill('14.11.1975');
  await page.getByLabel('E-post', { exact: true }).fill('per.hansen@example.no');
  await page.getByLabel('Mobil', { exact: true }).fill('+47 481 23 456');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  await expect(page.getByText('Deltakeren er registrert.')).toBeVisible();
  await page.getByRole('button', { name: 'Tilbake til kurset' }).click();
  const kpList = page.getByRole('table');
  await expect(kpList.getByRole('button', { name: 'Hansen, Per' })).toBeVisible();
  await expect(kpList.getByText('481 23 456')).toBeVisible();
  await screenshot(page, '07-kompetansepluss-participant-list');

  // 5. The same person again: caught, the existing participant offered.
  await page.getByRole('button', { name: 'Registrer deltaker' }).click();
  await fillParticipant(page, { first: 'per', last: 'HANSEN', birth: '14.11.1975', mobile: '48123456' });
  await page.getByLabel('Påmeldt av', { exact: true }).selectOption('self');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/allerede registrert/i)).toBeVisible();
  await screenshot(page, '08-duplicate-caught');
  await dialog.getByRole('button', { name: /avbryt/i }).click();
  await expect(dialog).toHaveCount(0);
  const hansens = await harness.core.call('participants:search', { query: 'hansen' });
  expect(hansens.ok && hansens.value.length).toBe(1);

  // 6. Lock; unlock with a wrong and then the right passphrase; the data is still there.
  await page.getByRole('button', { name: 'Lås', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Lås opp' })).toBeVisible();
  expect(harness.core.isUnlocked).toBe(false);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Lærer');
  await page.getByLabel('Passordfrase', { exact: true }).fill('feil passordfrase her');
  await page.getByRole('button', { name: 'Lås opp' }).click();
  await expect(page.getByText('Feil navn eller passordfrase. Prøv igjen.')).toBeVisible();
  await screenshot(page, '09-unlock-wrong-passphrase');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Lås opp' }).click();
  // Back on the screen the lock found: the (empty) registration form of the course.
  await expect(page.getByRole('heading', { level: 1, name: 'Registrer deltaker' })).toBeVisible();
  await expect(page.getByLabel('Fornavn', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Kurs', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Digital kompetanse for ansatte' })).toBeVisible();
  await screenshot(page, '10-unlocked-courses');
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await expect(page.getByRole('table').getByRole('button', { name: 'Ødegård, Åse' })).toBeVisible();
});
