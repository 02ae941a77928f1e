// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { realNeoPerTest, renderApp } from './app';

describe('first run setup', () => {
  const neo = realNeoPerTest();

  it('refuses a passphrase shorter than 12 characters and creates nothing', async () => {
    const user = renderApp();
    await user.type(await screen.findByLabelText('Ditt navn'), 'Tove Lærer');
    const passphrase = screen.getByLabelText('Passordfrase');
    await user.type(passphrase, 'kort frase');
    await user.type(screen.getByLabelText('Gjenta passordfrase'), 'kort frase');
    await user.click(screen.getByRole('button', { name: 'Opprett' }));

    expect(await screen.findByText('Passordfrasen må ha minst 12 tegn.')).toBeTruthy();
    expect(passphrase.getAttribute('aria-invalid')).toBe('true');
    expect(passphrase.getAttribute('aria-describedby')).toContain('setup-passphrase-error');
    await waitFor(() => expect(document.activeElement).toBe(passphrase));
    expect(await neo().ask('vault:status', {})).toMatchObject({ state: 'uninitialized' });
  });

  it('refuses passphrases that differ', async () => {
    const user = renderApp();
    await user.type(await screen.findByLabelText('Ditt navn'), 'Tove Lærer');
    await user.type(screen.getByLabelText('Passordfrase'), 'korrekt hest batteri stift');
    await user.type(screen.getByLabelText('Gjenta passordfrase'), 'korrekt hest batteri stiFt');
    await user.click(screen.getByRole('button', { name: 'Opprett' }));

    expect(await screen.findByText('Passordfrasene er ikke like.')).toBeTruthy();
    expect(await neo().ask('vault:status', {})).toMatchObject({ state: 'uninitialized' });
  });

  it('shows a live strength hint and creates the vault with a good passphrase', async () => {
    const user = renderApp();
    await user.type(await screen.findByLabelText('Ditt navn'), 'Tove Lærer');
    await user.type(screen.getByLabelText('Passordfrase'), 'abc');
    expect(await screen.findByText('For kort: 3 av minst 12 tegn.')).toBeTruthy();
    await user.clear(screen.getByLabelText('Passordfrase'));
    await user.type(screen.getByLabelText('Passordfrase'), 'grønn fjellbekk under syv måner');
    await waitFor(() => expect(screen.getByRole('meter').getAttribute('aria-valuenow')).toBe('4'));
    await user.type(screen.getByLabelText('Gjenta passordfrase'), 'grønn fjellbekk under syv måner');
    await user.click(screen.getByRole('button', { name: 'Opprett' }));

    // The recovery code, once: the app opens only when the person says it is written down.
    expect(await screen.findByRole('heading', { name: 'Gjenopprettingskode' })).toBeTruthy();
    expect(screen.getByText('Skriv den ned og oppbevar den trygt.', { exact: false })).toBeTruthy();
    expect(screen.getByTestId('recovery-code').textContent).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const proceed = screen.getByRole('button', { name: 'Fortsett' });
    expect(proceed.hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByLabelText('Jeg har skrevet ned gjenopprettingskoden og lagt den på et trygt sted.'));
    await user.click(proceed);

    expect(await screen.findByRole('button', { name: 'Lås' })).toBeTruthy();
    expect(screen.getByText('Tove Lærer')).toBeTruthy();
    expect(await neo().ask('vault:status', {})).toMatchObject({ state: 'unlocked' });
  });
});
