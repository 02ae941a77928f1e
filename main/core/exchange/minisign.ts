/**
 * Keys and detached signatures in minisign's format (https://jedisct1.github.io/minisign/),
 * so that `minisign -Vm batch -p device.pub` verifies what the app signs, and the app
 * verifies what minisign signs. Only node:crypto's Ed25519 and BLAKE2b-512 are used;
 * this file only lays out bytes the way minisign.c does.
 *
 * Layout (minisign.h): a public key is "Ed" + key id (8 bytes) + Ed25519 key (32);
 * a signature is "ED" + key id + Ed25519 over BLAKE2b-512(file) (64), followed by the
 * trusted comment and a global signature over signature || trusted comment bytes.
 * The key id is stored little-endian and printed by minisign as a 64-bit hex number,
 * so the printed form is the stored bytes reversed.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../errors';

export interface SigningKey {
  /** Ed25519 private key, PKCS#8 DER, base64. Never leaves the encrypted database. */
  signingKey: string;
  /** Ed25519 public key, the raw 32 bytes, base64. */
  publicKey: string;
  /** 16 upper-case hex digits, as minisign prints it. */
  keyId: string;
}

export type PublicKey = Pick<SigningKey, 'publicKey' | 'keyId'>;

const UNTRUSTED_PREFIX = 'untrusted comment: ';
const TRUSTED_PREFIX = 'trusted comment: ';
const PUBLIC_KEY_ALG = 'Ed';
/** Prehashed signatures; legacy "Ed" signatures over the whole file are refused, as `minisign -VH` does. */
const SIGNATURE_ALG = 'ED';
const LEGACY_SIGNATURE_ALG = 'Ed';
const KEY_ID_BYTES = 8;
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
/** minisign refuses trusted comments of TRUSTEDCOMMENTMAXBYTES (8192) minus sizeof "trusted comment: " (18) bytes or more. */
const TRUSTED_COMMENT_MAX_BYTES = 8173;

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // minisign picks the key id at random too.
  const keyIdBytes = randomBytes(KEY_ID_BYTES);
  return {
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: rawPublicKey(publicKey).toString('base64'),
    keyId: printKeyId(keyIdBytes),
  };
}

/** The text of a minisign .pub file, as `minisign -G` writes it. */
export function publicKeyFile(key: PublicKey): string {
  const bytes = Buffer.concat([Buffer.from(PUBLIC_KEY_ALG, 'latin1'), storedKeyId(key.keyId), publicKeyBytes(key.publicKey)]);
  // minisign prints the id with printf's %PRIX64: upper case, no leading zeros. The file is then the one its own -G writes.
  return `${UNTRUSTED_PREFIX}minisign public key ${BigInt(`0x${key.keyId}`).toString(16).toUpperCase()}\n${bytes.toString('base64')}\n`;
}

/** Reads a minisign .pub file, or just its base64 line (what `minisign -P` takes). Throws EXCHANGE_NOT_A_KEY_FILE. */
export function parsePublicKey(text: string): PublicKey {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\r$/, '').trim())
    .filter((line) => line !== '');
  const [first, second, ...more] = lines;
  let encoded: string | undefined;
  if (second === undefined) encoded = first;
  else if (more.length === 0 && first?.startsWith(UNTRUSTED_PREFIX)) encoded = second;
  const bytes = encoded === undefined ? null : decodeBase64(encoded, 2 + KEY_ID_BYTES + PUBLIC_KEY_BYTES);
  if (!bytes || bytes.subarray(0, 2).toString('latin1') !== PUBLIC_KEY_ALG) throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
  return {
    publicKey: bytes.subarray(2 + KEY_ID_BYTES).toString('base64'),
    keyId: printKeyId(bytes.subarray(2, 2 + KEY_ID_BYTES)),
  };
}

/**
 * A prehashed detached signature, the text of `<file>.minisig` as `minisign -S` writes it.
 * Line breaks and other control characters in the trusted comment become spaces: minisign
 * reads it as one printable line.
 */
export function signDetached(file: Uint8Array, key: SigningKey, trustedComment: string): string {
  const privateKey = createPrivateKey({ key: Buffer.from(key.signingKey, 'base64'), format: 'der', type: 'pkcs8' });
  // Like minisign -S with -p: never write a signature the given public key would not verify.
  if (!rawPublicKey(createPublicKey(privateKey)).equals(publicKeyBytes(key.publicKey))) {
    throw new Error('The signing key and the public key are not a pair');
  }
  const comment = Buffer.from(singleLine(trustedComment), 'utf8');
  if (comment.length > TRUSTED_COMMENT_MAX_BYTES) throw new Error('The trusted comment is too long for minisign');

  const fileSignature = sign(null, blake2b512(file), privateKey);
  const signatureBlock = Buffer.concat([Buffer.from(SIGNATURE_ALG, 'latin1'), storedKeyId(key.keyId), fileSignature]);
  const globalSignature = sign(null, Buffer.concat([fileSignature, comment]), privateKey);
  return [
    `${UNTRUSTED_PREFIX}signature from Neo Kurs`,
    signatureBlock.toString('base64'),
    `${TRUSTED_PREFIX}${comment.toString('utf8')}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}

/**
 * Verifies like `minisign -VH`: the signature over BLAKE2b-512(file), then the global
 * signature over the trusted comment. Throws EXCHANGE_NOT_A_BATCH for text that is not a
 * minisig, EXCHANGE_WRONG_KEY for a signature by another key id, EXCHANGE_BAD_SIGNATURE
 * when either signature does not hold (another file, a changed byte or comment).
 */
export function verifyDetached(file: Uint8Array, signature: string, key: PublicKey): { keyId: string; trustedComment: string } {
  const parsed = parseSignature(signature);
  if (parsed.algorithm !== SIGNATURE_ALG) throw new AppError('EXCHANGE_BAD_SIGNATURE');
  if (parsed.keyId !== key.keyId.toUpperCase()) throw new AppError('EXCHANGE_WRONG_KEY');
  const publicKey = publicKeyObject(key.publicKey);
  if (!verify(null, blake2b512(file), publicKey, parsed.fileSignature)) throw new AppError('EXCHANGE_BAD_SIGNATURE');
  const signedComment = Buffer.concat([parsed.fileSignature, Buffer.from(parsed.trustedComment, 'utf8')]);
  if (!verify(null, signedComment, publicKey, parsed.globalSignature)) throw new AppError('EXCHANGE_BAD_SIGNATURE');
  return { keyId: parsed.keyId, trustedComment: parsed.trustedComment };
}

/** The key id a .minisig names, to find the registered key before verifying. Throws EXCHANGE_NOT_A_BATCH. */
export function signatureKeyId(signature: string): string {
  return parseSignature(signature).keyId;
}

interface ParsedSignature {
  algorithm: string;
  keyId: string;
  fileSignature: Buffer;
  trustedComment: string;
  globalSignature: Buffer;
}

/** The four lines sig_load() in minisign.c reads; anything after them is ignored, as minisign does. */
function parseSignature(text: string): ParsedSignature {
  const [untrusted, block, trusted, global] = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (untrusted === undefined || block === undefined || trusted === undefined || global === undefined) {
    throw new AppError('EXCHANGE_NOT_A_BATCH');
  }
  const signatureBlock = decodeBase64(block.trim(), 2 + KEY_ID_BYTES + SIGNATURE_BYTES);
  const globalSignature = decodeBase64(global.trim(), SIGNATURE_BYTES);
  if (!untrusted.startsWith(UNTRUSTED_PREFIX) || !trusted.startsWith(TRUSTED_PREFIX) || !signatureBlock || !globalSignature) {
    throw new AppError('EXCHANGE_NOT_A_BATCH');
  }
  const algorithm = signatureBlock.subarray(0, 2).toString('latin1');
  if (algorithm !== SIGNATURE_ALG && algorithm !== LEGACY_SIGNATURE_ALG) throw new AppError('EXCHANGE_NOT_A_BATCH');
  const trustedComment = trusted.slice(TRUSTED_PREFIX.length);
  if (!isPrintable(trustedComment)) throw new AppError('EXCHANGE_NOT_A_BATCH');
  return {
    algorithm,
    keyId: printKeyId(signatureBlock.subarray(2, 2 + KEY_ID_BYTES)),
    fileSignature: signatureBlock.subarray(2 + KEY_ID_BYTES),
    trustedComment,
    globalSignature,
  };
}

function blake2b512(data: Uint8Array): Buffer {
  return createHash('blake2b512').update(data).digest();
}

/** The last 32 bytes of the SPKI DER encoding are the raw Ed25519 key. */
function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(-PUBLIC_KEY_BYTES);
}

function publicKeyBytes(base64: string): Buffer {
  const bytes = decodeBase64(base64, PUBLIC_KEY_BYTES);
  if (!bytes) throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
  return bytes;
}

function publicKeyObject(base64: string): KeyObject {
  const x = publicKeyBytes(base64).toString('base64url');
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch {
    throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
  }
}

/** minisign prints le64_load(keynum) with %016llX: the stored bytes, reversed, in upper-case hex. */
function printKeyId(stored: Uint8Array): string {
  return Buffer.from(stored).reverse().toString('hex').toUpperCase();
}

function storedKeyId(printed: string): Buffer {
  if (!/^[0-9a-fA-F]{16}$/.test(printed)) throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
  return Buffer.from(printed, 'hex').reverse();
}

/** Strict base64 of exactly `length` bytes, or null (Buffer.from alone skips characters it does not know). */
function decodeBase64(text: string, length: number): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === length && bytes.toString('base64') === text ? bytes : null;
}

/** minisign's is_printable(): no control characters (C0, DEL, C1) but tabs; a JS string always encodes to valid UTF-8. */
function isPrintable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x08\x0a-\x1f\x7f-\x9f]/.test(text);
}

function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, ' ');
}
