/**
 * age v1 files (https://age-encryption.org/v1) through the `age-encryption` package, so
 * that `age -d -i identity batch` reads what the app writes and the other way round.
 * This file adds no cryptography: it checks the file's shape first, to tell a file of
 * another kind or a cut-short file from one that is not ours, and turns every failure
 * of the library into an AppError.
 */
import { Decrypter, Encrypter } from 'age-encryption';
import { AppError } from '../errors';

const MAGIC = Buffer.from('age-encryption.org/v1\n', 'latin1');
const MAC_LINE = Buffer.from('\n--- ', 'latin1');
/** The payload is a 16-byte nonce, then chunks of up to 64 KiB, each with a 16-byte tag. */
const NONCE_BYTES = 16;
const TAG_BYTES = 16;
const CHUNK_WITH_TAG = 64 * 1024 + TAG_BYTES;
/** Bech32 X25519 recipients only: Debian's age (1.1) knows no post-quantum or plugin recipients. */
const X25519_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;

/** Whether `text` is an X25519 age recipient (`age1…`) the app and the age CLI can encrypt to. */
export function isAgeRecipient(text: string): boolean {
  if (!X25519_RECIPIENT.test(text)) return false;
  try {
    // The library checks the bech32 checksum and the key length.
    new Encrypter().addRecipient(text);
    return true;
  } catch {
    return false;
  }
}

/** A binary age v1 file that each recipient can decrypt. Throws EXCHANGE_NO_RECIPIENT or EXCHANGE_NOT_A_KEY_FILE. */
export async function encryptTo(plain: Uint8Array, recipients: readonly string[]): Promise<Uint8Array> {
  if (recipients.length === 0) throw new AppError('EXCHANGE_NO_RECIPIENT');
  const encrypter = new Encrypter();
  for (const recipient of recipients) {
    if (!isAgeRecipient(recipient)) throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
    encrypter.addRecipient(recipient);
  }
  return encrypter.encrypt(plain);
}

/**
 * Decrypts an age file with the installation's identity (`AGE-SECRET-KEY-1…`). Throws
 * EXCHANGE_TOO_LARGE (file > maxBytes, before any work), EXCHANGE_TRUNCATED (empty or cut
 * short where that shows), EXCHANGE_NOT_A_BATCH (not an age file), EXCHANGE_NOT_FOR_US
 * (no stanza for us, or any authentication failure: a changed byte, or a file cut inside
 * its payload, which cannot be told apart from a changed one).
 */
export async function decryptWith(file: Uint8Array, identity: string, maxBytes: number): Promise<Uint8Array> {
  if (file.length > maxBytes) throw new AppError('EXCHANGE_TOO_LARGE');
  checkShape(Buffer.from(file.buffer, file.byteOffset, file.length));

  const decrypter = new Decrypter();
  try {
    decrypter.addIdentity(identity);
  } catch {
    // Our own stored identity is broken: nothing the user can fix by choosing another file.
    throw new AppError('INTERNAL');
  }
  try {
    return await decrypter.decrypt(file);
  } catch {
    throw new AppError('EXCHANGE_NOT_FOR_US');
  }
}

/** What can be told from the bytes alone, before any key is tried. */
function checkShape(file: Buffer): void {
  const start = file.subarray(0, MAGIC.length);
  if (!start.equals(MAGIC.subarray(0, start.length))) throw new AppError('EXCHANGE_NOT_A_BATCH');
  if (file.length <= MAGIC.length) throw new AppError('EXCHANGE_TRUNCATED');

  const headerEnd = endOfHeader(file);
  if (headerEnd === null) {
    // The header is text and the payload after it binary: an all-text file without the
    // MAC line stopped inside its header; otherwise the line itself was damaged.
    throw new AppError(isText(file) ? 'EXCHANGE_TRUNCATED' : 'EXCHANGE_NOT_FOR_US');
  }
  const payload = file.length - headerEnd - NONCE_BYTES;
  // Every payload has at least one tag, and only an empty file's last chunk is a bare tag (age's plaintextSize()).
  const lastChunk = payload % CHUNK_WITH_TAG;
  if (payload < TAG_BYTES || (payload > TAG_BYTES && lastChunk > 0 && lastChunk <= TAG_BYTES)) throw new AppError('EXCHANGE_TRUNCATED');
}

/** The header's MAC: HMAC-SHA-256, 32 bytes in unpadded base64. */
const MAC_BASE64_LENGTH = 43;

/**
 * Offset just after the header's "--- <MAC>\n" line, or null when the file has
 * none or ends inside it. The line has a fixed length: a damaged line end is
 * refused here, not looked for in the binary payload, where the next
 * 0x0a byte falls would decide which refusal the user gets.
 */
function endOfHeader(file: Buffer): number | null {
  const macLine = file.indexOf(MAC_LINE);
  if (macLine < 0) return null;
  const end = macLine + MAC_LINE.length + MAC_BASE64_LENGTH;
  if (end >= file.length) return null;
  if (file[end] !== 0x0a) throw new AppError('EXCHANGE_NOT_FOR_US');
  return end + 1;
}

function isText(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0x0a || (byte >= 0x20 && byte < 0x7f));
}
