import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../contract/types';
import type { HandlersOf } from '../dispatcher';
import { AppError } from '../errors';
import type { OpenSession, SessionAccess } from '../open-session';
import { ADMIN_ROLES } from '../services/accounts';
import type { ScryptParams, VaultFile, VaultStore } from '../vault';

interface AccountDeps {
  session: SessionAccess;
  /** The unlocking account's role (null while locked). */
  role: () => StaffRole | null;
  vaultStore: VaultStore;
  scrypt: () => ScryptParams;
  /** Whether this session is still the open one (a lock may come while scrypt runs). */
  isCurrent: (session: OpenSession) => boolean;
  /** Vault writes run one at a time with unlocks and re-keying. */
  queue: <T>(operation: () => Promise<T>) => Promise<T>;
}

/**
 * Staff accounts, for coordinators (and head office, which has their rights).
 * Each account's wrap of the database key is in vault.json, found by a salted
 * hash of its name; its name and role are here, in the encrypted database.
 */
export const accountHandlers = (deps: AccountDeps): HandlersOf<'accounts'> => {
  const admin = (): OpenSession => {
    const session = deps.session();
    const role = deps.role();
    if (!role || !ADMIN_ROLES.has(role)) throw new AppError('FORBIDDEN');
    return session;
  };
  const vaultOf = async (): Promise<VaultFile> => {
    const vault = await deps.vaultStore.read();
    if (vault.version !== 3) throw new AppError('VAULT_CORRUPT'); // unlocked means upgraded
    return vault;
  };

  return {
    'accounts:list': () => {
      const session = admin();
      return session.accounts.list().map((row) => session.accounts.view(row, session.account.id));
    },

    'accounts:add': ({ name, role, passphrase }) =>
      deps.queue(async () => {
        const session = admin();
        const vault = await vaultOf();
        if (session.accounts.nameTaken(name) || deps.vaultStore.nameTaken(vault, name)) throw new AppError('ACCOUNT_NAME_TAKEN');
        const id = randomUUID();
        const withWrap = await deps.vaultStore.setAccountWrap(vault, { id, name }, session.key, passphrase, deps.scrypt());
        try {
          if (!deps.isCurrent(session)) throw new AppError('VAULT_LOCKED');
          session.db.transaction(() => {
            session.accounts.insert({ id, name, role });
            session.audit.record({ action: 'create', entity: 'account', entityId: id, detail: `role ${role}` });
          })();
        } catch (error) {
          // No wrap without its account.
          await deps.vaultStore.removeAccountWrap(withWrap, id);
          throw error;
        }
        session.vault = withWrap;
        return session.accounts.view(session.accounts.require(id), session.account.id);
      }),

    'accounts:remove': ({ id }) =>
      deps.queue(async () => {
        const session = admin();
        if (id === session.account.id) throw new AppError('ACCOUNT_IS_YOU');
        session.db.transaction(() => {
          session.accounts.remove(id);
          session.audit.record({ action: 'remove', entity: 'account', entityId: id });
        })();
        // The database first: a wrap left behind (the file could not be written) opens nothing without its account.
        session.vault = await deps.vaultStore.removeAccountWrap(await vaultOf(), id);
        return null;
      }),

    'accounts:resetPassphrase': ({ id, passphrase }) =>
      deps.queue(async () => {
        const session = admin();
        const account = session.accounts.require(id);
        const next = await deps.vaultStore.setAccountWrap(await vaultOf(), account, session.key, passphrase, deps.scrypt());
        session.vault = next;
        if (deps.isCurrent(session)) session.audit.record({ action: 'reset-passphrase', entity: 'account', entityId: id });
        return null;
      }),

    'accounts:setRole': ({ id, role }) => {
      const session = admin();
      const before = session.accounts.require(id).role;
      const row = session.db.transaction(() => {
        const updated = session.accounts.setRole(id, role);
        if (before !== role) session.audit.record({ action: 'update', entity: 'account', entityId: id, fields: ['role'], detail: `${before}→${role}` });
        return updated;
      })();
      if (id === session.account.id) session.account.role = row.role;
      return session.accounts.view(row, session.account.id);
    },

    'accounts:newRecoveryCode': () =>
      deps.queue(async () => {
        const session = admin();
        const { vault, recoveryCode } = await deps.vaultStore.newRecovery(await vaultOf(), session.key, deps.scrypt());
        session.vault = vault;
        if (deps.isCurrent(session)) session.audit.record({ action: 'new-recovery-code', entity: 'vault', entityId: vault.deviceId });
        return { recoveryCode };
      }),
  };
};
