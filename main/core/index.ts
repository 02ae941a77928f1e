import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ChannelInput, ChannelName, ChannelResult } from '../contract/channels';
import type { Envelope } from '../contract/envelope';
import type { Language } from '../contract/messages';
import type { ChosenFolder } from '../contract/platform';
import type { Session, Settings, VaultStatus } from '../contract/types';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { openDatabase } from './db/database';
import type { Db } from './db/database';
import type { Dispatch, Handlers } from './dispatcher';
import { createDispatcher } from './dispatcher';
import { AppError } from './errors';
import { ensurePrivateFiles, ensurePrivateFolder } from './files';
import { FolderGrants } from './folders';
import { AttendanceService } from './services/attendance';
import { AttendanceExport, exportFileName } from './services/attendance-export';
import { AuditLog } from './services/audit';
import { CertificateService } from './services/certificates';
import { CertificateBatches } from './services/certificates-batch';
import { ProviderService } from './services/certificates-provider';
import type { ServiceContext } from './services/context';
import { CourseService } from './services/courses';
import { ParticipantService } from './services/participants';
import { SessionService } from './services/sessions';
import { SettingsStore } from './services/settings';
import type { ScryptParams, VaultFile } from './vault';
import { DEFAULT_SCRYPT, VaultStore } from './vault';

export interface CoreOptions {
  /** Folder for the vault file and the encrypted database. */
  dataDir: string;
  clock?: Clock;
  scrypt?: ScryptParams;
  /** better_sqlite3.node for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  /** Called with unexpected errors; must not log personal data (it gets the channel and the error). */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

export const DATABASE_FILE = 'neo-kurs.db';
export const VAULT_FILE = 'vault.json';

/** Everything that exists only while the vault is unlocked. */
interface OpenSession {
  db: Db;
  key: Buffer;
  vault: VaultFile;
  settings: SettingsStore;
  audit: AuditLog;
  courses: CourseService;
  participants: ParticipantService;
  sessions: SessionService;
  attendance: AttendanceService;
  attendanceExport: AttendanceExport;
  provider: ProviderService;
  certificates: CertificateService;
  certificateBatches: CertificateBatches;
  /** Folders the user picked in this session, by the ids the renderer was given. */
  folders: FolderGrants;
}

/**
 * The core owns the data: vault, encrypted database and domain services. It is
 * plain Node (never imports electron), so tests and the browser harness run it
 * as it is. Every renderer call comes in through `dispatch`.
 */
export class Core {
  readonly dispatch: Dispatch;
  private readonly vaultStore: VaultStore;
  private readonly clock: Clock;
  private session: OpenSession | null = null;
  private lastActivity: number;
  private preUnlockLanguage: Language = 'nb';
  private vaultQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CoreOptions) {
    this.clock = options.clock ?? systemClock;
    ensurePrivateFolder(options.dataDir);
    ensurePrivateFiles(path.join(options.dataDir, VAULT_FILE));
    this.vaultStore = new VaultStore(path.join(options.dataDir, VAULT_FILE));
    this.lastActivity = this.clock.now().getTime();
    const dispatch = createDispatcher(this.handlers(), () => this.language(), options.onUnexpectedError);
    this.dispatch = (channel, input) => {
      this.lastActivity = this.clock.now().getTime();
      return dispatch(channel, input);
    };
  }

  /** Typed form of dispatch, for tests, benchmarks and tools inside the main side. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelResult<C>>> {
    return this.dispatch(channel, input) as Promise<Envelope<ChannelResult<C>>>;
  }

  get databaseFile(): string {
    return path.join(this.options.dataDir, DATABASE_FILE);
  }

  get isUnlocked(): boolean {
    return this.session !== null;
  }

  /** Locks when nothing has been asked of the core for the configured idle time. Returns true if it locked. */
  lockIfIdle(): boolean {
    if (!this.session) return false;
    let idleMs: number;
    try {
      idleMs = this.session.settings.settings().idleLockMinutes * 60_000;
    } catch {
      idleMs = 0; // the settings cannot be read: lock now (fail closed) rather than throw from a timer
    }
    if (this.clock.now().getTime() - this.lastActivity < idleMs) return false;
    this.lock();
    return true;
  }

  /**
   * Registers a folder the user picked in the operating system's folder picker
   * (the Electron wiring calls this; the renderer never can) and returns the id
   * a batch may write to. Only while unlocked; forgotten on lock.
   */
  grantFolder(folder: string): ChosenFolder {
    return this.requireSession().folders.grant(folder);
  }

  lock(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    session.certificateBatches.dispose(); // stops rendering workers and drops PDFs held in memory
    try {
      session.audit.record({ action: 'lock', entity: 'vault', entityId: session.vault.deviceId });
    } catch {
      // Locking must succeed even when the database can no longer be written (disk full, connection lost).
    } finally {
      session.db.close();
      session.key.fill(0);
    }
  }

  close(): void {
    this.lock();
  }

  /** The UI language: the user's setting once unlocked, the vault's before. The Electron wiring words its own refusals in it. */
  language(): Language {
    return this.session?.settings.settings().language ?? this.preUnlockLanguage;
  }

  /**
   * Creating, unlocking and re-keying the vault wait on scrypt; run them one at
   * a time, so a double click cannot make two keys or two open sessions.
   */
  private oneVaultOperationAtATime<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.vaultQueue.then(operation);
    this.vaultQueue = result.catch(() => undefined);
    return result;
  }

  private requireSession(): OpenSession {
    if (!this.session) throw new AppError('VAULT_LOCKED');
    return this.session;
  }

  private openSession(vault: VaultFile, key: Buffer): OpenSession {
    const db = openDatabase(this.databaseFile, key, this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {});
    const settings = new SettingsStore({ db, clock: this.clock });
    const staff = settings.staff();
    const ctx: ServiceContext = { db, clock: this.clock, deviceId: vault.deviceId, actorId: staff.id };
    const audit = new AuditLog(ctx);
    const courses = new CourseService(ctx, audit);
    const participants = new ParticipantService(ctx, audit, courses, (id) => (id === staff.id ? staff.name : null));
    const sessions = new SessionService(ctx, audit, courses);
    const attendance = new AttendanceService(ctx, audit, courses, sessions);
    const attendanceExport = new AttendanceExport(ctx, courses, attendance);
    const provider = new ProviderService(ctx, settings, audit);
    const certificates = new CertificateService(ctx, audit, courses, provider);
    const folders = new FolderGrants();
    const certificateBatches = new CertificateBatches(certificates, folders);
    return {
      db, key, vault, settings, audit, courses, participants, sessions, attendance, attendanceExport,
      provider, certificates, certificateBatches, folders,
    };
  }

  private sessionInfo(session: OpenSession): Session {
    const staff = session.settings.staff();
    return { staffName: staff.name, role: staff.role, ...session.settings.settings() };
  }

  private async status(): Promise<VaultStatus> {
    if (this.session) return { state: 'unlocked', language: this.language() };
    if (!(await this.vaultStore.exists())) {
      // A database without its key file must not be mistaken for a first start.
      if (existsSync(this.databaseFile)) throw new AppError('VAULT_MISSING');
      return { state: 'uninitialized', language: this.preUnlockLanguage };
    }
    const vault = await this.vaultStore.read();
    this.preUnlockLanguage = vault.language;
    return { state: 'locked', language: vault.language };
  }

  private handlers(): Handlers {
    return {
      'vault:status': () => this.status(),

      'vault:create': ({ passphrase, staffName, role }) =>
        this.oneVaultOperationAtATime(async () => {
          if (existsSync(this.databaseFile)) throw new AppError((await this.vaultStore.exists()) ? 'VAULT_EXISTS' : 'VAULT_MISSING');
          const { vault, key } = await this.vaultStore.create(passphrase, {
            language: this.preUnlockLanguage,
            now: this.clock.now(),
            scrypt: this.options.scrypt ?? DEFAULT_SCRYPT,
          });
          try {
            // The staff identity goes into the encrypted database before services are built.
            const db = openDatabase(this.databaseFile, key, this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {});
            try {
              const settings = new SettingsStore({ db, clock: this.clock });
              db.transaction(() => {
                settings.set('staff.id', randomUUID());
                settings.set('staff.name', staffName);
                settings.set('staff.role', role);
                settings.set('language', vault.language);
              })();
            } finally {
              db.close();
            }
            this.session = this.openSession(vault, key);
          } catch (error) {
            key.fill(0);
            throw error;
          }
          return this.sessionInfo(this.session);
        }),

      'vault:unlock': ({ passphrase }) =>
        this.oneVaultOperationAtATime(async () => {
          if (this.session) return this.sessionInfo(this.session);
          const vault = await this.vaultStore.read();
          const key = await this.vaultStore.unwrap(vault, passphrase);
          try {
            this.session = this.openSession(vault, key);
          } catch (error) {
            key.fill(0);
            throw error;
          }
          this.session.audit.record({ action: 'unlock', entity: 'vault', entityId: vault.deviceId });
          return this.sessionInfo(this.session);
        }),

      'vault:lock': () => {
        this.lock();
        return null;
      },

      'vault:changePassphrase': ({ current, next }) =>
        this.oneVaultOperationAtATime(async () => {
          const session = this.requireSession();
          const vault = await this.vaultStore.read();
          const key = await this.vaultStore.unwrap(vault, current);
          try {
            // The app may have locked itself while scrypt ran (idle timer, suspend): then nothing changes.
            if (this.session !== session) throw new AppError('VAULT_LOCKED');
            if (!key.equals(session.key)) throw new AppError('VAULT_CORRUPT');
            const rewrapped = await this.vaultStore.rewrap(vault, key, next, this.options.scrypt ?? DEFAULT_SCRYPT);
            session.vault = rewrapped;
          } finally {
            key.fill(0);
          }
          // The new passphrase is in force from here; a lock in the meantime only skips the audit entry.
          if (this.session === session) session.audit.record({ action: 'change-passphrase', entity: 'vault', entityId: vault.deviceId });
          return null;
        }),

      'settings:get': () => this.requireSession().settings.settings(),

      'settings:update': async (input): Promise<Settings> => {
        const session = this.requireSession();
        const changed = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
        // The vault file first: if it cannot be written (disk full), the database is left unchanged.
        if (input.language && input.language !== session.vault.language) {
          session.vault = await this.vaultStore.setLanguage(session.vault, input.language);
          this.preUnlockLanguage = input.language;
        }
        session.db.transaction(() => {
          if (input.language) session.settings.set('language', input.language);
          if (input.idleLockMinutes) session.settings.set('idleLockMinutes', String(input.idleLockMinutes));
          session.audit.record({ action: 'settings', entity: 'settings', entityId: 'app', fields: changed });
        })();
        return session.settings.settings();
      },

      'courses:list': ({ status }) => this.requireSession().courses.list(status),
      'courses:get': ({ id }) => this.requireSession().courses.get(id),
      'courses:create': (course) => this.requireSession().courses.create(course),
      'courses:update': ({ id, course }) => this.requireSession().courses.update(id, course),

      'participants:listByCourse': ({ courseId, query }) => this.requireSession().participants.listByCourse(courseId, query),
      'participants:search': ({ query, limit }) => this.requireSession().participants.search(query, limit),
      'participants:get': ({ courseId, participantId }) => this.requireSession().participants.get(courseId, participantId),
      'participants:findDuplicate': ({ courseId, participantId, ...person }) =>
        this.requireSession().participants.findDuplicates(person, { courseId, excludeId: participantId }),
      'participants:register': ({ courseId, participant, enrollment, notDuplicateOf }) =>
        this.requireSession().participants.register(courseId, participant, enrollment, notDuplicateOf),
      'participants:enrollExisting': ({ courseId, participantId, enrollment, address }) =>
        this.requireSession().participants.enrollExisting(courseId, participantId, enrollment, address),
      'participants:update': ({ courseId, participantId, participant, enrollment, notDuplicateOf }) =>
        this.requireSession().participants.update(courseId, participantId, participant, enrollment, notDuplicateOf),

      'sessions:list': ({ courseId }) => this.requireSession().sessions.plan(courseId),
      'sessions:generate': ({ courseId, weekdays, startTime, endTime }) =>
        this.requireSession().sessions.generate(courseId, weekdays, startTime, endTime),
      'sessions:add': ({ courseId, date, startTime, endTime }) => this.requireSession().sessions.add(courseId, date, startTime, endTime),
      'sessions:move': ({ sessionId, date, startTime, endTime }) =>
        this.requireSession().sessions.move(sessionId, date, startTime, endTime),
      'sessions:setCancelled': ({ sessionId, cancelled, reason }) => this.requireSession().sessions.setCancelled(sessionId, cancelled, reason),

      'attendance:roll': ({ sessionId }) => this.requireSession().attendance.roll(sessionId),
      'attendance:mark': (request) => this.requireSession().attendance.mark(request),
      'attendance:unmark': (request) => this.requireSession().attendance.unmark(request),
      'attendance:markAllPresent': (request) => this.requireSession().attendance.markAllPresent(request),
      'attendance:signOff': ({ sessionId }) => this.requireSession().attendance.signOff(sessionId),
      'attendance:overview': ({ courseId }) => this.requireSession().attendance.overview(courseId),
      'attendance:participant': ({ courseId, participantId }) =>
        this.requireSession().attendance.participant(courseId, participantId),
      'attendance:export': async ({ courseId, format }) => {
        const exporter = this.requireSession().attendanceExport;
        const data = exporter.data(courseId);
        return format === 'csv'
          ? {
              fileName: exportFileName(data.course.name, 'csv'),
              mimeType: 'text/csv; charset=utf-8',
              base64: Buffer.from(exporter.csv(data), 'utf8').toString('base64'),
            }
          : {
              fileName: exportFileName(data.course.name, 'pdf'),
              mimeType: 'application/pdf',
              // Loaded on first use: the PDF renderer is large and start-up should not wait for it.
              base64: (await (await import('./pdf/attendance-list')).renderAttendanceListPdf(data)).toString('base64'),
            };
      },

      'provider:get': () => this.requireSession().provider.get(),
      'provider:update': (input) => this.requireSession().provider.update(input),

      'certificates:eligibility': ({ courseId }) => {
        const session = this.requireSession();
        const eligibility = session.certificates.eligibility(courseId);
        session.certificateBatches.warmUp(); // the certificate screen is open: a preview is likely next
        return eligibility;
      },
      'certificates:preview': ({ courseId, participantId, language }) =>
        this.requireSession().certificateBatches.preview(courseId, participantId, language ?? 'nb'),
      'certificates:startBatch': ({ courseId, items, output }) => this.requireSession().certificateBatches.start(courseId, items, output),
      'certificates:batchStatus': ({ jobId }) => this.requireSession().certificateBatches.status(jobId),
      'certificates:cancelBatch': ({ jobId }) => this.requireSession().certificateBatches.cancel(jobId),
      'certificates:batchResult': ({ jobId }) => this.requireSession().certificateBatches.result(jobId),
      'certificates:verify': ({ code }) => this.requireSession().certificates.verify(code),
      'certificates:show': ({ certificateId }) => this.requireSession().certificateBatches.showIssued(certificateId),
    };
  }
}

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
