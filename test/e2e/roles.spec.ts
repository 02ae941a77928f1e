import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * A teacher on the installation, in real Chromium against the real core: the
 * screens offer only the teacher's work (no Personvern, no certificates), and a
 * call crafted in the page through window.neo is refused by the core.
 */

const PASSPHRASE = 'Nordlys over Lofoten 2025';

test('a teacher sees no certificates or Personvern, and a crafted certificates call through window.neo is FORBIDDEN', async ({ page, harness }) => {
  ok(await harness.core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Lærer Lund', role: 'teacher' }));
  const course = ok(
    await harness.core.call('courses:create', {
      name: 'Grunnleggende norsk',
      type: 'other',
      place: 'Tromsø',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 20,
      teacher: 'Lærer Lund',
      status: 'running',
    }),
  );
  const person = ok(
    await harness.core.call('participants:register', {
      courseId: course.id,
      participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1988-02-29', mobile: '98765432', gender: 'female', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    }),
  );

  await page.goto(harness.appUrl);
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Kurs', exact: true })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
  await expect(nav.getByRole('button', { name: 'Kurs', exact: true })).toBeVisible();
  await expect(nav.getByRole('button', { name: /Personvern/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Grunnleggende norsk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Grunnleggende norsk' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Oppmøteoversikt', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kursbevis', exact: true })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lærere' })).toHaveCount(0);
  await expectAccessible(page, 'teacher-course-page');
  await screenshot(page, '80-teacher-view');

  // The UI offers no certificates; a call made by hand in the page is refused by the core, before its input is read.
  const refused = await page.evaluate(
    async ({ courseId, participantId }) => {
      const neo = (globalThis as unknown as { neo: Record<string, Record<string, (input: unknown) => Promise<unknown>>> }).neo;
      return {
        batch: await neo.certificates!.startBatch!({ courseId, items: [{ participantId }], output: { kind: 'combined' } }),
        erase: await neo.privacy!.erase!({ participantId }),
        settings: await neo.settings!.update!({ retentionGraceDays: 0 }),
      };
    },
    { courseId: course.id, participantId: person.participantId },
  );
  const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: 'Du har ikke tilgang til dette. Spør en koordinator.' } };
  expect(refused).toEqual({ batch: FORBIDDEN, erase: FORBIDDEN, settings: FORBIDDEN });
  // Nothing was issued.
  expect(await harness.core.call('certificates:eligibility', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
