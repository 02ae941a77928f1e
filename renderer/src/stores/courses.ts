import { create } from 'zustand';
import type { Course } from '@contract/types';

interface CoursesState {
  /** null until the first load finishes. */
  items: Course[] | null;
  error: string | null;
  setItems: (items: Course[]) => void;
  setError: (error: string) => void;
  upsert: (course: Course) => void;
  reset: () => void;
}

export const useCourses = create<CoursesState>()((set) => ({
  items: null,
  error: null,
  setItems: (items) => set({ items, error: null }),
  setError: (error) => set({ error }),
  upsert: (course) =>
    set((state) => {
      if (!state.items) return {};
      const others = state.items.filter((c) => c.id !== course.id);
      return { items: [course, ...others].sort((a, b) => b.startDate.localeCompare(a.startDate) || a.name.localeCompare(b.name, 'nb')) };
    }),
  reset: () => set({ items: null, error: null }),
}));
