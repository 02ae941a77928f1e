import { safeStorage } from 'electron';
import type { SafeStorage } from 'electron';
import type { KeyProtector } from '../core/vault';

/**
 * Electron safeStorage as an extra wrapping of the database key, offered only
 * where a real OS keystore backs it (Keychain, DPAPI, libsecret/KWallet). On
 * Linux without one, safeStorage falls back to 'basic_text', a hard-coded
 * password: that would protect nothing, so then there is no protector at all
 * and the passphrase alone guards the key. Call after the app is ready.
 */

export const SAFE_STORAGE_PROTECTOR_NAME = 'electron-safeStorage';

type SafeStorageApi = Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

export function createKeyProtector(storage: SafeStorageApi = safeStorage, platform: NodeJS.Platform = process.platform): KeyProtector | undefined {
  if (!storage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux') {
    const backend = storage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return undefined;
  }
  return {
    name: SAFE_STORAGE_PROTECTOR_NAME,
    // safeStorage takes strings, so the raw key travels as base64 inside the OS-encrypted blob.
    wrap: (key) => storage.encryptString(key.toString('base64')),
    unwrap: (blob) => Buffer.from(storage.decryptString(blob), 'base64'),
  };
}
