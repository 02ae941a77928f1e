import { z } from 'zod';
import type { ValidationKey } from './messages';
import { providerUpdateInput, verificationCode } from './certificate-schemas';
import { isValidEmail } from './formats';
import { id, isoDate, optionalMultiLine, optionalSingleLine, singleLine } from './schemas';

/**
 * Input schemas of the privacy lifecycle: withdrawing, removing and merging
 * participants, deleting courses, retention and deletion runs, erasure on
 * request, the access report, requests with their deadlines, and the record
 * of processing. Issue messages are validation keys.
 */

const msg = (key: ValidationKey) => ({ error: key });

// ---------- participants on a course ----------

/** Why someone left a course: categories, not free text (free text about a person is data about them). */
export const WITHDRAWAL_REASONS = ['illness', 'work', 'moved', 'personal', 'courseChange', 'other'] as const;

export const participantWithdrawInput = z.strictObject({
  courseId: id,
  participantId: id,
  /** The first day they no longer attend: they leave roll calls from that day, and stay in earlier ones. */
  date: isoDate,
  reason: z.enum(WITHDRAWAL_REASONS, msg('withdrawalReasonRequired')),
});

export const participantReinstateInput = z.strictObject({ courseId: id, participantId: id });

/** A registration made in error: only while no attendance or certificate exists for it. */
export const participantRemoveInput = z.strictObject({ courseId: id, participantId: id });

/** The fields a merge picks from either record. */
export const MERGE_FIELDS = ['name', 'birthDate', 'email', 'mobile', 'gender', 'address', 'interests'] as const;

export const participantMergePreviewInput = z
  .strictObject({ keepId: id, mergeId: id })
  .refine((m) => m.keepId !== m.mergeId, { message: 'mergeSamePerson', path: ['mergeId'] });

export const participantMergeInput = z
  .strictObject({
    /** The record that stays. */
    keepId: id,
    /** The record whose enrollments, marks, certificates, consents and requests move to the kept one; it is then erased. */
    mergeId: id,
    /** Per field, whose value the kept record gets; a field left out keeps the kept record's value. */
    take: z.partialRecord(z.enum(MERGE_FIELDS, msg('invalidValue')), z.enum(['keep', 'merge'], msg('invalidValue'))).optional(),
  })
  .refine((m) => m.keepId !== m.mergeId, { message: 'mergeSamePerson', path: ['mergeId'] });

// ---------- courses ----------

export const courseDeleteInput = z.strictObject({ id });

// ---------- retention and deletion runs ----------

export const retentionDueInput = z.strictObject({});

export const retentionPreviewInput = z.strictObject({
  courseId: id,
  /**
   * Preview (and run) before the course is due: deleting a course that holds
   * attendance or certificates goes through the same erasure, on purpose.
   */
  force: z.boolean(msg('invalidValue')).optional(),
});

export const retentionRunInput = z.strictObject({
  courseIds: z.array(id, msg('invalidValue')).min(1, msg('selectCourses')).max(500, msg('tooMany')),
  force: z.boolean(msg('invalidValue')).optional(),
});

/** What stays of a course whose personal data is erased (shown on its page). */
export const retentionStatisticsInput = z.strictObject({ courseId: id });

// ---------- erasure on request, access report ----------

export const privacyErasureCheckInput = z.strictObject({ participantId: id });

export const privacyEraseInput = z.strictObject({
  participantId: id,
  /** Erasing is confirmed twice in the screen; the core wants the second "yes" too. */
  confirmed: z.literal(true, msg('confirmRequired')),
  /** Required when something keeps the person (an active Kompetansepluss course): why they are erased anyway. */
  overrideReason: optionalSingleLine(500),
  /** The erasure request this answers, which is then completed. */
  requestId: id.optional(),
  /**
   * A certificate batch running for one of the person's courses: wait for it
   * (its certificates then go to the register without names too), or cancel it.
   */
  batch: z.enum(['wait', 'cancel'], msg('invalidValue')).optional(),
});

export const privacyAccessReportInput = z.strictObject({
  participantId: id,
  format: z.enum(['pdf', 'json'], msg('invalidValue')),
  /** The access request this answers, which is then completed. */
  requestId: id.optional(),
});

// ---------- requests (GDPR art. 12–21) ----------

export const REQUEST_KINDS = ['access', 'correction', 'objection', 'restriction', 'erasure'] as const;
export const REQUEST_CHANNELS = ['email', 'letter', 'phone', 'inPerson', 'form'] as const;
export const REQUEST_STATUSES = ['open', 'completed', 'rejected'] as const;

/** Days to answer a request: "without undue delay and in any event within one month" (GDPR art. 12(3)). */
export const REQUEST_DAYS = 30;

export const requestListInput = z.strictObject({
  status: z.enum(REQUEST_STATUSES, msg('invalidValue')).optional(),
  participantId: id.optional(),
});

export const requestCreateInput = z.strictObject({
  participantId: id,
  kind: z.enum(REQUEST_KINDS, msg('required')),
  channel: z.enum(REQUEST_CHANNELS, msg('required')),
  receivedOn: isoDate,
  /** What was asked, in a few words; goes with the person. */
  note: optionalMultiLine(1000),
});

export const requestResolveInput = z.strictObject({
  id,
  status: z.enum(['completed', 'rejected'], msg('invalidValue')),
  note: optionalMultiLine(1000),
});

export const requestSummaryInput = z.strictObject({});

// ---------- record of processing (GDPR art. 30) ----------

export const processingGetInput = z.strictObject({});

/**
 * The controller's own details; the rest of the record is built from the app's
 * data and settings. Name, address and organisation number are the course
 * provider's (the same settings the certificates print), so they are validated
 * the same way and saved there.
 */
export const processingUpdateInput = providerUpdateInput
  .pick({ name: true, street: true, postalCode: true, city: true, organisationNumber: true })
  .extend({
    /** Where people write about their data (the statement gives post@…). */
    contactEmail: singleLine(254).refine(isValidEmail, msg('invalidEmail')),
    /** Data protection officer or privacy contact, if the provider has one. */
    privacyContact: optionalSingleLine(200),
  });

/** The kinds of personal data held about a participant, in the order the record lists them. */
export const DATA_CATEGORIES = [
  'name',
  'birthDate',
  'contact',
  'gender',
  'address',
  'courseParticipation',
  'absenceReasons',
  'interests',
  'consent',
  'registrationSource',
  'employer',
  'certificates',
] as const;

export const processingPdfInput = z.strictObject({});

// ---------- certificates after erasure ----------

/** Name and birth date typed from a certificate whose holder's data is erased: checked against its salted hash. */
export const certificateVerifyHolderInput = z.strictObject({
  code: verificationCode,
  firstName: singleLine(100),
  lastName: singleLine(100),
  birthDate: isoDate,
});

export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];
export type MergeField = (typeof MERGE_FIELDS)[number];
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type ProcessingUpdate = z.output<typeof processingUpdateInput>;
