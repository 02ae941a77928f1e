import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { artifactsDir, expect, ok, screenshot, test } from './fixtures';

/**
 * A coordinator's certificate day, in real Chromium against the real core: a
 * finished course, who is eligible and why not, the batch with its progress
 * bar, and verification of one certificate by its code.
 */

test.use({ clockAt: '2025-05-05T09:00:00.000Z' });

const PASSPHRASE = 'Kursbevis til alle som møtte';

test('a coordinator sees eligibility, issues the batch with progress, and verifies a certificate by its code', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date('2025-05-05T09:00:00.000Z'));
  const core = harness.core;
  ok(await core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  ok(
    await core.call('provider:update', {
      name: 'Kompetansehuset Neo',
      street: 'Fredrik Selmers vei 6',
      postalCode: '0663',
      city: 'Oslo',
      organisationNumber: '974 760 673',
    }),
  );
  const course = ok(
    await core.call('courses:create', {
      name: 'Fagbrev i helsearbeiderfaget',
      type: 'fagbrev',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 22.5,
      teacher: 'Lærer Lund',
      description: 'Forberedelse til fagprøven.',
      learningGoals: 'Deltakeren kjenner fagets teori og praksis.',
      status: 'running',
      signerName: 'Ingrid Rektor',
      signerTitle: 'Daglig leder',
    }),
  );
  const people = [
    ['Åse', 'Ødegård'],
    ['Per', 'Hansen'],
    ['Liv', 'Haugen'],
  ] as const;
  const ids: Record<string, string> = {};
  for (const [firstName, lastName] of people) {
    const p = ok(
      await core.call('participants:register', {
        courseId: course.id,
        participant: {
          firstName,
          lastName,
          birthDate: '1980-05-03',
          email: `deltaker${Object.keys(ids).length}@example.no`,
          gender: 'female',
          address: { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' },
          consent: { keepAfterCourse: false },
        },
        enrollment: { source: 'self' },
      }),
    );
    ids[lastName] = p.participantId;
  }
  const plan = ok(await core.call('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' }));
  for (const session of plan.sessions) ok(await core.call('attendance:markAllPresent', { sessionId: session.id }));
  // Haugen missed four of nine sessions: 5 × 2.5 = 12.5 of 22.5 hours = 55 %.
  for (const session of plan.sessions.slice(0, 4)) {
    ok(await core.call('attendance:mark', { sessionId: session.id, participantId: ids.Haugen!, status: 'absent' }));
  }
  const { id: _id, participantCount: _p, createdAt: _c, updatedAt: _u, ...fields } = ok(await core.call('courses:get', { id: course.id }));
  ok(
    await core.call('courses:update', {
      id: course.id,
      course: {
        ...fields,
        description: fields.description ?? undefined,
        learningGoals: fields.learningGoals ?? undefined,
        financialReportApprovedAt: null,
        status: 'finished',
      },
    }),
  );

  await page.goto(harness.appUrl);
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await page.getByRole('button', { name: 'Kursbevis', exact: true }).click();

  // Who is eligible, and why not.
  await expect(page.getByRole('heading', { name: 'Kursbevis' })).toBeVisible();
  const list = page.getByRole('table');
  await expect(list.getByRole('row', { name: /Ødegård/ })).toContainText('Oppfyller kravet');
  await expect(list.getByRole('row', { name: /Haugen/ })).toContainText('55 % oppmøte, krav 75 %');
  await expect(page.getByText('2 av 3 valgt')).toBeVisible();
  await screenshot(page, '30-certificates-eligibility');

  // The batch: one PDF with the two eligible, with a progress bar.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lag kursbevis' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await screenshot(page, '31-certificates-progress');
  const file = await download;
  await expect(page.getByText(/2 kursbevis er laget/)).toBeVisible();
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = path.join(artifactsDir, 'certificates-batch.pdf');
  await file.saveAs(pdf);
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+2\b/);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Åse Ødegård');
  expect(text).not.toContain('Haugen');
  await screenshot(page, '32-certificates-done');

  // Verification by code shows the full certificate as issued.
  const eligibility = ok(await core.call('certificates:eligibility', { courseId: course.id }));
  const issued = eligibility.rows.find((r) => r.lastName === 'Ødegård')?.certificate;
  expect(issued?.status).toBe('valid');
  const code = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}/.exec(text.slice(text.indexOf('Ødegård')))?.[0];
  expect(code).toBeTruthy();
  await page.getByRole('button', { name: 'Verifiser kursbevis', exact: true }).click();
  await page.getByLabel('Verifiseringskode', { exact: true }).fill(code!);
  await page.getByRole('button', { name: 'Verifiser', exact: true }).click();
  await expect(page.getByText(/Gyldig kursbevis/)).toBeVisible();
  const data = page.getByRole('region', { name: 'Kursbeviset slik det ble utstedt' }).or(page.locator('main'));
  await expect(data.getByText('Åse Ødegård').first()).toBeVisible();
  await expect(data.getByText('Fagbrev i helsearbeiderfaget').first()).toBeVisible();
  await expect(data.getByText(issued!.number).first()).toBeVisible();
  await expect(data.getByText('Ingrid Rektor', { exact: false }).first()).toBeVisible();
  await screenshot(page, '33-certificate-verified');

  await page.getByLabel('Verifiseringskode', { exact: true }).fill('0000-0000-00');
  await page.getByRole('button', { name: 'Verifiser', exact: true }).click();
  await expect(page.getByText(/Ukjent kode/)).toBeVisible();
});
