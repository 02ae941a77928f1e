import type { NeoApi } from '@contract/api';
import type { Envelope } from '@contract/envelope';
import { i18n } from './i18n';

declare global {
  interface Window {
    /** The one bridge to the main process (the Electron preload or the browser harness). */
    neo: NeoApi;
  }
}

type LockedListener = () => void;
const lockedListeners = new Set<LockedListener>();

/** Called whenever any channel answers VAULT_LOCKED, so the app can return to the unlock screen. */
export function onVaultLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

/**
 * Awaits a channel call and turns a broken transport into an envelope, so
 * screens handle exactly one shape. A VAULT_LOCKED answer means the main
 * process locked (idle timeout or elsewhere): every screen must go.
 */
export async function call<T>(request: () => Promise<Envelope<T>>): Promise<Envelope<T>> {
  let envelope: Envelope<T>;
  try {
    envelope = await request();
  } catch {
    envelope = { ok: false, error: { code: 'INTERNAL', message: i18n.t('common.transportError') } };
  }
  if (!envelope.ok && envelope.error.code === 'VAULT_LOCKED') {
    for (const listener of lockedListeners) listener();
  }
  return envelope;
}

export const neo = (): NeoApi => window.neo;
