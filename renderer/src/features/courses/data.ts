import type { CourseResult } from '../../stores/courses';
import { useCourses } from '../../stores';

/**
 * Kept only for the participant form, whose owners move it to `useCourse` /
 * the courses store: new code reads courses through `useCourses` and
 * `useCourse` in stores/courses.ts, which own the calls.
 */
export function loadCourse(courseId: string): Promise<CourseResult> {
  return useCourses.getState().loadCourse(courseId);
}
