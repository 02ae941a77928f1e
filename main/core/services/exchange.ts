import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { isoNow } from '../clock';
import { AppError } from '../errors';
import { writeNewFile } from '../files';
import type { FolderGrants } from '../folders';
import { decryptWith, encryptTo, isAgeRecipient } from '../exchange/age';
import { collectChanges } from '../exchange/collect';
import { fingerprintOf, generateDeviceKeys } from '../exchange/keys';
import type { DeviceKeys } from '../exchange/keys';
import { applyMerge, previewMerge } from '../exchange/merge';
import { signatureKeyId, signDetached, verifyDetached } from '../exchange/minisign';
import { GzipInBackground } from '../exchange/compress';
import { parsePayload, PayloadWriter } from '../exchange/payload';
import type { BatchPayload } from '../exchange/payload';
import { EXCHANGE_ROLES, MAX_EXCHANGE_FILE_BYTES } from '../../contract/exchange-schemas';
import { errorMessages } from '../../contract/messages';
import type { Language } from '../../contract/messages';
import type {
  BatchCounts,
  BatchHistoryItem,
  BatchImportResult,
  BatchInspection,
  ExchangeIdentity,
  ExchangePeer,
  ExchangeRole,
  ExportedFile,
  KeyFilePreview,
  ReceiptImportResult,
  ReceiptResult,
  SentBatch,
} from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { Disclosures } from './disclosures';
import type { ErasureService } from './erasure';
import type { ProviderService } from './certificates-provider';
import type { SettingsStore } from './settings';

/** A file chosen by the user, as the renderer passes it. */
export interface ExchangeFileInput {
  name: string;
  base64: string;
}

/** Decompressed payloads above this are refused: a small hostile file must not fill the memory. */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

export const BATCH_EXTENSION = '.neokurs';
export const SIGNATURE_EXTENSION = '.minisig';

const KEY_FILE_FORMAT = 'neo-kurs-key';
const RECEIPT_FORMAT = 'neo-kurs-receipt';

/** The public halves of an installation's keys, as a key file carries them. */
const keyFileSchema = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  deviceId: z.uuid(),
  deviceName: z.string().min(1).max(120),
  role: z.enum(EXCHANGE_ROLES),
  provider: z.strictObject({ name: z.string().max(200), organisationNumber: z.string().regex(/^\d{9}$/).nullable() }),
  ageRecipient: z.string().max(100).refine(isAgeRecipient),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  keyId: z.string().regex(/^[0-9A-Fa-f]{16}$/),
});
type KeyFile = z.output<typeof keyFileSchema>;

const receiptSchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  version: z.literal(1),
  receiptId: z.uuid(),
  from: z.uuid(),
  to: z.uuid(),
  createdAt: z.iso.datetime(),
  batches: z.array(z.strictObject({ batchId: z.uuid(), sequence: z.number().int().min(1), fileSha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(10_000),
});

/**
 * What the signature's trusted comment says about a batch. It is signed, so
 * the import knows who sent which batch (and can refuse it) before decrypting
 * anything. The sender's public keys ride along so an unknown device can be
 * approved by its fingerprint; approval, not the file, is what makes them trusted.
 */
interface BatchClaim {
  batchId: string;
  deviceId: string;
  sequence: number;
  deviceName: string;
  publicKey: string;
  keyId: string;
  ageRecipient: string;
}

const encodeName = (name: string) => Buffer.from(name, 'utf8').toString('base64url');

function batchComment(claim: BatchClaim): string {
  return [
    'neo-kurs-batch v1',
    `batch=${claim.batchId}`,
    `device=${claim.deviceId}`,
    `seq=${claim.sequence}`,
    `key=${claim.publicKey}`,
    `keyid=${claim.keyId}`,
    `age=${claim.ageRecipient}`,
    `name=${encodeName(claim.deviceName)}`,
  ].join(' ');
}

function parseComment(comment: string, kind: 'neo-kurs-batch' | 'neo-kurs-receipt'): Map<string, string> | null {
  const parts = comment.trim().split(' ');
  if (parts[0] !== kind || parts[1] !== 'v1') return null;
  const fields = new Map<string, string>();
  for (const part of parts.slice(2)) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  return fields;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function batchClaimOf(comment: string): BatchClaim {
  const fields = parseComment(comment, 'neo-kurs-batch');
  const claim = fields && {
    batchId: fields.get('batch') ?? '',
    deviceId: fields.get('device') ?? '',
    sequence: Number(fields.get('seq')),
    publicKey: fields.get('key') ?? '',
    keyId: fields.get('keyid') ?? '',
    ageRecipient: fields.get('age') ?? '',
    deviceName: Buffer.from(fields.get('name') ?? '', 'base64url').toString('utf8').slice(0, 120),
  };
  if (
    !claim ||
    !UUID.test(claim.batchId) ||
    !UUID.test(claim.deviceId) ||
    !Number.isSafeInteger(claim.sequence) ||
    claim.sequence < 1 ||
    !/^[A-Za-z0-9+/]{43}=$/.test(claim.publicKey) ||
    !/^[0-9A-Fa-f]{16}$/.test(claim.keyId) ||
    !isAgeRecipient(claim.ageRecipient)
  ) {
    throw new AppError('EXCHANGE_NOT_A_BATCH');
  }
  return claim;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Bytes of a chosen file, refused when empty or above the limit. */
function bytesOf(file: ExchangeFileInput): Buffer {
  const bytes = Buffer.from(file.base64, 'base64');
  if (bytes.length > MAX_EXCHANGE_FILE_BYTES) throw new AppError('EXCHANGE_TOO_LARGE');
  if (bytes.length === 0) throw new AppError('EXCHANGE_TRUNCATED');
  return bytes;
}

/** Batch files with their signatures, paired by name ("x.neokurs" and "x.neokurs.minisig"). */
function pairFiles(files: readonly ExchangeFileInput[]): { file: ExchangeFileInput; signature: ExchangeFileInput | null }[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  return files
    .filter((f) => !f.name.endsWith(SIGNATURE_EXTENSION))
    .map((file) => ({ file, signature: byName.get(`${file.name}${SIGNATURE_EXTENSION}`) ?? null }));
}

interface PeerRow {
  device_id: string;
  name: string;
  role: ExchangeRole;
  provider_name: string;
  organisation_number: string | null;
  age_recipient: string;
  public_key: string;
  key_id: string;
  fingerprint: string;
  is_recipient: number;
  approved_at: string;
}

const toPeer = (row: PeerRow): ExchangePeer => ({
  deviceId: row.device_id,
  deviceName: row.name,
  role: row.role,
  providerName: row.provider_name,
  fingerprint: row.fingerprint,
  isRecipient: row.is_recipient === 1,
  approvedAt: row.approved_at,
});

/** A batch that passed every check before writing: verified, decrypted, parsed. */
interface VerifiedBatch {
  fileName: string;
  fileSha256: string;
  claim: BatchClaim;
  peer: PeerRow;
  payload: BatchPayload;
  missingBefore: number[];
}

/**
 * The head-office exchange: batches of what changed on this installation,
 * encrypted with age to the recipient (and to ourselves, to read back what we
 * sent) and signed in minisign's format; verified import with a preview and
 * one transaction; signed receipts that mark batches delivered. The keys stay
 * in the encrypted database; only public halves leave, as key files.
 */
export class ExchangeService {
  private readonly sql;
  /** Exports one at a time: a batch's number and the "since" of its courses are read before the awaits that encrypt it, and a double click must not give two batches the same ones. */
  private exportQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly settings: SettingsStore,
    private readonly provider: ProviderService,
    private readonly disclosures: Disclosures,
    private readonly folders: FolderGrants,
    private readonly erasure: ErasureService,
    private readonly language: () => Language,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /** Makes this installation's keys if it has none (a new vault, or one from before the exchange). */
  async ensureKeys(): Promise<void> {
    if (this.sql('SELECT 1 FROM exchange_identity WHERE id = 1').get()) return;
    const keys = await generateDeviceKeys();
    this.sql(
      `INSERT OR IGNORE INTO exchange_identity (id, age_identity, age_recipient, signing_key, public_key, key_id, created_at)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
    ).run(keys.ageIdentity, keys.ageRecipient, keys.signingKey, keys.publicKey, keys.keyId, isoNow(this.ctx.clock));
  }

  private keys(): DeviceKeys {
    const row = this.sql('SELECT age_identity, age_recipient, signing_key, public_key, key_id FROM exchange_identity WHERE id = 1').get() as
      | { age_identity: string; age_recipient: string; signing_key: string; public_key: string; key_id: string }
      | undefined;
    if (!row) throw new AppError('INTERNAL');
    return { ageIdentity: row.age_identity, ageRecipient: row.age_recipient, signingKey: row.signing_key, publicKey: row.public_key, keyId: row.key_id };
  }

  private role(): ExchangeRole {
    const role = this.settings.get('exchange.role');
    return (EXCHANGE_ROLES as readonly string[]).includes(role ?? '') ? (role as ExchangeRole) : 'device';
  }

  private deviceName(): string {
    return this.settings.get('exchange.deviceName') ?? (this.settings.staff().name || 'Neo Kurs');
  }

  identity(): ExchangeIdentity {
    const keys = this.keys();
    return {
      deviceId: this.ctx.deviceId,
      deviceName: this.deviceName(),
      role: this.role(),
      fingerprint: fingerprintOf(keys),
      ageRecipient: keys.ageRecipient,
      keyId: keys.keyId,
    };
  }

  setRole(role: ExchangeRole, deviceName?: string): ExchangeIdentity {
    this.ctx.db.transaction(() => {
      this.settings.set('exchange.role', role);
      if (deviceName) this.settings.set('exchange.deviceName', deviceName);
      this.audit.record({ action: 'settings', entity: 'settings', entityId: 'exchange', fields: deviceName ? ['role', 'deviceName'] : ['role'] });
    })();
    return this.identity();
  }

  // ---------- key files ----------

  keyFile(): ExportedFile {
    const keys = this.keys();
    const provider = this.provider.get();
    const file: KeyFile = {
      format: KEY_FILE_FORMAT,
      version: 1,
      deviceId: this.ctx.deviceId,
      deviceName: this.deviceName(),
      role: this.role(),
      provider: { name: provider?.name ?? '', organisationNumber: provider?.organisationNumber ?? null },
      ageRecipient: keys.ageRecipient,
      publicKey: keys.publicKey,
      keyId: keys.keyId,
    };
    const label = { device: 'enhet', coordinator: 'koordinator', 'head-office': 'hovedkontor' }[file.role];
    return {
      fileName: `neo-kurs-nokkel-${label}.json`,
      mimeType: 'application/json',
      base64: Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8').toString('base64'),
    };
  }

  private parseKeyFile(input: ExchangeFileInput): KeyFile & { fingerprint: string } {
    const bytes = bytesOf(input);
    let parsed: KeyFile;
    try {
      parsed = keyFileSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
    }
    if (parsed.deviceId === this.ctx.deviceId) throw new AppError('EXCHANGE_NOT_A_KEY_FILE');
    return { ...parsed, fingerprint: fingerprintOf(parsed) };
  }

  private peer(deviceId: string): PeerRow | undefined {
    return this.sql('SELECT * FROM exchange_peers WHERE device_id = ?').get(deviceId) as PeerRow | undefined;
  }

  readKeyFile(input: ExchangeFileInput): KeyFilePreview {
    const file = this.parseKeyFile(input);
    const known = this.peer(file.deviceId);
    return {
      deviceId: file.deviceId,
      deviceName: file.deviceName,
      role: file.role,
      providerName: file.provider.name,
      organisationNumber: file.provider.organisationNumber,
      fingerprint: file.fingerprint,
      known: !known ? 'new' : known.fingerprint === file.fingerprint ? 'same' : 'changed',
    };
  }

  /** Adds (or replaces) an installation from its key file, once a person has compared its fingerprint. */
  addPeer(input: ExchangeFileInput, confirmedFingerprint: string): ExchangePeer {
    const file = this.parseKeyFile(input);
    if (file.fingerprint !== confirmedFingerprint) throw new AppError('EXCHANGE_WRONG_KEY');
    const isRecipient = file.role !== 'device';
    this.savePeer({
      deviceId: file.deviceId,
      name: file.deviceName,
      role: file.role,
      providerName: file.provider.name,
      organisationNumber: file.provider.organisationNumber,
      ageRecipient: file.ageRecipient,
      publicKey: file.publicKey,
      keyId: file.keyId,
      fingerprint: file.fingerprint,
      isRecipient,
    });
    return toPeer(this.peer(file.deviceId)!);
  }

  private savePeer(p: {
    deviceId: string;
    name: string;
    role: ExchangeRole;
    providerName: string;
    organisationNumber: string | null;
    ageRecipient: string;
    publicKey: string;
    keyId: string;
    fingerprint: string;
    isRecipient: boolean;
  }): void {
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      this.sql(
        `INSERT INTO exchange_peers (device_id, name, role, provider_name, organisation_number, age_recipient, public_key, key_id,
                                     fingerprint, is_recipient, approved_at, approved_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, role = excluded.role, provider_name = excluded.provider_name,
           organisation_number = excluded.organisation_number, age_recipient = excluded.age_recipient, public_key = excluded.public_key,
           key_id = excluded.key_id, fingerprint = excluded.fingerprint, is_recipient = excluded.is_recipient,
           approved_at = excluded.approved_at, approved_by = excluded.approved_by, updated_at = excluded.updated_at`,
      ).run(
        p.deviceId, p.name, p.role, p.providerName, p.organisationNumber, p.ageRecipient, p.publicKey, p.keyId,
        p.fingerprint, p.isRecipient ? 1 : 0, now, this.ctx.actorId, now, now,
      );
      this.audit.record({ action: 'create', entity: 'settings', entityId: p.deviceId, detail: `exchange peer ${p.role}` });
    })();
  }

  peers(): ExchangePeer[] {
    return (this.sql('SELECT * FROM exchange_peers ORDER BY is_recipient DESC, name').all() as PeerRow[]).map(toPeer);
  }

  // ---------- export ----------

  exportBatch(input: { recipientId: string; courseIds: readonly string[]; folderId: string; full?: boolean | undefined }): Promise<SentBatch> {
    const result = this.exportQueue.then(() => this.exportOne(input));
    this.exportQueue = result.catch(() => undefined);
    return result;
  }

  private async exportOne(input: { recipientId: string; courseIds: readonly string[]; folderId: string; full?: boolean | undefined }): Promise<SentBatch> {
    const folder = this.folders.resolve(input.folderId);
    const recipient = this.peer(input.recipientId);
    if (!recipient || recipient.is_recipient !== 1) throw new AppError('EXCHANGE_NO_RECIPIENT');
    const courses = [...new Set(input.courseIds)].map((id) => {
      const row = this.sql('SELECT id, name FROM courses WHERE id = ?').get(id) as { id: string; name: string } | undefined;
      if (!row) throw new AppError('NOT_FOUND');
      const last = input.full
        ? undefined
        : (this.sql(
            `SELECT MAX(bc.until) AS until FROM exchange_batch_courses bc JOIN exchange_batches b ON b.id = bc.batch_id
             WHERE b.direction = 'sent' AND b.peer_device_id = ? AND bc.course_id = ?`,
          ).get(recipient.device_id, id) as { until: string | null });
      return { id: row.id, name: row.name, since: last?.until ?? null };
    });
    const until = isoNow(this.ctx.clock);
    // The payload is compressed in the threadpool while the records are still being read and written.
    const gzip = new GzipInBackground();
    const payload = new PayloadWriter((bytes) => gzip.write(bytes));
    const changes = collectChanges(this.ctx.db, courses, until, (json) => payload.records(json));
    const total = Object.values<number>(changes.counts).reduce((a: number, b: number) => a + b, 0);
    if (total === 0) {
      await gzip.end();
      throw new AppError('EXCHANGE_NOTHING_TO_SEND');
    }

    const keys = this.keys();
    const sequence =
      ((this.sql(`SELECT MAX(sequence) AS n FROM exchange_batches WHERE direction = 'sent' AND peer_device_id = ?`).get(recipient.device_id) as { n: number | null })
        .n ?? 0) + 1;
    const batchId = randomUUID();
    const provider = this.provider.get();
    payload.finish(changes.tombstones, {
      batchId,
      deviceId: this.ctx.deviceId,
      deviceName: this.deviceName(),
      recipientDeviceId: recipient.device_id,
      sequence,
      createdAt: until,
      // A laptop without provider settings works for the provider whose head office it sends to.
      provider: provider
        ? { name: provider.name, organisationNumber: provider.organisationNumber }
        : { name: recipient.provider_name, organisationNumber: recipient.organisation_number },
      courses: courses.map((c) => ({ id: c.id, name: c.name, since: c.since, until })),
      counts: changes.counts,
    });
    // Compressed before encryption: marks repeat a lot, and the file travels by e-mail.
    const plain = await gzip.end();
    const encrypted = Buffer.from(await encryptTo(plain, [recipient.age_recipient, keys.ageRecipient]));
    const signature = signDetached(
      encrypted,
      keys,
      batchComment({ batchId, deviceId: this.ctx.deviceId, sequence, deviceName: this.deviceName(), publicKey: keys.publicKey, keyId: keys.keyId, ageRecipient: keys.ageRecipient }),
    );

    // Recorded before the files are written, so a second export can never reuse the sequence; undone if writing fails.
    const date = until.slice(0, 10);
    const fileName = `neo-kurs-${date}-nr${sequence}${BATCH_EXTENSION}`;
    let disclosureId: string | null = null;
    const record = (name: string) =>
      this.ctx.db.transaction(() => {
        this.sql(
          `INSERT INTO exchange_batches (id, direction, peer_device_id, sequence, created_at, file_name, file_sha256, counts, recorded_at)
           VALUES (?, 'sent', ?, ?, ?, ?, ?, ?, ?)`,
        ).run(batchId, recipient.device_id, sequence, until, name, sha256(encrypted), JSON.stringify(changes.counts), until);
        for (const c of courses) {
          this.sql('INSERT INTO exchange_batch_courses (batch_id, course_id, course_name, since, until) VALUES (?, ?, ?, ?, ?)').run(
            batchId, c.id, c.name, c.since, until,
          );
        }
        disclosureId = this.disclosures.record({
          kind: 'headOfficeBatch',
          recipient: 'headOffice',
          courseId: courses.length === 1 ? courses[0]!.id : null,
          participantIds: changes.participantIds,
        });
        this.audit.record({ action: 'disclose', entity: 'disclosure', entityId: batchId, detail: `batch ${sequence} to ${recipient.device_id}` });
      })();
    record(fileName);
    try {
      const written = await writeNewFile(folder, fileName, encrypted);
      const signatureName = await writeNewFile(folder, `${written}${SIGNATURE_EXTENSION}`, Buffer.from(signature, 'utf8'));
      if (written !== fileName) this.sql('UPDATE exchange_batches SET file_name = ? WHERE id = ?').run(written, batchId);
      return { batchId, fileName: written, signatureName, sequence, counts: changes.counts };
    } catch (error) {
      this.ctx.db.transaction(() => {
        this.sql('DELETE FROM exchange_batches WHERE id = ?').run(batchId);
        if (disclosureId) this.sql('DELETE FROM disclosures WHERE id = ?').run(disclosureId);
        // The audit log is never rewritten: it says the disclosure recorded above did not happen after all.
        this.audit.record({ action: 'delete', entity: 'disclosure', entityId: batchId, detail: `batch ${sequence} not written` });
      })();
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EROFS' ? new AppError('FOLDER_NOT_WRITABLE') : error;
    }
  }

  // ---------- import ----------

  private signatureOf(pair: { file: ExchangeFileInput; signature: ExchangeFileInput | null }): string {
    if (!pair.signature) throw new AppError('EXCHANGE_SIGNATURE_MISSING');
    const bytes = bytesOf(pair.signature);
    if (bytes.length > 4096) throw new AppError('EXCHANGE_BAD_SIGNATURE');
    return bytes.toString('utf8');
  }

  /**
   * Every check that comes before writing, in order: the signature against the
   * key approved for the device (before decrypting anything), replays, then
   * decryption, size caps and the payload's schema and hash.
   */
  private async verify(pair: { file: ExchangeFileInput; signature: ExchangeFileInput | null }): Promise<
    { kind: 'verified'; batch: VerifiedBatch } | { kind: 'unknownDevice'; claim: BatchClaim; fingerprint: string } | { kind: 'alreadyImported'; claim: BatchClaim }
  > {
    const bytes = bytesOf(pair.file);
    const signature = this.signatureOf(pair);
    // The key id named in the signature, before trusting anything the comment says.
    signatureKeyId(signature);
    const unverifiedComment = trustedCommentOf(signature);
    const claim = batchClaimOf(unverifiedComment);
    if (claim.deviceId === this.ctx.deviceId) throw new AppError('EXCHANGE_NOT_FOR_US');
    const peer = this.peer(claim.deviceId);
    if (!peer) {
      // Only a signature that holds with the key it names can be offered for approval.
      verifyDetached(bytes, signature, { publicKey: claim.publicKey, keyId: claim.keyId });
      return { kind: 'unknownDevice', claim, fingerprint: fingerprintOf(claim) };
    }
    if (signatureKeyId(signature) !== peer.key_id) throw new AppError('EXCHANGE_WRONG_KEY');
    const { trustedComment } = verifyDetached(bytes, signature, { publicKey: peer.public_key, keyId: peer.key_id });
    const verifiedClaim = batchClaimOf(trustedComment);

    if (this.sql(`SELECT 1 FROM exchange_batches WHERE id = ? AND direction = 'received'`).get(verifiedClaim.batchId)) {
      return { kind: 'alreadyImported', claim: verifiedClaim };
    }
    const last =
      (this.sql(`SELECT MAX(sequence) AS n FROM exchange_batches WHERE direction = 'received' AND peer_device_id = ?`).get(peer.device_id) as { n: number | null }).n ??
      0;
    if (verifiedClaim.sequence <= last) throw new AppError('EXCHANGE_REPLAY');
    const missingBefore = Array.from({ length: Math.min(verifiedClaim.sequence - last - 1, 100) }, (_, i) => last + 1 + i);

    const plain = await decryptWith(bytes, this.keys().ageIdentity, MAX_EXCHANGE_FILE_BYTES);
    let json: Buffer;
    try {
      json = gunzipSync(plain, { maxOutputLength: MAX_PAYLOAD_BYTES });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw new AppError('EXCHANGE_TOO_LARGE');
      throw new AppError('EXCHANGE_INVALID_PAYLOAD');
    }
    const payload = parsePayload(json);
    const m = payload.manifest;
    // The signed comment and the encrypted manifest must tell the same story.
    if (m.batchId !== verifiedClaim.batchId || m.deviceId !== verifiedClaim.deviceId || m.sequence !== verifiedClaim.sequence) {
      throw new AppError('EXCHANGE_INVALID_PAYLOAD');
    }
    if (m.recipientDeviceId !== this.ctx.deviceId) throw new AppError('EXCHANGE_NOT_FOR_US');
    const ours = this.provider.get();
    if (ours && m.provider.organisationNumber && m.provider.organisationNumber !== ours.organisationNumber) {
      throw new AppError('EXCHANGE_OTHER_PROVIDER');
    }
    return { kind: 'verified', batch: { fileName: pair.file.name, fileSha256: sha256(bytes), claim: verifiedClaim, peer, payload, missingBefore } };
  }

  async inspect(files: readonly ExchangeFileInput[]): Promise<BatchInspection[]> {
    const pairs = pairFiles(files);
    if (pairs.length === 0) throw new AppError('EXCHANGE_NOT_A_BATCH');
    const results: BatchInspection[] = [];
    for (const pair of pairs) {
      const base: BatchInspection = {
        fileName: pair.file.name,
        status: 'refused',
        batchId: null,
        sender: null,
        sequence: null,
        createdAt: null,
        missingBefore: [],
        counts: null,
        preview: [],
        error: null,
      };
      try {
        const checked = await this.verify(pair);
        if (checked.kind === 'unknownDevice') {
          results.push({
            ...base,
            status: 'unknownDevice',
            batchId: checked.claim.batchId,
            sequence: checked.claim.sequence,
            sender: { deviceId: checked.claim.deviceId, deviceName: checked.claim.deviceName, fingerprint: checked.fingerprint },
          });
        } else if (checked.kind === 'alreadyImported') {
          const peer = this.peer(checked.claim.deviceId)!;
          results.push({
            ...base,
            status: 'alreadyImported',
            batchId: checked.claim.batchId,
            sequence: checked.claim.sequence,
            sender: { deviceId: peer.device_id, deviceName: peer.name, fingerprint: peer.fingerprint },
            error: { code: 'EXCHANGE_ALREADY_IMPORTED', message: errorMessages[this.language()].EXCHANGE_ALREADY_IMPORTED },
          });
        } else {
          const { batch } = checked;
          results.push({
            ...base,
            status: 'ready',
            batchId: batch.claim.batchId,
            sequence: batch.claim.sequence,
            createdAt: batch.payload.manifest.createdAt,
            sender: { deviceId: batch.peer.device_id, deviceName: batch.peer.name, fingerprint: batch.peer.fingerprint },
            missingBefore: batch.missingBefore,
            counts: batch.payload.manifest.counts,
            preview: previewMerge(this.ctx.db, batch.payload),
          });
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ ...base, error: { code: error.code, message: errorMessages[this.language()][error.code] } });
      }
    }
    return results;
  }

  /** Approves an unknown device from its batch's signature, after a person compared the fingerprint. */
  async approveDevice(files: readonly ExchangeFileInput[], deviceId: string, confirmedFingerprint: string): Promise<ExchangePeer> {
    for (const pair of pairFiles(files)) {
      const checked = await this.verify(pair);
      if (checked.kind !== 'unknownDevice' || checked.claim.deviceId !== deviceId) continue;
      if (checked.fingerprint !== confirmedFingerprint) throw new AppError('EXCHANGE_WRONG_KEY');
      this.savePeer({
        deviceId,
        name: checked.claim.deviceName || deviceId.slice(0, 8),
        role: 'device',
        providerName: '',
        organisationNumber: null,
        ageRecipient: checked.claim.ageRecipient,
        publicKey: checked.claim.publicKey,
        keyId: checked.claim.keyId,
        fingerprint: checked.fingerprint,
        isRecipient: false,
      });
      return toPeer(this.peer(deviceId)!);
    }
    throw new AppError('NOT_FOUND');
  }

  /** Verifies again (the files come from the renderer) and applies one batch in one transaction. */
  async apply(files: readonly ExchangeFileInput[], batchId: string): Promise<BatchImportResult> {
    for (const pair of pairFiles(files)) {
      const checked = await this.verify(pair).catch((error: unknown) => {
        if (error instanceof AppError) return null;
        throw error;
      });
      if (!checked) continue;
      if (checked.kind === 'alreadyImported' && checked.claim.batchId === batchId) throw new AppError('EXCHANGE_ALREADY_IMPORTED');
      if (checked.kind === 'unknownDevice' && checked.claim.batchId === batchId) throw new AppError('EXCHANGE_UNKNOWN_DEVICE');
      if (checked.kind !== 'verified' || checked.batch.claim.batchId !== batchId) continue;
      const { batch } = checked;
      const m = batch.payload.manifest;
      const now = isoNow(this.ctx.clock);
      const result = this.ctx.db.transaction(() => {
        const merged = applyMerge(this.ctx, { erasure: this.erasure, audit: this.audit }, batch.payload);
        this.sql(
          `INSERT INTO exchange_batches (id, direction, peer_device_id, sequence, created_at, file_name, file_sha256, counts, applied_at, recorded_at)
           VALUES (?, 'received', ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(m.batchId, m.deviceId, m.sequence, m.createdAt, batch.fileName, batch.fileSha256, JSON.stringify(m.counts), now, now);
        for (const c of m.courses) {
          this.sql('INSERT INTO exchange_batch_courses (batch_id, course_id, course_name, since, until) VALUES (?, ?, ?, ?, ?)').run(
            m.batchId, c.id, c.name, c.since, c.until,
          );
        }
        this.audit.record({ action: 'create', entity: 'disclosure', entityId: m.batchId, detail: `batch ${m.sequence} from ${m.deviceId} imported` });
        return merged;
      })();
      return { batchId, ...result };
    }
    // The files given do not hold that batch, or it failed a check: say why.
    const inspected = await this.inspect(files);
    const refused = inspected.find((i) => i.batchId === batchId && i.error) ?? inspected.find((i) => i.error);
    throw new AppError((refused?.error?.code as never) ?? 'NOT_FOUND');
  }

  // ---------- receipts ----------

  /** A signed receipt for the batches imported from one device that have none yet, written to a chosen folder. */
  async receipt(deviceId: string, folderId: string): Promise<ReceiptResult> {
    const folder = this.folders.resolve(folderId);
    const peer = this.peer(deviceId);
    if (!peer) throw new AppError('NOT_FOUND');
    const batches = this.sql(
      `SELECT id, sequence, file_sha256 FROM exchange_batches WHERE direction = 'received' AND peer_device_id = ? AND receipt_id IS NULL ORDER BY sequence`,
    ).all(deviceId) as { id: string; sequence: number; file_sha256: string }[];
    if (batches.length === 0) throw new AppError('NOT_FOUND');
    const receiptId = randomUUID();
    const now = isoNow(this.ctx.clock);
    const body = {
      format: RECEIPT_FORMAT,
      version: 1,
      receiptId,
      from: this.ctx.deviceId,
      to: deviceId,
      createdAt: now,
      batches: batches.map((b) => ({ batchId: b.id, sequence: b.sequence, fileSha256: b.file_sha256 })),
    };
    const bytes = Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
    const signature = signDetached(bytes, this.keys(), `neo-kurs-receipt v1 receipt=${receiptId} from=${this.ctx.deviceId} to=${deviceId}`);
    const fileName = await writeNewFile(folder, `neo-kurs-kvittering-${now.slice(0, 10)}.json`, bytes);
    const signatureName = await writeNewFile(folder, `${fileName}${SIGNATURE_EXTENSION}`, Buffer.from(signature, 'utf8'));
    this.ctx.db.transaction(() => {
      for (const b of batches) this.sql('UPDATE exchange_batches SET receipt_id = ?, delivered_at = ? WHERE id = ?').run(receiptId, now, b.id);
      this.audit.record({ action: 'create', entity: 'disclosure', entityId: receiptId, detail: `receipt for ${batches.length} batches to ${deviceId}` });
    })();
    return { fileName, signatureName, batches: batches.length };
  }

  /** Marks the batches a verified receipt names as delivered; a delivered, finished course is then due for deletion here. */
  importReceipt(files: readonly ExchangeFileInput[]): ReceiptImportResult {
    const pair = pairFiles(files)[0];
    if (!pair) throw new AppError('EXCHANGE_NOT_A_RECEIPT');
    const bytes = bytesOf(pair.file);
    const signature = this.signatureOf(pair);
    const fields = parseComment(trustedCommentOf(signature), 'neo-kurs-receipt');
    if (!fields || fields.get('to') !== this.ctx.deviceId) throw new AppError('EXCHANGE_NOT_A_RECEIPT');
    const peer = this.peer(fields.get('from') ?? '');
    if (!peer || peer.is_recipient !== 1) throw new AppError('EXCHANGE_UNKNOWN_DEVICE');
    if (signatureKeyId(signature) !== peer.key_id) throw new AppError('EXCHANGE_WRONG_KEY');
    verifyDetached(bytes, signature, { publicKey: peer.public_key, keyId: peer.key_id });
    let receipt: z.output<typeof receiptSchema>;
    try {
      receipt = receiptSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      throw new AppError('EXCHANGE_NOT_A_RECEIPT');
    }
    if (receipt.from !== peer.device_id || receipt.to !== this.ctx.deviceId) throw new AppError('EXCHANGE_NOT_A_RECEIPT');
    const now = isoNow(this.ctx.clock);
    const delivered: ReceiptImportResult['delivered'] = [];
    this.ctx.db.transaction(() => {
      for (const b of receipt.batches) {
        const changed = this.sql(
          `UPDATE exchange_batches SET delivered_at = COALESCE(delivered_at, ?), receipt_id = COALESCE(receipt_id, ?)
           WHERE id = ? AND direction = 'sent' AND peer_device_id = ? AND sequence = ? AND file_sha256 = ?`,
        ).run(now, receipt.receiptId, b.batchId, peer.device_id, b.sequence, b.fileSha256);
        if (changed.changes > 0) delivered.push({ batchId: b.batchId, sequence: b.sequence });
      }
      this.audit.record({ action: 'update', entity: 'disclosure', entityId: receipt.receiptId, detail: `receipt: ${delivered.length} batches delivered` });
    })();
    return { delivered };
  }

  history(): BatchHistoryItem[] {
    const rows = this.sql(
      `SELECT b.*, p.name AS peer_name, p.role AS peer_role FROM exchange_batches b LEFT JOIN exchange_peers p ON p.device_id = b.peer_device_id
       ORDER BY b.recorded_at DESC, b.sequence DESC`,
    ).all() as {
      id: string;
      direction: 'sent' | 'received';
      peer_device_id: string;
      peer_name: string | null;
      peer_role: ExchangeRole | null;
      sequence: number;
      created_at: string;
      file_name: string;
      counts: string;
      delivered_at: string | null;
      applied_at: string | null;
    }[];
    return rows.map((r) => ({
      batchId: r.id,
      direction: r.direction,
      peer: r.peer_name !== null ? { deviceId: r.peer_device_id, deviceName: r.peer_name, role: r.peer_role! } : null,
      sequence: r.sequence,
      createdAt: r.created_at,
      fileName: r.file_name,
      courses: (this.sql('SELECT course_id AS id, course_name AS name FROM exchange_batch_courses WHERE batch_id = ? ORDER BY course_name').all(r.id) as {
        id: string;
        name: string;
      }[]),
      counts: JSON.parse(r.counts) as BatchCounts,
      deliveredAt: r.delivered_at,
      appliedAt: r.applied_at,
    }));
  }
}

/** The trusted comment line of a minisig text (verified or not: the caller decides). */
function trustedCommentOf(signature: string): string {
  const line = signature.split(/\r?\n/).find((l) => l.startsWith('trusted comment: '));
  if (!line) throw new AppError('EXCHANGE_NOT_A_BATCH');
  return line.slice('trusted comment: '.length);
}
