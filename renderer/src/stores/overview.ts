import { create } from 'zustand';
import type { Envelope } from '@contract/envelope';
import type { AttendanceOverview, ExportedFile, ParticipantAttendance } from '@contract/types';
import { call, neo } from '../neo';

/** The attendance overview of the course that is open, and the one participant whose sessions are shown. */
interface OverviewState {
  courseId: string | null;
  overview: AttendanceOverview | null;
  courseName: string;
  error: string | null;
  /** The sessions of the participant opened from the matrix. */
  detail: ParticipantAttendance | null;
  detailError: string | null;
  load: (courseId: string) => Promise<void>;
  loadParticipant: (participantId: string) => Promise<void>;
  closeParticipant: () => void;
  /** Makes the attendance list as CSV or PDF; the screen hands the file to the browser's download. */
  exportList: (courseId: string, format: 'csv' | 'pdf') => Promise<Envelope<ExportedFile>>;
  reset: () => void;
}

const initial = { courseId: null, overview: null, courseName: '', error: null, detail: null, detailError: null };

export const useOverview = create<OverviewState>()((set, get) => ({
  ...initial,

  load: async (courseId) => {
    if (get().courseId !== courseId) set({ ...initial, courseId });
    const [result, course] = await Promise.all([
      call(() => neo().attendance.overview({ courseId })),
      call(() => neo().courses.get({ id: courseId })),
    ]);
    if (get().courseId !== courseId) return;
    if (course.ok) set({ courseName: course.value.name });
    if (result.ok) set({ overview: result.value, error: null });
    else set({ error: result.error.message });
  },

  loadParticipant: async (participantId) => {
    const { courseId } = get();
    if (!courseId) return;
    set({ detail: null, detailError: null });
    const result = await call(() => neo().attendance.participant({ courseId, participantId }));
    if (get().courseId !== courseId) return;
    if (result.ok) set({ detail: result.value });
    else set({ detailError: result.error.message });
  },

  closeParticipant: () => set({ detail: null, detailError: null }),

  exportList: async (courseId, format) => {
    const result = await call(() => neo().attendance.export({ courseId, format }));
    if (get().courseId === courseId) set({ error: result.ok ? null : result.error.message });
    return result;
  },

  reset: () => set(initial),
}));
