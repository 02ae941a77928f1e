import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { ProviderSettings } from '@contract/types';
import { call, neo } from '../neo';

/** The course provider printed on every certificate. */
interface ProviderState {
  /** Whether the first read has been answered. */
  loaded: boolean;
  /** null when none has been saved yet. */
  provider: ProviderSettings | null;
  error: string | null;
  /** Reads the provider; the answer also comes back, for a form to start from. */
  load: () => Promise<Envelope<ProviderSettings | null>>;
  save: (input: ChannelInput<'provider:update'>) => Promise<Envelope<ProviderSettings>>;
  reset: () => void;
}

const initial = { loaded: false, provider: null, error: null };

export const useProvider = create<ProviderState>()((set) => ({
  ...initial,

  load: async () => {
    const result = await call(() => neo().provider.get({}));
    if (result.ok) set({ loaded: true, provider: result.value, error: null });
    else set({ loaded: true, provider: null, error: result.error.message });
    return result;
  },

  save: async (input) => {
    const result = await call(() => neo().provider.update(input));
    if (result.ok) set({ provider: result.value, error: null });
    return result;
  },

  reset: () => set(initial),
}));
