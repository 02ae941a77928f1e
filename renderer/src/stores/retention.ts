import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { CourseStatistics, DeletionPreview, DeletionRunResult, DueCourse, ErasureCheck, ErasureResult, Settings } from '@contract/types';
import { call, neo } from '../neo';
import { useSearch } from './search';

/**
 * Retention and erasure: what is due (the Sletting screen, and the notice
 * after unlock), previews of what a run erases and keeps, the run itself,
 * deleting a course, erasing a person on request, and the figures kept for
 * an erased course. The answers hold names, so a lock forgets them.
 */
interface RetentionState {
  /** Courses with personal data due now; null until read. */
  due: DueCourse[] | null;
  dueError: string | null;
  /** The notice after unlock was closed in this session. */
  noticeDismissed: boolean;
  /** Previews by course id. */
  previews: Record<string, DeletionPreview>;
  previewErrors: Record<string, string>;
  /** Figures kept for erased courses, by course id (null: none kept). */
  statistics: Record<string, CourseStatistics | null>;
  /** The last run's result, shown on the Sletting screen until the next one. */
  lastRun: DeletionRunResult | null;
  loadDue: () => Promise<void>;
  loadPreview: (courseId: string, force: boolean) => Promise<void>;
  run: (courseIds: string[], force: boolean) => Promise<Envelope<DeletionRunResult>>;
  loadStatistics: (courseId: string) => Promise<void>;
  deleteCourse: (courseId: string) => Promise<Envelope<null>>;
  erasureCheck: (participantId: string) => Promise<Envelope<ErasureCheck>>;
  erase: (input: ChannelInput<'privacy:erase'>) => Promise<Envelope<ErasureResult>>;
  /** Days after an open course's end before its personal data is due (a setting). */
  graceDays: number | null;
  loadGraceDays: () => Promise<void>;
  saveGraceDays: (days: number) => Promise<Envelope<Settings>>;
  dismissNotice: () => void;
  reset: () => void;
}

const initial = {
  due: null,
  dueError: null,
  noticeDismissed: false,
  previews: {},
  previewErrors: {},
  statistics: {},
  lastRun: null,
  graceDays: null,
};

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

export const useRetention = create<RetentionState>()((set, get) => ({
  ...initial,

  loadDue: async () => {
    const result = await call(() => neo().retention.due({}));
    if (result.ok) set({ due: result.value, dueError: null });
    else set({ dueError: result.error.message });
  },

  loadPreview: async (courseId, force) => {
    set((s) => ({ previewErrors: without(s.previewErrors, courseId) }));
    const result = await call(() => neo().retention.preview({ courseId, ...(force ? { force } : {}) }));
    if (result.ok) set((s) => ({ previews: { ...s.previews, [courseId]: result.value } }));
    else set((s) => ({ previewErrors: { ...s.previewErrors, [courseId]: result.error.message } }));
  },

  run: async (courseIds, force) => {
    const result = await call(() => neo().retention.run({ courseIds, ...(force ? { force } : {}) }));
    if (result.ok) {
      // Search results may name someone erased now.
      useSearch.getState().reset();
      // What was shown of these courses is gone now: read again what is due.
      set((s) => ({
        lastRun: result.value,
        previews: Object.fromEntries(Object.entries(s.previews).filter(([id]) => !courseIds.includes(id))),
        statistics: Object.fromEntries(Object.entries(s.statistics).filter(([id]) => !courseIds.includes(id))),
      }));
      await get().loadDue();
    }
    return result;
  },

  loadStatistics: async (courseId) => {
    const result = await call(() => neo().retention.statistics({ courseId }));
    if (result.ok) set((s) => ({ statistics: { ...s.statistics, [courseId]: result.value } }));
  },

  deleteCourse: async (courseId) => {
    const result = await call(() => neo().courses.delete({ id: courseId }));
    if (result.ok) set((s) => ({ due: s.due?.filter((c) => c.courseId !== courseId) ?? null }));
    return result;
  },

  erasureCheck: (participantId) => call(() => neo().privacy.erasureCheck({ participantId })),

  erase: async (input) => {
    const result = await call(() => neo().privacy.erase(input));
    if (result.ok) useSearch.getState().reset(); // search results may name them
    // Counts on the Sletting screen may have changed.
    if (result.ok && get().due !== null) await get().loadDue();
    return result;
  },

  loadGraceDays: async () => {
    const result = await call(() => neo().settings.get({}));
    if (result.ok) set({ graceDays: result.value.retentionGraceDays });
  },

  saveGraceDays: async (days) => {
    const result = await call(() => neo().settings.update({ retentionGraceDays: days }));
    if (result.ok) {
      set({ graceDays: result.value.retentionGraceDays });
      // Due dates move with the period.
      if (get().due !== null) await get().loadDue();
    }
    return result;
  },

  dismissNotice: () => set({ noticeDismissed: true }),

  reset: () => set(initial),
}));
