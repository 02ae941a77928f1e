// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openCourse, realNeoPerTest, renderUnlocked } from './app';
import type { User } from './app';
import { courseInput, lockedVault, PASSPHRASE, STAFF_NAME } from './realNeo';
import type { RealNeo } from './realNeo';

/**
 * The lifecycle panel on the participant's page and the participant form's
 * part in it, against the real core: a correction that answers its request,
 * a registration removed (and one that cannot be), a withdrawal undone, the
 * consent history, and the Forespørsler screen when there is nothing to do.
 */

async function seed(neo: RealNeo) {
  await neo.ask('vault:unlock', { name: STAFF_NAME, passphrase: PASSPHRASE });
  const course = await neo.ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
  const register = (firstName: string, lastName: string, extra: { consent?: { keepAfterCourse: boolean; method?: 'form' | 'paper' | 'email' } } = {}) =>
    neo.ask('participants:register', {
      courseId: course.id,
      participant: {
        firstName,
        lastName,
        birthDate: '1979-02-14',
        email: `${firstName.toLowerCase()}@example.no`,
        gender: 'male',
        consent: extra.consent ?? { keepAfterCourse: false },
      },
      enrollment: { source: 'teacher' },
    });
  const ola = await register('Ola', 'Berg', { consent: { keepAfterCourse: true, method: 'paper' } });
  const per = await register('Per', 'Hansen');
  return { course, ola, per };
}

/** From anywhere: the course list, the course, the person's page. */
async function openPerson(user: User, name: string) {
  await user.click(screen.getByRole('button', { name: 'Kurs' }));
  await openCourse(user, 'Excel for nybegynnere');
  await user.click(within(screen.getByRole('table')).getByRole('button', { name }));
  await screen.findByRole('heading', { level: 1, name: 'Rediger deltaker' });
  return screen.findByRole('region', { name: 'Deltakelse på kurset' });
}

describe('the participant’s lifecycle on the page', () => {
  const neo = realNeoPerTest(lockedVault);

  it('saves a correction that answers the person’s correction request, and closes it', async () => {
    const { ola } = await seed(neo());
    const request = await neo().ask('requests:create', { participantId: ola.participantId, kind: 'correction', channel: 'email', receivedOn: '2025-01-10' });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openPerson(user, 'Berg, Ola');

    const link = await screen.findByLabelText('Rettingen svarer på forespørsel');
    await user.selectOptions(link, 'Retting mottatt 10.01.2025');
    const email = screen.getByLabelText('E-post');
    await user.clear(email);
    await user.type(email, 'ola.berg@example.no');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));

    await screen.findByText('Endringene er lagret, og forespørselen om retting er avsluttet.');
    const [stored] = await neo().ask('requests:list', { participantId: ola.participantId });
    expect(stored).toMatchObject({ id: request.id, status: 'completed' });
    // No open correction left to link, and the person's list says it is done.
    await waitFor(() => expect(screen.queryByLabelText('Rettingen svarer på forespørsel')).toBeNull());
    expect(within(screen.getByRole('region', { name: 'Forespørsler fra personen' })).getByRole('table').textContent).toContain('Fullført');
  });

  it('removes a registration made in error, and says why one with attendance cannot be', async () => {
    const { course, per } = await seed(neo());
    const session = await neo().ask('sessions:add', { courseId: course.id, date: '2025-09-02', startTime: '09:00', endTime: '11:00' });
    await neo().ask('attendance:mark', { sessionId: session.id, participantId: per.participantId, status: 'present', confirmFuture: true });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();

    // Per has attendance: refused with the reason, and he stays.
    let panel = await openPerson(user, 'Hansen, Per');
    await user.click(within(panel).getByRole('button', { name: 'Fjern feilregistrert påmelding …' }));
    let dialog = screen.getByRole('dialog', { name: 'Fjerne påmeldingen?' });
    await user.click(within(dialog).getByRole('button', { name: 'Fjern påmeldingen' }));
    await within(panel).findByText(/Deltakeren har oppmøte eller kursbevis på kurset/);
    expect(screen.getByRole('heading', { level: 1, name: 'Rediger deltaker' })).toBeTruthy();

    // Ola has none: removed, and as it was his only course, erased.
    panel = await openPerson(user, 'Berg, Ola');
    await user.click(within(panel).getByRole('button', { name: 'Fjern feilregistrert påmelding …' }));
    dialog = screen.getByRole('dialog', { name: 'Fjerne påmeldingen?' });
    await user.click(within(dialog).getByRole('button', { name: 'Fjern påmeldingen' }));
    await screen.findByText('Påmeldingen er fjernet. Personen var ikke på andre kurs, så alle opplysningene om personen er slettet.');
    await screen.findByRole('heading', { level: 1, name: 'Excel for nybegynnere' });
    await waitFor(() => expect(within(screen.getByRole('table')).queryByText('Berg, Ola')).toBeNull());
    expect(await neo().ask('participants:search', { query: 'Berg' })).toEqual([]);
  });

  it('shows the withdrawal and undoes it; the consent history lists every answer', async () => {
    const { course, ola } = await seed(neo());
    await neo().ask('participants:withdraw', { courseId: course.id, participantId: ola.participantId, date: '2025-10-01', reason: 'moved' });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();

    // The course list marks him first.
    await openCourse(user, 'Excel for nybegynnere');
    expect(within(screen.getByRole('table')).getByText('Meldt av 01.10.2025')).toBeTruthy();
    await user.click(within(screen.getByRole('table')).getByRole('button', { name: 'Berg, Ola' }));
    const panel = await screen.findByRole('region', { name: 'Deltakelse på kurset' });
    expect(panel.textContent).toContain('Meldt av fra 01.10.2025. Årsak: Flyttet.');
    const history = screen.getByRole('region', { name: 'Samtykkehistorikk' });
    expect(history.textContent).toContain('Samtykke gitt (på papir)');
    expect(history.textContent).toContain('registrert av Tove Lærer');

    await user.click(within(panel).getByRole('button', { name: 'Angre avmeldingen' }));
    await within(panel).findByText('Avmeldingen er angret. Deltakeren er med i oppropet igjen.');
    expect(panel.textContent).toContain('Påmeldt kurset.');
    expect((await neo().ask('participants:get', { courseId: course.id, participantId: ola.participantId })).enrollment.withdrawnOn).toBeNull();
  });

  it('shows an empty Forespørsler screen with where to record a request, and no badge', async () => {
    await seed(neo());
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    // Exactly "Personvern": no badge text in its name while nothing is due.
    await user.click(screen.getByRole('button', { name: 'Personvern' }));
    await user.click(screen.getByRole('button', { name: 'Forespørsler' }));
    await screen.findByText('Ingen åpne forespørsler.');
    expect(screen.getByText('Registrer en forespørsel på personens side, under «Personvern for denne personen».')).toBeTruthy();
    expect(screen.getByText('0 åpne · 0 med frist innen en uke · 0 over fristen')).toBeTruthy();
  });
});
