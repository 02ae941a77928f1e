import type { Course } from '@contract/types';
import { call, neo } from '../../neo';
import { useCourses } from '../../stores';

export async function loadCourses(): Promise<void> {
  const result = await call(() => neo().courses.list({}));
  if (result.ok) useCourses.getState().setItems(result.value);
  else useCourses.getState().setError(result.error.message);
}

/** The course from the store when it is there, otherwise from the core. */
export async function loadCourse(courseId: string): Promise<{ course: Course } | { error: string }> {
  const result = await call(() => neo().courses.get({ id: courseId }));
  if (!result.ok) return { error: result.error.message };
  useCourses.getState().upsert(result.value);
  return { course: result.value };
}
