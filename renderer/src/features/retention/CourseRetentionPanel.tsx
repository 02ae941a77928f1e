import type { Course } from '@contract/types';

/** On the course page: how long its personal data is kept and where that stands; deleting the course. */
export function CourseRetentionPanel(_props: { course: Course }) {
  return null;
}
