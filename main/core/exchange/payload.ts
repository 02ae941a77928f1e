import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ABSENCE_REASONS, ATTENDANCE_STATUSES, timeOfDay } from '../../contract/attendance-schemas';
import { WITHDRAWAL_REASONS } from '../../contract/privacy-schemas';
import {
  CONSENT_METHODS,
  COURSE_STATUSES,
  COURSE_TYPES,
  GENDERS,
  REGISTRATION_SOURCES,
  email,
  id,
  isoDate,
  mobile,
  optionalMultiLine,
  optionalSingleLine,
  postalAddress,
  singleLine,
} from '../../contract/schemas';
import { AppError } from '../errors';

/**
 * The decrypted content of a batch (issue 10): a manifest and the records
 * changed since the last batch, with tombstones for what was erased.
 *
 * Version 2 (what the app writes) is four lines of JSON, so the exporter can
 * compress records while it still reads them and hash them as they pass:
 *
 *     {"format":"neo-kurs-batch","version":2}
 *     <records>
 *     <tombstones>
 *     <manifest>
 *
 * and the manifest's recordsSha256 is the SHA-256 of the bytes from the start
 * of <records> to the end of <tombstones> (records, "\n", tombstones) exactly
 * as written. Version 1 (one JSON object { format, version, manifest, records,
 * tombstones }, the hash over JSON.stringify of records, "\n", tombstones) is
 * still read, for batches written before. Every
 * object is strict (an unknown field is refused), every string and array is
 * bounded, so a hostile payload cannot smuggle data in or blow up memory once
 * decompressed. Text fields reuse the contract's own rules (NFC, no control or
 * bidi override characters); records carry only what the privacy statement
 * allows: no notes, no free-text reasons, no absence reasons, no search keys.
 */

export const BATCH_FORMAT = 'neo-kurs-batch';
/** The version the app writes; it reads this one and version 1. */
export const BATCH_VERSION = 2;
const READABLE_VERSIONS = [1, 2] as const;
/** A version-2 payload's first line. */
export const PAYLOAD_HEADER = JSON.stringify({ format: BATCH_FORMAT, version: BATCH_VERSION });

/** Upper bounds per kind: far above a real batch (1,000 people × 30 sessions is 30,000 marks). */
export const BATCH_LIMITS = {
  courses: 500,
  participants: 50_000,
  enrollments: 100_000,
  sessions: 20_000,
  marks: 500_000,
  consents: 100_000,
  certificates: 50_000,
  tombstones: 100_000,
} as const;

/** UTC timestamp as the core writes it (Date#toISOString), validated as a real instant. */
const timestamp = z.iso.datetime({ offset: false }).max(40);
const nullableTimestamp = timestamp.nullable();
/** A staff account's id (who signed off, issued, recorded): an id, never a name. */
const staffId = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
const deviceId = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
/** Optional text in a record: null when not given (the form schemas use undefined). */
const nullable = <T extends z.ZodType>(schema: T) => z.preprocess((v: unknown) => (v === null ? undefined : v), schema).transform((v) => v ?? null);

const meta = { id, createdAt: timestamp, updatedAt: timestamp, deviceId };
/** A field added after batches first went out: absent in an older batch (not carried: the receiver keeps its own), null when not given. */
const later = <T extends z.ZodType>(schema: T) => z.union([z.null(), schema]).optional();

export const courseRecord = z
  .strictObject({
    ...meta,
    name: singleLine(200),
    type: z.enum(COURSE_TYPES),
    place: singleLine(200),
    startDate: isoDate,
    endDate: isoDate,
    plannedHours: z.number().gt(0).max(2000),
    teacher: singleLine(120),
    description: nullable(optionalMultiLine(4000)),
    learningGoals: nullable(optionalMultiLine(4000)),
    status: z.enum(COURSE_STATUSES),
    financialReportApprovedAt: isoDate.nullable(),
    requiredAttendancePercent: z.number().min(0).max(100),
    signerName: nullable(optionalSingleLine(120)),
    signerTitle: nullable(optionalSingleLine(120)),
    // Optional: a batch from before English texts existed leaves them out, and the merge then keeps ours.
    englishName: nullable(optionalSingleLine(200)).optional(),
    englishDescription: nullable(optionalMultiLine(4000)).optional(),
    englishLearningGoals: nullable(optionalMultiLine(4000)).optional(),
    personalDataErasedAt: nullableTimestamp,
    funderName: later(optionalSingleLine(200)),
    funderReference: later(optionalSingleLine(100)),
  })
  .refine((c) => c.endDate >= c.startDate, { path: ['endDate'], message: 'endBeforeStart' })
  .refine((c) => c.financialReportApprovedAt === null || c.type === 'kompetansepluss', { path: ['financialReportApprovedAt'] });

/** Exactly the privacy statement's fields: name, birth date, contact, gender, address (trade-certificate courses), interest in courses; and the consent answer. */
export const participantRecord = z
  .strictObject({
    ...meta,
    firstName: singleLine(100),
    lastName: singleLine(100),
    birthDate: isoDate,
    email: nullable(email),
    mobile: nullable(mobile),
    gender: z.enum(GENDERS),
    /** Only when the person is on a trade-certificate course of the batch; null means "not carried". */
    address: postalAddress.nullable(),
    interests: nullable(optionalMultiLine(500)),
    consentKeep: z.boolean(),
  })
  .refine((p) => p.email !== null || p.mobile !== null, { path: ['email'], message: 'contactRequired' });

export const enrollmentRecord = z
  .strictObject({
    ...meta,
    courseId: id,
    participantId: id,
    source: z.enum(REGISTRATION_SOURCES),
    employerName: nullable(optionalSingleLine(200)),
    withdrawnOn: isoDate.nullable(),
    withdrawalReason: z.enum(WITHDRAWAL_REASONS).nullable(),
  })
  .refine((e) => e.employerName === null || e.source === 'employer', { path: ['employerName'] });

export const sessionRecord = z
  .strictObject({
    ...meta,
    courseId: id,
    date: isoDate,
    startTime: timeOfDay,
    endTime: timeOfDay,
    hours: z.number().gt(0).max(24),
    cancelled: z.boolean(),
    /** The sign-off state of the session's list: the marks of a signed-off session stay signed off at the receiver. */
    signedOffAt: nullableTimestamp,
    signedOffBy: staffId.nullable(),
  })
  .refine((s) => s.endTime > s.startTime, { path: ['endTime'] });

/**
 * A mark: status and hours, all head office's reports use. The teacher's note and the absence reason
 * stay on the laptop: the note is free text about the person, and a reason ("illness", "child's
 * illness") is health data head office does not need. Batches written before that decision carry
 * the reason: it is still checked, so such a batch validates as before, and then dropped here, so
 * an import never sees or stores it.
 */
export const markRecord = z
  .strictObject({
    ...meta,
    sessionId: id,
    participantId: id,
    status: z.enum(ATTENDANCE_STATUSES),
    hours: z.number().min(0).max(24),
    absenceReason: z.enum(ABSENCE_REASONS).optional(),
  })
  .refine((m) => m.absenceReason === undefined || m.status === 'absent' || m.status === 'excused', { path: ['absenceReason'] })
  .transform(({ absenceReason: _keptOnTheLaptop, ...mark }) => mark);

export const consentRecord = z.strictObject({
  ...meta,
  participantId: id,
  kind: z.enum(['given', 'withdrawn']),
  method: z.enum([...CONSENT_METHODS, 'verbal']).nullable(),
  at: timestamp,
  recordedBy: staffId,
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** An issued certificate as the register holds it: the printed content (name and birth date included, as printed) and its hash. */
export const certificateRecord = z
  .strictObject({
    ...meta,
    number: z.string().min(1).max(40).regex(/^[A-Z0-9-]+$/),
    verificationCode: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{10}$/),
    participantId: id,
    courseId: id,
    language: z.enum(['nb', 'en']),
    issuedAt: timestamp,
    issuedBy: staffId,
    contentJson: z.string().min(2).max(20_000),
    contentHash: sha256Hex,
    replacedBy: id.nullable(),
  })
  .refine((c) => createHash('sha256').update(c.contentJson, 'utf8').digest('hex') === c.contentHash, { path: ['contentHash'] });

/** What an erasure leaves: ids, the kind of erasure and the time. */
export const tombstoneRecord = z.strictObject({
  id,
  entity: z.enum(['participant', 'course', 'enrollment']),
  entityId: id,
  cause: z.enum(['retention', 'request', 'merge', 'removed', 'courseDeleted']),
  erasedAt: timestamp,
});

const count = z.number().int().min(0).max(1_000_000);

export const batchManifest = z.strictObject({
  batchId: id,
  deviceId,
  deviceName: singleLine(120),
  recipientDeviceId: deviceId,
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  createdAt: timestamp,
  // Empty when neither installation has the provider's details yet (they are needed for certificates only).
  provider: z.strictObject({ name: z.string().max(200), organisationNumber: z.string().regex(/^\d{9}$/).nullable() }),
  courses: z
    .array(z.strictObject({ id, name: singleLine(200), since: nullableTimestamp, until: timestamp }))
    .min(1)
    .max(BATCH_LIMITS.courses),
  counts: z.strictObject({
    courses: count,
    participants: count,
    enrollments: count,
    sessions: count,
    marks: count,
    consents: count,
    certificates: count,
    tombstones: count,
  }),
  recordsSha256: sha256Hex,
});

export const batchRecords = z.strictObject({
  courses: z.array(courseRecord).max(BATCH_LIMITS.courses),
  participants: z.array(participantRecord).max(BATCH_LIMITS.participants),
  enrollments: z.array(enrollmentRecord).max(BATCH_LIMITS.enrollments),
  sessions: z.array(sessionRecord).max(BATCH_LIMITS.sessions),
  marks: z.array(markRecord).max(BATCH_LIMITS.marks),
  consents: z.array(consentRecord).max(BATCH_LIMITS.consents),
  certificates: z.array(certificateRecord).max(BATCH_LIMITS.certificates),
});

export const batchPayloadSchema = z
  .strictObject({
    format: z.literal(BATCH_FORMAT),
    version: z.literal(READABLE_VERSIONS),
    manifest: batchManifest,
    records: batchRecords,
    tombstones: z.array(tombstoneRecord).max(BATCH_LIMITS.tombstones),
  })
  .superRefine((payload, ctx) => {
    const { manifest, records, tombstones } = payload;
    // The counts say what the sender meant to send.
    for (const kind of Object.keys(records) as (keyof typeof records)[]) {
      if (manifest.counts[kind] !== records[kind].length) ctx.addIssue({ code: 'custom', path: ['manifest', 'counts', kind], message: 'count' });
    }
    if (manifest.counts.tombstones !== tombstones.length) ctx.addIssue({ code: 'custom', path: ['manifest', 'counts', 'tombstones'], message: 'count' });
    // Records belong to the courses the manifest names, and every id is there once.
    const courses = new Set(manifest.courses.map((c) => c.id));
    if (courses.size !== manifest.courses.length) ctx.addIssue({ code: 'custom', path: ['manifest', 'courses'], message: 'duplicate' });
    const outside = (kind: string, list: readonly { courseId: string }[]) =>
      list.forEach((r, i) => {
        if (!courses.has(r.courseId)) ctx.addIssue({ code: 'custom', path: ['records', kind, i, 'courseId'], message: 'courseNotInManifest' });
      });
    records.courses.forEach((c, i) => {
      if (!courses.has(c.id)) ctx.addIssue({ code: 'custom', path: ['records', 'courses', i, 'id'], message: 'courseNotInManifest' });
    });
    outside('enrollments', records.enrollments);
    outside('sessions', records.sessions);
    outside('certificates', records.certificates);
    for (const kind of Object.keys(records) as (keyof typeof records)[]) {
      const ids = new Set(records[kind].map((r) => r.id));
      if (ids.size !== records[kind].length) ctx.addIssue({ code: 'custom', path: ['records', kind], message: 'duplicate' });
    }
  });

export type BatchPayload = z.output<typeof batchPayloadSchema>;
export type BatchManifest = BatchPayload['manifest'];
export type BatchRecords = BatchPayload['records'];
export type CourseRecord = BatchRecords['courses'][number];
export type ParticipantRecord = BatchRecords['participants'][number];
export type EnrollmentRecord = BatchRecords['enrollments'][number];
export type SessionRecord = BatchRecords['sessions'][number];
export type MarkRecord = BatchRecords['marks'][number];
export type ConsentRecord = BatchRecords['consents'][number];
export type CertificateRecord = BatchRecords['certificates'][number];
export type TombstoneRecord = BatchPayload['tombstones'][number];

/** Version 1's hash: SHA-256 (hex) of the records and tombstones as JSON.stringify writes them. */
export function recordsSha256(records: unknown, tombstones: unknown): string {
  return createHash('sha256').update(JSON.stringify(records), 'utf8').update('\n', 'utf8').update(JSON.stringify(tombstones), 'utf8').digest('hex');
}

/**
 * Writes a version-2 payload in pieces to `sink`: the header line, the records
 * (in as many pieces as the caller likes, hashed as they pass), then the
 * tombstones and the manifest with the hash of both. The records' JSON is the
 * caller's: parsePayload holds it to the schema on import.
 */
export class PayloadWriter {
  private readonly hash = createHash('sha256');

  constructor(private readonly sink: (bytes: Buffer) => void) {
    sink(Buffer.from(`${PAYLOAD_HEADER}\n`, 'utf8'));
  }

  /** The next piece of the records' JSON. */
  records(json: string): void {
    this.put(json, true);
  }

  /** Ends the payload; returns the manifest as written, its recordsSha256 filled in. */
  finish(tombstones: BatchPayload['tombstones'], manifest: Omit<BatchManifest, 'recordsSha256'>): BatchManifest {
    this.put(`\n${JSON.stringify(tombstones)}`, true);
    const written: BatchManifest = { ...manifest, recordsSha256: this.hash.digest('hex') };
    this.put(`\n${JSON.stringify(written)}`, false);
    return written;
  }

  private put(text: string, hashed: boolean): void {
    const bytes = Buffer.from(text, 'utf8');
    if (hashed) this.hash.update(bytes);
    this.sink(bytes);
  }
}

/**
 * The decrypted, decompressed payload, checked: its layout (version 2, or
 * version 1 written by earlier versions of the app), JSON, the schema, and the
 * records' hash against the manifest. Anything else is
 * EXCHANGE_INVALID_PAYLOAD, and nothing has been written.
 */
export function parsePayload(payload: Uint8Array | string): BatchPayload {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const headerEnd = bytes.indexOf(0x0a);
  const header = headerEnd < 0 ? null : bytes.toString('utf8', 0, headerEnd);
  return header === PAYLOAD_HEADER ? parseVersion2(bytes, headerEnd) : parseVersion1(bytes.toString('utf8'));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('EXCHANGE_INVALID_PAYLOAD');
  }
}

/** Header, records, tombstones, manifest: the hash over the bytes between the header's and the manifest's line. */
function parseVersion2(bytes: Buffer, headerEnd: number): BatchPayload {
  const manifestStart = bytes.lastIndexOf(0x0a) + 1;
  const tombstonesStart = bytes.lastIndexOf(0x0a, manifestStart - 2) + 1;
  if (tombstonesStart <= headerEnd + 1) throw new AppError('EXCHANGE_INVALID_PAYLOAD');
  const raw = {
    format: BATCH_FORMAT,
    version: BATCH_VERSION,
    manifest: parseJson(bytes.toString('utf8', manifestStart)),
    records: parseJson(bytes.toString('utf8', headerEnd + 1, tombstonesStart - 1)),
    tombstones: parseJson(bytes.toString('utf8', tombstonesStart, manifestStart - 1)),
  };
  const hash = createHash('sha256').update(bytes.subarray(headerEnd + 1, manifestStart - 1)).digest('hex');
  return checked(raw, hash);
}

function parseVersion1(json: string): BatchPayload {
  const raw = parseJson(json);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AppError('EXCHANGE_INVALID_PAYLOAD');
  const { format, version, records, tombstones } = raw as Record<string, unknown>;
  // Another kind of file, or a version this app does not read: refuse before looking further.
  if (format !== BATCH_FORMAT || version !== 1) throw new AppError('EXCHANGE_INVALID_PAYLOAD');
  // Hashed on the raw values, before the schema normalises anything.
  return checked(raw, records !== undefined && tombstones !== undefined ? recordsSha256(records, tombstones) : null);
}

function checked(raw: unknown, hash: string | null): BatchPayload {
  const parsed = batchPayloadSchema.safeParse(raw);
  if (!parsed.success || parsed.data.manifest.recordsSha256 !== hash) throw new AppError('EXCHANGE_INVALID_PAYLOAD');
  return parsed.data;
}
