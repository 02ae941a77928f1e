import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError, fieldError } from '../errors';
import { RESULTS_THRESHOLD } from '../../contract/evaluation-schemas';
import type { EvaluationAnswersInput } from '../../contract/evaluation-schemas';
import type {
  CourseEvaluationForm,
  EvaluationGrouping,
  EvaluationOpenAnswer,
  EvaluationQuestion,
  EvaluationQuestionResult,
  EvaluationResults,
  EvaluationSubmitted,
  EvaluationSummary,
  EvaluationSummaryRow,
} from '../../contract/evaluation-types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';

/** The provider's default form: five ratings, "would you recommend", two open questions. */
export const DEFAULT_QUESTIONS: readonly EvaluationQuestion[] = [
  {
    id: 'content',
    kind: 'rating',
    text: { nb: 'Hvor fornøyd er du med innholdet i kurset?', en: 'How satisfied are you with the content of the course?', nn: 'Kor nøgd er du med innhaldet i kurset?' },
  },
  {
    id: 'teacher',
    kind: 'rating',
    text: { nb: 'Hvor fornøyd er du med læreren?', en: 'How satisfied are you with the teacher?', nn: 'Kor nøgd er du med læraren?' },
  },
  {
    id: 'pace',
    kind: 'rating',
    text: { nb: 'Hvor godt passet tempoet for deg?', en: 'How well did the pace suit you?', nn: 'Kor godt passa tempoet for deg?' },
  },
  {
    id: 'materials',
    kind: 'rating',
    text: { nb: 'Hvor fornøyd er du med kursmateriellet?', en: 'How satisfied are you with the course materials?', nn: 'Kor nøgd er du med kursmateriellet?' },
  },
  {
    id: 'benefit',
    kind: 'rating',
    text: { nb: 'Hvor nyttig er kurset for deg på jobben?', en: 'How useful is the course for you at work?', nn: 'Kor nyttig er kurset for deg på jobben?' },
  },
  {
    id: 'recommend',
    kind: 'yesno',
    text: { nb: 'Vil du anbefale kurset til andre?', en: 'Would you recommend the course to others?', nn: 'Vil du tilrå kurset til andre?' },
  },
  { id: 'good', kind: 'open', text: { nb: 'Hva var bra med kurset?', en: 'What was good about the course?', nn: 'Kva var bra med kurset?' } },
  { id: 'improve', kind: 'open', text: { nb: 'Hva kan bli bedre?', en: 'What could be better?', nn: 'Kva kan bli betre?' } },
];

/** Tokens of sends already stored, kept in memory only (never with an answer): a double click's second send stores nothing. */
const TOKENS_KEPT = 10_000;

interface ResponseRow {
  ratings: string;
  choices: string;
}

/**
 * Course evaluations. An answer is stored with the course and the day only;
 * results are figures, shown from RESULTS_THRESHOLD responses. Sends are not
 * audited (an entry's time and account would tie an answer to the laptop's
 * user at that minute); changing a form and deleting an open answer are.
 */
export class EvaluationService {
  private readonly sql;
  private readonly tokens = new Set<string>();
  /** The provider's default questions, read once per session (nothing changes them while it is open but this service). */
  private defaults: EvaluationQuestion[] | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  // ---------- forms ----------

  /** The provider's default: an edited default if one is stored, else the built-in questions. */
  defaultQuestions(): EvaluationQuestion[] {
    if (this.defaults) return this.defaults;
    const row = this.sql('SELECT questions FROM evaluation_forms WHERE course_id IS NULL').get() as { questions: string } | undefined;
    this.defaults = row ? (JSON.parse(row.questions) as EvaluationQuestion[]) : DEFAULT_QUESTIONS.map((q) => ({ ...q, text: { ...q.text } }));
    return this.defaults;
  }

  form(courseId: string): CourseEvaluationForm {
    this.courses.facts(courseId);
    const own = this.sql('SELECT questions FROM evaluation_forms WHERE course_id = ?').get(courseId) as { questions: string } | undefined;
    return {
      courseId,
      source: own ? 'course' : 'default',
      questions: own ? (JSON.parse(own.questions) as EvaluationQuestion[]) : this.defaultQuestions(),
      responses: this.responseCount(courseId),
    };
  }

  /** The course's own questions (a copy of the default, changed). Only while the course has no answers: old answers must keep their questions. */
  saveForm(courseId: string, questions: readonly EvaluationQuestion[]): CourseEvaluationForm {
    this.courses.facts(courseId);
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      if (this.responseCount(courseId) > 0) throw new AppError('EVALUATION_HAS_ANSWERS');
      this.sql(
        `INSERT INTO evaluation_forms (id, course_id, questions, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (course_id) DO UPDATE SET questions = excluded.questions, updated_at = excluded.updated_at`,
      ).run(randomUUID(), courseId, JSON.stringify(questions), now, now, this.ctx.deviceId);
      this.audit.record({ action: 'update', entity: 'course', entityId: courseId, courseId, fields: ['evaluationForm'] });
    })();
    return this.form(courseId);
  }

  /** Back to the provider's default form (only while the course has no answers). */
  useDefault(courseId: string): CourseEvaluationForm {
    this.courses.facts(courseId);
    this.ctx.db.transaction(() => {
      if (this.responseCount(courseId) > 0) throw new AppError('EVALUATION_HAS_ANSWERS');
      const removed = this.sql('DELETE FROM evaluation_forms WHERE course_id = ?').run(courseId).changes;
      if (removed > 0) this.audit.record({ action: 'update', entity: 'course', entityId: courseId, courseId, fields: ['evaluationForm'] });
    })();
    return this.form(courseId);
  }

  // ---------- answers ----------

  /**
   * Stores one person's answers in one transaction: a response (ratings and
   * choices) and each open answer on its own row, all with random ids and the
   * day only. The same token twice stores nothing the second time.
   */
  submit(courseId: string, token: string, answers: EvaluationAnswersInput): EvaluationSubmitted {
    if (this.tokens.has(token)) return { stored: false };
    const { questions } = this.form(courseId);
    const kindOf = new Map(questions.map((q) => [q.id, q.kind]));
    const check = (group: 'ratings' | 'choices' | 'texts', kind: EvaluationQuestion['kind'], values: Record<string, unknown>) => {
      for (const key of Object.keys(values)) if (kindOf.get(key) !== kind) throw fieldError(`answers.${group}.${key}`, 'invalidValue');
    };
    check('ratings', 'rating', answers.ratings);
    check('choices', 'yesno', answers.choices);
    check('texts', 'open', answers.texts);
    const texts = Object.entries(answers.texts).filter(([, text]) => text.length > 0);
    if (Object.keys(answers.ratings).length === 0 && Object.keys(answers.choices).length === 0 && texts.length === 0) {
      throw new AppError('EVALUATION_EMPTY');
    }
    const today = todayInNorway(this.ctx.clock);
    this.ctx.db.transaction(() => {
      this.sql('INSERT INTO evaluation_responses (id, course_id, answered_on, ratings, choices) VALUES (?, ?, ?, ?, ?)').run(
        randomUUID(),
        courseId,
        today,
        JSON.stringify(answers.ratings),
        JSON.stringify(answers.choices),
      );
      const insertOpen = this.sql('INSERT INTO evaluation_open_answers (id, course_id, question_id, answered_on, text) VALUES (?, ?, ?, ?, ?)');
      for (const [questionId, text] of texts) insertOpen.run(randomUUID(), courseId, questionId, today, text);
    })();
    this.tokens.add(token);
    if (this.tokens.size > TOKENS_KEPT) this.tokens.delete(this.tokens.values().next().value as string);
    return { stored: true };
  }

  responseCount(courseId: string): number {
    return (this.sql('SELECT count(*) AS n FROM evaluation_responses WHERE course_id = ?').get(courseId) as { n: number }).n;
  }

  // ---------- results ----------

  /** Distributions and means per question, the response rate, and open answers; only figures below the threshold. */
  results(courseId: string, withOpenAnswers: boolean): EvaluationResults {
    // One query for the course, its count of people and its own form: this runs for every course on the overview screens.
    const course = this.sql(
      `SELECT c.name,
              (SELECT count(*) FROM participant_enrollments e WHERE e.course_id = c.id AND e.withdrawn_on IS NULL) AS enrolled,
              (SELECT s.participants - s.withdrawn FROM course_statistics s WHERE s.course_id = c.id) AS kept,
              (SELECT f.questions FROM evaluation_forms f WHERE f.course_id = c.id) AS questions
       FROM courses c WHERE c.id = ?`,
    ).get(courseId) as { name: string; enrolled: number; kept: number | null; questions: string | null } | undefined;
    if (!course) throw new AppError('NOT_FOUND');
    // After a deletion run the people are gone: the count kept with the course's figures is the one to compare with.
    const enrolled = course.kept ?? course.enrolled;
    const rows = this.sql('SELECT ratings, choices FROM evaluation_responses WHERE course_id = ?').all(courseId) as ResponseRow[];
    const responses = rows.length;
    const base = {
      courseId,
      courseName: course.name,
      responses,
      enrolled,
      responseRate: enrolled > 0 ? responses / enrolled : null,
      threshold: RESULTS_THRESHOLD,
      openAnswersHidden: !withOpenAnswers,
    };
    if (responses < RESULTS_THRESHOLD) return { ...base, shown: false, questions: [], openAnswers: [] };
    const questions = course.questions ? (JSON.parse(course.questions) as EvaluationQuestion[]) : this.defaultQuestions();
    const tally = tallyResponses(rows);
    // Ordered by their random ids: neither the order people answered in nor which answers came together.
    const open = this.sql('SELECT id, question_id AS questionId, text FROM evaluation_open_answers WHERE course_id = ? ORDER BY id').all(courseId) as EvaluationOpenAnswer[];
    const openCounts = new Map<string, number>();
    for (const answer of open) openCounts.set(answer.questionId, (openCounts.get(answer.questionId) ?? 0) + 1);
    return {
      ...base,
      shown: true,
      questions: questions.map((q) => questionResult(q, tally, openCounts.get(q.id) ?? 0)),
      openAnswers: withOpenAnswers ? open : [],
    };
  }

  /** An open answer that names someone goes; nothing else of the response changes. */
  deleteOpenAnswer(courseId: string, answerId: string): void {
    this.ctx.db.transaction(() => {
      const removed = this.sql('DELETE FROM evaluation_open_answers WHERE id = ? AND course_id = ?').run(answerId, courseId).changes;
      if (removed === 0) throw new AppError('NOT_FOUND');
      // The course only: the answer's id would say nothing, and its text must not be kept anywhere.
      this.audit.record({ action: 'delete-evaluation-answer', entity: 'course', entityId: courseId, courseId });
    })();
  }

  /**
   * Across courses: one row per course type, teacher (as named on the course)
   * or term of the course's end date. Only courses with enough responses count,
   * so a group never shows a small class's answers.
   */
  summary(groupBy: EvaluationGrouping, from?: string, to?: string): EvaluationSummary {
    const courses = this.sql(
      `SELECT c.id, c.type, c.teacher, c.end_date AS endDate, count(r.id) AS responses
       FROM courses c JOIN evaluation_responses r ON r.course_id = c.id
       WHERE (? IS NULL OR c.end_date >= ?) AND (? IS NULL OR c.end_date <= ?)
       GROUP BY c.id`,
    ).all(from ?? null, from ?? null, to ?? null, to ?? null) as { id: string; type: string; teacher: string; endDate: string; responses: number }[];
    const counted = courses.filter((c) => c.responses >= RESULTS_THRESHOLD);
    const keyOf = (c: (typeof courses)[number]) =>
      groupBy === 'type' ? c.type : groupBy === 'teacher' ? c.teacher : `${c.endDate.slice(0, 4)}-${Number(c.endDate.slice(5, 7)) <= 6 ? 1 : 2}`;
    const groups = new Map<string, { courses: number; responses: number; rows: ResponseRow[] }>();
    const select = this.sql('SELECT ratings, choices FROM evaluation_responses WHERE course_id = ?');
    for (const course of counted) {
      const key = keyOf(course);
      const group = groups.get(key) ?? { courses: 0, responses: 0, rows: [] };
      group.courses++;
      group.responses += course.responses;
      group.rows.push(...(select.all(course.id) as ResponseRow[]));
      groups.set(key, group);
    }
    const ratingQuestions = DEFAULT_QUESTIONS.filter((q) => q.kind === 'rating').map((q) => ({ ...q, text: { ...q.text } }));
    const rows: EvaluationSummaryRow[] = [...groups.entries()]
      .map(([key, group]) => {
        const tally = tallyResponses(group.rows);
        const yesNo = tally.choices.get('recommend');
        return {
          key,
          courses: group.courses,
          responses: group.responses,
          means: Object.fromEntries(ratingQuestions.map((q) => [q.id, meanOf(tally.ratings.get(q.id))])),
          recommendShare: yesNo && yesNo.yes + yesNo.no > 0 ? yesNo.yes / (yesNo.yes + yesNo.no) : null,
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key, 'nb'));
    return { groupBy, questions: ratingQuestions, rows, coursesBelowThreshold: courses.length - counted.length, threshold: RESULTS_THRESHOLD };
  }
}

interface Tally {
  /** Per rating question: counts of 1..5. */
  ratings: Map<string, number[]>;
  choices: Map<string, { yes: number; no: number }>;
}

function tallyResponses(rows: readonly ResponseRow[]): Tally {
  const ratings = new Map<string, number[]>();
  const choices = new Map<string, { yes: number; no: number }>();
  for (const row of rows) {
    for (const [q, value] of Object.entries(JSON.parse(row.ratings) as Record<string, number>)) {
      let counts = ratings.get(q);
      if (!counts) ratings.set(q, (counts = [0, 0, 0, 0, 0]));
      counts[value - 1]!++;
    }
    for (const [q, value] of Object.entries(JSON.parse(row.choices) as Record<string, 'yes' | 'no'>)) {
      let counts = choices.get(q);
      if (!counts) choices.set(q, (counts = { yes: 0, no: 0 }));
      counts[value]++;
    }
  }
  return { ratings, choices };
}

function meanOf(counts: readonly number[] | undefined): number | null {
  if (!counts) return null;
  const n = counts.reduce((a, b) => a + b, 0);
  return n === 0 ? null : counts.reduce((sum, count, i) => sum + count * (i + 1), 0) / n;
}

function questionResult(question: EvaluationQuestion, tally: Tally, openAnswers: number): EvaluationQuestionResult {
  const base = { questionId: question.id, kind: question.kind, text: question.text };
  if (question.kind === 'rating') {
    const counts = tally.ratings.get(question.id) ?? [0, 0, 0, 0, 0];
    return { ...base, answered: counts.reduce((a, b) => a + b, 0), distribution: counts, mean: meanOf(counts) };
  }
  if (question.kind === 'yesno') {
    const { yes, no } = tally.choices.get(question.id) ?? { yes: 0, no: 0 };
    return { ...base, answered: yes + no, distribution: [yes, no], mean: yes + no > 0 ? yes / (yes + no) : null };
  }
  return { ...base, answered: openAnswers, distribution: [], mean: null };
}

/** "evaluering-norsk-pa-arbeidsplassen.pdf": the course name made safe for a file name. */
export function evaluationFileName(prefix: string, courseName: string, extension: string): string {
  const slug = courseName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${prefix}-${slug || 'kurs'}.${extension}`;
}
