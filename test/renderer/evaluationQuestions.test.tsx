// @vitest-environment happy-dom
import { randomUUID } from 'node:crypto';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { openCourse, renderUnlocked, resetApp } from './app';
import type { User } from './app';
import { courseInput, createVault, installRealNeo } from './realNeo';
import type { RealNeo } from './realNeo';

const COURSE = 'Arbeidsmiljø i praksis';

let neo: RealNeo | undefined;

afterEach(() => {
  resetApp();
  neo?.close();
  neo = undefined;
});

/** A course with no answers, through the real core; the vault left locked for the app to unlock. */
async function seed(): Promise<{ neo: RealNeo; courseId: string }> {
  const core = installRealNeo();
  await createVault(core);
  const course = await core.ask('courses:create', courseInput('other', COURSE));
  await core.ask('vault:lock', {});
  return { neo: core, courseId: course.id };
}

/** Course page → "Evaluering" (from the course list unless already on the course page). */
async function openEvaluation(user: User, fromList = true): Promise<HTMLElement> {
  if (fromList) await openCourse(user, COURSE);
  else await screen.findByRole('heading', { level: 1, name: COURSE });
  await user.click(screen.getByRole('button', { name: 'Evaluering' }));
  await screen.findByRole('heading', { level: 1, name: 'Evaluering' });
  return screen.findByTestId('evaluation-questions');
}

const listed = (section: HTMLElement) =>
  within(within(section).getByRole('list', { name: 'Spørsmålene i skjemaet' }))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

const field = (label: string) => screen.getByLabelText<HTMLInputElement>(label);

describe('evaluation questions', () => {
  it('makes the course’s own questions from the standard form, saves them, and goes back to the standard form', async () => {
    const seeded = await seed();
    neo = seeded.neo;
    const user = await renderUnlocked();
    const section = await openEvaluation(user);

    expect(within(section).getByText('Kurset bruker standardskjemaet.')).toBeTruthy();
    expect(listed(section)).toHaveLength(8);
    expect(listed(section)[0]).toBe('Hvor fornøyd er du med innholdet i kurset? (Vurdering 1–5)');
    // No way back to the default while the course already uses it.
    expect(within(section).queryByRole('button', { name: 'Bruk standardskjemaet' })).toBeNull();

    // A copy of the current questions to start from.
    await user.click(within(section).getByRole('button', { name: 'Lag egne spørsmål' }));
    expect(field('Tekst på bokmål, spørsmål 1').value).toBe('Hvor fornøyd er du med innholdet i kurset?');
    expect(field('Tekst på engelsk (valgfritt), spørsmål 1').value).toBe('How satisfied are you with the content of the course?');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Type, spørsmål 6' }).value).toBe('yesno');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Flytt spørsmål 1 opp' }).disabled).toBe(true);

    // Edit the first, remove two open questions, add a new one and move it up one place.
    await user.clear(field('Tekst på bokmål, spørsmål 1'));
    await user.type(field('Tekst på bokmål, spørsmål 1'), 'Hvor godt likte du øvelsene?');
    await user.click(screen.getByRole('button', { name: 'Fjern spørsmål 8' }));
    await user.click(screen.getByRole('button', { name: 'Fjern spørsmål 7' }));
    await user.click(screen.getByRole('button', { name: 'Legg til spørsmål' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type, spørsmål 7' }), 'open');
    await user.type(field('Tekst på engelsk (valgfritt), spørsmål 7'), 'Anything else?');
    await user.click(screen.getByRole('button', { name: 'Flytt spørsmål 7 opp' }));

    // The new question (now number 6) has no bokmål text: the core's message stands by that field.
    await user.click(screen.getByRole('button', { name: 'Lagre spørsmålene' }));
    const nb6 = field('Tekst på bokmål, spørsmål 6');
    await waitFor(() => expect(nb6.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(nb6.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toBe('Må fylles ut.');
    expect((await seeded.neo.ask('evaluations:form', { courseId: seeded.courseId })).source).toBe('default');

    await user.type(nb6, 'Noe annet?');
    await user.click(screen.getByRole('button', { name: 'Lagre spørsmålene' }));
    await within(section).findByText('Spørsmålene er lagret.');

    // Saved in the core, in the order shown, with a valid new id; and read back on the screen.
    const saved = await seeded.neo.ask('evaluations:form', { courseId: seeded.courseId });
    expect(saved.source).toBe('course');
    expect(saved.questions.map((q) => q.kind)).toEqual(['rating', 'rating', 'rating', 'rating', 'rating', 'open', 'yesno']);
    expect(saved.questions[0]).toEqual({ id: 'content', kind: 'rating', text: { nb: 'Hvor godt likte du øvelsene?', en: 'How satisfied are you with the content of the course?', nn: 'Kor nøgd er du med innhaldet i kurset?' } });
    expect(saved.questions[5]!.id).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(new Set(saved.questions.map((q) => q.id)).size).toBe(7);
    expect(saved.questions[5]!.text).toEqual({ nb: 'Noe annet?', en: 'Anything else?' });
    await waitFor(() => expect(within(section).getByText('Kurset har egne spørsmål.')).toBeTruthy());
    expect(listed(section)[0]).toBe('Hvor godt likte du øvelsene? (Vurdering 1–5)');
    expect(listed(section)[5]).toBe('Noe annet? (Fritekst)');
    expect(listed(section)).toHaveLength(7);

    // Editing again starts from the course's own questions.
    await user.click(within(section).getByRole('button', { name: 'Endre spørsmålene' }));
    expect(field('Tekst på bokmål, spørsmål 6').value).toBe('Noe annet?');
    await user.click(within(section).getByRole('button', { name: 'Avbryt' }));

    // Back to the standard form, after a confirm.
    await user.click(within(section).getByRole('button', { name: 'Bruk standardskjemaet' }));
    const dialog = await screen.findByRole('dialog', { name: 'Bruk standardskjemaet' });
    await user.click(within(dialog).getByRole('button', { name: 'Bruk standardskjemaet' }));
    await within(section).findByText('Kurset bruker nå standardskjemaet.');
    await waitFor(() => expect(within(section).getByText('Kurset bruker standardskjemaet.')).toBeTruthy());
    expect(listed(section)).toHaveLength(8);
    expect((await seeded.neo.ask('evaluations:form', { courseId: seeded.courseId })).source).toBe('default');
  });

  it('shows the questions read-only once the course has answers, and the core’s message if answers came in while editing', async () => {
    const seeded = await seed();
    neo = seeded.neo;
    const user = await renderUnlocked();
    const section = await openEvaluation(user);
    await user.click(within(section).getByRole('button', { name: 'Lag egne spørsmål' }));

    // A paper sheet is entered elsewhere while the editor is open: the core refuses the save, in Norwegian.
    await seeded.neo.ask('evaluations:enterPaper', { courseId: seeded.courseId, token: randomUUID(), answers: { ratings: { content: 4 }, choices: {}, texts: {} } });
    await user.click(screen.getByRole('button', { name: 'Lagre spørsmålene' }));
    await within(section).findByText('Kurset har allerede evalueringssvar, så spørsmålene kan ikke endres lenger.');
    expect((await seeded.neo.ask('evaluations:form', { courseId: seeded.courseId })).source).toBe('default');
    // The section reads the form again and turns read-only in place.
    await waitFor(() => expect(within(section).queryByRole('button', { name: 'Lagre spørsmålene' })).toBeNull());
    expect(within(section).getByText(/Da kan resultatene sammenlignes\./)).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Lag egne spørsmål' })).toBeNull();

    // Opened again: the questions are listed with the reason, and nothing to edit.
    await user.click(screen.getByRole('button', { name: /Tilbake/ }));
    const again = await openEvaluation(user, false);
    expect(within(again).getByText(/Kurset har allerede evalueringssvar, så spørsmålene kan ikke endres lenger\. Da kan/)).toBeTruthy();
    expect(listed(again)).toHaveLength(8);
    expect(within(again).queryByRole('button', { name: 'Lag egne spørsmål' })).toBeNull();
    expect(within(again).queryByRole('button', { name: 'Bruk standardskjemaet' })).toBeNull();
    expect(within(again).queryByRole('textbox')).toBeNull();
  });
});
