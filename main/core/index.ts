import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ChannelInput, ChannelName, ChannelResult } from '../contract/channels';
import type { Envelope } from '../contract/envelope';
import type { Language } from '../contract/messages';
import type { ChosenFolder } from '../contract/platform';
import type { KioskLeft } from '../contract/evaluation-types';
import type { Session, Settings, StaffRole, VaultStatus } from '../contract/types';
import { courseAccessCheck, limitCourseRefs } from './access';
import type { Visibility } from './access';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { openDatabase } from './db/database';
import type { Db } from './db/database';
import type { Dispatch, Handlers } from './dispatcher';
import { createDispatcher } from './dispatcher';
import { AppError, fieldError } from './errors';
import { accountHandlers } from './handlers/accounts';
import { ADMIN_ROLES, AccountStore } from './services/accounts';
import { ensurePrivateFiles, ensurePrivateFolder } from './files';
import { attendanceHandlers, sessionHandlers } from './handlers/attendance';
import { certificateHandlers, providerHandlers } from './handlers/certificates';
import { courseHandlers } from './handlers/courses';
import { exchangeHandlers } from './handlers/exchange';
import { evaluationHandlers, kioskHandlers } from './handlers/evaluations';
import { KIOSK_CHANNELS } from '../contract/roles';
import { importHandlers } from './handlers/import';
import { participantHandlers } from './handlers/participants';
import { processingHandlers, requestHandlers } from './handlers/requests';
import { privacyHandlers, retentionHandlers } from './handlers/retention';
import { reportHandlers } from './handlers/reports';
import { openSession } from './open-session';
import type { OpenSession } from './open-session';
import { SettingsStore } from './services/settings';
import type { ScryptParams, VaultFile, VaultV2File } from './vault';
import { DEFAULT_SCRYPT, nameKey, throttleWaitSeconds, VAULT_VERSION, VaultStore } from './vault';

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
    const dispatch = createDispatcher(this.handlers(), () => this.language(), options.onUnexpectedError, {
      role: () => this.currentRole(),
      // While the evaluation kiosk runs, only its own channels are answered, whatever the page asks.
      gate: (channel) => {
        if (this.session?.kiosk && !KIOSK_CHANNELS.has(channel)) throw new AppError('KIOSK_ACTIVE');
      },
      check: courseAccessCheck({
        role: () => this.currentRole(),
        accountId: () => this.currentAccountId(),
        teaches: (accountId, courseId) => this.requireSession().courseTeachers.teaches(accountId, courseId),
        lookup: { courseOfSession: (sessionId) => this.requireSession().courseTeachers.courseOfSession(sessionId) },
      }),
      // A teacher sees their own courses in a person's list of courses (search hits, details, duplicate candidates).
      view: (channel, value) => {
        const visible = channel.startsWith('participants:') ? this.visibility.visibleCourses() : null;
        return visible ? limitCourseRefs(value, visible) : value;
      },
    });
    this.dispatch = async (channel, input) => {
      this.lastActivity = this.clock.now().getTime();
      const envelope = await dispatch(channel, input);
      this.session?.checkpoint.afterCall();
      return envelope;
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

  /** Whether the evaluation kiosk runs: the Electron wiring then swallows reload, history and DevTools keys. */
  get inKiosk(): boolean {
    return this.session?.kiosk != null;
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

  /** The unlocked account's id: a teacher's courses are those assigned to it. */
  private currentAccountId(): string | null {
    return this.session?.account.id ?? null;
  }

  /** What lists show: a teacher sees their assigned courses only. */
  private readonly visibility: Visibility = {
    visibleCourses: () => {
      const accountId = this.currentAccountId();
      return this.currentRole() === 'teacher' && accountId ? this.requireSession().courseTeachers.courseIdsOf(accountId) : null;
    },
    teacherAccountId: () => (this.currentRole() === 'teacher' ? this.currentAccountId() : null),
  };

  private requireSession(): OpenSession {
    if (!this.session) throw new AppError('VAULT_LOCKED');
    return this.session;
  }

  /** The role of the unlocking account, or null while locked: the dispatcher checks every call against the contract's role table with it. */
  private currentRole(): StaffRole | null {
    return this.session?.account.role ?? null;
  }

  private get scryptParams(): ScryptParams {
    return this.options.scrypt ?? DEFAULT_SCRYPT;
  }

  private openDb(key: Buffer): Db {
    return openDatabase(this.databaseFile, key, this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {});
  }

  /**
   * Opens the database as an account. A wrap whose account is no longer in the
   * database (removed while its wrap could not be deleted) opens nothing.
   */
  private openAs(vault: VaultFile, key: Buffer, accountId: string): OpenSession {
    const db = this.openDb(key);
    try {
      const row = new AccountStore({ db, clock: this.clock }).get(accountId);
      if (!row) throw new AppError('WRONG_PASSPHRASE');
      return openSession({ db, key, vault, account: { id: row.id, name: row.name, role: row.role }, clock: this.clock });
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private sessionInfo(session: OpenSession, recoveryUsedAt: string | null = null): Session {
    return { accountId: session.account.id, staffName: session.account.name, role: session.account.role, ...session.settings.settings(), recoveryUsedAt };
  }

  private async status(): Promise<VaultStatus> {
    if (this.session) {
      const status: VaultStatus = { state: 'unlocked', language: this.language(), needsName: true, retryAfterSeconds: 0 };
      // A reloaded page asks this first: in the kiosk it must open the kiosk again, not the app.
      return this.session.kiosk ? { ...status, kiosk: true } : status;
    }
    if (!(await this.vaultStore.exists())) {
      // A database without its key file must not be mistaken for a first start.
      if (existsSync(this.databaseFile)) throw new AppError('VAULT_MISSING');
      return { state: 'uninitialized', language: this.preUnlockLanguage, needsName: true, retryAfterSeconds: 0 };
    }
    const vault = await this.vaultStore.read();
    this.preUnlockLanguage = vault.language;
    return {
      state: 'locked',
      language: vault.language,
      needsName: vault.version === VAULT_VERSION,
      retryAfterSeconds: throttleWaitSeconds(vault, this.clock.now()),
    };
  }

  /** Refuses a try before the delay after recent wrong ones has passed, without running scrypt. */
  private refuseIfThrottled(vault: VaultFile): void {
    const wait = throttleWaitSeconds(vault, this.clock.now());
    if (wait > 0) throw new AppError('UNLOCK_THROTTLED', undefined, undefined, wait);
  }

  /** Runs a key unwrap; a wrong secret is counted in vault.json (so the delay survives a restart), a right one clears the count. */
  private async counted<T>(vault: VaultFile, attempt: () => Promise<T>): Promise<{ value: T; vault: VaultFile }> {
    this.refuseIfThrottled(vault);
    let value: T;
    try {
      value = await attempt();
    } catch (error) {
      if (error instanceof AppError && error.code === 'WRONG_PASSPHRASE') await this.vaultStore.recordFailure(vault, this.clock.now());
      throw error;
    }
    return { value, vault: await this.vaultStore.clearFailures(vault) };
  }

  /**
   * Leaves the evaluation kiosk with the passphrase of the account that is
   * signed in, checked against its vault wrap. Wrong tries count towards the
   * same delay as unlocking (kept in vault.json), so the passphrase cannot be
   * guessed at the kiosk faster than at the lock screen.
   */
  private leaveKiosk(open: OpenSession, passphrase: string): Promise<KioskLeft> {
    return this.oneVaultOperationAtATime(async () => {
      const read = await this.vaultStore.read();
      if (read.version !== VAULT_VERSION) throw new AppError('WRONG_PASSPHRASE');
      await this.counted(read, async () => {
        const unwrapped = await this.vaultStore.unwrap(read, open.account.name, passphrase);
        unwrapped.key.fill(0);
        // Another account's passphrase does not end this account's kiosk.
        if (unwrapped.accountId !== open.account.id) throw new AppError('WRONG_PASSPHRASE');
      });
      // The app may have locked while scrypt ran: then there is no kiosk to leave.
      if (this.session !== open || !open.kiosk) throw new AppError('NOT_IN_KIOSK');
      const { courseId } = open.kiosk;
      open.audit.record({ action: 'kiosk-leave', entity: 'course', entityId: courseId, courseId });
      open.kiosk = null;
      return { session: this.sessionInfo(open), courseId };
    });
  }

  /** A vault from before staff accounts: the one passphrase becomes the coordinator account of the staff member who set it up. */
  private async unlockLegacy(vault: VaultV2File, passphrase: string): Promise<Session> {
    const key = await this.vaultStore.unwrapLegacy(vault, passphrase);
    try {
      const db = this.openDb(key); // migration 008 makes the account from settings staff.*
      let account;
      try {
        const accounts = new AccountStore({ db, clock: this.clock });
        account = accounts.coordinators()[0] ?? accounts.insert({ id: randomUUID(), name: 'Koordinator', role: 'coordinator' });
      } finally {
        db.close();
      }
      const upgraded = await this.vaultStore.upgrade(vault, account);
      this.session = this.openAs(upgraded, key, account.id);
    } catch (error) {
      key.fill(0);
      throw error;
    }
    this.session.audit.record({ action: 'unlock', entity: 'vault', entityId: vault.deviceId, detail: 'vault upgraded to staff accounts' });
    const opened = this.session;
    await opened.exchange.ensureKeys();
    return this.sessionInfo(opened);
  }

  /** The vault's and settings' channels are the core's own; every feature's come from its handlers module. */
  private handlers(): Handlers {
    const session = () => this.requireSession();
    return {
      'vault:status': () => this.status(),

      'vault:create': ({ passphrase, staffName }) =>
        this.oneVaultOperationAtATime(async () => {
          if (existsSync(this.databaseFile)) throw new AppError((await this.vaultStore.exists()) ? 'VAULT_EXISTS' : 'VAULT_MISSING');
          const accountId = randomUUID();
          const { vault, key, recoveryCode } = await this.vaultStore.create(
            { id: accountId, name: staffName, passphrase },
            { language: this.preUnlockLanguage, now: this.clock.now(), scrypt: this.scryptParams },
          );
          try {
            // The first account, a coordinator, goes into the encrypted database before services are built.
            const db = this.openDb(key);
            try {
              const settings = new SettingsStore({ db, clock: this.clock });
              const accounts = new AccountStore({ db, clock: this.clock });
              db.transaction(() => {
                settings.set('staff.id', accountId);
                settings.set('staff.name', staffName);
                settings.set('staff.role', 'coordinator');
                settings.set('language', vault.language);
                accounts.insert({ id: accountId, name: staffName, role: 'coordinator' });
              })();
              const row = accounts.require(accountId);
              this.session = openSession({ db, key, vault, account: { id: row.id, name: row.name, role: row.role }, clock: this.clock });
            } catch (error) {
              db.close();
              throw error;
            }
          } catch (error) {
            key.fill(0);
            throw error;
          }
          const opened = this.session;
          await opened.exchange.ensureKeys();
          return { ...this.sessionInfo(opened), recoveryCode };
        }),

      'vault:unlock': ({ name, passphrase }) =>
        this.oneVaultOperationAtATime(async () => {
          if (this.session) {
            // A second click on the same unlock: the session it opened. Someone else: the first user is locked out first.
            if (name === undefined || nameKey(name) === nameKey(this.session.account.name)) return this.sessionInfo(this.session);
            this.lock();
          }
          const read = await this.vaultStore.read();
          if (read.version !== VAULT_VERSION) return this.unlockLegacy(read, passphrase);
          if (!name?.trim()) throw fieldError('name', 'required');
          const { value: unwrapped, vault } = await this.counted(read, () => this.vaultStore.unwrap(read, name, passphrase));
          try {
            this.session = this.openAs(vault, unwrapped.key, unwrapped.accountId);
          } catch (error) {
            unwrapped.key.fill(0);
            throw error;
          }
          const opened = this.session;
          opened.audit.record({ action: 'unlock', entity: 'vault', entityId: vault.deviceId });
          const recoveryUsedAt = opened.accounts.takeRecoveryNotice(opened.account.id);
          // A vault from before the exchange gets its keys at its first unlock.
          await opened.exchange.ensureKeys();
          return this.sessionInfo(opened, recoveryUsedAt);
        }),

      'vault:lock': () => {
        this.lock();
        return null;
      },

      'vault:changePassphrase': ({ current, next }) =>
        this.oneVaultOperationAtATime(async () => {
          const session = this.requireSession();
          const vault = (await this.vaultStore.read()) as VaultFile;
          const { key, accountId } = await this.vaultStore.unwrap(vault, session.account.name, current);
          try {
            // The app may have locked itself while scrypt ran (idle timer, suspend): then nothing changes.
            if (this.session !== session) throw new AppError('VAULT_LOCKED');
            if (accountId !== session.account.id) throw new AppError('WRONG_PASSPHRASE');
            if (!key.equals(session.key)) throw new AppError('VAULT_CORRUPT');
            session.vault = await this.vaultStore.setAccountWrap(vault, session.account, key, next, this.scryptParams);
          } finally {
            key.fill(0);
          }
          // The new passphrase is in force from here; a lock in the meantime only skips the audit entry.
          if (this.session === session) session.audit.record({ action: 'change-passphrase', entity: 'vault', entityId: vault.deviceId });
          return null;
        }),

      'vault:recover': ({ code, accountName, newPassphrase }) =>
        this.oneVaultOperationAtATime(async () => {
          const read = await this.vaultStore.read();
          if (read.version !== VAULT_VERSION) throw new AppError('WRONG_PASSPHRASE'); // no recovery code before accounts
          const { value: key, vault } = await this.counted(read, () => this.vaultStore.unwrapRecovery(read, code));
          // The code is right: whoever is unlocked now is locked out first.
          this.lock();
          try {
            const db = this.openDb(key);
            let coordinator;
            try {
              const accounts = new AccountStore({ db, clock: this.clock });
              coordinator = accountName?.trim() ? accounts.byName(accountName) : accounts.coordinators()[0];
              if (!coordinator || !ADMIN_ROLES.has(coordinator.role)) throw fieldError('accountName', 'recoveryAccountUnknown');
            } finally {
              db.close();
            }
            const rewrapped = await this.vaultStore.setAccountWrap(vault, coordinator, key, newPassphrase, this.scryptParams);
            this.session = this.openAs(rewrapped, key, coordinator.id);
          } catch (error) {
            key.fill(0);
            throw error;
          }
          const opened = this.session;
          let usedAt = '';
          opened.db.transaction(() => {
            usedAt = opened.accounts.recordRecovery(opened.account.id);
            opened.audit.record({ action: 'recover', entity: 'vault', entityId: vault.deviceId });
          })();
          await opened.exchange.ensureKeys();
          return this.sessionInfo(opened, usedAt);
        }),

      ...accountHandlers({
        session,
        role: () => this.currentRole(),
        vaultStore: this.vaultStore,
        scrypt: () => this.scryptParams,
        isCurrent: (s) => this.session === s,
        queue: (operation) => this.oneVaultOperationAtATime(operation),
      }),

      'settings:get': () => this.requireSession().settings.settings(),

      'settings:update': async (input): Promise<Settings> => {
        const session = this.requireSession();
        const changed = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
        // The vault file first: if it cannot be written (disk full), the database is left unchanged.
        if (input.language && input.language !== session.vault.language) {
          session.vault = (await this.vaultStore.setLanguage(await this.vaultStore.read(), input.language)) as VaultFile;
          this.preUnlockLanguage = input.language;
        }
        session.db.transaction(() => {
          if (input.language) session.settings.set('language', input.language);
          if (input.idleLockMinutes) session.settings.set('idleLockMinutes', String(input.idleLockMinutes));
          if (input.retentionGraceDays !== undefined) session.settings.set('retentionGraceDays', String(input.retentionGraceDays));
          session.audit.record({ action: 'settings', entity: 'settings', entityId: 'app', fields: changed });
        })();
        return session.settings.settings();
      },

      ...courseHandlers(session, this.visibility),
      ...participantHandlers(session, this.visibility),
      ...sessionHandlers(session),
      ...attendanceHandlers(session),
      ...providerHandlers(session),
      ...certificateHandlers(session),
      ...retentionHandlers(session),
      ...privacyHandlers(session),
      ...requestHandlers(session),
      ...processingHandlers(session),
      ...reportHandlers(session),
      ...exchangeHandlers(session),
      ...evaluationHandlers(session, () => this.currentRole() === 'teacher'),
      ...kioskHandlers(session, (open, passphrase) => this.leaveKiosk(open, passphrase)),
      ...importHandlers(session),
    };
  }
}

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
