import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../../main/contract/types';
import type { Core } from '../../../main/core/index';
import type { OpenSession } from '../../../main/core/open-session';
import { coreDatabase } from './storage';

/**
 * Role switching for tests on one unlocked core. Until every person has their
 * own account, the acting identity is the staff setting (staff.id, staff.role),
 * which the core reads on every call; these helpers change it and add rows to
 * staff_accounts so a coordinator has teacher accounts to assign.
 * When staff accounts land, only this file changes.
 */

function openSession(core: Core): OpenSession {
  const session = (core as unknown as { session: OpenSession | null }).session;
  if (!session) throw new Error('core is locked');
  return session;
}

/** The account the core acts as from the next call: its id and role. */
export function actAs(core: Core, role: StaffRole, accountId?: string): void {
  const settings = openSession(core).settings;
  settings.set('staff.role', role);
  if (accountId) settings.set('staff.id', accountId);
}

/** The account id the core acts as now. */
export function currentAccountId(core: Core): string {
  return openSession(core).settings.staff().id;
}

/** Adds a staff account (a row in staff_accounts) and returns its id. */
export function addStaffAccount(core: Core, name: string, role: StaffRole = 'teacher'): string {
  const id = randomUUID();
  const now = new Date().toISOString();
  coreDatabase(core)
    .prepare('INSERT INTO staff_accounts (id, name, name_key, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, name, name.toLowerCase(), role, now, now);
  return id;
}
