import type { ChannelInput } from '../../main/contract/channels';
import type { Core } from '../../main/core/index';
import { expect, expectAccessible, ok, screenshot, test } from './fixtures';

/**
 * The privacy lifecycle's end, in real Chromium against the real core: the
 * notice after unlock, recording Kompetanse Norge's approval of a course's
 * report, the deletion run (preview, confirmation, result) and what the course
 * keeps, erasing a person on request (confirmed twice), and verifying one of
 * their certificates afterwards, without and with the name from the paper.
 */

const NOW = '2025-06-02T09:00:00.000Z';
test.use({ clockAt: NOW });

const PASSPHRASE = 'Slett det som skal slettes';

type Person = ChannelInput<'participants:register'>['participant'];
const person = (firstName: string, lastName: string, extra: Partial<Person> = {}): Person => ({
  firstName,
  lastName,
  birthDate: '1984-11-23',
  email: `${firstName.toLowerCase().replace(/[^a-z]/g, 'x')}.${lastName.toLowerCase().replace(/[^a-z]/g, 'x')}@example.no`,
  gender: 'female',
  consent: { keepAfterCourse: false },
  ...extra,
});

/** A finished course with sessions in March, everyone present; returns the participants' ids by last name. */
async function finishedCourse(core: Core, course: ChannelInput<'courses:create'>, people: Person[], source: ChannelInput<'participants:register'>['enrollment']) {
  const created = ok(await core.call('courses:create', course));
  const ids: Record<string, string> = {};
  for (const p of people) ids[p.lastName] = ok(await core.call('participants:register', { courseId: created.id, participant: p, enrollment: source })).participantId;
  const plan = ok(await core.call('sessions:generate', { courseId: created.id, weekdays: [1, 3], startTime: '09:00', endTime: '11:30' }));
  for (const session of plan.sessions) ok(await core.call('attendance:markAllPresent', { sessionId: session.id }));
  return { course: created, ids };
}

async function waitForBatch(core: Core, jobId: string) {
  for (;;) {
    const status = ok(await core.call('certificates:batchStatus', { jobId }));
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a coordinator records the funder’s approval, runs the deletion, erases a person on request and verifies their certificate', async ({ page, harness }) => {
  test.setTimeout(180_000);
  await page.clock.setFixedTime(new Date(NOW));
  const core = harness.core;
  ok(await core.call('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Koordinator', role: 'coordinator' }));
  ok(await core.call('provider:update', { name: 'Kompetansehuset Neo', street: 'Fredrik Selmers vei 6', postalCode: '0663', city: 'Oslo', organisationNumber: '974 760 673' }));

  const base = { place: 'Ålesund', startDate: '2025-03-03', endDate: '2025-04-04', plannedHours: 25, teacher: 'Lærer Lund', status: 'finished' as const };
  // Kompetansepluss: waits for the funder's approval of the financial report.
  const kp = await finishedCourse(
    core,
    { ...base, name: 'Norsk på arbeidsplassen', type: 'kompetansepluss' },
    [person('Åse', 'Ødegård'), person('Bjørn', 'Æsland', { gender: 'male' }), person('Liv', 'Samtykke', { consent: { keepAfterCourse: true, method: 'paper' } })],
    { source: 'employer', employerName: 'Byggmester Hansen AS' },
  );
  // Åse has a certificate: the preview shows how the register keeps it, without her name.
  const kpBatch = ok(await core.call('certificates:startBatch', { courseId: kp.course.id, items: [{ participantId: kp.ids.Ødegård!, language: 'nb' }], output: { mode: 'single' } }));
  expect((await waitForBatch(core, kpBatch.jobId)).state).toBe('done');
  // An open course, 60 days' grace, so it is not due: Per asks to be erased, and has a certificate.
  ok(await core.call('settings:update', { retentionGraceDays: 60 }));
  const address = { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' };
  const fagbrev = await finishedCourse(
    core,
    { ...base, name: 'Fagbrev i helsearbeiderfaget', type: 'fagbrev', signerName: 'Ingrid Rektor', signerTitle: 'Daglig leder' },
    [person('Per', 'Hansen', { gender: 'male', birthDate: '1979-02-14', address }), person('Kari', 'Nordmann', { address })],
    { source: 'self' },
  );
  const { jobId } = ok(await core.call('certificates:startBatch', { courseId: fagbrev.course.id, items: [{ participantId: fagbrev.ids.Hansen!, language: 'nb' }], output: { mode: 'single' } }));
  expect((await waitForBatch(core, jobId)).state).toBe('done');
  const eligibility = ok(await core.call('certificates:eligibility', { courseId: fagbrev.course.id }));
  const code = eligibility.rows.find((r) => r.participantId === fagbrev.ids.Hansen)!.certificate!.verificationCode;
  // A third course, due already: the notice after unlock names it.
  await finishedCourse(core, { ...base, name: 'Digitale ferdigheter', type: 'other', startDate: '2025-01-06', endDate: '2025-02-28' }, [person('Ola', 'Gammelkurs')], { source: 'teacher' });

  // ---- after unlock: what is due ----
  await page.goto(harness.appUrl);
  await page.getByLabel('Navn', { exact: true }).fill('Kari Koordinator');
  await page.getByLabel('Passordfrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passordfrase', { exact: true }).press('Enter');
  const notice = page.getByRole('status').filter({ hasText: 'Personopplysningene i 1 kurs skal slettes nå' });
  await expect(notice).toBeVisible();
  await screenshot(page, '50-deletion-due-after-unlock');

  // ---- the Kompetansepluss course waits for the funder's approval ----
  await page.getByRole('button', { name: 'Norsk på arbeidsplassen' }).click();
  const panel = page.getByRole('region', { name: 'Lagring av personopplysninger' });
  await expect(panel).toContainText('Venter på godkjenning av den økonomiske rapporten fra Kompetanse Norge');
  await screenshot(page, '51-retention-waiting-for-approval');
  await panel.getByRole('button', { name: 'Registrer godkjenning' }).click();
  await page.getByLabel('Økonomisk rapport godkjent').check();
  // Before the course ended: refused, in Norwegian.
  await page.getByLabel('Dato rapporten ble godkjent').fill('01.04.2025');
  await page.getByRole('button', { name: 'Lagre kurs' }).click();
  await expect(page.getByText('Rapporten kan ikke være godkjent før kurset er slutt.')).toBeVisible();
  await screenshot(page, '52-approval-before-end-refused');
  await page.getByLabel('Dato rapporten ble godkjent').fill('15.05.2025');
  await page.getByRole('button', { name: 'Lagre kurs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Norsk på arbeidsplassen' })).toBeVisible();
  await expect(panel).toContainText('Personopplysningene skulle vært slettet 15.05.2025.');
  await screenshot(page, '53-retention-approval-recorded');

  // ---- the Sletting screen: both due courses, a preview, the run of one ----
  await page.getByRole('button', { name: 'Personvern' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sletting' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Sletting' });
  const kpRow = table.getByRole('row', { name: /Norsk på arbeidsplassen/ });
  await expect(kpRow).toContainText('15.05.2025');
  await expect(kpRow.getByRole('cell')).toHaveText(['', 'Norsk på arbeidsplassen', 'Kompetansepluss', '04.04.2025', '15.05.2025', '2', '1', '0', 'Vis hva som slettes']);
  // Only the Kompetansepluss course this time: the other is left for another day.
  await table.getByRole('checkbox', { name: 'Velg Digitale ferdigheter' }).uncheck();
  await kpRow.getByRole('button', { name: 'Vis hva som slettes' }).click();
  const preview = page.getByRole('region', { name: 'Forhåndsvisning: Norsk på arbeidsplassen' });
  await expect(preview.getByRole('listitem')).toHaveText([/Æsland/, /Ødegård/, /Samtykke.*har samtykket til lagring/]);
  await expect(preview.getByRole('row', { name: /Oppmøteregistreringer/ }).getByRole('cell')).toHaveText('20');
  await expect(preview).toContainText('1 kursbevis forblir verifiserbart uten navn.');
  await expect(preview.getByRole('row', { name: /NK-2025-/ }).getByRole('cell')).toHaveText([/^NK-2025-\d{6}$/, '02.06.2025', '25', 'Gyldig']);
  await expect(preview).toContainText('Deltakere3');
  await screenshot(page, '54-deletion-preview');
  // What stays, without personal data.
  await preview.getByRole('heading', { name: 'Dette blir igjen, uten personopplysninger' }).scrollIntoViewIfNeeded();
  await screenshot(page, '54b-deletion-preview-what-stays');
  await page.getByRole('button', { name: 'Slett valgte (1)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Slette personopplysningene?' });
  await expect(confirm).toContainText('Personopplysningene i 1 kurs slettes for godt: 2 personer.');
  await screenshot(page, '55-deletion-confirm');
  await confirm.getByRole('button', { name: 'Slett nå' }).click();
  const result = page.getByRole('region', { name: 'Slettingen er fullført' });
  await expect(result).toContainText('2 personer slettet');
  await expect(result.getByRole('row', { name: /Norsk på arbeidsplassen/ }).getByRole('cell')).toHaveText(['Norsk på arbeidsplassen', '2', '1']);
  await expect(table.getByRole('row')).toHaveCount(2); // the header and the course left for another day
  // In the core: only the person with consent is left on the course.
  expect(ok(await core.call('participants:listByCourse', { courseId: kp.course.id })).map((p) => p.lastName)).toEqual(['Samtykke']);
  await screenshot(page, '56-deletion-done');

  // The course keeps its figures, without anyone in them.
  await page.getByRole('button', { name: 'Kurs', exact: true }).click();
  await page.getByRole('button', { name: 'Norsk på arbeidsplassen' }).click();
  await expect(panel).toContainText('Personopplysningene ble slettet 02.06.2025.');
  await expect(panel).toContainText('Deltakere3');
  await expect(page.getByRole('table', { name: /Deltakere/ }).or(page.locator('#participant-table'))).not.toContainText('Ødegård');
  await screenshot(page, '57-course-erased-statistics');

  // ---- Per Hansen asks to be erased ----
  await page.getByRole('button', { name: 'Kurs', exact: true }).click();
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await page.getByRole('button', { name: 'Hansen, Per' }).click();
  await page.getByRole('button', { name: 'Slett alle opplysninger …' }).click();
  const review = page.getByRole('dialog', { name: 'Slette alle opplysninger om Per Hansen?' });
  await expect(review).toContainText('1 kursbevis forblir gyldig og kan verifiseres uten navn.');
  await screenshot(page, '58-erasure-review');
  await review.getByRole('button', { name: 'Gå videre' }).click();
  const sure = page.getByRole('dialog', { name: 'Er du helt sikker?' });
  await expect(sure).toContainText('Alle opplysninger om Per Hansen slettes for godt');
  await screenshot(page, '59-erasure-confirm');
  await sure.getByRole('button', { name: 'Ja, slett alt' }).click();
  await expect(page.getByText('Alle opplysninger om personen er slettet. 1 kursbevis kan fortsatt verifiseres uten navn.')).toBeVisible();
  await expect(page.locator('#participant-table')).not.toContainText('Hansen');
  await expect(page.locator('#participant-table')).toContainText('Nordmann');
  await screenshot(page, '60-erasure-done');

  // ---- his certificate still verifies: valid, no name; the name from the paper matches ----
  await page.getByRole('button', { name: 'Verifiser kursbevis' }).click();
  await page.getByLabel('Verifiseringskode').fill(code);
  await page.getByRole('button', { name: 'Verifiser', exact: true }).click();
  await expect(page.getByText('Gyldig kursbevis. Personopplysningene om innehaveren er slettet, slik personvernerklæringen lover')).toBeVisible();
  const data = page.getByRole('region', { name: 'Kursbeviset slik det ble utstedt' });
  await expect(data).toContainText('Fagbrev i helsearbeiderfaget');
  await expect(data).not.toContainText('Hansen');
  await expect(data).not.toContainText('14.02.1979');
  await screenshot(page, '61-verify-erased-holder');
  const check = page.getByRole('form', { name: 'Sjekk navnet på papiret' });
  await check.getByLabel('Fornavn').fill('Per');
  await check.getByLabel('Etternavn').fill('Hansen');
  await check.getByLabel('Fødselsdato').fill('14.02.1978');
  await check.getByRole('button', { name: 'Sjekk' }).click();
  await expect(check.getByText('Stemmer ikke: kursbeviset ble ikke utstedt med dette navnet og denne fødselsdatoen.')).toBeVisible();
  await screenshot(page, '62-verify-holder-no-match');
  await check.getByLabel('Fødselsdato').fill('14.02.1979');
  await check.getByRole('button', { name: 'Sjekk' }).click();
  await expect(check.getByText('Stemmer: navnet og fødselsdatoen er de samme som på kursbeviset som ble utstedt.')).toBeVisible();
  await screenshot(page, '63-verify-holder-matches');

  // ---- deleting a course with records goes through the erasure preview, never a plain delete ----
  await page.getByRole('button', { name: 'Kurs', exact: true }).click();
  await page.getByRole('button', { name: 'Fagbrev i helsearbeiderfaget' }).click();
  await page.getByRole('button', { name: 'Slett kurset' }).click();
  await page.getByRole('dialog', { name: 'Slette kurset?' }).getByRole('button', { name: 'Slett kurset' }).click();
  await expect(page.getByText(/Kurset har registrert oppmøte eller utstedte kursbevis, så det kan ikke slettes direkte/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Forhåndsvisning: Fagbrev i helsearbeiderfaget' })).toContainText('Kurset er ikke klart for sletting etter reglene (fristen er ikke ute)');
  await expectAccessible(page, 'forced-deletion-preview');
  await screenshot(page, '64-course-delete-goes-through-erasure');
});
