import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/src/App';
import '../../renderer/src/i18n';
import { setLanguage } from '../../renderer/src/i18n';
import { resetDataStores, useNav, useSession } from '../../renderer/src/stores';
import { afterEach, beforeEach } from 'vitest';
import { PASSPHRASE, STAFF_NAME, installRealNeo } from './realNeo';
import type { RealNeo } from './realNeo';

export type User = ReturnType<typeof userEvent.setup>;

/** Renders the whole app as it starts: it asks the core for the vault state first. */
export function renderApp(): User {
  const user = userEvent.setup();
  render(<App />);
  return user;
}

/** Renders the app and unlocks it through the unlock screen, as a user would. */
/** The app started and unlocked through its own screen, as the first account unless another is named. */
export async function renderUnlocked(name: string = STAFF_NAME): Promise<User> {
  const user = renderApp();
  await user.type(await screen.findByLabelText('Navn'), name);
  const field = screen.getByLabelText('Passordfrase');
  await user.type(field, PASSPHRASE);
  await user.click(screen.getByRole('button', { name: 'Lås opp' }));
  await screen.findByRole('button', { name: 'Lås' });
  return user;
}

export async function openCourse(user: User, name: string): Promise<void> {
  await user.click(await screen.findByRole('button', { name }));
  await screen.findByRole('heading', { level: 1, name });
}

/** Unmounts and forgets every store between tests, the route too (a lock keeps it). */
export function resetApp(): void {
  cleanup();
  resetDataStores();
  useNav.getState().reset();
  useSession.getState().reset();
  setLanguage('nb');
}


/**
 * Gives each test of the enclosing block its own real core, prepared by `setup`
 * (for example `lockedVault`), then unmounts the app and removes the core after
 * it. Returns the current test's core.
 */
export function realNeoPerTest(setup?: (neo: RealNeo) => Promise<void>): () => RealNeo {
  let current: RealNeo | undefined;
  beforeEach(async () => {
    current = installRealNeo();
    await setup?.(current);
  });
  afterEach(() => {
    resetApp();
    current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('no core outside a test');
    return current;
  };
}
