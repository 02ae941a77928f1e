import { z } from 'zod';
import type { ValidationKey } from './messages';
import { id, isoDate, optionalSingleLine, singleLine } from './schemas';
import { safeMultiLine } from './text';

/**
 * Input schemas of course evaluations (issue 13): forms, the kiosk on the
 * teacher's laptop, paper sheets entered later, results and exports. Issue
 * messages are validation keys.
 */

const msg = (key: ValidationKey) => ({ error: key });

/** Ratings run from 1 to 5. */
export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** An open answer may be this long (after control characters are stripped). */
export const OPEN_ANSWER_MAX = 1000;
/** Results show from this many responses, so a small class cannot be read person by person. */
export const RESULTS_THRESHOLD = 5;

export const questionId = z.string(msg('invalidValue')).regex(/^[a-z0-9-]{1,40}$/, msg('invalidValue'));

const localText = z.strictObject({ nb: singleLine(300), en: optionalSingleLine(300), nn: optionalSingleLine(300) });

export const evaluationQuestion = z.strictObject({
  id: questionId,
  kind: z.enum(['rating', 'open', 'yesno'], msg('invalidValue')),
  text: localText,
});

/**
 * What one person answered. Ratings outside 1–5 are refused; an open answer
 * has its control characters (and bidi overrides) stripped, keeps line breaks,
 * and is refused over the limit. An empty sheet is refused by the core, with a
 * friendly message, since "nothing answered" is not a field's fault.
 */
export const evaluationAnswers = z.strictObject({
  ratings: z.record(questionId, z.number(msg('evaluationRatingRange')).int(msg('evaluationRatingRange')).min(RATING_MIN, msg('evaluationRatingRange')).max(RATING_MAX, msg('evaluationRatingRange'))).default({}),
  choices: z.record(questionId, z.enum(['yes', 'no'], msg('invalidValue'))).default({}),
  texts: z
    .record(
      questionId,
      z
        .string(msg('invalidValue'))
        .max(OPEN_ANSWER_MAX * 4, msg('evaluationOpenTooLong')) // a bound before the work of cleaning
        .transform(safeMultiLine)
        .pipe(z.string().max(OPEN_ANSWER_MAX, msg('evaluationOpenTooLong'))),
    )
    .default({}),
});

export type EvaluationAnswersInput = z.output<typeof evaluationAnswers>;

/** A token the page makes once per form shown: a double click sends it twice and one answer is kept. */
const submitToken = z.uuid(msg('invalidValue'));

export const evaluationFormInput = z.strictObject({ courseId: id });
export const evaluationSaveFormInput = z
  .strictObject({ courseId: id, questions: z.array(evaluationQuestion).min(1, msg('required')).max(30, msg('tooMany')) })
  .refine((input) => new Set(input.questions.map((q) => q.id)).size === input.questions.length, { message: 'invalidValue', path: ['questions'] });
export const evaluationUseDefaultInput = z.strictObject({ courseId: id });
export const evaluationResultsInput = z.strictObject({ courseId: id });
export const evaluationSummaryInput = z.strictObject({
  groupBy: z.enum(['type', 'teacher', 'period'], msg('invalidValue')),
  /** Courses ending in this range (both optional). */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const evaluationDeleteOpenAnswerInput = z.strictObject({ courseId: id, answerId: id });
export const evaluationExportPdfInput = z.strictObject({ courseId: id });
export const evaluationExportCsvInput = evaluationSummaryInput;
export const evaluationPaperFormInput = z.strictObject({ courseId: id, language: z.enum(['nb', 'nn', 'en'], msg('invalidValue')).optional() });
/** One paper sheet typed in later; the date is the day it was entered (never a time). */
export const evaluationEnterPaperInput = z.strictObject({ courseId: id, token: submitToken, answers: evaluationAnswers });

export const kioskStartInput = z.strictObject({ courseId: id });
export const kioskStatusInput = z.strictObject({});
export const kioskFormInput = z.strictObject({});
export const kioskSubmitInput = z.strictObject({ token: submitToken, answers: evaluationAnswers });
/** Leaving needs the passphrase of the account that started the kiosk. */
export const kioskLeaveInput = z.strictObject({ passphrase: z.string(msg('required')).min(1, msg('required')).max(1024, msg('tooLong')) });
