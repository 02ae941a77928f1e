import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID, scrypt as scryptCallback } from 'node:crypto';
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
 *   3  one wrap per staff account, plus one by the recovery code, plus the
 *      count of recent wrong passphrases (so the delay survives a restart).
 *      The file is not encrypted, so it holds no names: an account's wrap is
 *      found by `lookup`, an HMAC-SHA-256 of its normalised name under the
 *      vault's random `lookupSalt`, and names and roles live in the encrypted
 *      database (staff_accounts). A version 2 vault becomes version 3 at its
 *      first unlock (the one passphrase becomes one coordinator account).
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
export const VAULT_VERSION = 3;

const kdfSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z.number().int().min(2),
    r: z.number().int().min(1).max(64),
    p: z.number().int().min(1).max(16),
    salt: b64,
  })
  // scrypt needs N to be a power of two; a damaged or hostile file must not ask for gigabytes.
  .refine(({ N, r }) => (N & (N - 1)) === 0 && 128 * N * r <= MAX_SCRYPT_MEMORY);

type Kdf = z.infer<typeof kdfSchema>;

const commonFields = {
  format: z.literal('neo-kurs-vault'),
  deviceId: z.uuid(),
  language: z.enum(['nb', 'en']),
  createdAt: z.string(),
};

const vaultFields = { ...commonFields, kdf: kdfSchema, passphraseWrap: wrapped };

const accountWrapSchema = z.strictObject({ id: z.uuid(), lookup: b64, kdf: kdfSchema, wrap: wrapped });

const vaultSchema = z.strictObject({
  ...commonFields,
  version: z.literal(VAULT_VERSION),
  lookupSalt: b64,
  accounts: z.array(accountWrapSchema).min(1).max(1000),
  /** The key wrapped by the recovery code kept on paper; null for a vault upgraded from version 2 until a coordinator makes one. */
  recovery: z.strictObject({ kdf: kdfSchema, wrap: wrapped }).nullable(),
  /** Wrong passphrases (or recovery codes) in a row, and when the last one came: the delay before the next try. */
  throttle: z.strictObject({ failures: z.number().int().min(0), lastFailureAt: z.string().nullable() }),
});

/** Version 2: one passphrase, one wrap. Upgraded to version 3 at its first unlock. */
const vaultV2Schema = z.strictObject({ ...vaultFields, version: z.literal(2) });

/** Version 1: the same, plus copies of the key wrapped by OS keystores (dropped on upgrade). */
const vaultV1Schema = z.object({ ...vaultFields, version: z.literal(1), keystoreWraps: z.record(z.string(), b64).optional() });

export type VaultFile = z.infer<typeof vaultSchema>;
export type VaultV2File = z.infer<typeof vaultV2Schema>;
export type AccountWrap = z.infer<typeof accountWrapSchema>;
export type AnyVaultFile = VaultFile | VaultV2File;

/** How a name is compared: NFC, trimmed, inner spaces collapsed, lower case ("Kari  Nordmann" is "kari nordmann"). */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Where an account's wrap is found without its name on disk: HMAC-SHA-256(lookupSalt, nameKey(name)). */
export function lookupOf(lookupSalt: string, name: string): string {
  return createHmac('sha256', Buffer.from(lookupSalt, 'base64')).update(nameKey(name), 'utf8').digest('base64');
}

// ---------- recovery codes ----------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 160 random bits as 32 Crockford base32 characters, in eight groups of four. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** A typed recovery code in its canonical form (case, spaces and dashes ignored; O read as 0, I and L as 1), or null. */
export function normaliseRecoveryCode(code: string): string | null {
  const plain = code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== 32 || [...plain].some((c) => !CROCKFORD.includes(c))) return null;
  return plain;
}

// ---------- throttling ----------

/** No delay for the first three wrong tries, then 2, 4, 8 … seconds, at most five minutes. */
export function throttleDelaySeconds(failures: number): number {
  if (failures <= 3) return 0;
  return Math.min(2 ** (failures - 3), 300);
}

/** Seconds left before the next try is allowed (0: now). */
export function throttleWaitSeconds(vault: AnyVaultFile, now: Date): number {
  if (vault.version !== VAULT_VERSION || !vault.throttle.lastFailureAt) return 0;
  const until = new Date(vault.throttle.lastFailureAt).getTime() + throttleDelaySeconds(vault.throttle.failures) * 1000;
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

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

async function wrapWithSecret(secret: string, key: Buffer, params: ScryptParams): Promise<{ kdf: Kdf; wrap: z.infer<typeof wrapped> }> {
  const salt = randomBytes(16);
  const wrappingKey = await scrypt(secret, salt, params);
  try {
    return { kdf: { algorithm: 'scrypt' as const, ...params, salt: salt.toString('base64') }, wrap: seal(wrappingKey, key) };
  } finally {
    wrappingKey.fill(0);
  }
}

async function unwrapWith(secret: string, kdf: Kdf, box: z.infer<typeof wrapped>): Promise<Buffer | null> {
  const wrappingKey = await scrypt(secret, Buffer.from(kdf.salt, 'base64'), kdf);
  try {
    const key = open(wrappingKey, box);
    return key && key.length === 32 ? key : null;
  } finally {
    wrappingKey.fill(0);
  }
}

/** A wrap nothing opens: an unknown name costs the same scrypt run as a known one. */
const DUMMY_SALT = randomBytes(16).toString('base64');
const DUMMY_BOX = { iv: randomBytes(12).toString('base64'), tag: randomBytes(16).toString('base64'), data: randomBytes(32).toString('base64') };

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


  async read(): Promise<AnyVaultFile> {
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
    const v2 = vaultV2Schema.safeParse(json);
    if (v2.success) return v2.data;
    const v1 = vaultV1Schema.safeParse(json);
    if (!v1.success) {
      const version = (json as { version?: unknown } | null)?.version;
      throw new AppError(typeof version === 'number' && version > VAULT_VERSION ? 'VAULT_TOO_NEW' : 'VAULT_CORRUPT');
    }
    // Upgrade at once, before anything else happens: the keystore's copy of the key must not outlive this read.
    const { keystoreWraps: _dropped, ...rest } = v1.data;
    const upgraded: VaultV2File = { ...rest, version: 2 };
    await this.write(upgraded);
    return upgraded;
  }

  private write(vault: AnyVaultFile): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(vault, null, 2)}\n`);
  }

  /**
   * Creates a new vault with a fresh random 256-bit database key, returned to the caller,
   * wrapped by the first account's passphrase and by a new recovery code (returned once, never stored).
   */
  async create(
    account: { id: string; name: string; passphrase: string },
    options: { language: Language; now: Date; scrypt: ScryptParams },
  ): Promise<{ vault: VaultFile; key: Buffer; recoveryCode: string }> {
    if (await this.exists()) throw new AppError('VAULT_EXISTS');
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    const lookupSalt = randomBytes(32).toString('base64');
    const recoveryCode = newRecoveryCode();
    const vault: VaultFile = {
      format: 'neo-kurs-vault',
      version: VAULT_VERSION,
      deviceId: randomUUID(),
      language: options.language,
      createdAt: options.now.toISOString(),
      lookupSalt,
      accounts: [{ id: account.id, lookup: lookupOf(lookupSalt, account.name), ...(await wrapWithSecret(account.passphrase, key, options.scrypt)) }],
      recovery: await wrapWithSecret(normaliseRecoveryCode(recoveryCode)!, key, options.scrypt),
      throttle: { failures: 0, lastFailureAt: null },
    };
    await this.write(vault);
    return { vault, key, recoveryCode };
  }

  /** The database key of a version 2 vault (one passphrase), or WRONG_PASSPHRASE. */
  async unwrapLegacy(vault: VaultV2File, passphrase: string): Promise<Buffer> {
    const key = await unwrapWith(passphrase, vault.kdf, vault.passphraseWrap);
    if (!key) throw new AppError('WRONG_PASSPHRASE');
    return key;
  }

  /**
   * The database key and the account id for a name and passphrase, or WRONG_PASSPHRASE.
   * An unknown name runs the same scrypt against a wrap nothing opens, so it looks and takes the same as a wrong passphrase.
   */
  async unwrap(vault: VaultFile, name: string, passphrase: string): Promise<{ key: Buffer; accountId: string }> {
    const lookup = lookupOf(vault.lookupSalt, name);
    const account = vault.accounts.find((a) => a.lookup === lookup);
    const kdf = account?.kdf ?? { ...vault.accounts[0]!.kdf, salt: DUMMY_SALT };
    const key = await unwrapWith(passphrase, kdf, account?.wrap ?? DUMMY_BOX);
    if (!key || !account) throw new AppError('WRONG_PASSPHRASE');
    return { key, accountId: account.id };
  }

  /** The database key from the recovery code, or WRONG_PASSPHRASE (a wrong code looks like a wrong passphrase). */
  async unwrapRecovery(vault: VaultFile, code: string): Promise<Buffer> {
    const plain = normaliseRecoveryCode(code);
    const recovery = vault.recovery ?? { kdf: { ...vault.accounts[0]!.kdf, salt: DUMMY_SALT }, wrap: DUMMY_BOX };
    const key = await unwrapWith(plain ?? code, recovery.kdf, recovery.wrap);
    if (!key || !plain || !vault.recovery) throw new AppError('WRONG_PASSPHRASE');
    return key;
  }

  /** Version 2 to 3: the one passphrase wrap becomes the account's (no new key derivation), with no recovery code yet. */
  async upgrade(vault: VaultV2File, account: { id: string; name: string }): Promise<VaultFile> {
    const lookupSalt = randomBytes(32).toString('base64');
    const next: VaultFile = {
      format: vault.format,
      version: VAULT_VERSION,
      deviceId: vault.deviceId,
      language: vault.language,
      createdAt: vault.createdAt,
      lookupSalt,
      accounts: [{ id: account.id, lookup: lookupOf(lookupSalt, account.name), kdf: vault.kdf, wrap: vault.passphraseWrap }],
      recovery: null,
      throttle: { failures: 0, lastFailureAt: null },
    };
    await this.write(next);
    return next;
  }

  /** Whether another account's wrap is found under this name. */
  nameTaken(vault: VaultFile, name: string, exceptId?: string): boolean {
    const lookup = lookupOf(vault.lookupSalt, name);
    return vault.accounts.some((a) => a.lookup === lookup && a.id !== exceptId);
  }

  /** Wraps the same database key for an account under a passphrase (new salt), replacing that account's wrap if it has one. */
  async setAccountWrap(
    vault: VaultFile,
    account: { id: string; name: string },
    key: Buffer,
    passphrase: string,
    params: ScryptParams,
  ): Promise<VaultFile> {
    const entry: AccountWrap = { id: account.id, lookup: lookupOf(vault.lookupSalt, account.name), ...(await wrapWithSecret(passphrase, key, params)) };
    const others = vault.accounts.filter((a) => a.id !== account.id);
    const next: VaultFile = { ...vault, accounts: [...others, entry] };
    await this.write(next);
    return next;
  }

  async removeAccountWrap(vault: VaultFile, accountId: string): Promise<VaultFile> {
    const next: VaultFile = { ...vault, accounts: vault.accounts.filter((a) => a.id !== accountId) };
    if (next.accounts.length === 0) throw new AppError('LAST_COORDINATOR');
    await this.write(next);
    return next;
  }

  /** A new recovery code: the old one no longer opens anything. Returned once, never stored. */
  async newRecovery(vault: VaultFile, key: Buffer, params: ScryptParams): Promise<{ vault: VaultFile; recoveryCode: string }> {
    const recoveryCode = newRecoveryCode();
    const next: VaultFile = { ...vault, recovery: await wrapWithSecret(normaliseRecoveryCode(recoveryCode)!, key, params) };
    await this.write(next);
    return { vault: next, recoveryCode };
  }

  async recordFailure(vault: VaultFile, now: Date): Promise<VaultFile> {
    const next: VaultFile = { ...vault, throttle: { failures: vault.throttle.failures + 1, lastFailureAt: now.toISOString() } };
    await this.write(next);
    return next;
  }

  async clearFailures(vault: VaultFile): Promise<VaultFile> {
    if (vault.throttle.failures === 0 && vault.throttle.lastFailureAt === null) return vault;
    const next: VaultFile = { ...vault, throttle: { failures: 0, lastFailureAt: null } };
    await this.write(next);
    return next;
  }

  async setLanguage<V extends AnyVaultFile>(vault: V, language: Language): Promise<V> {
    const next = { ...vault, language };
    await this.write(next);
    return next;
  }
}
