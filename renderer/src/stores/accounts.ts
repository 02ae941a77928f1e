import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { StaffAccount, StaffRole } from '@contract/types';
import { call, neo } from '../neo';

/**
 * The staff accounts of this installation, for a coordinator's Innstillinger →
 * Brukere. Every change answers with its envelope (the panel shows the field
 * errors) and reads the list again.
 */
interface AccountsState {
  accounts: StaffAccount[];
  error: string | null;
  load: () => Promise<void>;
  add: (input: ChannelInput<'accounts:add'>) => Promise<Envelope<StaffAccount>>;
  remove: (id: string) => Promise<Envelope<null>>;
  setRole: (id: string, role: StaffRole) => Promise<Envelope<StaffAccount>>;
  resetPassphrase: (id: string, passphrase: string) => Promise<Envelope<null>>;
  newRecoveryCode: () => Promise<Envelope<{ recoveryCode: string }>>;
  reset: () => void;
}

const initial = { accounts: [] as StaffAccount[], error: null };

export const useAccounts = create<AccountsState>()((set, get) => {
  /** Runs a change, then reads the list again so it shows what the core holds. */
  const change = async <T>(run: () => Promise<Envelope<T>>): Promise<Envelope<T>> => {
    const result = await call(run);
    await get().load();
    return result;
  };
  return {
    ...initial,
    load: async () => {
      const result = await call(() => neo().accounts.list({}));
      if (result.ok) set({ accounts: result.value, error: null });
      else set({ error: result.error.message });
    },
    add: (input) => change(() => neo().accounts.add(input)),
    remove: (id) => change(() => neo().accounts.remove({ id })),
    setRole: (id, role) => change(() => neo().accounts.setRole({ id, role })),
    resetPassphrase: (id, passphrase) => call(() => neo().accounts.resetPassphrase({ id, passphrase })),
    newRecoveryCode: () => call(() => neo().accounts.newRecoveryCode({})),
    reset: () => set(initial),
  };
});
