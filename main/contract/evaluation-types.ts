import type { Session } from './types';
/**
 * Result types of course evaluations (issue 13). Kept apart from types.ts:
 * an evaluation holds no personal data and nothing here names a person.
 */

/** A question's own text: bokmål always, English and nynorsk when the form gives them. */
export interface LocalText {
  nb: string;
  en?: string | undefined;
  nn?: string | undefined;
}

/** rating: 1–5; open: free text; yesno: "would you recommend the course". */
export type EvaluationQuestionKind = 'rating' | 'open' | 'yesno';

export interface EvaluationQuestion {
  /** Stable within a form; the default form's ids (content, teacher, ...) are kept in a course's copy, so courses compare. */
  id: string;
  kind: EvaluationQuestionKind;
  text: LocalText;
}

export interface EvaluationForm {
  /** 'default' for the provider's form, 'course' for a course's own copy. */
  source: 'default' | 'course';
  questions: EvaluationQuestion[];
}

/** A course's form and what it has: the form can be changed only while no answer exists. */
export interface CourseEvaluationForm extends EvaluationForm {
  courseId: string;
  responses: number;
}

/** What the kiosk shows: the questions and nothing of the course (no name, no people). */
export interface KioskForm {
  questions: EvaluationQuestion[];
}

export interface KioskStatus {
  active: boolean;
}

/** Leaving the kiosk: the session, and the course it ran for, so the teacher comes back to that course's evaluation (a reload in the kiosk forgets where the app was). */
export interface KioskLeft {
  session: Session;
  courseId: string;
}

/** The answer to a submit: whether this token was new (a double click gets `stored: false`, and nothing more is stored). */
export interface EvaluationSubmitted {
  stored: boolean;
}

export interface EvaluationQuestionResult {
  questionId: string;
  kind: EvaluationQuestionKind;
  text: LocalText;
  /** How many answered this question. */
  answered: number;
  /** rating: counts of 1..5 (index 0 is "1"); yesno: [yes, no]; open: [] */
  distribution: number[];
  /** rating: the mean; yesno: the share of yes (0–1); open: null. */
  mean: number | null;
}

export interface EvaluationOpenAnswer {
  /** The open answer's own random id (not the response's): two answers of one person cannot be paired by it. */
  id: string;
  questionId: string;
  text: string;
}

export interface EvaluationResults {
  courseId: string;
  courseName: string;
  /** Responses stored for the course. */
  responses: number;
  /** People enrolled (not withdrawn); after a deletion run, the figure kept in the course's statistics. */
  enrolled: number;
  /** responses / enrolled, or null when no one is enrolled. */
  responseRate: number | null;
  /** Results are shown from this many responses. */
  threshold: number;
  /** False below the threshold: then `questions` and `openAnswers` are empty. */
  shown: boolean;
  questions: EvaluationQuestionResult[];
  openAnswers: EvaluationOpenAnswer[];
  /** True when the caller may not see open answers (a teacher: a coordinator reads them first and removes names). */
  openAnswersHidden: boolean;
}

export type EvaluationGrouping = 'type' | 'teacher' | 'period';

/** One group of courses across courses: means per question of the default form, over courses with enough responses. */
export interface EvaluationSummaryRow {
  /** Course type, the teacher's name as on the course, or a term "2025-1" (Jan–Jun) / "2025-2" (Jul–Dec) of the course's end date. */
  key: string;
  courses: number;
  responses: number;
  /** Mean per rating question id (null when no one in the group answered it). */
  means: Record<string, number | null>;
  /** Share answering yes to "would you recommend", or null. */
  recommendShare: number | null;
}

export interface EvaluationSummary {
  groupBy: EvaluationGrouping;
  /** The rating questions the table has columns for (the default form's), in order. */
  questions: EvaluationQuestion[];
  rows: EvaluationSummaryRow[];
  /** Courses left out because they have fewer responses than the threshold. */
  coursesBelowThreshold: number;
  threshold: number;
}
