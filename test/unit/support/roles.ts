import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../../main/contract/types';
import type { Core } from '../../../main/core/index';
import type { OpenSession } from '../../../main/core/open-session';

/**
 * Role switching for tests on one unlocked core: the session acts as its
 * account, whose id and role the core reads on every call. These helpers
 * change that account in place (as a lock and an unlock as someone else would,
 * without the scrypt cost per switch) and add accounts a coordinator can
 * assign to courses.
 */

function openSession(core: Core): OpenSession {
  const session = (core as unknown as { session: OpenSession | null }).session;
  if (!session) throw new Error('core is locked');
  return session;
}

/** The account the core acts as from the next call: its id and role. */
export function actAs(core: Core, role: StaffRole, accountId?: string): void {
  const account = openSession(core).account as { id: string; role: StaffRole };
  account.role = role;
  if (accountId) account.id = accountId;
}

/** The account id the core acts as now. */
export function currentAccountId(core: Core): string {
  return openSession(core).account.id;
}

/** Adds a staff account (a row in staff_accounts, no passphrase wrap) and returns its id. */
export function addStaffAccount(core: Core, name: string, role: StaffRole = 'teacher'): string {
  return openSession(core).accounts.insert({ id: randomUUID(), name, role }).id;
}
