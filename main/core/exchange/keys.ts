/**
 * An installation's keys: an age X25519 identity to receive batches and an Ed25519
 * minisign key to sign them. Both private halves stay in the encrypted database; the
 * public halves travel in key files and are compared by phone as a short fingerprint.
 */
import { createHash } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { AppError } from '../errors';
import { isAgeRecipient } from './age';
import { generateSigningKey, type SigningKey } from './minisign';

export interface DeviceKeys extends SigningKey {
  /** `AGE-SECRET-KEY-1…` */
  ageIdentity: string;
  /** `age1…` */
  ageRecipient: string;
}

export async function generateDeviceKeys(): Promise<DeviceKeys> {
  const ageIdentity = await generateX25519Identity();
  return { ageIdentity, ageRecipient: await identityToRecipient(ageIdentity), ...generateSigningKey() };
}

/**
 * Crockford's base32: digits and upper-case letters without I, L, O and U, so nothing
 * read aloud or copied by hand is mistaken for something else.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FINGERPRINT_CHARS = 16;

/**
 * A short fingerprint of both public halves, e.g. "K7Q2-9XMD-4TRA-PW3C": the first 80 bits
 * of SHA-256 over the age recipient and the raw Ed25519 key, in Crockford base32, in groups
 * of four. Enough that no one can make a second key pair that reads the same over the phone.
 */
export function fingerprintOf(pub: { ageRecipient: string; publicKey: string }): string {
  const publicKey = Buffer.from(pub.publicKey, 'base64');
  if (!isAgeRecipient(pub.ageRecipient) || publicKey.length !== 32 || publicKey.toString('base64') !== pub.publicKey) {
    throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
  }
  const digest = createHash('sha256')
    .update('neo-kurs key fingerprint v1\n')
    .update(`${pub.ageRecipient}\n`)
    .update(publicKey)
    .digest();

  let bits = 0n;
  for (const byte of digest.subarray(0, (FINGERPRINT_CHARS * 5) / 8)) bits = (bits << 8n) | BigInt(byte);
  let chars = '';
  for (let i = FINGERPRINT_CHARS - 1; i >= 0; i--) chars += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return [0, 4, 8, 12].map((at) => chars.slice(at, at + 4)).join('-');
}
