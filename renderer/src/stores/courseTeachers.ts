import { create } from 'zustand';
import type { CourseTeachers } from '@contract/types';
import { call, neo } from '../neo';

/** The teachers of the course open on the course page, for a coordinator to add and remove. */
interface CourseTeachersState {
  courseId: string | null;
  teachers: CourseTeachers | null;
  error: string | null;
  busy: boolean;
  open: (courseId: string) => Promise<void>;
  change: (action: 'assign' | 'unassign', accountId: string) => Promise<boolean>;
  reset: () => void;
}

const initial = { courseId: null, teachers: null, error: null, busy: false };

export const useCourseTeachers = create<CourseTeachersState>()((set, get) => ({
  ...initial,

  open: async (courseId) => {
    set({ ...initial, courseId });
    const result = await call(() => neo().courses.teachers({ courseId }));
    if (get().courseId !== courseId) return; // another course opened meanwhile
    if (result.ok) set({ teachers: result.value });
    else set({ error: result.error.message });
  },

  change: async (action, accountId) => {
    const { courseId, busy } = get();
    if (!courseId || busy || !accountId) return false;
    set({ busy: true });
    const input = { courseId, accountId };
    const result = await call(() => (action === 'assign' ? neo().courses.assignTeacher(input) : neo().courses.unassignTeacher(input)));
    if (get().courseId !== courseId) return false;
    if (result.ok) set({ teachers: result.value, error: null, busy: false });
    else set({ error: result.error.message, busy: false });
    return result.ok;
  },

  reset: () => set(initial),
}));
