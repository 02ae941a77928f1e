import type { Language } from './messages';
import type { COURSE_STATUSES, COURSE_TYPES, CONSENT_METHODS, GENDERS, REGISTRATION_SOURCES, STAFF_ROLES } from './schemas';
import type { DATA_CATEGORIES, MergeField, RequestChannel, RequestKind, RequestStatus, WithdrawalReason } from './privacy-schemas';
import type { ImportEncoding, ImportField } from './import-schemas';

/** Result types of the channels: what the renderer receives. */

export type CourseType = (typeof COURSE_TYPES)[number];
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export type Gender = (typeof GENDERS)[number];
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number];
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  /** Language for screens shown before unlock (kept outside the database, not personal). */
  language: Language;
  /** Unlocking asks for the account's name too (false only for a vault from before staff accounts). */
  needsName: boolean;
  /** Seconds before the next unlock try is allowed after too many wrong ones (0: now). */
  retryAfterSeconds: number;
  /** Present (true) while the evaluation kiosk runs: the page shows the kiosk and nothing else. */
  kiosk?: true;
}

export interface Session {
  /** The unlocking account. */
  accountId: string;
  staffName: string;
  role: StaffRole;
  language: Language;
  idleLockMinutes: number;
  /** The recovery code was used since this account last unlocked: when (ISO timestamp). */
  recoveryUsedAt: string | null;
}

/** What vault:create returns: the session, and the recovery code, shown this once and never stored. */
export interface CreatedVault extends Session {
  recoveryCode: string;
}

export interface StaffAccount {
  id: string;
  name: string;
  role: StaffRole;
  createdAt: string;
  /** The account the list was asked by. */
  isYou: boolean;
}

export interface Settings {
  language: Language;
  idleLockMinutes: number;
  /** Days after an open course's end before its personal data is due for deletion (so certificates can be issued). */
  retentionGraceDays: number;
}

export interface Course {
  id: string;
  name: string;
  type: CourseType;
  place: string;
  startDate: string;
  endDate: string;
  plannedHours: number;
  teacher: string;
  description: string | null;
  learningGoals: string | null;
  /** The texts an English certificate prints; null when not given. */
  englishName: string | null;
  englishDescription: string | null;
  englishLearningGoals: string | null;
  status: CourseStatus;
  financialReportApprovedAt: string | null;
  /** Who pays for the course, and the funder's agreement or case number. */
  funderName: string | null;
  funderReference: string | null;
  /** Attendance needed for a certificate, in percent of planned hours (default 75). */
  requiredAttendancePercent: number;
  /** Who signs the course's certificates, and their title (printed under the signature line). */
  signerName: string | null;
  signerTitle: string | null;
  participantCount: number;
  /** How long the course's personal data is kept, and where it stands. */
  retention: CourseRetention;
  createdAt: string;
  updatedAt: string;
}

/** A staff account as the course's teacher list shows it. */
export interface TeacherRef {
  accountId: string;
  /** null when the account no longer exists (its assignments stay until a coordinator removes them). */
  name: string | null;
}

/** Who teaches a course, and the teacher accounts a coordinator can add. */
export interface CourseTeachers {
  courseId: string;
  assigned: TeacherRef[];
  candidates: TeacherRef[];
}

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
}

/** One row of a course's participant list. */
export interface ParticipantListItem {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  mobile: string | null;
  source: RegistrationSource;
  /** The employer that registered them (source 'employer'), else null. */
  employerName: string | null;
  /** The first day they no longer attend, when they withdrew from the course. */
  withdrawnOn: string | null;
  /** Processing is restricted or objected to (an open request): kept, but left out of exports, reports and batches. */
  restricted: boolean;
}

/** One hit of the search across every course. */
export interface ParticipantSearchHit {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  /** The courses the person is enrolled in, in date order. */
  courses: CourseRef[];
}

export interface CourseRef {
  id: string;
  name: string;
}

export interface ParticipantDetail {
  participantId: string;
  courseId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  mobile: string | null;
  gender: Gender;
  address: PostalAddress | null;
  interests: string | null;
  consent: {
    keepAfterCourse: boolean;
    method: ConsentMethod | null;
    /** When the consent answer was recorded (ISO timestamp), and the name of the staff member who recorded it. */
    recordedAt: string | null;
    recordedBy: string | null;
    /** Every answer given or withdrawn, oldest first. */
    history: ConsentEvent[];
  };
  enrollment: {
    source: RegistrationSource;
    employerName: string | null;
    enrolledAt: string;
    withdrawnOn: string | null;
    withdrawalReason: WithdrawalReason | null;
  };
  /** Processing is restricted or objected to (an open request). */
  restricted: boolean;
  createdAt: string;
  updatedAt: string;
}

/** How consent to keep data after the course was given or withdrawn ('verbal' only on answers recorded before e-mail was a method). */
export type ConsentEventMethod = ConsentMethod | 'verbal';

export interface ConsentEvent {
  kind: 'given' | 'withdrawn';
  method: ConsentEventMethod | null;
  at: string;
  /** The staff member who recorded it. */
  recordedBy: string | null;
}

/** Why someone may be the person being registered: the same birth date, and the same name (near enough), e-mail or mobile. */
export type DuplicateReason = 'name' | 'email' | 'mobile';

export interface DuplicateCandidate {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  /** What matches besides the birth date; 'name' first when it does. */
  reasons: DuplicateReason[];
  courses: CourseRef[];
  /** Set when the candidate is already enrolled in the course being registered for. */
  alreadyInCourseId: string | null;
}

// ---------- sessions and attendance ----------

export type AttendanceStatus = 'present' | 'absent' | 'late' | 'excused';

/** Why someone is absent (illness, a child's illness, work, other): a category, never free text. */
export type AbsenceReason = 'illness' | 'childIllness' | 'work' | 'other';

/** An absence told in advance for one session: the roll call opens with it prefilled until the teacher marks the row. */
export interface AbsenceNotice {
  id: string;
  sessionId: string;
  participantId: string;
  firstName: string;
  lastName: string;
  date: string;
  startTime: string;
  endTime: string;
  reason: AbsenceReason;
  note: string | null;
}

export interface CourseSession {
  id: string;
  courseId: string;
  date: string;
  startTime: string;
  endTime: string;
  /** 60-minute hours between start and end. */
  hours: number;
  cancelled: boolean;
  signedOffAt: string | null;
  signedOffBy: string | null;
  /** Why a signed-off session was cancelled (or restored); null otherwise. */
  cancelReason: string | null;
  /** How many enrolled participants have a mark for this session. */
  markedCount: number;
}

export interface SessionPlan {
  sessions: CourseSession[];
  /** Hours of the sessions that are not cancelled. */
  sessionHours: number;
  coursePlannedHours: number;
  /** True when the sessions do not add up to the course's planned hours. */
  differs: boolean;
}

export interface RollCallRow {
  participantId: string;
  firstName: string;
  lastName: string;
  status: AttendanceStatus | null;
  hours: number | null;
  note: string | null;
  /** The absence reason of the mark (absent or excused only). */
  absenceReason: AbsenceReason | null;
  /** An absence notice for this session; shown as a prefilled mark while the row has none. */
  notice: { reason: AbsenceReason; note: string | null } | null;
  /** Processing is restricted (an open restriction or objection request): marks still work, and the row says so. */
  restricted: boolean;
  /** The first day they no longer attend, when they withdrew; such a row shows only in earlier sessions, or where marked. */
  withdrawnOn: string | null;
}

export interface RollCall {
  session: CourseSession;
  courseName: string;
  /** The session lies after today: marks need confirmation. */
  inFuture: boolean;
  rows: RollCallRow[];
}

export interface AttendanceMark {
  sessionId: string;
  participantId: string;
  status: AttendanceStatus | null;
  hours: number | null;
  note: string | null;
  absenceReason: AbsenceReason | null;
}

export type AttendanceFlag = 'below' | 'near' | null;

export interface AttendanceOverviewRow {
  participantId: string;
  firstName: string;
  lastName: string;
  birthYear: number;
  /** One entry per session of the overview, in the same order; null when not marked. */
  statuses: (AttendanceStatus | null)[];
  hoursAttended: number;
  /** Attended hours as a share (0–1) of the planned hours of the sessions held so far. */
  rate: number | null;
  flag: AttendanceFlag;
  /** Columns (indexes into `statuses`) where a late mark still carries the session's full hours: worth a second look. */
  lateAtFullHours: number[];
  forecast: AttendanceForecast;
}

/**
 * Whether the requirement can still be met, counted as the certificate counts
 * it: attended hours over the hours of every session that is not cancelled.
 * Sessions without a mark for the person (and no absence notice) are the ones
 * they may still attend.
 */
export interface AttendanceForecast {
  /** The rate (0–1) with full attendance at every session still open; null without sessions. */
  maxRate: number | null;
  /** Even full attendance from now on stays below the requirement. */
  cannotReach: boolean;
  /** The requirement is met only by attending every open session. */
  mustAttendAll: boolean;
  /** Sessions still open to them. */
  openSessions: number;
}

export interface AttendanceOverview {
  courseId: string;
  requiredRate: number;
  /** Sessions that are not cancelled, in date order. */
  sessions: (Pick<CourseSession, 'id' | 'date' | 'startTime' | 'endTime' | 'hours' | 'signedOffAt'> & {
    /** Before today, and nobody has a mark: the roll call was never taken ("mangler opprop"). */
    missingRollCall: boolean;
  })[];
  /** Planned hours of the sessions held so far (not cancelled, not in the future). */
  heldHours: number;
  rows: AttendanceOverviewRow[];
}

export interface ParticipantAttendance {
  participantId: string;
  firstName: string;
  lastName: string;
  sessions: { sessionId: string; date: string; hours: number; cancelled: boolean; status: AttendanceStatus | null; hoursAttended: number | null; note: string | null }[];
  hoursAttended: number;
  rate: number | null;
}

/** Whether the Kompetansepluss reports can be made today (the core's day), and from which day; null: not for this course type. */
export interface ReportAvailability {
  today: string;
  start: { available: boolean; from: string | null };
  completion: { available: boolean; from: string | null };
}

/** A file produced in the main process for the renderer to save. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
}

// ---------- provider settings and course certificates (kursbevis) ----------

/** The course provider printed on every certificate; set once in the settings. */
export interface ProviderSettings {
  name: string;
  address: PostalAddress;
  /** 9 digits, MOD11-checked. */
  organisationNumber: string;
  logo: { mimeType: 'image/png' | 'image/jpeg'; base64: string } | null;
  updatedAt: string;
}

/** Exactly what one certificate prints. Stored as issued, hashed, and shown again on verification. */
export interface CertificateContent {
  number: string;
  /** Grouped for reading: "7K2M-9QX4-TD". */
  verificationCode: string;
  language: 'nb' | 'en';
  /** ISO date. */
  issueDate: string;
  provider: {
    name: string;
    address: PostalAddress;
    organisationNumber: string;
    /** sha256 (hex) of the logo printed, so the hash covers it without storing it per certificate. */
    logoSha256: string | null;
  };
  participant: { firstName: string; lastName: string; birthDate: string };
  course: {
    name: string;
    description: string | null;
    learningGoals: string | null;
    place: string;
    startDate: string;
    endDate: string;
    /** The course's extent (planned hours). */
    hours: number;
  };
  hoursAttended: number;
  signer: { name: string | null; title: string | null };
}

export type CertificateState = 'valid' | 'replaced';

export interface CertificateSummary {
  id: string;
  number: string;
  /** What a verifier types, grouped as printed: "7K2M-9QX4-TD". The number is never a lookup key (numbers can be guessed). */
  verificationCode: string;
  issuedAt: string;
  language: 'nb' | 'en';
  status: CertificateState;
}

export type EligibilityReason = 'eligible' | 'courseNotFinished' | 'noSessions' | 'noAttendance' | 'belowRequirement';

export interface CertificateEligibilityRow {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  eligible: boolean;
  /** Why (not); with `ratePercent` and the course's requirement the renderer words it, e.g. "62 % oppmøte, krav 75 %". */
  reasonCode: EligibilityReason;
  /** Attended share in whole percent, floored (so 74.9 % never shows as 75 %); 0 without sessions. */
  ratePercent: number;
  /** Attended hours in sessions that are not cancelled. */
  hoursAttended: number;
  /** Attended share of the hours of the sessions that are not cancelled (0–1), or null without sessions. */
  rate: number | null;
  /** The participant's latest certificate for this course, if any. */
  certificate: CertificateSummary | null;
}

export interface CertificateEligibility {
  courseId: string;
  courseStatus: CourseStatus;
  requiredAttendancePercent: number;
  /** Hours of the course's sessions that are not cancelled. */
  sessionHours: number;
  /** False when the provider settings a certificate needs are missing. */
  providerReady: boolean;
  /** English texts the course lacks: while any are missing, an English certificate is refused (see EnglishCourseText). */
  englishMissing: EnglishCourseText[];
  rows: CertificateEligibilityRow[];
}

/**
 * A course text an English certificate needs: the name always; the content
 * and learning goals when the course has them in Norwegian.
 */
export type EnglishCourseText = 'name' | 'description' | 'learningGoals';

export type VerificationStatus = 'valid' | 'replaced' | 'tampered' | 'unknown';

export interface CertificateVerification {
  status: VerificationStatus;
  /** The register entry, for showing and printing it again; null when unknown. */
  certificateId: string | null;
  /**
   * Exactly what the paper says, nothing more: never the register's own notes
   * (such as a reason for issuing despite low attendance). Null when unknown.
   */
  certificate: (Omit<CertificateContent, 'participant'> & { participant: CertificateContent['participant'] | null }) | null;
  /** Number of the certificate that replaced this one. */
  replacedBy: string | null;
  /**
   * The holder's personal data has been erased, as the privacy statement
   * promises: the certificate still verifies, without the name and birth date
   * (`certificate.participant` is null), which a verifier can check against
   * the paper with certificates:verifyHolder.
   */
  personalDataErased: boolean;
}

export type CertificateBatchState = 'running' | 'done' | 'cancelled' | 'failed';

/** Where a running batch is: starting its workers, laying out pages, or merging and registering. */
export type CertificateBatchPhase = 'preparing' | 'rendering' | 'finishing';

/** Why a batch stopped early; the renderer words it with how many were written. */
export type CertificateBatchFailure = 'diskFull' | 'folder' | 'other';

export interface CertificateBatchStatus {
  jobId: string;
  state: CertificateBatchState;
  phase: CertificateBatchPhase;
  mode: 'single' | 'perParticipant';
  /** Certificates rendered so far (single mode) or written to the folder (per participant). */
  done: number;
  total: number;
  /** Names of the files written to the folder (per-participant mode); a name already taken there gets " (2)" and so on. */
  written: string[];
  /** Numbers of the certificates newly registered by this batch. */
  issued: string[];
  /** Numbers of valid certificates printed again, unchanged. */
  reprinted: string[];
  /** Set when the batch failed. */
  failure?: CertificateBatchFailure;
}

// ---------- privacy lifecycle: retention, erasure, requests, access report, record of processing ----------

/** How long a course's personal data is kept, and where it stands. */
export interface CourseRetention {
  /** Open courses: the end date plus the grace period; Kompetansepluss: the day the funder approved the financial report. */
  rule: 'afterEnd' | 'afterApproval';
  /**
   * active: the course has not ended; waitingForApproval: Kompetansepluss, ended, no approval recorded;
   * scheduled: due on `dueOn`; due: due now; erased: the personal data is gone (`erasedAt`).
   */
  state: 'active' | 'waitingForApproval' | 'scheduled' | 'due' | 'erased';
  dueOn: string | null;
  erasedAt: string | null;
}

export interface PersonRef {
  participantId: string;
  firstName: string;
  lastName: string;
}

/** A course with personal data due for deletion, and how many people a run would erase or keep. */
export interface DueCourse {
  courseId: string;
  name: string;
  type: CourseType;
  endDate: string;
  dueOn: string;
  erase: number;
  keptForConsent: number;
  keptForOtherCourse: number;
}

/** What stays of a course once its personal data is erased: no person, only figures. */
export interface CourseStatistics {
  participants: number;
  byGender: Record<Gender, number>;
  withdrawn: number;
  sessionsHeld: number;
  hoursHeld: number;
  hoursAttended: number;
  /** Mean attendance rate (0–1) of the participants, or null without sessions. */
  averageRate: number | null;
  metRequirement: number;
  certificatesIssued: number;
}

export interface DeletionPreview {
  course: CourseRef & { type: CourseType; startDate: string; endDate: string };
  retention: CourseRetention;
  /** False when the preview was asked with `force` for a course that is not due. */
  due: boolean;
  /** People whose personal data goes (all of it, in every course). */
  erase: PersonRef[];
  /** People who stay, and why: consent to keep their data, or still on another course that is not due. */
  keep: (PersonRef & { why: 'consent' | 'otherCourse' })[];
  /** What goes, counted. */
  goes: { enrollments: number; marks: number; absenceNotices: number; certificates: number; changeReasons: number; consents: number; requests: number };
  /** What stays, with no personal data. */
  stays: {
    statistics: CourseStatistics;
    /** Certificates of the people erased (in every course), kept verifiable without names. */
    certificatesVerifiable: number;
    /** This course's certificates as the register will keep them: no name, no birth date, no code. */
    certificates: ErasedCertificateSummary[];
    /** Evaluation responses of the course: kept, since they hold no personal data. */
    evaluations: number;
  };
}

/** One certificate as the register keeps it once its holder is erased. */
export interface ErasedCertificateSummary {
  number: string;
  issuedOn: string;
  hoursAttended: number;
  status: CertificateState;
}

export interface DeletionRunResult {
  at: string;
  courses: { courseId: string; name: string; erased: number; kept: number }[];
  erasedPeople: number;
}

/** What keeps a person from being erased at once, and what erasing them would take. */
export interface ErasureCheck {
  person: PersonRef;
  courses: CourseRef[];
  /** Active Kompetansepluss courses: the funder's report still needs the person; erasing anyway takes an override and a reason. */
  blockers: (CourseRef & { reason: 'kompetanseplussReport' })[];
  consent: boolean;
  /** A certificate batch for one of the person's courses is running: erasing waits for it or cancels it. */
  certificateBatchRunning: boolean;
  /** The person's certificates, which stay verifiable without personal data. */
  certificates: number;
  /** Open erasure requests from the person: erasing completes them. */
  openRequestIds: string[];
}

export interface ErasureResult {
  at: string;
  /** Certificates kept verifiable without personal data. */
  certificatesKept: number;
}

export interface PrivacyRequest {
  id: string;
  /** Null once the person is erased: the request stays as a fact. */
  person: PersonRef | null;
  /** The person's courses, in date order (to open their page); empty once erased. */
  courses: CourseRef[];
  kind: RequestKind;
  channel: RequestChannel;
  receivedOn: string;
  dueOn: string;
  status: RequestStatus;
  resolvedAt: string | null;
  note: string | null;
}

export interface RequestSummary {
  open: number;
  /** Open and due within 7 days. */
  dueSoon: number;
  overdue: number;
}

export interface MergePreview {
  keep: ParticipantDetailCore;
  merge: ParticipantDetailCore;
  /** Fields whose values differ: the coordinator picks one per field. */
  differing: MergeField[];
  /** Courses both are enrolled in; marks for the same session are kept from the kept record and listed. */
  sharedCourses: CourseRef[];
  conflictingMarks: number;
}

/** A person's fields without a course's enrollment. */
export type ParticipantDetailCore = Omit<ParticipantDetail, 'courseId' | 'enrollment'> & { courses: CourseRef[] };

export interface MergeResult {
  participantId: string;
  /** Sessions where both records had a mark: the kept record's mark stayed. */
  conflicts: { sessionId: string; courseId: string; date: string }[];
}

export interface HolderCheck {
  matches: boolean;
}

// ---------- disclosures and the record of processing (GDPR art. 30) ----------

/**
 * What left the app with personal data in it. 'certificates' is reserved for
 * certificates sent to someone other than their holder: handing people their
 * own certificates is no disclosure (see core/services/disclosures.ts).
 */
export type DisclosureKind = 'attendanceList' | 'certificates' | 'fundingReport' | 'headOfficeBatch' | 'accessReport';

/**
 * Who received it: 'file' when the app saved it to a file and cannot know who
 * reads it; 'dataSubject' for the person's own access report; the named
 * recipients of later reports and batches.
 */
export type DisclosureRecipient = 'file' | 'dataSubject' | 'headOffice' | 'kompetanseNorge';

/** Why course participants' data is processed (the privacy statement's list, plus the Kompetansepluss report). */
export type ProcessingPurpose = 'identification' | 'communication' | 'attendance' | 'certificates' | 'evaluation' | 'fundingReport';

/** The kinds of personal data the app holds about a participant. */
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** The systems and agencies the privacy statement names as receiving course data. */
export type ProcessingRecipient = 'superOffice' | 'frontCore' | 'kompetanseNorge';

/** How much of a participant's data a recipient gets. */
export type RecipientScope = 'allCourseData' | 'identityAndContact' | 'requiredByAgreement';

export type SecurityMeasure = 'encryptionAtRest' | 'passphrase' | 'autoLock' | 'auditLog' | 'secureDelete' | 'privateFiles';

/** The controller: the provider's name, address and organisation number (shared with the certificates), and how to reach them about privacy. */
export interface ProcessingController {
  name: string | null;
  address: PostalAddress | null;
  organisationNumber: string | null;
  contactEmail: string | null;
  /** Data protection officer or privacy contact, if the provider has one. */
  privacyContact: string | null;
}

export interface ProcessingRecord {
  controller: ProcessingController;
  /** Name, address, organisation number and contact e-mail are filled in: the record can be printed. */
  controllerComplete: boolean;
  purposes: { purpose: ProcessingPurpose; courseTypes: CourseType[] }[];
  categoriesByCourseType: Record<CourseType, DataCategory[]>;
  recipients: {
    recipient: ProcessingRecipient;
    /** A processor stores data on the provider's behalf; a third party receives it for its own tasks. */
    role: 'processor' | 'thirdParty';
    scope: Partial<Record<CourseType, RecipientScope>>;
  }[];
  retention: { courseType: CourseType; rule: CourseRetention['rule']; graceDays: number | null }[];
  /** Days to answer a request from a person (GDPR art. 12(3)). */
  requestDays: number;
  security: { measure: SecurityMeasure; minutes?: number }[];
  /** What the app holds now, per course type. */
  heldNow: Record<CourseType, { courses: number; participants: number }>;
  /** Disclosures recorded so far, per kind. */
  disclosures: { kind: DisclosureKind; count: number; lastAt: string }[];
  /** When the controller's details were last saved. */
  updatedAt: string | null;
}

// ---------- head-office exchange ----------

export type ExchangeRole = 'device' | 'coordinator' | 'head-office';

/** This installation as others see it: the public halves of its keys, by fingerprint. */
export interface ExchangeIdentity {
  deviceId: string;
  deviceName: string;
  role: ExchangeRole;
  /** Short, for reading aloud: "K7Q2-9XMD-4TRA-PL3C". */
  fingerprint: string;
  ageRecipient: string;
  keyId: string;
}

/** A key file read but not yet added: shown so its fingerprint can be compared by phone. */
export interface KeyFilePreview {
  deviceId: string;
  deviceName: string;
  role: ExchangeRole;
  providerName: string;
  organisationNumber: string | null;
  fingerprint: string;
  /** new: not known; same: already added with this key; changed: known with another key (compare with care). */
  known: 'new' | 'same' | 'changed';
}

export interface ExchangePeer {
  deviceId: string;
  deviceName: string;
  role: ExchangeRole;
  providerName: string;
  fingerprint: string;
  /** We send batches to it (head office, a coordinator); otherwise we only import from it. */
  isRecipient: boolean;
  approvedAt: string;
}

/** A type, not an interface, so it can be summed as a record of numbers. */
export type BatchCounts = {
  courses: number;
  participants: number;
  enrollments: number;
  sessions: number;
  marks: number;
  consents: number;
  certificates: number;
  tombstones: number;
};

export interface SentBatch {
  batchId: string;
  fileName: string;
  signatureName: string;
  sequence: number;
  counts: BatchCounts;
}

export interface RecordCounts {
  courses: number;
  participants: number;
  enrollments: number;
  sessions: number;
  marks: number;
  consents: number;
  certificates: number;
}

export interface MergeConflict {
  kind: keyof RecordCounts;
  id: string;
  /** What a coordinator recognises, without words to translate: "Nordmann, Kari", "04.03.2025 09:00", "Nordmann, Kari · 04.03.2025", a course name, a certificate number. */
  label: string;
  oursUpdatedAt: string;
  theirsUpdatedAt: string;
  winner: 'ours' | 'theirs';
}

export interface CourseMergePreview {
  courseId: string;
  courseName: string;
  added: RecordCounts;
  changed: RecordCounts;
  erased: number;
  unchanged: number;
  /** Left out: their person, course or enrollment is erased here, or what they belong to is in neither place. */
  skipped: number;
  conflicts: MergeConflict[];
}

/** One batch file as the import found it, before anything is written. */
export interface BatchInspection {
  fileName: string;
  /** ready: verified and decrypted, can be applied; unknownDevice: approve the sender's key first. */
  status: 'ready' | 'unknownDevice' | 'alreadyImported' | 'refused';
  batchId: string | null;
  sender: { deviceId: string; deviceName: string; fingerprint: string } | null;
  sequence: number | null;
  createdAt: string | null;
  /** Batches from this device that were never imported before this one (a gap in the sequence). */
  missingBefore: number[];
  counts: BatchCounts | null;
  preview: CourseMergePreview[];
  /** Why it was refused, in the user's language. */
  error: { code: string; message: string } | null;
}

export interface BatchImportResult {
  batchId: string;
  added: number;
  changed: number;
  erased: number;
  conflicts: number;
  skipped: number;
}

export interface ReceiptResult {
  fileName: string;
  signatureName: string;
  batches: number;
}

export interface ReceiptImportResult {
  delivered: { batchId: string; sequence: number }[];
}

export interface BatchHistoryItem {
  batchId: string;
  direction: 'sent' | 'received';
  peer: { deviceId: string; deviceName: string; role: ExchangeRole } | null;
  sequence: number;
  createdAt: string;
  fileName: string;
  courses: { id: string; name: string }[];
  counts: BatchCounts;
  /** Sent: when the receipt came back. Received: when we wrote one. */
  deliveredAt: string | null;
  appliedAt: string | null;
}

// ---------- import of an employer's participant list ----------


/** A problem with one field of a row: a validation key (the participant form's), with values for its {placeholders}. */
export interface ImportFieldProblem {
  /** The statement field, or '_' for the row as a whole. */
  field: ImportField | '_';
  key: string;
  params?: Record<string, string>;
}

export type ImportRowStatus =
  /** A new person is registered. */
  | 'create'
  /** Someone on file may be this person: enrolled (default when the name matches) or registered anew, as chosen. */
  | 'match'
  /** Already on this course: nothing to do. */
  | 'enrolled'
  /** Errors (the form's messages, or the same person earlier in the file): not imported; offered in the bad-rows file. */
  | 'error';

export interface ImportPreviewRow {
  /** The row's number in the file (as Excel or a text editor shows it). */
  row: number;
  status: ImportRowStatus;
  /** The values as they will be stored (dates ISO, mobile E.164) or as read where they are wrong. */
  values: Partial<Record<ImportField, string>>;
  problems: ImportFieldProblem[];
  /** 'match': the person on file (by the duplicate check's rules) and why. */
  match: { participantId: string; firstName: string; lastName: string; birthDate: string; reasons: DuplicateReason[] } | null;
  /** 'match': what applying does unless chosen otherwise. */
  action: 'enrol' | 'create' | null;
}

export interface ImportColumn {
  index: number;
  header: string;
  field: ImportField | null;
  /** The error column of a bad-rows file sent back corrected: never imported, not offered for mapping. */
  ignored: boolean;
}

export interface ImportPreview {
  format: 'xlsx' | 'csv';
  /** CSV: the character set read (detected or chosen), and whether it was detected. */
  encoding: ImportEncoding | null;
  encodingDetected: boolean;
  /** xlsx: the worksheet read (the first one with a header row). */
  sheet: string | null;
  /** The row number of the header row. */
  headerRow: number;
  columns: ImportColumn[];
  /** Where the mapping came from: this employer's last import, the headers, or the user. */
  mappingSource: 'remembered' | 'guessed' | 'given';
  /** Headers of columns that are not imported (national ID number, salary, anything else). */
  droppedColumns: string[];
  /** Fields the course needs that no column fills (first name, last name, birth date, e-mail or mobile, address on fagbrev courses). */
  missingFields: (ImportField | 'contact')[];
  /** Whether address columns count (a trade-certificate course). */
  addressFields: boolean;
  rows: ImportPreviewRow[];
  counts: Record<ImportRowStatus, number>;
}

export interface ImportResult {
  created: number;
  enrolled: number;
  /** Already on the course. */
  skipped: number;
  /** Rows with errors, not imported. */
  failed: number;
}
