import { create } from 'zustand';
import type { AbsenceNotice, AbsenceReason, AttendanceOverview } from '@contract/types';
import { errorText } from './rollCall';
import { call, neo } from '../neo';

/**
 * The course page's attendance panel: the overview (for the forecast and the
 * sessions missing a roll call) and the absence notices for sessions to come.
 */
interface AbsenceState {
  courseId: string | null;
  overview: AttendanceOverview | null;
  notices: AbsenceNotice[] | null;
  error: string | null;
  busy: boolean;
  open: (courseId: string) => Promise<void>;
  addNotice: (input: { sessionId: string; participantId: string; reason: AbsenceReason; note?: string }) => Promise<boolean>;
  removeNotice: (notice: AbsenceNotice) => Promise<void>;
  reset: () => void;
}

const initial = { courseId: null, overview: null, notices: null, error: null, busy: false };

export const useAbsence = create<AbsenceState>()((set, get) => {
  /** Reads both again: a notice changes the forecast. */
  const refresh = async (courseId: string) => {
    const [overview, notices] = await Promise.all([
      call(() => neo().attendance.overview({ courseId })),
      call(() => neo().attendance.notices({ courseId })),
    ]);
    if (get().courseId !== courseId) return; // another course opened meanwhile
    set({
      ...(overview.ok ? { overview: overview.value } : {}),
      ...(notices.ok ? { notices: notices.value } : {}),
      error: !overview.ok ? overview.error.message : !notices.ok ? notices.error.message : null,
    });
  };

  return {
    ...initial,

    open: async (courseId) => {
      set({ ...initial, courseId });
      await refresh(courseId);
    },

    addNotice: async (input) => {
      const { courseId, busy } = get();
      if (!courseId || busy) return false;
      set({ busy: true });
      const result = await call(() => neo().attendance.addNotice(input));
      if (get().courseId !== courseId) return false;
      set({ busy: false, error: result.ok ? null : errorText(result.error) });
      if (result.ok) await refresh(courseId);
      return result.ok;
    },

    removeNotice: async (notice) => {
      const { courseId, busy } = get();
      if (!courseId || busy) return;
      set({ busy: true });
      const result = await call(() => neo().attendance.removeNotice({ sessionId: notice.sessionId, participantId: notice.participantId }));
      if (get().courseId !== courseId) return;
      set({ busy: false, error: result.ok ? null : result.error.message });
      if (result.ok) await refresh(courseId);
    },

    reset: () => set(initial),
  };
});
