import type { Session } from '@contract/types';
import { setLanguage } from './i18n';
import { call, neo } from './neo';
import { showLocked, useSession } from './stores';
import type { LockReason } from './stores/session';

/** Reads the vault state at start. An already unlocked core (a reloaded page) is locked again: every start asks for the passphrase. */
export async function startApp(): Promise<void> {
  const status = await call(() => neo().vault.status({}));
  if (!status.ok) {
    useSession.getState().setPhase('unavailable', status.error.message);
    return;
  }
  setLanguage(status.value.language);
  if (status.value.state === 'uninitialized') {
    useSession.getState().setPhase('uninitialized');
    return;
  }
  if (status.value.state === 'unlocked') await call(() => neo().vault.lock({}));
  showLocked('start');
}

export function signedIn(session: Session): void {
  setLanguage(session.language);
  useSession.getState().signIn(session);
}

/** Locks the vault in the main process, then forgets everything the renderer held. */
export async function lockNow(reason: LockReason): Promise<void> {
  await call(() => neo().vault.lock({}));
  showLocked(reason);
}
