import { create } from 'zustand';
import type { ParticipantSearchHit } from '@contract/types';
import { call, neo } from '../neo';

/** Participants found across every course for the text typed in the search screen. */
interface SearchState {
  /** null until a search has been answered. */
  hits: ParticipantSearchHit[] | null;
  error: string | null;
  search: (text: string) => Promise<void>;
  /** Drops any answer still on its way (the field was emptied). */
  cancel: () => void;
  reset: () => void;
}

const initial = { hits: null, error: null };

/** The latest request: answers to older ones are dropped. */
let requestSeq = 0;

export const useSearch = create<SearchState>()((set) => ({
  ...initial,

  search: async (text) => {
    const seq = ++requestSeq;
    const result = await call(() => neo().participants.search({ query: text.slice(0, 100), limit: 50 }));
    if (seq !== requestSeq) return;
    if (result.ok) set({ hits: result.value, error: null });
    else set({ error: result.error.message });
  },

  cancel: () => {
    requestSeq++;
  },

  reset: () => {
    requestSeq++;
    set(initial);
  },
}));
