import { expect, expectAccessible, screenshot, test } from './fixtures';

/** A coordinator finds a participant across courses as they type, opens and corrects the record. */
test('search across courses as you type, open the participant and correct the mobile number', async ({ page, harness }) => {
  const passphrase = 'Sommerfugl over Hardanger';
  const created = await harness.core.call('vault:create', { passphrase, staffName: 'Kari Koordinator', role: 'coordinator' });
  expect(created.ok).toBe(true);
  const course = await harness.core.call('courses:create', {
    name: 'Norsk i arbeidslivet',
    type: 'other',
    place: 'Bodø',
    startDate: '2027-01-05',
    endDate: '2027-03-30',
    plannedHours: 30,
    teacher: 'Kari',
    status: 'running',
  });
  if (!course.ok) throw new Error(course.error.message);
  for (const [firstName, lastName] of [['Åse', 'Ødegård'], ['Ola', 'Nordmann'], ['Øyvind', 'Ås']] as const) {
    const registered = await harness.core.call('participants:register', {
      courseId: course.value.id,
      participant: { firstName, lastName, birthDate: '1979-12-24', mobile: '41234567', gender: 'unspecified', consent: { keepAfterCourse: false } },
      enrollment: { source: 'self' },
    });
    expect(registered.ok).toBe(true);
  }

  // Every start asks for the passphrase.
  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(passphrase);
  await expectAccessible(page, 'unlock');
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Søk deltaker', exact: true }).click();

  const search = page.getByLabel('Søk etter deltaker', { exact: true });
  await expect(search).toBeVisible();
  await expectAccessible(page, 'search-empty');
  await search.pressSequentially('øde');
  await expect(page.getByText('1 treff')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ødegård, Åse' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nordmann, Ola' })).toHaveCount(0);
  await search.fill('å');
  await expect(page.getByText('2 treff')).toBeVisible();
  await screenshot(page, '11-search-as-you-type');

  await page.getByRole('button', { name: 'Ødegård, Åse' }).click();
  await expect(page.getByLabel('Mobil', { exact: true })).toHaveValue('412 34 567');
  await page.getByLabel('Mobil', { exact: true }).fill('+47 981 23 456');
  await page.getByRole('button', { name: 'Lagre deltaker' }).click();
  await expect(page.getByText('Endringene er lagret.')).toBeVisible();
  await screenshot(page, '12-participant-corrected');

  const found = await harness.core.call('participants:search', { query: 'ødegård' });
  expect(found.ok && found.value.map((hit) => hit.participantId)).toHaveLength(1);
  const detail = found.ok && found.value[0] ? await harness.core.call('participants:get', { courseId: course.value.id, participantId: found.value[0].participantId }) : null;
  expect(detail?.ok && detail.value.mobile).toBe('+4798123456');
});
