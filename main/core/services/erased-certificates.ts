import { randomBytes, randomUUID, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import type { CertificateContent, CertificateVerification, ErasedCertificateSummary, HolderCheck } from '../../contract/types';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import { canonicalJson, contentHash } from './certificates';

/**
 * The certificate register once a holder's personal data is erased. Each
 * certificate stays verifiable by its code (number, course, date, hours and the
 * printed course text), without the name or birth date. A verifier holding the
 * paper can type the name and birth date printed on it; they are checked
 * against a salted, deliberately slow hash (scrypt), so the register cannot be
 * read back into names, and a guess costs real time per certificate.
 */

/** scrypt cost: 16 MiB and ~50 ms per hash, so guessing names and birth dates is slow; one salt per certificate, so none is linked to another. */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;
const SCRYPT_OPTIONS = { ...SCRYPT, maxmem: 64 * 1024 * 1024 };
/** Stored with the hash so the cost can be raised later without breaking older entries. */
const HASH_PREFIX = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$`;

/** A name as it may be typed from paper: composed, lower case, single spaces. */
const normalisePart = (text: string) => text.normalize('NFC').toLocaleLowerCase('nb').replace(/\s+/g, ' ').trim();

/** What the hash covers: first name, last name and birth date, normalised (never stored as such). */
export function holderKey(holder: { firstName: string; lastName: string; birthDate: string }): string {
  return [normalisePart(holder.firstName), normalisePart(holder.lastName), holder.birthDate].join('\u0000');
}

function parseStoredHash(stored: string): { params: { N: number; r: number; p: number }; hash: Buffer } | null {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return null;
  return { params: { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) }, hash: Buffer.from(match[4]!, 'base64') };
}

/** A salted holder hash, made ahead of the erasing transaction (scrypt runs on libuv's thread pool). */
export interface HolderHash {
  /** The holder key it was made from: the transaction checks the person still has that name. */
  key: string;
  salt: string;
  hash: string;
}

export function hashHolderSync(key: string): HolderHash {
  const salt = randomBytes(SALT_BYTES);
  return { key, salt: salt.toString('hex'), hash: HASH_PREFIX + scryptSync(key, salt, HASH_BYTES, SCRYPT_OPTIONS).toString('base64') };
}

export function hashHolder(key: string): Promise<HolderHash> {
  const salt = randomBytes(SALT_BYTES);
  return new Promise((resolve, reject) => {
    scrypt(key, salt, HASH_BYTES, SCRYPT_OPTIONS, (error, derived) => {
      if (error) reject(error);
      else resolve({ key, salt: salt.toString('hex'), hash: HASH_PREFIX + derived.toString('base64') });
    });
  });
}

function checkHolder(key: string, salt: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    scrypt(key, Buffer.from(salt, 'hex'), parsed.hash.length, { ...parsed.params, maxmem: SCRYPT_OPTIONS.maxmem }, (error, derived) => {
      if (error) reject(error);
      else resolve(derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash));
    });
  });
}

interface LiveCertificateRow {
  id: string;
  number: string;
  verification_code: string;
  course_id: string;
  language: 'nb' | 'en';
  issued_at: string;
  content_json: string;
  replaced_by_number: string | null;
  first_name: string;
  last_name: string;
  birth_date: string;
}

interface ErasedRow {
  number: string;
  verification_code: string;
  issued_at: string;
  content_json: string;
  content_hash: string;
  replaced_by_number: string | null;
  holder_salt: string;
  holder_hash: string;
}

/** The printed content without the holder: what the register keeps. */
function anonymised(contentJson: string): Omit<CertificateContent, 'participant'> & { participant: null } {
  const content = JSON.parse(contentJson) as CertificateContent;
  return { ...content, participant: null };
}

export class ErasedCertificates {
  private readonly sql;

  constructor(private readonly ctx: ServiceContext) {
    this.sql = statementCache(ctx.db);
  }

  /** The people's certificates with what their holder hash is made of. */
  private liveCertificates(participantIds: readonly string[]): LiveCertificateRow[] {
    if (participantIds.length === 0) return [];
    return this.sql(
      `SELECT c.id, c.number, c.verification_code, c.course_id, c.language, c.issued_at, c.content_json,
              r.number AS replaced_by_number, p.first_name, p.last_name, p.birth_date
       FROM certificates c
       JOIN participants p ON p.id = c.participant_id
       LEFT JOIN certificates r ON r.id = c.replaced_by
       WHERE c.participant_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(participantIds)) as LiveCertificateRow[];
  }

  /** Holder hashes for every certificate of these people, by certificate id, made off the main thread. */
  async prepareHashes(participantIds: readonly string[]): Promise<Map<string, HolderHash>> {
    const rows = this.liveCertificates(participantIds);
    const hashes = await Promise.all(rows.map((row) => hashHolder(holderKey({ firstName: row.first_name, lastName: row.last_name, birthDate: row.birth_date }))));
    return new Map(rows.map((row, i) => [row.id, hashes[i]!]));
  }

  /**
   * Moves one person's certificates into the register of erased certificates;
   * the caller holds the transaction and deletes the person afterwards (their
   * certificates, with any override or replacement reason, go with them). A
   * certificate without a prepared hash (issued since, or the name corrected
   * since) is hashed here.
   */
  archive(participantId: string, hashes: ReadonlyMap<string, HolderHash>, now: string): number {
    const rows = this.liveCertificates([participantId]);
    const insert = this.sql(
      `INSERT INTO erased_certificates (id, number, verification_code, course_id, language, issued_at, content_json, content_hash,
         replaced_by_number, holder_salt, holder_hash, erased_at, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const row of rows) {
      const key = holderKey({ firstName: row.first_name, lastName: row.last_name, birthDate: row.birth_date });
      const prepared = hashes.get(row.id);
      const holder = prepared && prepared.key === key ? prepared : hashHolderSync(key);
      const canonical = canonicalJson(anonymised(row.content_json));
      insert.run(
        randomUUID(),
        row.number,
        row.verification_code,
        row.course_id,
        row.language,
        row.issued_at,
        canonical,
        contentHash(canonical),
        row.replaced_by_number,
        holder.salt,
        holder.hash,
        now,
        now,
        now,
        this.ctx.deviceId,
      );
    }
    return rows.length;
  }

  /** A code from an erased holder's certificate: valid or replaced, with what the paper says about the course; null when not in this register. */
  verify(code: string): CertificateVerification | null {
    const row = this.row(code);
    if (!row) return null;
    let content: CertificateVerification['certificate'] = null;
    try {
      content = JSON.parse(row.content_json) as NonNullable<CertificateVerification['certificate']>;
    } catch {
      // Unreadable content counts as tampered below.
    }
    const intact = content !== null && contentHash(canonicalJson(content)) === row.content_hash;
    return {
      status: !intact ? 'tampered' : row.replaced_by_number ? 'replaced' : 'valid',
      // Nothing to print again: the name is gone.
      certificateId: null,
      certificate: content,
      replacedBy: row.replaced_by_number,
      personalDataErased: true,
    };
  }

  /**
   * Whether the name and birth date typed from the paper are the holder's.
   * For a certificate whose holder is still on file, the same comparison is
   * made against the printed content; an unknown code is NOT_FOUND.
   */
  async verifyHolder(code: string, holder: { firstName: string; lastName: string; birthDate: string }): Promise<HolderCheck> {
    const key = holderKey(holder);
    const erased = this.row(code);
    if (erased) return { matches: await checkHolder(key, erased.holder_salt, erased.holder_hash) };
    const live = this.sql('SELECT content_json FROM certificates WHERE verification_code = ?').get(code) as { content_json: string } | undefined;
    if (!live) throw new AppError('NOT_FOUND');
    const printed = (JSON.parse(live.content_json) as CertificateContent).participant;
    return { matches: holderKey(printed) === key };
  }

  /** A course's certificates as the register keeps them (for the preview): no name, no birth date, no code. */
  summaries(courseId: string, participantIds: readonly string[]): ErasedCertificateSummary[] {
    const live = this.sql(
      `SELECT number, issued_at, content_json, replaced_by FROM certificates
       WHERE course_id = ? AND participant_id IN (SELECT value FROM json_each(?)) ORDER BY number`,
    ).all(courseId, JSON.stringify(participantIds)) as { number: string; issued_at: string; content_json: string; replaced_by: string | null }[];
    return live.map((row) => ({
      number: row.number,
      issuedOn: row.issued_at.slice(0, 10),
      hoursAttended: (JSON.parse(row.content_json) as CertificateContent).hoursAttended,
      status: row.replaced_by ? 'replaced' : 'valid',
    }));
  }

  private row(code: string): ErasedRow | undefined {
    return this.sql(
      `SELECT number, verification_code, issued_at, content_json, content_hash, replaced_by_number, holder_salt, holder_hash
       FROM erased_certificates WHERE verification_code = ?`,
    ).get(code) as ErasedRow | undefined;
  }
}
