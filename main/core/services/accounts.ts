import { isoNow } from '../clock';
import type { StaffAccount, StaffRole } from '../../contract/types';
import { AppError } from '../errors';
import { nameKey } from '../vault';
import type { ServiceContext } from './context';
import { statementCache } from './context';

export interface AccountRow {
  id: string;
  name: string;
  role: StaffRole;
  createdAt: string;
  recoverySeenAt: string | null;
}

/** Roles with the coordinator's rights (head office has them too): they manage accounts, and one must always remain. */
export const ADMIN_ROLES: ReadonlySet<StaffRole> = new Set<StaffRole>(['coordinator', 'headOffice']);

const COLUMNS = 'id, name, role, created_at AS createdAt, recovery_seen_at AS recoverySeenAt';

/** Staff accounts' names and roles (inside the encrypted database; vault.json holds only their wraps). */
export class AccountStore {
  private readonly sql;

  constructor(private readonly ctx: Pick<ServiceContext, 'db' | 'clock'>) {
    this.sql = statementCache(ctx.db);
  }

  list(): AccountRow[] {
    return this.sql(`SELECT ${COLUMNS} FROM staff_accounts ORDER BY created_at, name_key`).all() as AccountRow[];
  }

  get(id: string): AccountRow | null {
    return (this.sql(`SELECT ${COLUMNS} FROM staff_accounts WHERE id = ?`).get(id) as AccountRow | undefined) ?? null;
  }

  byName(name: string): AccountRow | null {
    return (this.sql(`SELECT ${COLUMNS} FROM staff_accounts WHERE name_key = ?`).get(nameKey(name)) as AccountRow | undefined) ?? null;
  }

  nameTaken(name: string, exceptId?: string): boolean {
    const found = this.byName(name);
    return found !== null && found.id !== exceptId;
  }

  coordinators(): AccountRow[] {
    return this.list().filter((a) => ADMIN_ROLES.has(a.role));
  }

  insert(account: { id: string; name: string; role: StaffRole }): AccountRow {
    if (this.nameTaken(account.name)) throw new AppError('ACCOUNT_NAME_TAKEN');
    const now = isoNow(this.ctx.clock);
    // A new account has nothing to be told about the recovery code's earlier uses.
    const seen = this.recoveryUsedAt();
    this.sql(
      'INSERT INTO staff_accounts (id, name, name_key, role, recovery_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(account.id, account.name.normalize('NFC').trim(), nameKey(account.name), account.role, seen, now, now);
    return this.get(account.id)!;
  }

  /** Refuses to leave the installation without a coordinator. */
  remove(id: string): void {
    const account = this.require(id);
    if (ADMIN_ROLES.has(account.role) && this.coordinators().length <= 1) throw new AppError('LAST_COORDINATOR');
    this.sql('DELETE FROM staff_accounts WHERE id = ?').run(id);
  }

  setRole(id: string, role: StaffRole): AccountRow {
    const account = this.require(id);
    if (ADMIN_ROLES.has(account.role) && !ADMIN_ROLES.has(role) && this.coordinators().length <= 1) throw new AppError('LAST_COORDINATOR');
    this.sql('UPDATE staff_accounts SET role = ?, updated_at = ? WHERE id = ?').run(role, isoNow(this.ctx.clock), id);
    return this.get(id)!;
  }

  require(id: string): AccountRow {
    const account = this.get(id);
    if (!account) throw new AppError('NOT_FOUND');
    return account;
  }

  /** When the recovery code was last used, or null. */
  recoveryUsedAt(): string | null {
    const row = this.sql(`SELECT value FROM settings WHERE key = 'recovery.usedAt'`).get() as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** Records a use of the recovery code; the account that used it has seen it. */
  recordRecovery(byId: string): string {
    const at = isoNow(this.ctx.clock);
    this.sql(
      `INSERT INTO settings (key, value, updated_at) VALUES ('recovery.usedAt', ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(at, at);
    this.sql('UPDATE staff_accounts SET recovery_seen_at = ? WHERE id = ?').run(at, byId);
    return at;
  }

  /** The use of the recovery code this account has not been told about yet (and marks it told), or null. */
  takeRecoveryNotice(id: string): string | null {
    const usedAt = this.recoveryUsedAt();
    const account = this.get(id);
    if (!usedAt || !account || account.recoverySeenAt === usedAt) return null;
    this.sql('UPDATE staff_accounts SET recovery_seen_at = ? WHERE id = ?').run(usedAt, id);
    return usedAt;
  }

  view(row: AccountRow, youId: string): StaffAccount {
    return { id: row.id, name: row.name, role: row.role, createdAt: row.createdAt, isYou: row.id === youId };
  }
}
