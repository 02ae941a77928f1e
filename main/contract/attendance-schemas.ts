import { z } from 'zod';
import type { ValidationKey } from './messages';
import { id, isoDate, optionalSingleLine } from './schemas';

/** Input schemas for sessions (økter) and attendance. Issue messages are validation keys. */

const msg = (key: ValidationKey) => ({ error: key });

export const ATTENDANCE_STATUSES = ['present', 'absent', 'late', 'excused'] as const;
export const attendanceStatus = z.enum(ATTENDANCE_STATUSES, msg('invalidValue'));

/** Why someone is absent: a category, never free text (sykdom, barns sykdom, jobb, annet). */
export const ABSENCE_REASONS = ['illness', 'childIllness', 'work', 'other'] as const;
export const absenceReason = z.enum(ABSENCE_REASONS, msg('invalidValue'));

/** "09:00" or the Norwegian "09.00", stored as "09:00". */
export const timeOfDay = z
  .string(msg('invalidTime'))
  .regex(/^([01]\d|2[0-3])[:.][0-5]\d$/, msg('invalidTime'))
  .transform((v) => v.replace('.', ':'));

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Adds an "end before start" issue on endTime; both times must already be valid. */
function checkTimes(value: { startTime: string; endTime: string }, ctx: z.RefinementCtx) {
  const valid = timeOfDay.safeParse(value.startTime).success && timeOfDay.safeParse(value.endTime).success;
  if (valid && minutesOf(value.endTime) <= minutesOf(value.startTime)) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'endTimeBeforeStart' });
  }
}

export const sessionListInput = z.strictObject({ courseId: id });

export const sessionGenerateInput = z
  .strictObject({
    courseId: id,
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    weekdays: z
      .array(z.number(msg('invalidValue')).int(msg('invalidValue')).min(1, msg('invalidValue')).max(7, msg('invalidValue')), msg('weekdaysRequired'))
      .min(1, msg('weekdaysRequired'))
      .max(7, msg('invalidValue')),
    startTime: timeOfDay,
    endTime: timeOfDay,
  })
  .superRefine(checkTimes);

export const sessionAddInput = z
  .strictObject({ courseId: id, date: isoDate, startTime: timeOfDay, endTime: timeOfDay })
  .superRefine(checkTimes);

export const sessionMoveInput = z
  .strictObject({ sessionId: id, date: isoDate, startTime: timeOfDay, endTime: timeOfDay })
  .superRefine(checkTimes);

/** Typed in one line; stored NFC like all text from people, without controls or bidi overrides. */
const reason = optionalSingleLine(500);

export const sessionCancelInput = z.strictObject({
  sessionId: id,
  cancelled: z.boolean(msg('invalidValue')),
  /** Required when the session's list is signed off: cancelling (or restoring) it changes everyone's signed totals. */
  reason,
});

export const attendanceRollInput = z.strictObject({ sessionId: id });

export const attendanceMarkInput = z.strictObject({
  sessionId: id,
  participantId: id,
  status: attendanceStatus,
  /** Hours actually attended; defaults to the session's hours when present and 0 when absent or excused. Required when late. */
  hours: z.number(msg('invalidValue')).min(0, msg('hoursNegative')).max(24, msg('hoursAboveSession')).optional(),
  note: optionalSingleLine(200),
  /** Only with absent or excused; left out, an existing mark's reason is cleared. */
  absenceReason: absenceReason.optional(),
  /** Required when the session's list is already signed off. */
  reason,
  /** Marks for a session in the future must be confirmed. */
  confirmFuture: z.boolean(msg('invalidValue')).optional(),
});

export const attendanceUnmarkInput = z.strictObject({
  sessionId: id,
  participantId: id,
  reason,
  confirmFuture: z.boolean(msg('invalidValue')).optional(),
});

export const attendanceMarkAllInput = z.strictObject({
  sessionId: id,
  reason,
  confirmFuture: z.boolean(msg('invalidValue')).optional(),
});

export const attendanceSignOffInput = z.strictObject({ sessionId: id });
export const attendanceOverviewInput = z.strictObject({ courseId: id });
export const attendanceParticipantInput = z.strictObject({ courseId: id, participantId: id });
export const attendanceExportInput = z.strictObject({ courseId: id, format: z.enum(['csv', 'pdf'], msg('invalidValue')) });

/** A participant says in advance that they will miss a session. */
export const absenceNoticeAddInput = z.strictObject({
  sessionId: id,
  participantId: id,
  reason: absenceReason,
  note: optionalSingleLine(200),
});
export const absenceNoticeRemoveInput = z.strictObject({ sessionId: id, participantId: id });
export const absenceNoticeListInput = z.strictObject({ courseId: id });

/** A blank sign-in sheet: the session's alone, or its week (Monday to Sunday) with a column per session. */
export const signInSheetInput = z.strictObject({ sessionId: id, layout: z.enum(['session', 'week'], msg('invalidValue')) });
