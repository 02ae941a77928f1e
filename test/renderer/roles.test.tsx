// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openCourse, realNeoPerTest, renderUnlocked } from './app';
import { accountNameFor, courseInput, createVault } from './realNeo';
import type { RealNeo } from './realNeo';

/** A teacher account, as a coordinator adds it in Innstillinger → Brukere (through the core, unlocked). */
async function addTeacherAccount(neo: RealNeo, name: string): Promise<string> {
  return (await neo.ask('accounts:add', { name, role: 'teacher', passphrase: 'lang nok passordfrase for vikaren' })).id;
}

const nav = () => within(screen.getByRole('navigation', { name: 'Hovedmeny' }));

describe('a teacher', () => {
  realNeoPerTest(async (neo: RealNeo) => {
    await createVault(neo, 'teacher');
    await neo.ask('courses:create', courseInput('other', 'Norsk for nybegynnere'));
    await neo.ask('vault:lock', {});
  });

  it('is offered neither Personvern, certificates, provider settings, imports nor receipts', async () => {
    const user = await renderUnlocked(accountNameFor('teacher'));
    expect(nav().queryByRole('button', { name: /Personvern/ })).toBeNull();
    expect(nav().getByRole('button', { name: 'Kurs' })).toBeTruthy();
    expect(nav().getByRole('button', { name: 'Utveksling' })).toBeTruthy();

    await openCourse(user, 'Norsk for nybegynnere');
    expect(screen.getByRole('button', { name: 'Oppmøteoversikt' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Kursbevis' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Lærere' })).toBeNull();

    await user.click(nav().getByRole('button', { name: 'Innstillinger' }));
    await screen.findByRole('heading', { level: 1, name: 'Innstillinger' });
    expect(screen.queryByRole('button', { name: 'Rediger tilbyder' })).toBeNull();
    expect(screen.queryByRole('heading', { name: /sletting/i })).toBeNull();

    await user.click(nav().getByRole('button', { name: 'Utveksling' }));
    const tabs = within(await screen.findByRole('navigation', { name: 'Utveksling' }));
    expect(tabs.queryByRole('button', { name: 'Importer batch' })).toBeNull();
    expect(tabs.queryByRole('button', { name: 'Kvitteringer' })).toBeNull();
    expect(tabs.getByRole('button', { name: 'Send batch' })).toBeTruthy();
  });
});

describe('a coordinator', () => {
  const neo = realNeoPerTest(async (n: RealNeo) => {
    await createVault(n, 'coordinator');
    await n.ask('courses:create', courseInput('other', 'Norsk for nybegynnere'));
    await n.ask('vault:lock', {});
  });

  it('sees everything, and gives a course to a teacher in the Lærere panel', async () => {
    const user = await renderUnlocked();
    expect(nav().getByRole('button', { name: /Personvern/ })).toBeTruthy();
    const tove = await addTeacherAccount(neo(), 'Tore Vikar');
    await openCourse(user, 'Norsk for nybegynnere');
    expect(screen.getByRole('button', { name: 'Kursbevis' })).toBeTruthy();
    const panel = within(screen.getByRole('region', { name: 'Lærere' }));
    await panel.findByText('Ingen lærere har fått dette kurset ennå.');
    await user.selectOptions(panel.getByLabelText('Legg til lærer'), 'Tore Vikar');
    await user.click(panel.getByRole('button', { name: 'Legg til' }));
    await panel.findByRole('button', { name: 'Fjern Tore Vikar fra kurset' });
    const [course] = await neo().ask('courses:list', {});
    expect((await neo().ask('courses:teachers', { courseId: course!.id })).assigned).toEqual([{ accountId: tove, name: 'Tore Vikar' }]);
    await user.click(panel.getByRole('button', { name: 'Fjern Tore Vikar fra kurset' }));
    await waitFor(() => expect(panel.queryByRole('button', { name: 'Fjern Tore Vikar fra kurset' })).toBeNull());
  });
});

describe('switching user', () => {
  realNeoPerTest(async (n: RealNeo) => {
    await createVault(n, 'coordinator');
    await n.ask('courses:create', courseInput('other', 'Norsk for nybegynnere'));
    await addTeacherAccount(n, 'Tore Vikar');
    await n.ask('vault:lock', {});
  });

  it('starts the next person at the course list, not on the screen the last one locked on', async () => {
    const user = await renderUnlocked();
    await user.click(nav().getByRole('button', { name: /Personvern/ }));
    await screen.findByRole('heading', { level: 1, name: 'Sletting' });
    await user.click(screen.getByRole('button', { name: 'Lås' }));
    await user.type(await screen.findByLabelText('Navn'), 'Tore Vikar');
    await user.type(screen.getByLabelText('Passordfrase'), 'lang nok passordfrase for vikaren');
    await user.click(screen.getByRole('button', { name: 'Lås opp' }));
    await screen.findByRole('heading', { level: 1, name: 'Kurs' });
    expect(screen.queryByRole('heading', { level: 1, name: 'Sletting' })).toBeNull();
    expect(nav().queryByRole('button', { name: /Personvern/ })).toBeNull();
  });
});
