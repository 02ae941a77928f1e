import type { Clock } from './clock';
import type { Db } from './db/database';
import { IdleCheckpoint } from './db/checkpoint';
import { clearReasonsFromBatches } from './exchange/batch-reasons';
import { FolderGrants } from './folders';
import { ParticipantImport } from './import/participant-import';
import { AccessReports } from './services/access-report';
import { AbsenceNotices } from './services/absence-notices';
import { SignInSheets } from './services/sign-in-sheet';
import { AttendanceService } from './services/attendance';
import { AttendanceExport } from './services/attendance-export';
import { AuditLog } from './services/audit';
import { CertificateService } from './services/certificates';
import { CertificateBatches } from './services/certificates-batch';
import { ProviderService } from './services/certificates-provider';
import type { ServiceContext } from './services/context';
import { CourseService } from './services/courses';
import { CourseTeacherService } from './services/course-teachers';
import { ErasedCertificates } from './services/erased-certificates';
import { ErasureService } from './services/erasure';
import { ExchangeService } from './services/exchange';
import { EvaluationService } from './services/evaluations';
import type { KioskState } from './handlers/evaluations';
import { LifecycleService } from './services/lifecycle';
import { Disclosures } from './services/disclosures';
import { FunderReports } from './services/funder-reports';
import { ParticipantService } from './services/participants';
import { ProcessingService } from './services/processing';
import { RequestService } from './services/requests';
import { RetentionService } from './services/retention';
import { SessionService } from './services/sessions';
import { SettingsStore } from './services/settings';
import type { StaffRole } from '../contract/types';
import { AccountStore } from './services/accounts';
import type { VaultFile } from './vault';

/** The account that unlocked: every audit entry names it. Its role may change while unlocked (accounts:setRole). */
export interface SessionAccount {
  id: string;
  name: string;
  role: StaffRole;
}

/** Everything that exists only while the vault is unlocked: the open database and the services on it. */
export interface OpenSession {
  db: Db;
  /** Runs the WAL checkpoint after a call that wrote much, not inside a later commit. */
  checkpoint: IdleCheckpoint;
  key: Buffer;
  vault: VaultFile;
  /** The unlocking account. */
  account: SessionAccount;
  /** Staff accounts' names and roles. */
  accounts: AccountStore;
  settings: SettingsStore;
  audit: AuditLog;
  courses: CourseService;
  /** Which teacher accounts teach which course. */
  courseTeachers: CourseTeacherService;
  participants: ParticipantService;
  /** Withdrawal, registrations made in error, merging two records of one person. */
  lifecycle: LifecycleService;
  /** Requests from people about their data, with their deadlines. */
  requests: RequestService;
  sessions: SessionService;
  attendance: AttendanceService;
  absenceNotices: AbsenceNotices;
  signInSheets: SignInSheets;
  attendanceExport: AttendanceExport;
  /** The funder's reports: Kompetansepluss start and completion, grant and hours. */
  funderReports: FunderReports;
  provider: ProviderService;
  certificates: CertificateService;
  certificateBatches: CertificateBatches;
  erasure: ErasureService;
  retention: RetentionService;
  /** Who received personal data, and when. */
  disclosures: Disclosures;
  accessReports: AccessReports;
  /** The record of processing (GDPR art. 30). */
  processing: ProcessingService;
  /** Folders the user picked in this session, by the ids the renderer was given. */
  folders: FolderGrants;
  /** Encrypted, signed batches to head office, their import and receipts. */
  exchange: ExchangeService;
  /** Course evaluations: forms, anonymous answers, results. */
  evaluations: EvaluationService;
  /** The evaluation kiosk while it runs (null otherwise): the dispatcher then answers the kiosk's channels only. */
  kiosk: KioskState | null;
  /** Employers' participant lists (.xlsx, .csv) into a course. */
  participantImport: ParticipantImport;
}

/** The open session, or VAULT_LOCKED: what every feature's handlers are given. */
export type SessionAccess = () => OpenSession;

/** Builds the services on the open encrypted database, acting as the unlocking account. */
export function openSession(options: {
  db: Db;
  key: Buffer;
  vault: VaultFile;
  account: SessionAccount;
  clock: Clock;
}): OpenSession {
  const { db, key, vault, clock, account } = options;
  const settings = new SettingsStore({ db, clock });
  const accounts = new AccountStore({ db, clock });
  const ctx: ServiceContext = {
    db,
    clock,
    deviceId: vault.deviceId,
    get actorId() {
      return account.id;
    },
    get actorRole() {
      return account.role;
    },
  };
  const audit = new AuditLog(ctx);
  const courses = new CourseService(ctx, audit, () => settings.settings().retentionGraceDays);
  // The staff accounts of this installation: who can be given a course.
  const courseTeachers = new CourseTeacherService(ctx, audit, courses, () => accounts.list().map(({ id, name, role }) => ({ id, name, role })));
  const requests = new RequestService(ctx, audit);
  const participants = new ParticipantService(ctx, audit, courses, (id) => accounts.get(id)?.name ?? null, requests);
  const lifecycle = new LifecycleService(ctx, audit, courses, participants);
  const sessions = new SessionService(ctx, audit, courses);
  const attendance = new AttendanceService(ctx, audit, courses, sessions);
  const attendanceExport = new AttendanceExport(ctx, courses, attendance);
  const absenceNotices = new AbsenceNotices(ctx, audit, courses, sessions);
  const signInSheets = new SignInSheets(ctx, courses, sessions);
  const funderReports = new FunderReports(ctx, courses, attendance);
  const provider = new ProviderService(ctx, settings, audit);
  const certificates = new CertificateService(ctx, audit, courses, provider);
  const folders = new FolderGrants();
  const certificateBatches = new CertificateBatches(certificates, folders);
  const erasure = new ErasureService(ctx, audit, courses, new ErasedCertificates(ctx), certificateBatches);
  const retention = new RetentionService(ctx, audit, erasure);
  // An erasure killed between its commit and its checkpoint left old page versions in the files: finish the scrub.
  erasure.scrub();
  clearReasonsFromBatches(db, settings, audit, vault.deviceId, clock);
  const disclosures = new Disclosures(ctx, audit);
  const processing = new ProcessingService(ctx, settings, provider, disclosures, audit);
  const accessReports = new AccessReports(ctx, audit, courses, disclosures, () => processing.controllerIfAny(), () => settings.settings().language);
  const exchange = new ExchangeService(ctx, audit, settings, provider, disclosures, folders, erasure, () => settings.settings().language);
  const evaluations = new EvaluationService(ctx, audit, courses);
  const participantImport = new ParticipantImport(ctx, audit, courses, participants, () => settings.settings().language);
  return {
    evaluations, kiosk: null, checkpoint: new IdleCheckpoint(db),
    db, key, vault, account, accounts, settings, audit, courses, courseTeachers, participants, lifecycle, requests, sessions, attendance, absenceNotices, signInSheets, attendanceExport, funderReports,
    provider, certificates, certificateBatches, erasure, retention, folders, disclosures, accessReports, processing, exchange,
    participantImport,
  };
}
