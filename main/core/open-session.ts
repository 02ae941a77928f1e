import type { Clock } from './clock';
import { openDatabase } from './db/database';
import type { Db } from './db/database';
import { FolderGrants } from './folders';
import { AccessReports } from './services/access-report';
import { AttendanceService } from './services/attendance';
import { AttendanceExport } from './services/attendance-export';
import { AuditLog } from './services/audit';
import { CertificateService } from './services/certificates';
import { CertificateBatches } from './services/certificates-batch';
import { ProviderService } from './services/certificates-provider';
import type { ServiceContext } from './services/context';
import { CourseService } from './services/courses';
import { CourseTeacherService } from './services/course-teachers';
import type { StaffAccountRef } from './services/course-teachers';
import { ErasedCertificates } from './services/erased-certificates';
import { ErasureService } from './services/erasure';
import { ExchangeService } from './services/exchange';
import { LifecycleService } from './services/lifecycle';
import { Disclosures } from './services/disclosures';
import { ParticipantService } from './services/participants';
import { ProcessingService } from './services/processing';
import { RequestService } from './services/requests';
import { RetentionService } from './services/retention';
import { SessionService } from './services/sessions';
import { SettingsStore } from './services/settings';
import type { VaultFile } from './vault';

/** Everything that exists only while the vault is unlocked: the open database and the services on it. */
export interface OpenSession {
  db: Db;
  key: Buffer;
  vault: VaultFile;
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
  attendanceExport: AttendanceExport;
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
}

/** The open session, or VAULT_LOCKED: what every feature's handlers are given. */
export type SessionAccess = () => OpenSession;

/** Opens the encrypted database with the key and builds the services on it. */
export function openSession(options: { file: string; key: Buffer; vault: VaultFile; clock: Clock; nativeBinding?: string | undefined }): OpenSession {
  const { key, vault, clock } = options;
  const db = openDatabase(options.file, key, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const settings = new SettingsStore({ db, clock });
  const staff = settings.staff();
  const ctx: ServiceContext = { db, clock, deviceId: vault.deviceId, actorId: staff.id, actorRole: staff.role };
  const audit = new AuditLog(ctx);
  const courses = new CourseService(ctx, audit, () => settings.settings().retentionGraceDays);
  // The staff accounts of this installation: the identity in the settings and the rows of staff_accounts
  // (the staff accounts' service replaces this function when it lands).
  const courseTeachers = new CourseTeacherService(ctx, audit, courses, () => {
    const me = settings.staff();
    const others = db.prepare<[string]>('SELECT id, name, role FROM staff_accounts WHERE id <> ? ORDER BY name_key').all(me.id) as StaffAccountRef[];
    return [me, ...others];
  });
  const requests = new RequestService(ctx, audit);
  const participants = new ParticipantService(ctx, audit, courses, (id) => (id === staff.id ? staff.name : null), requests);
  const lifecycle = new LifecycleService(ctx, audit, courses, participants);
  const sessions = new SessionService(ctx, audit, courses);
  const attendance = new AttendanceService(ctx, audit, courses, sessions);
  const attendanceExport = new AttendanceExport(ctx, courses, attendance);
  const provider = new ProviderService(ctx, settings, audit);
  const certificates = new CertificateService(ctx, audit, courses, provider);
  const folders = new FolderGrants();
  const certificateBatches = new CertificateBatches(certificates, folders);
  const erasure = new ErasureService(ctx, audit, courses, new ErasedCertificates(ctx), certificateBatches);
  const retention = new RetentionService(ctx, audit, erasure);
  // An erasure killed between its commit and its checkpoint left old page versions in the files: finish the scrub.
  erasure.scrub();
  const disclosures = new Disclosures(ctx, audit);
  const processing = new ProcessingService(ctx, settings, provider, disclosures, audit);
  const accessReports = new AccessReports(ctx, audit, courses, disclosures, () => processing.controllerIfAny(), () => settings.settings().language);
  const exchange = new ExchangeService(ctx, audit, settings, provider, disclosures, folders, erasure, () => settings.settings().language);
  return {
    db, key, vault, settings, audit, courses, courseTeachers, participants, lifecycle, requests, sessions, attendance, attendanceExport,
    provider, certificates, certificateBatches, erasure, retention, folders, disclosures, accessReports, processing, exchange,
  };
}
