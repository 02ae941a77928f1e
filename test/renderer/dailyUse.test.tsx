// @vitest-environment happy-dom
import { randomUUID } from 'node:crypto';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCourses, useNav, useOverview, useParticipants, useRollCall, useSearch, useSessions } from '../../renderer/src/stores';
import { renderApp, renderUnlocked, resetApp } from './app';
import { TODAY, allSaved, coreStatuses, openRollCall, row, seedCourse } from './attendanceSetup';
import type { Seeded } from './attendanceSetup';
import { PASSPHRASE, installRealNeo, STAFF_NAME } from './realNeo';
import type { RealNeo } from './realNeo';

const PAST = '2025-04-15';

let seeded: Seeded | undefined;
let fresh: RealNeo | undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(TODAY) });
});
afterEach(() => {
  resetApp();
  seeded?.neo.close();
  seeded = undefined;
  fresh?.close();
  fresh = undefined;
  vi.useRealTimers();
});

async function unlockAgain(user: Awaited<ReturnType<typeof renderUnlocked>>): Promise<void> {
  await user.type(await screen.findByLabelText('Navn'), STAFF_NAME);
  await user.type(screen.getByLabelText('Passordfrase'), PASSPHRASE);
  await user.click(screen.getByRole('button', { name: 'Lås opp' }));
}

describe('locking keeps your place (item 18)', () => {
  it('comes back to the same roll call after an unlock, read again from the core, with nothing personal held while locked', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, PAST);
    await user.keyboard('m');
    await allSaved();
    expect(statusOf('Aas')).toBe('Møtt');

    await user.click(screen.getByRole('button', { name: 'Lås' }));
    await screen.findByLabelText('Passordfrase');
    // Where the user was is kept, as ids only…
    expect(useNav.getState().route).toEqual({ name: 'rollCall', courseId: seeded.courseId, sessionId: seeded.sessions[PAST] });
    // …and nothing read from the core is left: not in any store, not on the page.
    expect(useRollCall.getState()).toMatchObject({ session: null, rows: [], courseName: '' });
    expect(useParticipants.getState().items).toBeNull();
    expect(useCourses.getState()).toMatchObject({ items: null, byId: {} });
    expect(useSessions.getState().plan).toBeNull();
    expect(useOverview.getState().overview).toBeNull();
    expect(useSearch.getState().hits).toBeNull();
    for (const text of ['Aas', 'Even', 'Berg', 'Norsk B1 kveld']) expect(document.body.textContent).not.toContain(text);

    // Someone else changes the list while the app is locked: the unlocked screen shows it, so it was read again.
    await seeded.neo.ask('vault:unlock', { name: STAFF_NAME, passphrase: PASSPHRASE });
    await seeded.neo.ask('attendance:mark', { sessionId: seeded.sessions[PAST]!, participantId: seeded.ids.Berg!, status: 'absent' });
    await seeded.neo.ask('vault:lock', {});

    await unlockAgain(user);
    expect(await screen.findByRole('grid')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Opprop' })).toBeTruthy();
    expect(screen.getByText('Tirsdag 15.04.2025 · 09.00–11.30 · 2,5 timer')).toBeTruthy();
    expect(statusOf('Aas')).toBe('Møtt');
    expect(statusOf('Berg')).toBe('Ikke møtt');
  });

  it('opens the course list with a word about why when the place is gone after an unlock', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, PAST);
    await user.click(screen.getByRole('button', { name: 'Lås' }));
    await screen.findByLabelText('Passordfrase');
    // The session the user was on no longer exists when they come back.
    act(() => useNav.getState().go({ name: 'rollCall', courseId: seeded!.courseId, sessionId: randomUUID() }));

    await unlockAgain(user);
    expect(await screen.findByText('Det du hadde åpent, finnes ikke lenger. Her er kurslisten.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Kurs' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Norsk B1 kveld' })).toBeTruthy();
    expect(useNav.getState().route).toEqual({ name: 'courses' });
  });
});

describe('the roll call by mouse (item 20)', () => {
  it('has a button per status on every row, which marks the row and shows as pressed', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, PAST);
    const buttons = within(row('Berg')).getAllByRole('button');
    expect(buttons.map((b) => [b.textContent, b.getAttribute('aria-label')])).toEqual([
      ['M', 'Møtt: Berg, Ola'],
      ['I', 'Ikke møtt: Berg, Ola'],
      ['F', 'Forsinket: Berg, Ola'],
      ['G', 'Gyldig fravær: Berg, Ola'],
    ]);
    await user.click(screen.getByRole('button', { name: 'Forsinket: Berg, Ola' }));
    // A late mark asks for the hours before it is saved.
    await user.keyboard('2{Enter}');
    await user.click(screen.getByRole('button', { name: 'Gyldig fravær: Haugen, Liv' }));
    await allSaved();
    expect(screen.getByRole('button', { name: 'Forsinket: Berg, Ola' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Møtt: Berg, Ola' }).getAttribute('aria-pressed')).toBe('false');
    expect(statusOf('Berg')).toBe('Forsinket');
    expect(await coreStatuses(seeded, PAST)).toMatchObject({ Berg: { status: 'late' }, Haugen: { status: 'excused' }, Aas: { status: null } });
  });
});

describe('English is English (item 21)', () => {
  it('uses English keys, times, decimals and rates in the roll call and the overview', async () => {
    seeded = await seedCourse();
    await seeded.neo.ask('vault:unlock', { name: STAFF_NAME, passphrase: PASSPHRASE });
    await seeded.neo.ask('settings:update', { language: 'en' });
    // Dahl and Haugen were there for 2 of the 2.5 hours on 1 April.
    await seeded.neo.ask('attendance:markAllPresent', { sessionId: seeded.sessions['2025-04-01']! });
    await seeded.neo.ask('attendance:mark', { sessionId: seeded.sessions['2025-04-01']!, participantId: seeded.ids.Dahl!, status: 'late', hours: 2 });
    await seeded.neo.ask('vault:lock', {});

    const user = renderApp();
    await user.type(await screen.findByLabelText('Name'), STAFF_NAME);
    await user.type(screen.getByLabelText('Passphrase'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('button', { name: 'Lock' });
    await openRollCall(seeded, PAST);
    expect(screen.getByText('Tuesday 15.04.2025 · 09:00–11:30 · 2.5 hours')).toBeTruthy();
    const keys = screen.getByRole('complementary', { name: 'Keys' });
    for (const text of ['P present', 'A absent', 'L late', 'E excused absence', 'R the rest present']) {
      expect(within(keys).getByText((_, el) => el?.textContent === text && el.tagName !== 'LI')).toBeTruthy();
    }
    expect(within(row('Aas')).getAllByRole('button').map((b) => b.textContent)).toEqual(['P', 'A', 'L', 'E']);

    // P, A, L, E mark the rows in turn (L asks for the hours first); R marks the rest present.
    await user.keyboard('pal');
    expect(document.activeElement).toBe(screen.getByLabelText('Hours present for Dahl, Håkon (late; the session has 2.5 hours)'));
    await user.keyboard('2{Enter}e');
    await allSavedInEnglish();
    expect(await coreStatuses(seeded, PAST)).toMatchObject({
      Aas: { status: 'present' },
      Berg: { status: 'absent' },
      Dahl: { status: 'late' },
      Hansen: { status: 'excused' },
      Haugen: { status: null },
    });
    expect(statusOf('Dahl')).toBe('Late');
    await user.keyboard('r');
    await allSavedInEnglish();
    expect(Object.values(await coreStatuses(seeded, PAST)).every((m) => m.status !== null)).toBe(true);
    // The late one stayed 1.5 hours, typed the English way.
    await user.click(screen.getByLabelText('Hours for Dahl, Håkon'));
    await user.clear(screen.getByLabelText('Hours for Dahl, Håkon'));
    await user.keyboard('1.5{Enter}');
    await allSavedInEnglish();
    expect((await coreStatuses(seeded, PAST)).Dahl).toMatchObject({ status: 'late', hours: 1.5 });
    expect(screen.getByLabelText<HTMLInputElement>('Hours for Dahl, Håkon').value).toBe('1.5');

    await user.click(screen.getByRole('button', { name: 'Sign off the attendance list' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign off' }));
    expect(await screen.findByText(/^Signed off 20\.04\.2025 at \d\d:\d\d$/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Attendance overview' }));
    const matrix = await screen.findByRole('region', { name: 'Attendance per participant and session' });
    expect(screen.getByText('Required: 75%')).toBeTruthy();
    expect(screen.getByText('Hours held so far: 15')).toBeTruthy();
    const dahl = within(matrix).getByRole('row', { name: /^Dahl, Håkon/ });
    // 2 + 1.5 of the 15 hours held so far.
    expect(within(dahl).getByText('3.5')).toBeTruthy();
    expect(within(dahl).getByText('23%')).toBeTruthy();
    expect(within(dahl).getAllByRole('cell')[0]!.textContent).toBe('LLate');
  });

  it('offers the language on the first-start screen and keeps the choice', async () => {
    fresh = installRealNeo();
    const user = renderApp();
    const language = await screen.findByLabelText('Språk (language)');
    await user.selectOptions(language, 'English');
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Neo Kurs' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    await user.type(screen.getByLabelText('Your name'), 'Tove Teacher');
    await user.type(screen.getByLabelText('Passphrase'), PASSPHRASE);
    await user.type(screen.getByLabelText('Repeat passphrase'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await user.click(await screen.findByLabelText('I have written down the recovery code and put it in a safe place.'));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByRole('button', { name: 'Lock' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Courses' })).toBeTruthy();
    expect(await fresh.ask('settings:get', {})).toMatchObject({ language: 'en' });
    // The next start, still locked, speaks English too.
    await fresh.ask('vault:lock', {});
    expect(await fresh.ask('vault:status', {})).toMatchObject({ state: 'locked', language: 'en' });
  });
});

/** The status shown in a roll-call row, without its letter. */
function statusOf(lastName: string): string {
  return row(lastName).querySelector('.status')?.lastChild?.textContent ?? '';
}

async function allSavedInEnglish(): Promise<void> {
  await waitFor(() => expect(useRollCall.getState().inFlight).toBe(0));
  await screen.findByText(/^Everything is saved \(\d\d:\d\d\)\.$/);
}
