// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRollCall } from '../../renderer/src/stores';
import { openCourse, renderUnlocked, resetApp } from './app';
import { ROLL_ORDER, TODAY, allSaved, coreStatuses, openRollCall, row, seedCourse } from './attendanceSetup';
import type { Seeded } from './attendanceSetup';
import { PASSPHRASE, STAFF_NAME } from './realNeo';

const PAST = '2025-04-15';
const FUTURE = '2025-04-22';

// Cells: the status buttons, then the status.
// The status itself: an absence's cell also holds the reason picker.
const statusText = (lastName: string) => within(row(lastName)).getAllByRole('cell')[1]!.querySelector('.status')?.textContent;
const hoursField = (lastName: string, first: string) => screen.getByLabelText<HTMLInputElement>(`Timer for ${lastName}, ${first}`);

let seeded: Seeded | undefined;

// The renderer's "today" (the course page's Opprop button, sessions still ahead) agrees with the core's fixed clock.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(TODAY) });
});
afterEach(() => {
  vi.restoreAllMocks();
  resetApp();
  seeded?.neo.close();
  seeded = undefined;
  vi.useRealTimers();
});

describe('roll call', () => {
  it('is taken with the keyboard only, and every mark is saved in the core at once', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    // The way in: course page → Økter → the session's "Ta opprop".
    await openCourse(user, 'Norsk B1 kveld');
    await user.click(screen.getByRole('button', { name: 'Økter' }));
    await user.click(within(await screen.findByRole('row', { name: /Tirsdag 15\.04\.2025/ })).getByRole('button', { name: 'Ta opprop' }));
    const grid = await screen.findByRole('grid');
    expect(screen.getByRole('heading', { level: 1, name: 'Opprop' })).toBeTruthy();
    expect(screen.getByText('Tirsdag 15.04.2025 · 09.00–11.30 · 2,5 timer')).toBeTruthy();
    expect(within(grid).getAllByRole('rowheader').map((h) => h.textContent?.split(',')[0])).toEqual(ROLL_ORDER);
    expect(screen.getByText('0 av 12 registrert')).toBeTruthy();
    // The key legend is on screen.
    const keys = screen.getByRole('complementary', { name: 'Taster' });
    for (const text of ['M møtt', 'I ikke møtt', 'F forsinket', 'G gyldig fravær', 'A alle til stede', 'Ctrl+Z angre']) {
      expect(within(keys).getByText((_, el) => el?.textContent === text && el.tagName !== 'LI')).toBeTruthy();
    }

    // The list has the focus from the start: no mouse needed.
    expect(document.activeElement).toBe(row('Aas'));
    await user.keyboard('m');
    expect(statusText('Aas')).toBe('MMøtt'); // optimistic: shown before the core answers
    expect(document.activeElement).toBe(row('Berg'));
    await user.keyboard('i');
    // Late goes straight to the hours field: nothing is saved until the hours are given.
    await user.keyboard('f');
    expect(document.activeElement).toBe(screen.getByLabelText('Timer til stede for Dahl, Håkon (forsinket; økten har 2,5 timer)'));
    expect(statusText('Dahl')).toBe('FForsinket: timer?');
    await allSaved();
    expect((await coreStatuses(seeded, PAST)).Dahl).toMatchObject({ status: null });
    await user.keyboard('2{Enter}');
    expect(document.activeElement).toBe(row('Hansen'));
    await user.keyboard('g');
    expect(document.activeElement).toBe(row('Haugen'));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(document.activeElement).toBe(row('Lie'));
    await user.keyboard('I');
    await allSaved();
    expect(await coreStatuses(seeded, PAST)).toMatchObject({
      Aas: { status: 'present', hours: 2.5 },
      Berg: { status: 'absent', hours: 0 },
      Dahl: { status: 'late', hours: 2 },
      Hansen: { status: 'excused', hours: 0 },
      Haugen: { status: null },
      Lie: { status: 'absent', hours: 0 },
    });

    // The late one came at 10.00 after all: Enter opens the hours field, Enter saves and returns to the list.
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(row('Dahl'));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(hoursField('Dahl', 'Håkon'));
    await user.keyboard('1,5{Enter}');
    expect(document.activeElement).toBe(row('Dahl'));
    // Escape leaves the field without saving what was typed.
    await user.keyboard('h');
    await user.keyboard('2{Escape}');
    expect(document.activeElement).toBe(row('Dahl'));
    await allSaved();
    expect(hoursField('Dahl', 'Håkon').value).toBe('1,5');
    expect((await coreStatuses(seeded, PAST)).Dahl).toMatchObject({ status: 'late', hours: 1.5 });

    // A: everyone not yet marked is present; existing marks stay.
    await user.keyboard('a');
    await allSaved();
    expect(screen.getByText('12 av 12 registrert')).toBeTruthy();
    let core = await coreStatuses(seeded, PAST);
    expect(Object.values(core).filter((m) => m.status === 'present')).toHaveLength(8);
    expect(core.Berg).toMatchObject({ status: 'absent' });

    // Ctrl+Z undoes "all present" as one step, then the hours (restored through attendance:mark),
    // then the absence of Lie (back to no mark, through attendance:unmark).
    await user.keyboard('{Control>}z{/Control}');
    await allSaved();
    core = await coreStatuses(seeded, PAST);
    expect(Object.values(core).filter((m) => m.status === null)).toHaveLength(7);
    expect(core.Dahl).toMatchObject({ status: 'late', hours: 1.5 });
    await user.keyboard('{Control>}z{/Control}');
    await allSaved();
    expect((await coreStatuses(seeded, PAST)).Dahl).toMatchObject({ status: 'late', hours: 2 });
    await user.click(screen.getByRole('button', { name: 'Angre' }));
    await allSaved();
    expect((await coreStatuses(seeded, PAST)).Lie?.status).toBeNull();
    expect(statusText('Lie')).toBe('Ikke registrert');

    // Two quick marks on the same row, both in flight at once, end in the last one.
    const store = useRollCall.getState();
    store.mark(seeded.ids.Moe!, 'absent');
    store.setHours(seeded.ids.Moe!, 9); // rejected by the core, but already overtaken by the next mark
    store.mark(seeded.ids.Moe!, 'present');
    expect(useRollCall.getState().inFlight).toBe(3);
    await allSaved();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((await coreStatuses(seeded, PAST)).Moe).toMatchObject({ status: 'present', hours: 2.5 });
    expect(statusText('Moe')).toBe('MMøtt');
    expect(within(row('Moe')).getByText('Lagret')).toBeTruthy();
  });

  it('rolls a rejected mark back and says why', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, PAST);
    await user.keyboard('f2,5{Enter}');
    await allSaved();
    await user.keyboard('{ArrowUp}{Enter}');
    expect(document.activeElement).toBe(hoursField('Aas', 'Even'));
    await user.keyboard('3{Enter}'); // the session has 2,5 hours
    expect(await screen.findByText('Ikke lagret: Timer kan ikke være flere enn øktens timer.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Aas, Even: Timer kan ikke være flere enn øktens timer.');
    expect(hoursField('Aas', 'Even').value).toBe('2,5');
    expect((await coreStatuses(seeded, PAST)).Aas).toMatchObject({ status: 'late', hours: 2.5 });
    // The rejected change is not an undo step: Ctrl+Z removes the mark itself.
    await user.keyboard('{Control>}z{/Control}');
    await allSaved();
    expect((await coreStatuses(seeded, PAST)).Aas?.status).toBeNull();
  });

  it('asks before recording a session that has not been yet, once per session', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, FUTURE);
    expect(screen.getByText('Økten har ikke vært ennå.')).toBeTruthy();
    await user.keyboard('m');
    const dialog = await screen.findByRole('dialog', { name: 'Føre oppmøte på forhånd?' });
    expect(within(dialog).getByText('Økten har ikke vært ennå. Vil du føre oppmøte likevel?')).toBeTruthy();
    expect(statusText('Aas')).toBe('Ikke registrert');

    await user.click(within(dialog).getByRole('button', { name: 'Avbryt' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await coreStatuses(seeded, FUTURE)).Aas?.status).toBeNull();

    row('Aas').focus();
    await user.keyboard('m');
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Ja, før oppmøte' }));
    await allSaved();
    expect((await coreStatuses(seeded, FUTURE)).Aas).toMatchObject({ status: 'present' });
    // Remembered for this session: the next mark goes straight through.
    await user.keyboard('g');
    expect(screen.queryByRole('dialog')).toBeNull();
    await allSaved();
    expect((await coreStatuses(seeded, FUTURE)).Berg).toMatchObject({ status: 'excused' });
  });

  it('signs the list off, and then asks for a reason before a change is saved', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, PAST);
    await user.click(screen.getByRole('button', { name: 'Alle til stede' }));
    await allSaved();

    await user.click(screen.getByRole('button', { name: 'Signer oppmøtelisten' }));
    const confirm = await screen.findByRole('dialog', { name: 'Signer oppmøtelisten' });
    await user.click(within(confirm).getByRole('button', { name: 'Signer' }));
    expect(await screen.findByText(/^Signert 20\.04\.2025 kl\. \d\d\.\d\d$/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Signer oppmøtelisten' })).toBeNull();
    expect((await seeded.neo.ask('attendance:roll', { sessionId: seeded.sessions[PAST]! })).session.signedOffAt).not.toBeNull();

    expect(document.activeElement).toBe(row('Aas'));
    await user.keyboard('{ArrowDown}i');
    const ask = await screen.findByRole('dialog', { name: 'Endre en signert oppmøteliste' });
    const reason = within(ask).getByLabelText('Begrunnelse for endringen');
    expect(document.activeElement).toBe(reason);
    await user.keyboard('{Enter}');
    expect(await within(ask).findByText('Må fylles ut.')).toBeTruthy();
    expect((await coreStatuses(seeded, PAST)).Berg?.status).toBe('present');

    await user.type(reason, 'Gikk hjem før pausen{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await allSaved();
    expect((await coreStatuses(seeded, PAST)).Berg).toMatchObject({ status: 'absent', hours: 0 });
    expect(statusText('Berg')).toBe('IIkke møtt');
  });

  it('opens today’s roll call from the course page when there is a session today, else the session list', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    // 20.04.2025 is a Sunday: no session, so the list opens with a hint.
    await user.click(screen.getByRole('button', { name: 'Opprop' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Økter' })).toBeTruthy();
    expect(screen.getByText('Ingen økt i dag. Velg økten du vil ta opprop for.')).toBeTruthy();

    vi.setSystemTime(new Date('2025-04-15T07:00:00Z'));
    await user.click(screen.getByRole('button', { name: '← Tilbake til kurset' }));
    await user.click(await screen.findByRole('button', { name: 'Opprop' }));
    expect(await screen.findByRole('grid')).toBeTruthy();
    expect(screen.getByText('Tirsdag 15.04.2025 · 09.00–11.30 · 2,5 timer')).toBeTruthy();
  });
});

describe('attendance overview', () => {
  it('shows the matrix, flags participants below and near the requirement, and lists one participant’s sessions', async () => {
    seeded = await seedCourse({ people: [['Even', 'Aas'], ['Ola', 'Berg'], ['Håkon', 'Dahl'], ['Åse', 'Ødegård']] });
    const held = ['2025-04-01', '2025-04-03', '2025-04-08', '2025-04-10', '2025-04-15', '2025-04-17'];
    await seeded.neo.ask('vault:unlock', { name: STAFF_NAME, passphrase: PASSPHRASE });
    for (const date of held) await seeded.neo.ask('attendance:markAllPresent', { sessionId: seeded.sessions[date]! });
    const mark = (lastName: string, date: string, status: 'absent' | 'late' | 'excused', hours?: number) =>
      seeded!.neo.ask('attendance:mark', { sessionId: seeded!.sessions[date]!, participantId: seeded!.ids[lastName]!, status, hours });
    // Berg: 10 of 15 hours (67 %) is below 75 %. Dahl: 12 of 15 (80 %) is within 5 points. Ødegård: 12,5 of 15 (83 %).
    await mark('Berg', '2025-04-01', 'absent');
    await mark('Berg', '2025-04-03', 'excused');
    await mark('Dahl', '2025-04-08', 'absent');
    await mark('Dahl', '2025-04-10', 'late', 2);
    await mark('Ødegård', '2025-04-17', 'absent');
    await seeded.neo.ask('vault:lock', {});

    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    await user.click(screen.getByRole('button', { name: 'Oppmøteoversikt' }));
    await screen.findByRole('heading', { level: 1, name: 'Oppmøteoversikt' });
    expect(screen.getByText('Krav: 75 %')).toBeTruthy();
    expect(screen.getByText('Timer holdt hittil: 15')).toBeTruthy();
    expect(screen.getByText('2 deltakere er under eller nær kravet.')).toBeTruthy();

    const matrix = screen.getByRole('region', { name: 'Oppmøte per deltaker og økt' });
    // 9 sessions (3 of them still ahead) + name, hours, rate and flag columns.
    expect(within(matrix).getAllByRole('columnheader')).toHaveLength(13);
    const line = (name: string) => within(matrix).getByRole('row', { name: new RegExp(`^${name}`) });
    expect(within(line('Berg, Ola')).getByText('67 %')).toBeTruthy();
    expect(within(line('Berg, Ola')).getByText('Under kravet')).toBeTruthy();
    expect(within(line('Dahl, Håkon')).getByText('80 %')).toBeTruthy();
    expect(within(line('Dahl, Håkon')).getByText('Nær kravet')).toBeTruthy();
    expect(within(line('Ødegård, Åse')).getByText('83 %')).toBeTruthy();
    expect(within(line('Ødegård, Åse')).queryByText(/kravet/)).toBeNull();
    expect(within(line('Aas, Even')).getByText('100 %')).toBeTruthy();
    // Symbols with readable text for screen readers.
    const bergCells = within(line('Berg, Ola')).getAllByRole('cell');
    expect(bergCells[0]!.textContent).toBe('IIkke møtt');
    expect(bergCells[1]!.textContent).toBe('GGyldig fravær');
    expect(bergCells[2]!.textContent).toBe('MMøtt');
    expect(bergCells[8]!.textContent).toBe('·Ikke registrert');
    expect(line('Berg, Ola').className).toContain('matrix__row--below');

    await user.click(within(matrix).getByRole('button', { name: 'Dahl, Håkon' }));
    const dialog = await screen.findByRole('dialog', { name: 'Oppmøte for Håkon Dahl' });
    expect(await within(dialog).findByText('Timer møtt: 12 · Oppmøte: 80 %')).toBeTruthy();
    const sessionRow = within(dialog).getByRole('row', { name: /Torsdag 10\.04\.2025/ });
    expect(within(sessionRow).getByText('Forsinket')).toBeTruthy();
    expect(within(sessionRow).getByText('2')).toBeTruthy();
    expect(within(dialog).getAllByText('Ikke holdt ennå')).toHaveLength(3);
  });

  it('downloads the attendance list as CSV through an object URL', async () => {
    seeded = await seedCourse({ people: [['Åse', 'Ødegård']] });
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    await user.click(screen.getByRole('button', { name: 'Oppmøteoversikt' }));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:neo-test';
    });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    await user.click(await screen.findByRole('button', { name: 'Last ned CSV' }));
    expect(await screen.findByText(/\.csv er lastet ned\.$/)).toBeTruthy();
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toMatch(/\.csv$/);
    expect(clicked[0]!.href).toBe('blob:neo-test');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await blobs[0]!.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff); // BOM, so Excel reads æøå
    expect(text).toContain('Ødegård');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Last ned PDF' })).toBeTruthy());
  });
});

describe('late never silently counts as full attendance', () => {
  it('a late mark asks for the hours attended, by keyboard and by mouse; without them nothing is saved', async () => {
    seeded = await seedCourse();
    const user = await renderUnlocked();
    await openRollCall(seeded, PAST);
    const lateHours = (lastName: string, first: string) => screen.getByLabelText<HTMLInputElement>(`Timer til stede for ${lastName}, ${first} (forsinket; økten har 2,5 timer)`);

    // Escape drops the late mark: the row says it was not saved, and the core has nothing.
    await user.keyboard('f');
    expect(document.activeElement).toBe(lateHours('Aas', 'Even'));
    await user.keyboard('2{Escape}');
    expect(document.activeElement).toBe(row('Aas'));
    expect(within(row('Aas')).getByText('Ikke lagret: oppgi timene for å registrere forsinket.')).toBeTruthy();
    expect(statusText('Aas')).toBe('Ikke registrert');
    // More than the session has is refused before anything is sent.
    await user.keyboard('f');
    await user.keyboard('3{Enter}');
    expect(within(row('Aas')).getByText('Skriv timer mellom 0 og 2,5.')).toBeTruthy();
    // The mouse takes the same way: the Forsinket button opens the hours field.
    await user.click(screen.getByRole('button', { name: 'Forsinket: Aas, Even' }));
    expect(document.activeElement).toBe(lateHours('Aas', 'Even'));
    expect(screen.getByRole('button', { name: 'Forsinket: Aas, Even' }).getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('1,75{Enter}');
    await allSaved();
    expect(await coreStatuses(seeded, PAST)).toMatchObject({ Aas: { status: 'late', hours: 1.75 } });
    expect(hoursField('Aas', 'Even').value).toBe('1,75');
  });
});
