import { z } from 'zod';
import { id } from './schemas';

/** The funder's reports of one course (coordinators): CSV or PDF, made in the main process. */
export const fundingReportInput = z.strictObject({
  courseId: id,
  format: z.enum(['csv', 'pdf'], { error: 'invalidValue' }),
});

export const reportAvailabilityInput = z.strictObject({ courseId: id });
