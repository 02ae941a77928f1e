/** Withdraw, reinstate, remove a registration made in error, merge with a duplicate, and the person's requests. */
export function LifecyclePanel(_props: { courseId: string; participantId: string }) {
  return null;
}
