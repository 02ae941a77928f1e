import { z } from 'zod';
import * as s from './schemas';
import * as a from './attendance-schemas';
import * as cert from './certificate-schemas';
import * as pv from './privacy-schemas';
import * as ex from './exchange-schemas';
import * as ev from './evaluation-schemas';
import type { CourseEvaluationForm, EvaluationResults, EvaluationSubmitted, EvaluationSummary, KioskForm, KioskLeft, KioskStatus } from './evaluation-types';
import * as rep from './report-schemas';
import * as im from './import-schemas';
import type {
  AbsenceNotice,
  AttendanceMark,
  AttendanceOverview,
  Course,
  CourseTeachers,
  CourseSession,
  ExportedFile,
  ParticipantAttendance,
  RollCall,
  SessionPlan,
  DuplicateCandidate,
  ParticipantDetail,
  ParticipantListItem,
  ParticipantSearchHit,
  CreatedVault,
  Session,
  Settings,
  StaffAccount,
  VaultStatus,
  CertificateBatchStatus,
  CertificateEligibility,
  CertificateVerification,
  ProviderSettings,
  CourseStatistics,
  DeletionPreview,
  DeletionRunResult,
  DueCourse,
  ErasureCheck,
  ErasureResult,
  HolderCheck,
  MergePreview,
  MergeResult,
  PrivacyRequest,
  ProcessingRecord,
  ReportAvailability,
  RequestSummary,
  BatchHistoryItem,
  BatchImportResult,
  BatchInspection,
  ExchangeIdentity,
  ExchangePeer,
  KeyFilePreview,
  ReceiptImportResult,
  ReceiptResult,
  SentBatch,
  ImportPreview,
  ImportResult,
} from './types';

/**
 * The one contract: every channel between renderer and main process, with its
 * input schema and result type. The main process registers handlers from it,
 * the preload exposes it as window.neo, the browser harness serves it, and the
 * renderer is typed by it. Adding a channel is one entry here (and its handler).
 */

interface ChannelDef<I extends z.ZodType, R> {
  input: I;
  /** Phantom field: carries the result type, never read at run time. */
  result?: R;
}

const channel = <R>() => <I extends z.ZodType>(input: I): ChannelDef<I, R> => ({ input });

const empty = z.strictObject({});

export const contract = {
  'vault:status': channel<VaultStatus>()(empty),
  /** Makes the vault and its first account (a coordinator); the result carries the recovery code, this once. */
  'vault:create': channel<CreatedVault>()(s.vaultCreateInput),
  'vault:unlock': channel<Session>()(s.vaultUnlockInput),
  'vault:lock': channel<null>()(empty),
  /** The unlocking account's own passphrase. */
  'vault:changePassphrase': channel<null>()(s.vaultChangePassphraseInput),
  /** Unlocks with the recovery code as a coordinator and sets that coordinator's passphrase. */
  'vault:recover': channel<Session>()(s.vaultRecoverInput),

  /** Staff accounts: coordinators only. */
  'accounts:list': channel<StaffAccount[]>()(empty),
  'accounts:add': channel<StaffAccount>()(s.accountsAddInput),
  'accounts:remove': channel<null>()(s.accountsRemoveInput),
  /** A new wrap under a new passphrase; the old passphrase is never needed. */
  'accounts:resetPassphrase': channel<null>()(s.accountsResetPassphraseInput),
  'accounts:setRole': channel<StaffAccount>()(s.accountsSetRoleInput),
  /** A new recovery code (the old one stops working), returned this once. */
  'accounts:newRecoveryCode': channel<{ recoveryCode: string }>()(empty),

  'settings:get': channel<Settings>()(empty),
  'settings:update': channel<Settings>()(s.settingsUpdateInput),

  'courses:list': channel<Course[]>()(s.courseListInput),
  'courses:get': channel<Course>()(s.courseGetInput),
  'courses:create': channel<Course>()(s.courseCreateInput),
  'courses:update': channel<Course>()(s.courseUpdateInput),
  /** A course with no attendance or certificates; anything more goes through the erasure (retention:*). */
  'courses:delete': channel<null>()(pv.courseDeleteInput),
  /** The teachers of a course, and the teacher accounts that can be added (coordinators). */
  'courses:teachers': channel<CourseTeachers>()(s.courseTeachersInput),
  'courses:assignTeacher': channel<CourseTeachers>()(s.courseTeacherInput),
  'courses:unassignTeacher': channel<CourseTeachers>()(s.courseTeacherInput),

  'participants:listByCourse': channel<ParticipantListItem[]>()(s.participantListInput),
  'participants:search': channel<ParticipantSearchHit[]>()(s.participantSearchInput),
  'participants:get': channel<ParticipantDetail>()(s.participantGetInput),
  'participants:findDuplicate': channel<DuplicateCandidate[]>()(s.participantFindDuplicateInput),
  'participants:register': channel<ParticipantDetail>()(s.participantRegisterInput),
  'participants:enrollExisting': channel<ParticipantDetail>()(s.participantEnrollExistingInput),
  'participants:update': channel<ParticipantDetail>()(s.participantUpdateInput),
  'participants:withdraw': channel<ParticipantDetail>()(pv.participantWithdrawInput),
  'participants:reinstate': channel<ParticipantDetail>()(pv.participantReinstateInput),
  'participants:removeRegistration': channel<{ personErased: boolean }>()(pv.participantRemoveInput),
  'participants:mergePreview': channel<MergePreview>()(pv.participantMergePreviewInput),
  'participants:merge': channel<MergeResult>()(pv.participantMergeInput),

  'sessions:list': channel<SessionPlan>()(a.sessionListInput),
  'sessions:generate': channel<SessionPlan>()(a.sessionGenerateInput),
  'sessions:add': channel<CourseSession>()(a.sessionAddInput),
  'sessions:move': channel<CourseSession>()(a.sessionMoveInput),
  'sessions:setCancelled': channel<CourseSession>()(a.sessionCancelInput),

  'attendance:roll': channel<RollCall>()(a.attendanceRollInput),
  'attendance:mark': channel<AttendanceMark>()(a.attendanceMarkInput),
  'attendance:unmark': channel<AttendanceMark>()(a.attendanceUnmarkInput),
  'attendance:markAllPresent': channel<RollCall>()(a.attendanceMarkAllInput),
  'attendance:signOff': channel<RollCall>()(a.attendanceSignOffInput),
  'attendance:overview': channel<AttendanceOverview>()(a.attendanceOverviewInput),
  'attendance:participant': channel<ParticipantAttendance>()(a.attendanceParticipantInput),
  'attendance:export': channel<ExportedFile>()(a.attendanceExportInput),
  /** Absence told in advance, for sessions from today on. */
  'attendance:notices': channel<AbsenceNotice[]>()(a.absenceNoticeListInput),
  'attendance:addNotice': channel<AbsenceNotice>()(a.absenceNoticeAddInput),
  'attendance:removeNotice': channel<null>()(a.absenceNoticeRemoveInput),
  /** A blank sign-in sheet to print: the paper backup when a laptop fails in class. */
  'attendance:signInSheet': channel<ExportedFile>()(a.signInSheetInput),

  'provider:get': channel<ProviderSettings | null>()(cert.providerGetInput),
  'provider:update': channel<ProviderSettings>()(cert.providerUpdateInput),

  'certificates:eligibility': channel<CertificateEligibility>()(cert.certificateEligibilityInput),
  'certificates:preview': channel<ExportedFile>()(cert.certificatePreviewInput),
  'certificates:startBatch': channel<{ jobId: string }>()(cert.certificateStartBatchInput),
  'certificates:batchStatus': channel<CertificateBatchStatus>()(cert.certificateJobInput),
  'certificates:cancelBatch': channel<CertificateBatchStatus>()(cert.certificateJobInput),
  'certificates:batchResult': channel<ExportedFile>()(cert.certificateJobInput),
  'certificates:verify': channel<CertificateVerification>()(cert.certificateVerifyInput),
  'certificates:show': channel<ExportedFile>()(cert.certificateShowInput),
  'certificates:verifyHolder': channel<HolderCheck>()(pv.certificateVerifyHolderInput),

  'retention:due': channel<DueCourse[]>()(pv.retentionDueInput),
  'retention:preview': channel<DeletionPreview>()(pv.retentionPreviewInput),
  'retention:run': channel<DeletionRunResult>()(pv.retentionRunInput),
  /** Counts, hours and rates kept for a course whose personal data is erased; null before that. */
  'retention:statistics': channel<CourseStatistics | null>()(pv.retentionStatisticsInput),

  'privacy:erasureCheck': channel<ErasureCheck>()(pv.privacyErasureCheckInput),
  'privacy:erase': channel<ErasureResult>()(pv.privacyEraseInput),
  'privacy:accessReport': channel<ExportedFile>()(pv.privacyAccessReportInput),

  'requests:list': channel<PrivacyRequest[]>()(pv.requestListInput),
  'requests:create': channel<PrivacyRequest>()(pv.requestCreateInput),
  'requests:resolve': channel<PrivacyRequest>()(pv.requestResolveInput),
  'requests:summary': channel<RequestSummary>()(pv.requestSummaryInput),

  /** The funder's reports: which can be made today, and the files (CSV or PDF). */
  'reports:availability': channel<ReportAvailability>()(rep.reportAvailabilityInput),
  /** Kompetansepluss only, from the start date; recorded as a disclosure to Kompetanse Norge. */
  'reports:kompetanseplussStart': channel<ExportedFile>()(rep.fundingReportInput),
  /** Kompetansepluss only, from the end date; recorded as a disclosure to Kompetanse Norge. */
  'reports:kompetanseplussCompletion': channel<ExportedFile>()(rep.fundingReportInput),
  /** Counts by gender and age band, hours and completion, for any course; names nobody. */
  'reports:grant': channel<ExportedFile>()(rep.fundingReportInput),

  'processing:get': channel<ProcessingRecord>()(pv.processingGetInput),
  'processing:update': channel<ProcessingRecord>()(pv.processingUpdateInput),
  'processing:pdf': channel<ExportedFile>()(pv.processingPdfInput),

  /** This installation's public keys, fingerprint and role in the exchange. */
  'exchange:identity': channel<ExchangeIdentity>()(ex.exchangeIdentityInput),
  'exchange:setRole': channel<ExchangeIdentity>()(ex.exchangeSetRoleInput),
  /** The key file others import to send to (or receive from) this installation. */
  'exchange:keyFile': channel<ExportedFile>()(ex.exchangeKeyFileInput),
  'exchange:readKeyFile': channel<KeyFilePreview>()(ex.exchangeReadKeyFileInput),
  'exchange:addPeer': channel<ExchangePeer>()(ex.exchangeAddPeerInput),
  'exchange:peers': channel<ExchangePeer[]>()(ex.exchangePeersInput),
  /** Writes the encrypted batch and its signature into a folder the user picked. */
  'exchange:export': channel<SentBatch>()(ex.exchangeExportInput),
  /** Verifies, decrypts and previews batch files; writes nothing. */
  'exchange:inspect': channel<BatchInspection[]>()(ex.exchangeInspectInput),
  'exchange:approveDevice': channel<ExchangePeer>()(ex.exchangeApproveDeviceInput),
  'exchange:apply': channel<BatchImportResult>()(ex.exchangeApplyInput),
  'exchange:receipt': channel<ReceiptResult>()(ex.exchangeReceiptInput),
  'exchange:importReceipt': channel<ReceiptImportResult>()(ex.exchangeImportReceiptInput),
  'exchange:history': channel<BatchHistoryItem[]>()(ex.exchangeHistoryInput),

  /** A course's evaluation form: the provider's default or the course's own copy. */
  'evaluations:form': channel<CourseEvaluationForm>()(ev.evaluationFormInput),
  'evaluations:saveForm': channel<CourseEvaluationForm>()(ev.evaluationSaveFormInput),
  'evaluations:useDefault': channel<CourseEvaluationForm>()(ev.evaluationUseDefaultInput),
  /** Figures per question from 5 responses; nothing below that. */
  'evaluations:results': channel<EvaluationResults>()(ev.evaluationResultsInput),
  /** Across courses, grouped by course type, teacher or term. */
  'evaluations:summary': channel<EvaluationSummary>()(ev.evaluationSummaryInput),
  'evaluations:deleteOpenAnswer': channel<null>()(ev.evaluationDeleteOpenAnswerInput),
  'evaluations:exportPdf': channel<ExportedFile>()(ev.evaluationExportPdfInput),
  /** The summary table as CSV: aggregates only. */
  'evaluations:exportCsv': channel<ExportedFile>()(ev.evaluationExportCsvInput),
  /** The blank form to print. */
  'evaluations:paperForm': channel<ExportedFile>()(ev.evaluationPaperFormInput),
  /** One paper sheet typed in. */
  'evaluations:enterPaper': channel<EvaluationSubmitted>()(ev.evaluationEnterPaperInput),

  /** The evaluation kiosk: while it runs, the core answers only the kiosk's channels (and vault:status). */
  'kiosk:start': channel<KioskStatus>()(ev.kioskStartInput),
  'kiosk:status': channel<KioskStatus>()(ev.kioskStatusInput),
  'kiosk:form': channel<KioskForm>()(ev.kioskFormInput),
  'kiosk:submit': channel<EvaluationSubmitted>()(ev.kioskSubmitInput),
  /** Ends the kiosk with the passphrase of the account that is signed in. */
  'kiosk:leave': channel<KioskLeft>()(ev.kioskLeaveInput),
  /** Employers whose column mapping is remembered (for the employer field's suggestions). */
  'import:employers': channel<string[]>()(im.importEmployersInput),
  /** Reads an employer's list and says, row by row, what applying would do; writes nothing. */
  'import:preview': channel<ImportPreview>()(im.importPreviewInput),
  /** Registers or enrols the good rows in one transaction (all or nothing) and remembers the mapping for the employer. */
  'import:apply': channel<ImportResult>()(im.importApplyInput),
  /** The rows with errors, with the original columns and one more saying what is wrong, to send back to the employer. */
  'import:badRows': channel<ExportedFile>()(im.importBadRowsInput),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelResult<C extends ChannelName> = Exclude<Contract[C]['result'], undefined>;

export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
