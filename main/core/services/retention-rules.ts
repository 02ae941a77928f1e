import type { CourseRetention, CourseType } from '../../contract/types';

/** "2025-06-30" + 30 days → "2025-07-30" (calendar days, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The privacy statement's retention rules, for one course on one day:
 * - Kompetansepluss: personal data is deleted once the course is finished and
 *   the agency (Kompetanse Norge) has approved its financial report, the day
 *   the coordinator records that approval;
 * - other courses (open trade-certificate courses and the rest): once the
 *   course has ended, after a grace period set by the provider, so that
 *   certificates can be issued first.
 * Consent to keep the data is a matter for each person, not the course.
 *
 * On a laptop that sends its courses to head office, a finished course whose
 * batch head office has confirmed with a receipt is due at once, whatever its
 * type: head office holds it now, under the rules above.
 */
export function retentionOf(
  course: {
    type: CourseType;
    endDate: string;
    financialReportApprovedAt: string | null;
    personalDataErasedAt: string | null;
    /** When a receipt came back for a batch of the course made after it ended. */
    deliveredAt?: string | null;
  },
  graceDays: number,
  today: string,
): CourseRetention {
  const rule = course.type === 'kompetansepluss' ? 'afterApproval' : 'afterEnd';
  if (course.personalDataErasedAt) return { rule, state: 'erased', dueOn: null, erasedAt: course.personalDataErasedAt };
  if (course.deliveredAt && today > course.endDate) return { rule, state: 'due', dueOn: course.deliveredAt.slice(0, 10), erasedAt: null };
  if (rule === 'afterApproval') {
    if (today <= course.endDate) return { rule, state: 'active', dueOn: null, erasedAt: null };
    if (!course.financialReportApprovedAt) return { rule, state: 'waitingForApproval', dueOn: null, erasedAt: null };
    const dueOn = course.financialReportApprovedAt;
    return { rule, state: today >= dueOn ? 'due' : 'scheduled', dueOn, erasedAt: null };
  }
  const dueOn = addDays(course.endDate, Math.max(1, graceDays));
  if (today <= course.endDate) return { rule, state: 'active', dueOn, erasedAt: null };
  return { rule, state: today >= dueOn ? 'due' : 'scheduled', dueOn, erasedAt: null };
}
