import { z } from 'zod';
import type { ValidationKey } from './messages';
import { isValidEmail, isValidIsoDate, normaliseMobile } from './formats';
import { multiLineProblem, singleLineProblem, unifyLineBreaks } from './text';
import type { TextProblem } from './text';

/**
 * Input schemas shared by the main process (which validates every call) and
 * the renderer's forms. Issue messages are keys of `validationMessages`.
 */

const msg = (key: ValidationKey) => ({ error: key });

/** Empty strings from forms count as "not given". */
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Adds the first rule of `text.ts` that a value breaks as an issue (a validation key). */
const textRule = (problemOf: (text: string) => TextProblem | null) => (value: string, ctx: z.RefinementCtx) => {
  const problem = problemOf(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** One line typed by a person (a name, a place): NFC, trimmed, no line break, control or bidi override. */
const lineString = (key: ValidationKey) => z.string(msg(key)).normalize('NFC').trim().superRefine(textRule(singleLineProblem));

/** Text of several lines (a description): NFC, LF line breaks kept, no other control or bidi override. */
const multiLineString = (key: ValidationKey) =>
  z.string(msg(key)).normalize('NFC').overwrite(unifyLineBreaks).trim().superRefine(textRule(multiLineProblem));

/** A required single-line text field. */
export const singleLine = (max: number) => lineString('required').min(1, msg('required')).max(max, msg('tooLong'));

/** An optional single-line text field (blank counts as not given). */
export const optionalSingleLine = (max: number) =>
  z.preprocess(blankToUndefined, lineString('invalidValue').max(max, msg('tooLong')).optional());

/** An optional multi-line text field (blank counts as not given). */
export const optionalMultiLine = (max: number) =>
  z.preprocess(blankToUndefined, multiLineString('invalidValue').max(max, msg('tooLong')).optional());

const text = singleLine;

/** Optional text where blank or null means "clear it" and omitted means "keep what is on file". */
const signerText = (max: number) =>
  z.preprocess(
    (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value),
    lineString('invalidValue').max(max, msg('tooLong')).nullable().optional(),
  );

/**
 * Optional text kept on file when omitted, cleared when blank or null: for
 * fields that older callers and forms without them do not send.
 */
const keptText = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullable().optional());

/** What a person types into a search box: compared as NFC, like everything stored. */
export const searchQuery = z.string(msg('invalidValue')).normalize('NFC').max(100, msg('tooLong'));

export const isoDate = z
  .string(msg('invalidDate'))
  .refine((v) => isValidIsoDate(v), msg('invalidDate'));

export const id = z.uuid(msg('invalidValue'));

/** Stored as typed (NFC): a domain with Norwegian letters, such as bøler.no, is a valid domain. */
export const email = z.preprocess(
  blankToUndefined,
  lineString('invalidEmail').max(254, msg('tooLong')).refine(isValidEmail, msg('invalidEmail')).optional(),
);

export const mobile = z.preprocess(
  blankToUndefined,
  z
    .string(msg('invalidMobile'))
    .max(30, msg('invalidMobile'))
    .transform((value, ctx) => {
      const normalised = normaliseMobile(value);
      if (normalised === null) {
        ctx.addIssue({ code: 'custom', message: 'invalidMobile' });
        return z.NEVER;
      }
      return normalised;
    })
    .optional(),
);

// ---------- vault and settings ----------

export const passphrase = z.string(msg('required')).min(12, msg('passphraseTooShort')).max(1024, msg('tooLong'));

export const STAFF_ROLES = ['teacher', 'coordinator', 'headOffice'] as const;
export const staffRole = z.enum(STAFF_ROLES, msg('invalidValue'));

/** The first account is always a coordinator; `role` is accepted for older callers and ignored. */
export const vaultCreateInput = z.strictObject({
  passphrase,
  staffName: text(120),
  role: staffRole.optional(),
});

const givenPassphrase = z.string(msg('required')).min(1, msg('required')).max(1024);

/** The name is needed once the vault has accounts (vault:status says so); a vault from before accounts takes the passphrase alone. */
export const vaultUnlockInput = z.strictObject({
  name: z.string(msg('required')).max(120, msg('tooLong')).optional(),
  passphrase: givenPassphrase,
});

export const vaultRecoverInput = z.strictObject({
  code: z.string(msg('required')).min(1, msg('required')).max(100, msg('tooLong')),
  /** Which coordinator regains access; the first coordinator when left out. */
  accountName: z.string().max(120, msg('tooLong')).optional(),
  newPassphrase: passphrase,
});

const accountId = z.uuid(msg('invalidValue'));

export const accountsAddInput = z.strictObject({ name: text(120), role: staffRole, passphrase });
export const accountsRemoveInput = z.strictObject({ id: accountId });
export const accountsResetPassphraseInput = z.strictObject({ id: accountId, passphrase });
export const accountsSetRoleInput = z.strictObject({ id: accountId, role: staffRole });

export const vaultChangePassphraseInput = z.strictObject({
  current: z.string(msg('required')).min(1, msg('required')).max(1024),
  next: passphrase,
});

export const settingsUpdateInput = z.strictObject({
  language: z.enum(['nb', 'en'], msg('invalidValue')).optional(),
  idleLockMinutes: z.number(msg('idleRange')).int(msg('idleRange')).min(1, msg('idleRange')).max(120, msg('idleRange')).optional(),
  /** Days after an open course's end before its personal data is due for deletion. */
  retentionGraceDays: z.number(msg('graceRange')).int(msg('graceRange')).min(0, msg('graceRange')).max(365, msg('graceRange')).optional(),
});

// ---------- courses ----------

/** A coordinator gives a course to a teacher account (or takes it back); the teacher then sees and works on it. */
export const courseTeacherInput = z.strictObject({ courseId: id, accountId: id });
export const courseTeachersInput = z.strictObject({ courseId: id });

/** studieforbund: a study association's course; bedriftsbetalt: paid for by an employer. */
export const COURSE_TYPES = ['kompetansepluss', 'fagbrev', 'studieforbund', 'bedriftsbetalt', 'other'] as const;
/** Course types where an employer may register its employees (and its name is then kept with the registration). */
export const EMPLOYER_COURSE_TYPES: readonly (typeof COURSE_TYPES)[number][] = ['kompetansepluss', 'bedriftsbetalt'];
export const registersEmployer = (type: (typeof COURSE_TYPES)[number]) => EMPLOYER_COURSE_TYPES.includes(type);
export const COURSE_STATUSES = ['planned', 'running', 'finished'] as const;

export const courseFields = z
  .strictObject({
    name: text(200),
    type: z.enum(COURSE_TYPES, msg('invalidValue')),
    place: text(200),
    startDate: isoDate,
    endDate: isoDate,
    plannedHours: z.number(msg('hoursRange')).min(0.5, msg('hoursRange')).max(2000, msg('hoursRange')),
    teacher: text(120),
    description: optionalMultiLine(4000),
    learningGoals: optionalMultiLine(4000),
    status: z.enum(COURSE_STATUSES, msg('invalidValue')),
    /** Share of the planned hours a participant must attend for a certificate, in percent. */
    requiredAttendancePercent: z
      .number(msg('attendanceRateRange'))
      .min(0, msg('attendanceRateRange'))
      .max(100, msg('attendanceRateRange'))
      .optional(),
    /** Certificate signature line; omitted keeps the value on file, blank or null clears it. */
    signerName: signerText(120),
    signerTitle: signerText(120),
    /** For certificates in English, validated like the Norwegian texts; omitted keeps what is on file. */
    englishName: keptText(lineString('invalidValue').max(200, msg('tooLong'))),
    englishDescription: keptText(multiLineString('invalidValue').max(4000, msg('tooLong'))),
    englishLearningGoals: keptText(multiLineString('invalidValue').max(4000, msg('tooLong'))),
    /** Who pays for the course (the agency, study association or employer), and its agreement or case number; omitted keeps what is on file, blank or null clears it. */
    funderName: signerText(200),
    funderReference: signerText(100),
    /** Kompetansepluss only: the day the agency approved the financial report, or null. */
    financialReportApprovedAt: z.preprocess(blankToUndefined, isoDate.nullable().optional()),
  })
  .superRefine((course, ctx) => {
    if (isValidIsoDate(course.startDate) && isValidIsoDate(course.endDate) && course.endDate < course.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endBeforeStart' });
    }
    if (course.financialReportApprovedAt && course.type !== 'kompetansepluss') {
      ctx.addIssue({ code: 'custom', path: ['financialReportApprovedAt'], message: 'approvalOnlyKompetansepluss' });
    }
    // The funder approves the financial report of a finished course: never before it ends.
    if (course.financialReportApprovedAt && isValidIsoDate(course.endDate) && course.financialReportApprovedAt < course.endDate) {
      ctx.addIssue({ code: 'custom', path: ['financialReportApprovedAt'], message: 'approvalBeforeEnd' });
    }
  });

export const courseCreateInput = courseFields;
export const courseUpdateInput = z.strictObject({ id, course: courseFields });
export const courseGetInput = z.strictObject({ id });
export const courseListInput = z.strictObject({ status: z.enum(COURSE_STATUSES, msg('invalidValue')).optional() });

// ---------- participants ----------

export const GENDERS = ['female', 'male', 'other', 'unspecified'] as const;
export const REGISTRATION_SOURCES = ['employer', 'self', 'teacher'] as const;
/** How consent to keep data after the course was given. */
export const CONSENT_METHODS = ['form', 'paper', 'email'] as const;

export const postalAddress = z.strictObject({
  street: text(200),
  postalCode: z.string(msg('postalCode')).trim().regex(/^\d{4}$/, msg('postalCode')),
  city: text(100),
});

/** Exactly the personal data the privacy statement allows, nothing more. */
export const participantFields = z
  .strictObject({
    firstName: text(100),
    lastName: text(100),
    birthDate: isoDate,
    email,
    mobile,
    gender: z.enum(GENDERS, msg('required')),
    /** Only for trade-certificate courses ("fagbrevkurs"); the core refuses it otherwise. */
    address: postalAddress.nullable().optional(),
    /** Registered interest in other courses. */
    interests: optionalMultiLine(500),
    consent: z.strictObject({
      keepAfterCourse: z.boolean(msg('invalidValue')),
      method: z.enum(CONSENT_METHODS, msg('consentMethodRequired')).optional(),
    }),
  })
  .superRefine((p, ctx) => {
    if (p.email === undefined && p.mobile === undefined) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'contactRequired' });
      ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'contactRequired' });
    }
    if (p.consent.keepAfterCourse && p.consent.method === undefined) {
      ctx.addIssue({ code: 'custom', path: ['consent', 'method'], message: 'consentMethodRequired' });
    }
  });

export const enrollmentFields = z
  .strictObject({
    source: z.enum(REGISTRATION_SOURCES, msg('required')),
    employerName: optionalSingleLine(200),
  })
  .superRefine((e, ctx) => {
    if (e.source === 'employer' && e.employerName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['employerName'], message: 'employerRequired' });
    }
  });

/**
 * Ids of the people the duplicate check offered that the coordinator judged to
 * be someone else. Required (the core refuses with DUPLICATE_PARTICIPANT) when
 * a person with the same name and birth date exists; recorded with the new record.
 */
const notDuplicateOf = z.array(id, msg('invalidValue')).max(50, msg('tooMany')).optional();

export const participantRegisterInput = z.strictObject({
  courseId: id,
  participant: participantFields,
  enrollment: enrollmentFields,
  notDuplicateOf,
});

export const participantEnrollExistingInput = z.strictObject({
  courseId: id,
  participantId: id,
  enrollment: enrollmentFields,
  /** Needed when enrolling into a trade-certificate course someone who has no address on file. */
  address: postalAddress.nullable().optional(),
});

export const participantUpdateInput = z.strictObject({
  courseId: id,
  participantId: id,
  participant: participantFields,
  enrollment: enrollmentFields,
  /** As for registering: needed when the corrected name and birth date match someone else. */
  notDuplicateOf,
  /** The person's open correction request this edit answers: it is completed with the edit (GDPR art. 16). */
  requestId: id.optional(),
});

/** Who this person may already be: the same name (near enough) and birth date, or the same birth date and contact. */
export const participantFindDuplicateInput = z.strictObject({
  courseId: id.optional(),
  firstName: text(100),
  lastName: text(100),
  birthDate: isoDate,
  email,
  mobile,
  /** The record being edited, which is never its own duplicate. */
  participantId: id.optional(),
});

export const participantListInput = z.strictObject({
  courseId: id,
  query: searchQuery.optional(),
});

export const participantSearchInput = z.strictObject({
  query: searchQuery,
  limit: z.number().int().min(1).max(200).optional(),
});

export const participantGetInput = z.strictObject({ courseId: id, participantId: id });

export type CourseFields = z.output<typeof courseFields>;
export type CourseFieldsInput = z.input<typeof courseFields>;
export type ParticipantFields = z.output<typeof participantFields>;
export type ParticipantFieldsInput = z.input<typeof participantFields>;
export type EnrollmentFields = z.output<typeof enrollmentFields>;
