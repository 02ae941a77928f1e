// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { openCourse, renderUnlocked, resetApp } from './app';
import { seedCourse } from './attendanceSetup';
import type { Seeded } from './attendanceSetup';
import { PASSPHRASE, STAFF_NAME } from './realNeo';

describe('sessions', () => {
  let seeded: Seeded | undefined;
  afterEach(() => {
    resetApp();
    seeded?.neo.close();
    seeded = undefined;
  });

  it('generates sessions from a weekly pattern, lists them, and warns when the hours differ from the plan', async () => {
    seeded = await seedCourse({ people: [], pattern: false });
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    await user.click(screen.getByRole('button', { name: 'Økter' }));
    await screen.findByRole('heading', { level: 1, name: 'Økter' });
    expect(screen.getByText('Ingen økter ennå. Lag dem fra et ukemønster, eller legg dem til én og én.')).toBeTruthy();

    const pattern = screen.getByRole('form', { name: 'Lag økter fra ukemønster' });
    // The week starts on Monday.
    expect(within(pattern).getAllByRole('checkbox').map((c) => c.parentElement?.textContent)).toEqual([
      'Mandag', 'Tirsdag', 'Onsdag', 'Torsdag', 'Fredag', 'Lørdag', 'Søndag',
    ]);
    await user.type(within(pattern).getByLabelText('Fra kl.'), '09.00');
    await user.type(within(pattern).getByLabelText('Til kl.'), '11:30');
    await user.click(within(pattern).getByRole('button', { name: 'Lag økter' }));
    expect(await within(pattern).findByText('Velg minst én ukedag.')).toBeTruthy();
    expect((await seededPlan(seeded)).sessions).toHaveLength(0);

    await user.click(within(pattern).getByLabelText('Tirsdag'));
    await user.click(within(pattern).getByRole('button', { name: 'Lag økter' }));
    expect(await screen.findByText('5 nye økter er laget.')).toBeTruthy();
    expect(screen.getByText('Øktene gir 12,5 timer, men kurset har 22,5 planlagte timer.')).toBeTruthy();

    await user.click(within(pattern).getByLabelText('Torsdag'));
    await user.click(within(pattern).getByRole('button', { name: 'Lag økter' }));
    // Tuesdays exist already: only the four Thursdays are new.
    expect(await screen.findByText('4 nye økter er laget.')).toBeTruthy();
    expect(screen.queryByText(/^Øktene gir/)).toBeNull();

    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(9);
    expect(within(rows[0]!).getByText('Tirsdag 01.04.2025')).toBeTruthy();
    expect(within(rows[0]!).getByText('09.00–11.30')).toBeTruthy();
    expect(within(rows[0]!).getByText('2,5')).toBeTruthy();
    expect(within(rows[0]!).getByText('0 av 0 registrert')).toBeTruthy();
    expect(within(rows[1]!).getByText('Torsdag 03.04.2025')).toBeTruthy();

    // A cancelled session no longer counts toward the planned hours.
    await user.click(within(rows[0]!).getByRole('button', { name: 'Avlys økt' }));
    expect(await screen.findByText('Øktene gir 20 timer, men kurset har 22,5 planlagte timer.')).toBeTruthy();
    expect(within(screen.getByRole('table')).getByText('Avlyst')).toBeTruthy();
    const plan = await seededPlan(seeded);
    expect(plan.sessions.filter((s) => s.cancelled).map((s) => s.date)).toEqual(['2025-04-01']);
    expect(plan.sessionHours).toBe(20);

    await user.click(within(screen.getAllByRole('row')[1]!).getByRole('button', { name: 'Gjenopprett økt' }));
    await waitFor(() => expect(screen.queryByText(/^Øktene gir/)).toBeNull());
  });

  it('adds a single session and moves it with the dialog', async () => {
    seeded = await seedCourse({ people: [], pattern: false });
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    await user.click(screen.getByRole('button', { name: 'Økter' }));
    const add = await screen.findByRole('form', { name: 'Legg til økt' });

    await user.type(within(add).getByLabelText('Dato'), '05.05.2025');
    await user.type(within(add).getByLabelText('Fra kl.'), '18.00');
    await user.type(within(add).getByLabelText('Til kl.'), '17.00');
    await user.click(within(add).getByRole('button', { name: 'Legg til økt' }));
    expect(await within(add).findByText('Sluttid må være etter starttid.')).toBeTruthy();

    await user.clear(within(add).getByLabelText('Til kl.'));
    await user.type(within(add).getByLabelText('Til kl.'), '20.15');
    await user.click(within(add).getByRole('button', { name: 'Legg til økt' }));
    // The core knows the course period: May is outside it.
    expect(await within(add).findByText('Datoen ligger utenfor kursperioden.')).toBeTruthy();

    await user.clear(within(add).getByLabelText('Dato'));
    await user.type(within(add).getByLabelText('Dato'), '28.04.2025');
    await user.click(within(add).getByRole('button', { name: 'Legg til økt' }));
    expect(await screen.findByText('Økten Mandag 28.04.2025 er lagt til.')).toBeTruthy();
    const row = await screen.findByRole('row', { name: /Mandag 28\.04\.2025/ });
    expect(within(row).getByText('18.00–20.15')).toBeTruthy();
    expect(within(row).getByText('2,25')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Flytt' }));
    const dialog = await screen.findByRole('dialog', { name: 'Flytt økt' });
    expect(within(dialog).getByLabelText<HTMLInputElement>('Dato').value).toBe('28.04.2025');
    await user.clear(within(dialog).getByLabelText('Dato'));
    await user.type(within(dialog).getByLabelText('Dato'), '29.04.2025');
    await user.clear(within(dialog).getByLabelText('Til kl.'));
    await user.type(within(dialog).getByLabelText('Til kl.'), '21:00');
    await user.click(within(dialog).getByRole('button', { name: 'Lagre' }));
    expect(await screen.findByText('Økten er flyttet til Tirsdag 29.04.2025.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();

    const [session] = (await seededPlan(seeded)).sessions;
    expect(session).toMatchObject({ date: '2025-04-29', startTime: '18:00', endTime: '21:00', hours: 3 });
  });

  it('keeps the attendance requirement on the course form, 75 % by default', async () => {
    seeded = await seedCourse({ people: [], pattern: false });
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    expect(screen.getByText('75 %')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Rediger kurs' }));
    const field = await screen.findByLabelText<HTMLInputElement>('Krav til oppmøte (%)');
    expect(field.value).toBe('75');
    await user.clear(field);
    await user.type(field, '80');
    await user.click(screen.getByRole('button', { name: 'Lagre kurs' }));
    expect(await screen.findByText('Kurset er lagret.')).toBeTruthy();
    expect((await seeded.neo.ask('courses:get', { id: seeded.courseId })).requiredAttendancePercent).toBe(80);
  });
});

function seededPlan(seeded: Seeded) {
  return seeded.neo.ask('sessions:list', { courseId: seeded.courseId });
}

describe('a signed-off session cannot be cancelled without a trail', () => {
  let seeded: Seeded | undefined;
  afterEach(() => {
    resetApp();
    seeded?.neo.close();
    seeded = undefined;
  });

  it('asks for confirmation and a reason, keeps it with the session, and shows it', async () => {
    seeded = await seedCourse();
    const sessionId = seeded.sessions['2025-04-01']!;
    await seeded.neo.ask('vault:unlock', { name: STAFF_NAME, passphrase: PASSPHRASE });
    await seeded.neo.ask('attendance:markAllPresent', { sessionId });
    await seeded.neo.ask('attendance:signOff', { sessionId });
    await seeded.neo.ask('vault:lock', {});
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk B1 kveld');
    await user.click(screen.getByRole('button', { name: 'Økter' }));
    const sessionRow = await screen.findByRole('row', { name: /Tirsdag 01\.04\.2025/ });

    // One click only opens the question; Escape changes nothing.
    await user.click(within(sessionRow).getByRole('button', { name: 'Avlys økt' }));
    let dialog = await screen.findByRole('dialog', { name: 'Avlyse en signert økt?' });
    expect(within(dialog).getByText(/Oppmøtelisten for Tirsdag 01\.04\.2025 er signert/)).toBeTruthy();
    await user.keyboard('{Escape}');
    expect((await seeded.neo.ask('sessions:list', { courseId: seeded.courseId })).sessions[0]).toMatchObject({ cancelled: false });

    await user.click(within(sessionRow).getByRole('button', { name: 'Avlys økt' }));
    dialog = await screen.findByRole('dialog', { name: 'Avlyse en signert økt?' });
    await user.click(within(dialog).getByRole('button', { name: 'Avlys økten' }));
    expect(within(dialog).getByText('Skriv en begrunnelse.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Begrunnelse'), 'Læreren var syk; tas igjen 30.04');
    await user.click(within(dialog).getByRole('button', { name: 'Avlys økten' }));
    expect(await screen.findByText('Økten Tirsdag 01.04.2025 er avlyst.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(within(screen.getByRole('row', { name: /Tirsdag 01\.04\.2025/ })).getByText('Avlyst etter signering: Læreren var syk; tas igjen 30.04')).toBeTruthy());
    expect((await seeded.neo.ask('sessions:list', { courseId: seeded.courseId })).sessions[0]).toMatchObject({
      cancelled: true,
      cancelReason: 'Læreren var syk; tas igjen 30.04',
    });
  });
});
