// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelInput } from '../../main/contract/channels';
import { useNav, useRetention } from '../../renderer/src/stores';
import { renderUnlocked, resetApp } from './app';
import { createVault, installRealNeo } from './realNeo';
import type { RealNeo } from './realNeo';

/**
 * The retention screens with the real core: the notice after unlock, the
 * grace period setting moving what is due, and erasing a person kept by an
 * active Kompetansepluss course (an explicit override with a reason, then a
 * second "yes").
 */

const NOW = '2025-06-02T10:00:00.000Z';
let neo: RealNeo | undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW) });
});
afterEach(() => {
  resetApp();
  neo?.close();
  neo = undefined;
  vi.useRealTimers();
});

const course = (type: 'kompetansepluss' | 'other', name: string): ChannelInput<'courses:create'> => ({
  name,
  type,
  place: 'Molde',
  startDate: '2025-03-03',
  endDate: '2025-04-04',
  plannedHours: 20,
  teacher: 'Tove Lærer',
  status: 'finished',
});

async function seed(): Promise<{ neo: RealNeo; kpId: string; personId: string }> {
  const real = installRealNeo({ clock: { now: () => new Date(NOW) } });
  await createVault(real);
  await real.ask('courses:create', course('other', 'Digitale ferdigheter'));
  const kp = await real.ask('courses:create', course('kompetansepluss', 'Norsk på arbeidsplassen'));
  const person = await real.ask('participants:register', {
    courseId: kp.id,
    participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1980-05-03', email: 'ase@example.no', gender: 'female', consent: { keepAfterCourse: false } },
    enrollment: { source: 'employer', employerName: 'Byggmester Hansen AS' },
  });
  await real.ask('vault:lock', {});
  return { neo: real, kpId: kp.id, personId: person.participantId };
}

describe('what is due', () => {
  it('is announced after unlock, and follows the grace period set in the settings', async () => {
    const seeded = await seed();
    neo = seeded.neo;
    const user = await renderUnlocked();
    const notice = await screen.findByText('Personopplysningene i 1 kurs skal slettes nå, etter reglene i personvernerklæringen.');
    expect(notice).toBeTruthy();

    // 90 days after 4 April is in July: nothing is due any more.
    await user.click(screen.getByRole('button', { name: 'Innstillinger' }));
    const days = await screen.findByLabelText('Dager etter kursslutt');
    await waitFor(() => expect((days as HTMLInputElement).value).toBe('30'));
    await user.clear(days);
    await user.type(days, '400');
    await user.click(screen.getByRole('button', { name: 'Lagre fristen' }));
    expect(await screen.findByText('Velg mellom 0 og 365 dager.')).toBeTruthy();
    await user.clear(days);
    await user.type(days, '90');
    await user.click(screen.getByRole('button', { name: 'Lagre fristen' }));
    expect(await screen.findByText('Fristen er lagret.')).toBeTruthy();
    expect(await seeded.neo.ask('settings:get', {})).toMatchObject({ retentionGraceDays: 90 });

    await user.click(screen.getByRole('button', { name: 'Personvern' }));
    expect(await screen.findByText('Ingen kurs har personopplysninger som skal slettes nå.')).toBeTruthy();
    expect(screen.queryByText(/skal slettes nå, etter reglene/)).toBeNull();
  });
});

describe('erasure on request', () => {
  it('needs an explicit override with a reason for a person on an unreported Kompetansepluss course, then a second "yes"', async () => {
    const seeded = await seed();
    neo = seeded.neo;
    const user = await renderUnlocked();
    act(() => useNav.getState().go({ name: 'participantEdit', courseId: seeded.kpId, participantId: seeded.personId }));
    await user.click(await screen.findByRole('button', { name: 'Slett alle opplysninger …' }));

    const review = await screen.findByRole('dialog', { name: /^Slette alle opplysninger om Åse Ødegård/ });
    expect(within(review).getByText(/Kompetanse Norge har ikke godkjent rapporten for Norsk på arbeidsplassen ennå/)).toBeTruthy();
    const next = within(review).getByRole('button', { name: 'Gå videre' });
    expect((next as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(review).getByLabelText('Slett likevel, før rapporten er godkjent'));
    await user.click(next);
    expect(await within(review).findByText('Skriv en begrunnelse.')).toBeTruthy();
    await user.type(within(review).getByLabelText('Hvorfor slettes personen nå?'), 'Har flyttet og ber om sletting');
    await user.click(next);

    const sure = await screen.findByRole('dialog', { name: 'Er du helt sikker?' });
    // Cancelling here leaves the person alone.
    await user.click(within(sure).getByRole('button', { name: 'Avbryt' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await seeded.neo.ask('participants:listByCourse', { courseId: seeded.kpId })).length).toBe(1);

    await user.click(screen.getByRole('button', { name: 'Slett alle opplysninger …' }));
    const again = await screen.findByRole('dialog', { name: /^Slette alle opplysninger om Åse Ødegård/ });
    await user.click(within(again).getByLabelText('Slett likevel, før rapporten er godkjent'));
    await user.type(within(again).getByLabelText('Hvorfor slettes personen nå?'), 'Har flyttet');
    await user.click(within(again).getByRole('button', { name: 'Gå videre' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Er du helt sikker?' })).getByRole('button', { name: 'Ja, slett alt' }));

    expect(await screen.findByText('Alle opplysninger om personen er slettet.')).toBeTruthy();
    expect(useNav.getState().route).toEqual({ name: 'course', courseId: seeded.kpId });
    expect(await seeded.neo.ask('participants:listByCourse', { courseId: seeded.kpId })).toEqual([]);
    // The renderer keeps nothing of the erasure's answers beyond the notice.
    expect(useRetention.getState().previews).toEqual({});
  });
});
