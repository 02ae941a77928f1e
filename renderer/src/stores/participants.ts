import { create } from 'zustand';
import type { ParticipantListItem } from '@contract/types';
import { call, neo } from '../neo';

/** The participant list of the course that is open, filtered by the type-ahead query. */
interface ParticipantsState {
  courseId: string | null;
  query: string;
  items: ParticipantListItem[] | null;
  loading: boolean;
  error: string | null;
  open: (courseId: string) => void;
  setQuery: (query: string) => void;
  /** Asks the core for the open course's list with the current query; an answer overtaken by a newer request is dropped. */
  fetch: () => Promise<void>;
  reset: () => void;
}

const initial = { courseId: null, query: '', items: null, loading: false, error: null };

/** The latest request: answers to older ones are dropped. Outside the store, as no screen renders it. */
let requestSeq = 0;

export const useParticipants = create<ParticipantsState>()((set, get) => ({
  ...initial,
  open: (courseId) => {
    if (get().courseId !== courseId) set({ ...initial, courseId });
  },
  setQuery: (query) => set({ query, loading: true }),
  fetch: async () => {
    const { courseId, query } = get();
    if (!courseId) return;
    const seq = ++requestSeq;
    set({ loading: true });
    const result = await call(() => neo().participants.listByCourse({ courseId, query }));
    if (seq !== requestSeq || get().courseId !== courseId) return;
    if (result.ok) set({ items: result.value, loading: false, error: null });
    else set({ error: result.error.message, loading: false });
  },
  reset: () => {
    requestSeq++;
    set(initial);
  },
}));
