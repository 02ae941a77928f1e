import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt as scryptCallback } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Language } from '../contract/messages';
import { AppError } from './errors';
import { writeFileAtomic } from './files';

/**
 * The vault file holds the database key, never in the clear: wrapped with
 * AES-256-GCM under a key derived from the user's passphrase (scrypt). The
 * passphrase is the only way in: no other copy of the key exists. Changing the
 * passphrase re-wraps the same database key, so the database is not rewritten.
 *
 * Format history:
 *   1  also held the key wrapped by the OS keystore (Electron safeStorage). That
 *      copy never unlocked anything, but anything running as the same user
 *      could have used it to reach the key without the passphrase.
 *   2  the passphrase wrap only. Reading a version 1 file rewrites it as
 *      version 2 at once, dropping the keystore copy.
 */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 128 MiB and a few hundred milliseconds on a 2-core laptop. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** Upper bound on the memory a vault file may ask scrypt for (the default uses 128 MiB). */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const wrapped = z.object({ iv: b64, tag: b64, data: b64 });

/** The vault format this build writes. */
export const VAULT_VERSION = 2;

const vaultFields = {
  format: z.literal('neo-kurs-vault'),
  deviceId: z.uuid(),
  language: z.enum(['nb', 'en']),
  createdAt: z.string(),
  kdf: z
    .object({
      algorithm: z.literal('scrypt'),
      N: z.number().int().min(2),
      r: z.number().int().min(1).max(64),
      p: z.number().int().min(1).max(16),
      salt: b64,
    })
    // scrypt needs N to be a power of two; a damaged or hostile file must not ask for gigabytes.
    .refine(({ N, r }) => (N & (N - 1)) === 0 && 128 * N * r <= MAX_SCRYPT_MEMORY),
  passphraseWrap: wrapped,
};

const vaultSchema = z.strictObject({ ...vaultFields, version: z.literal(VAULT_VERSION) });

/** Version 1: the same, plus copies of the key wrapped by OS keystores (dropped on upgrade). */
const vaultV1Schema = z.object({ ...vaultFields, version: z.literal(1), keystoreWraps: z.record(z.string(), b64).optional() });

export type VaultFile = z.infer<typeof vaultSchema>;

const AAD = Buffer.from('neo-kurs-vault-v1');

function scrypt(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      passphrase.normalize('NFC'),
      salt,
      32,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    );
  });
}

function seal(wrappingKey: Buffer, secret: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(secret), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function open(wrappingKey: Buffer, box: z.infer<typeof wrapped>): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]);
  } catch {
    return null; // authentication failed: wrong passphrase (or tampered file)
  }
}

async function wrapWithPassphrase(passphrase: string, key: Buffer, params: ScryptParams) {
  const salt = randomBytes(16);
  const wrappingKey = await scrypt(passphrase, salt, params);
  try {
    return { kdf: { algorithm: 'scrypt' as const, ...params, salt: salt.toString('base64') }, passphraseWrap: seal(wrappingKey, key) };
  } finally {
    wrappingKey.fill(0);
  }
}

export class VaultStore {
  constructor(readonly file: string) {}

  async exists(): Promise<boolean> {
    try {
      await fs.access(this.file);
      return true;
    } catch {
      return false;
    }
  }

  async read(): Promise<VaultFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('VAULT_MISSING');
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('VAULT_CORRUPT');
    }
    const current = vaultSchema.safeParse(json);
    if (current.success) return current.data;
    const v1 = vaultV1Schema.safeParse(json);
    if (!v1.success) {
      const version = (json as { version?: unknown } | null)?.version;
      throw new AppError(typeof version === 'number' && version > VAULT_VERSION ? 'VAULT_TOO_NEW' : 'VAULT_CORRUPT');
    }
    // Upgrade at once, before anything else happens: the keystore's copy of the key must not outlive this read.
    const { keystoreWraps: _dropped, ...rest } = v1.data;
    const upgraded: VaultFile = { ...rest, version: VAULT_VERSION };
    await this.write(upgraded);
    return upgraded;
  }

  private write(vault: VaultFile): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(vault, null, 2)}\n`);
  }

  /** Creates a new vault with a fresh random 256-bit database key, returned to the caller. */
  async create(
    passphrase: string,
    options: { language: Language; now: Date; scrypt: ScryptParams },
  ): Promise<{ vault: VaultFile; key: Buffer }> {
    if (await this.exists()) throw new AppError('VAULT_EXISTS');
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    const vault: VaultFile = {
      format: 'neo-kurs-vault',
      version: VAULT_VERSION,
      deviceId: randomUUID(),
      language: options.language,
      createdAt: options.now.toISOString(),
      ...(await wrapWithPassphrase(passphrase, key, options.scrypt)),
    };
    await this.write(vault);
    return { vault, key };
  }

  /** The database key, or WRONG_PASSPHRASE. */
  async unwrap(vault: VaultFile, passphrase: string): Promise<Buffer> {
    const wrappingKey = await scrypt(passphrase, Buffer.from(vault.kdf.salt, 'base64'), vault.kdf);
    try {
      const key = open(wrappingKey, vault.passphraseWrap);
      if (!key || key.length !== 32) throw new AppError('WRONG_PASSPHRASE');
      return key;
    } finally {
      wrappingKey.fill(0);
    }
  }

  /** Re-wraps the same database key under a new passphrase (new salt, same KDF cost). */
  async rewrap(vault: VaultFile, key: Buffer, nextPassphrase: string, params: ScryptParams): Promise<VaultFile> {
    const next: VaultFile = { ...vault, ...(await wrapWithPassphrase(nextPassphrase, key, params)) };
    await this.write(next);
    return next;
  }

  async setLanguage(vault: VaultFile, language: Language): Promise<VaultFile> {
    const next = { ...vault, language };
    await this.write(next);
    return next;
  }
}
