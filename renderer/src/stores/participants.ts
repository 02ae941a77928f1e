import { create } from 'zustand';
import type { ParticipantListItem } from '@contract/types';

/** The participant list of the course that is open, filtered by the type-ahead query. */
interface ParticipantsState {
  courseId: string | null;
  query: string;
  items: ParticipantListItem[] | null;
  loading: boolean;
  error: string | null;
  open: (courseId: string) => void;
  setQuery: (query: string) => void;
  setLoading: (loading: boolean) => void;
  setResult: (courseId: string, items: ParticipantListItem[]) => void;
  setError: (error: string) => void;
  reset: () => void;
}

const initial = { courseId: null, query: '', items: null, loading: false, error: null };

export const useParticipants = create<ParticipantsState>()((set, get) => ({
  ...initial,
  open: (courseId) => {
    if (get().courseId !== courseId) set({ ...initial, courseId });
  },
  setQuery: (query) => set({ query }),
  setLoading: (loading) => set({ loading }),
  setResult: (courseId, items) => {
    if (get().courseId === courseId) set({ items, loading: false, error: null });
  },
  setError: (error) => set({ error, loading: false }),
  reset: () => set(initial),
}));
