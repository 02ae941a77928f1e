/** The access report (innsyn) for the person, as PDF and JSON. */
export function AccessReportPanel(_props: { courseId: string; participantId: string }) {
  return null;
}
