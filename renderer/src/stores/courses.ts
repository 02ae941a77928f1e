import { useEffect } from 'react';
import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { Course } from '@contract/types';
import { call, neo } from '../neo';

/** The answer to asking for one course: the course, or why not (with the core's error code). */
export type CourseResult = { course: Course } | { error: string; code: string };

interface CoursesState {
  /** The course list; null until the first load finishes. */
  items: Course[] | null;
  error: string | null;
  /** Courses read one at a time (the course page, forms), by id. */
  byId: Record<string, Course>;
  /** Why a course could not be read, by id. */
  errorById: Record<string, string>;
  /** Reads the course list. */
  loadList: () => Promise<void>;
  /** Reads one course from the core (always fresh) and keeps it. */
  loadCourse: (courseId: string) => Promise<CourseResult>;
  /** Creates (no id) or updates a course; the saved course is kept. The envelope tells a form what was wrong. */
  saveCourse: (courseId: string | undefined, course: ChannelInput<'courses:create'>) => Promise<Envelope<Course>>;
  reset: () => void;
}

const initial = { items: null, error: null, byId: {}, errorById: {} };

const byStartThenName = (a: Course, b: Course) => b.startDate.localeCompare(a.startDate) || a.name.localeCompare(b.name, 'nb');

export const useCourses = create<CoursesState>()((set) => {
  /** Keeps a course that was read or saved, in the list too when the list is loaded. */
  const keep = (course: Course) =>
    set((state) => ({
      byId: { ...state.byId, [course.id]: course },
      errorById: Object.fromEntries(Object.entries(state.errorById).filter(([id]) => id !== course.id)),
      items: state.items ? [course, ...state.items.filter((c) => c.id !== course.id)].sort(byStartThenName) : null,
    }));

  return {
    ...initial,

    loadList: async () => {
      const result = await call(() => neo().courses.list({}));
      if (result.ok) set({ items: result.value, error: null });
      else set({ error: result.error.message });
    },

    loadCourse: async (courseId) => {
      const result = await call(() => neo().courses.get({ id: courseId }));
      if (!result.ok) {
        set((state) => ({ errorById: { ...state.errorById, [courseId]: result.error.message } }));
        return { error: result.error.message, code: result.error.code };
      }
      keep(result.value);
      return { course: result.value };
    },

    saveCourse: async (courseId, course) => {
      const result = await call(() => (courseId ? neo().courses.update({ id: courseId, course }) : neo().courses.create(course)));
      if (result.ok) keep(result.value);
      return result;
    },

    reset: () => set(initial),
  };
});

/** The course list, read when a screen that shows it opens. */
export function useCourseList(): { items: Course[] | null; error: string | null } {
  useEffect(() => {
    void useCourses.getState().loadList();
  }, []);
  const items = useCourses((s) => s.items);
  const error = useCourses((s) => s.error);
  return { items, error };
}

/** One course, read afresh when a screen that shows it opens; null until it is there. */
export function useCourse(courseId: string): { course: Course | null; error: string | null } {
  useEffect(() => {
    void useCourses.getState().loadCourse(courseId);
  }, [courseId]);
  const course = useCourses((s) => s.byId[courseId] ?? null);
  const error = useCourses((s) => s.errorById[courseId] ?? null);
  return { course, error };
}
