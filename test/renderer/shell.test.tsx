// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/contract/security';
import { realNeoPerTest, renderUnlocked } from './app';
import { lockedVault, STAFF_NAME } from './realNeo';

describe('renderer/index.html', () => {
  const html = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/index.html'), 'utf8');
  const doc = new DOMParser().parseFromString(html, 'text/html');

  it('carries exactly the contract Content-Security-Policy', () => {
    const meta = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(meta?.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('has no inline script or style, and loads the app as a module', () => {
    expect(doc.documentElement.getAttribute('lang')).toBe('nb');
    expect(doc.querySelectorAll('style, [style]')).toHaveLength(0);
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.map((s) => [s.getAttribute('type'), s.getAttribute('src'), s.textContent?.trim()])).toEqual([
      ['module', './src/main.tsx', ''],
    ]);
    expect(doc.getElementById('root')).not.toBeNull();
  });
});

describe('settings', () => {
  const neo = realNeoPerTest(lockedVault);

  it('validates the idle minutes, saves them, and switches the language', async () => {
    const user = await renderUnlocked();
    await user.click(screen.getByRole('button', { name: 'Innstillinger' }));
    const minutes = await screen.findByLabelText('Lås automatisk etter (minutter)');
    await user.clear(minutes);
    await user.type(minutes, '0');
    await user.click(screen.getByRole('button', { name: 'Lagre innstillinger' }));
    expect(await screen.findByText('Velg mellom 1 og 120 minutter.')).toBeTruthy();
    expect(await neo().ask('settings:get', {})).toMatchObject({ idleLockMinutes: 10 });

    await user.clear(minutes);
    await user.type(minutes, '5');
    await user.selectOptions(screen.getByLabelText('Språk'), 'English');
    await user.click(screen.getByRole('button', { name: 'Lagre innstillinger' }));
    expect(await screen.findByText('The settings have been saved.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Courses' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(await neo().ask('settings:get', {})).toEqual({ language: 'en', idleLockMinutes: 5, retentionGraceDays: 30 });

    // The unlock screen before the next unlock speaks the chosen language too.
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Unlock' })).toBeTruthy());
  });

  it('refuses a wrong current passphrase when changing it', async () => {
    const user = await renderUnlocked();
    await user.click(screen.getByRole('button', { name: 'Innstillinger' }));
    await user.type(await screen.findByLabelText('Nåværende passordfrase'), 'ikke riktig frase');
    await user.type(screen.getByLabelText('Ny passordfrase'), 'en helt ny og lang frase');
    await user.type(screen.getByLabelText('Gjenta ny passordfrase'), 'en helt ny og lang frase');
    await user.click(screen.getByRole('button', { name: 'Bytt passordfrase' }));
    await waitFor(() => expect(screen.getByLabelText('Nåværende passordfrase').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText('Feil passordfrase. Prøv igjen.').length).toBeGreaterThan(0);

    await user.clear(screen.getByLabelText('Nåværende passordfrase'));
    await user.type(screen.getByLabelText('Nåværende passordfrase'), 'korrekt hest batteri stift');
    await user.click(screen.getByRole('button', { name: 'Bytt passordfrase' }));
    expect(await screen.findByText('Passordfrasen er byttet.')).toBeTruthy();
    await neo().ask('vault:lock', {});
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'en helt ny og lang frase' });
  });
});
