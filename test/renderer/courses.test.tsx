// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCourses, useParticipants } from '../../renderer/src/stores';
import { openCourse, realNeoPerTest, renderUnlocked } from './app';
import { PASSPHRASE, STAFF_NAME, courseInput, createVault } from './realNeo';

const person = (firstName: string, lastName: string, birthDate: string, email: string) => ({
  firstName,
  lastName,
  birthDate,
  email,
  gender: 'unspecified' as const,
  consent: { keepAfterCourse: false },
});

describe('courses', () => {
  const neo = realNeoPerTest(createVault);
  // Registered after the core's teardown, so it runs before it (after-hooks run in reverse).
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts empty, then creates a Kompetansepluss course with every field', async () => {
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    expect(await screen.findByText('Ingen kurs ennå')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Nytt kurs' }));
    await user.click(await screen.findByRole('button', { name: 'Lagre kurs' }));
    expect(await screen.findAllByText('Må fylles ut.')).not.toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Kursnavn')));
    expect(await neo().ask('courses:list', {})).toEqual([]);

    await user.type(screen.getByLabelText('Kursnavn'), 'Norsk på jobben');
    await user.selectOptions(screen.getByLabelText('Kurstype'), 'Kompetansepluss');
    await user.type(screen.getByLabelText('Sted'), 'Ålesund');
    await user.type(screen.getByLabelText('Startdato'), '01.09.2025');
    await user.type(screen.getByLabelText('Sluttdato'), '15.08.2025');
    await user.type(screen.getByLabelText('Planlagte timer'), '37,5');
    await user.type(screen.getByLabelText('Lærer'), 'Tove Lærer');
    await user.type(screen.getByLabelText('Beskrivelse'), 'Muntlig og skriftlig norsk.');
    await user.type(screen.getByLabelText('Læringsmål'), 'Skrive en enkel rapport.');
    await user.selectOptions(screen.getByLabelText('Status'), 'Pågår');
    await user.click(screen.getByLabelText('Økonomisk rapport godkjent'));
    await user.click(screen.getByRole('button', { name: 'Lagre kurs' }));
    expect(await screen.findByText('Sluttdato kan ikke være før startdato.')).toBeTruthy();
    expect(screen.getByText('Oppgi datoen rapporten ble godkjent.')).toBeTruthy();

    await user.clear(screen.getByLabelText('Sluttdato'));
    await user.type(screen.getByLabelText('Sluttdato'), '15.12.2025');
    await user.type(screen.getByLabelText('Dato rapporten ble godkjent'), '20.01.2026');
    await user.click(screen.getByRole('button', { name: 'Lagre kurs' }));
    expect(await screen.findByText('Kurset er lagret.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Norsk på jobben' })).toBeTruthy();

    const [course] = await neo().ask('courses:list', {});
    expect(course).toMatchObject({
      name: 'Norsk på jobben',
      type: 'kompetansepluss',
      place: 'Ålesund',
      startDate: '2025-09-01',
      endDate: '2025-12-15',
      plannedHours: 37.5,
      teacher: 'Tove Lærer',
      description: 'Muntlig og skriftlig norsk.',
      learningGoals: 'Skrive en enkel rapport.',
      status: 'running',
      financialReportApprovedAt: '2026-01-20',
    });
  });

  it('filters the participant list as you type and shows the count', async () => {
    const course = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    for (const [first, last, birth] of [
      ['Kari', 'Nordmann', '1980-03-05'],
      ['Ola', 'Nordmann', '1979-11-30'],
      ['Åse', 'Berg', '1990-01-15'],
    ] as const) {
      await neo().ask('participants:register', {
        courseId: course.id,
        participant: person(first, last, birth, `${last.toLowerCase()}.${birth}@example.com`),
        enrollment: { source: 'self' },
      });
    }
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openCourse(user, 'Excel for nybegynnere');
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(screen.getByText('3 deltakere')).toBeTruthy();

    const search = screen.getByLabelText('Søk i deltakerlisten');
    await user.type(search, 'nord');
    await waitFor(() => expect(screen.getByText('2 av 3 deltakere')).toBeTruthy());
    expect(screen.queryByText('Berg, Åse')).toBeNull();

    await user.type(search, 'mann k');
    await waitFor(() => expect(screen.getByText('1 av 3 deltakere')).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Nordmann, Kari' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nordmann, Ola' })).toBeNull();

    await user.clear(search);
    await user.type(search, 'åse');
    await waitFor(() => expect(screen.getByText('1 av 3 deltakere')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Berg, Åse' }));
    await screen.findByRole('heading', { level: 1, name: 'Rediger deltaker' });
    expect(screen.getByLabelText<HTMLInputElement>('Fornavn').value).toBe('Åse');

    await user.clear(screen.getByLabelText('Fornavn'));
    await user.type(screen.getByLabelText('Fornavn'), 'Åsa');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Endringene er lagret.')).toBeTruthy();
    expect(await neo().ask('participants:search', { query: 'åsa' })).toHaveLength(1);
  });

  it('locks with the Lås button, clears every store, and unlocks again on the same course with the data intact', async () => {
    await neo().ask('courses:create', courseInput('fagbrev', 'Fagbrev helsearbeider'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openCourse(user, 'Fagbrev helsearbeider');
    expect(useCourses.getState().items).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Lås' }));
    const field = await screen.findByLabelText('Passordfrase');
    expect(useCourses.getState().items).toBeNull();
    expect(useParticipants.getState().courseId).toBeNull();
    expect(neo().core.isUnlocked).toBe(false);

    await user.type(screen.getByLabelText('Navn'), STAFF_NAME);
    await user.type(field, 'feil passordfrase her');
    await user.click(screen.getByRole('button', { name: 'Lås opp' }));
    expect(await screen.findByText('Feil navn eller passordfrase. Prøv igjen.')).toBeTruthy();
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await user.clear(field);
    await user.type(field, PASSPHRASE);
    await user.keyboard('{Enter}');
    // Back where the lock found the user: the course page, read again from the core.
    expect(await screen.findByRole('heading', { level: 1, name: 'Fagbrev helsearbeider' })).toBeTruthy();
  });

  it('locks itself after the idle time and goes to the unlock screen', async () => {
    await neo().ask('settings:update', { idleLockMinutes: 1 });
    await neo().ask('vault:lock', {});
    // Fake clocks that still run, so the unlock flow works while the test can jump ahead.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await renderUnlocked();
    await screen.findByText('Ingen kurs ennå');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    act(() => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(45_000);
    });
    // Activity 45 s ago resets the minute: still open.
    expect(screen.queryByLabelText('Passordfrase')).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(20_000);
    });
    expect(await screen.findByText('Appen ble låst fordi den ikke var i bruk.')).toBeTruthy();
    expect(screen.getByLabelText('Passordfrase')).toBeTruthy();
    expect(useCourses.getState().items).toBeNull();
    expect(neo().core.isUnlocked).toBe(false);
  });

  it('goes to the unlock screen when any call answers VAULT_LOCKED', async () => {
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await screen.findByText('Ingen kurs ennå');
    neo().core.lock(); // locked behind the renderer's back, as the main process's own idle check does
    await user.click(screen.getByRole('button', { name: 'Søk deltaker' }));
    await user.type(await screen.findByLabelText('Søk etter deltaker'), 'kari');
    expect(await screen.findByLabelText('Passordfrase')).toBeTruthy();
    expect(screen.getByText('Appen er låst.')).toBeTruthy();
  });
});
