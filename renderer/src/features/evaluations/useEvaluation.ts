import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput } from '@contract/channels';
import type { CourseEvaluationForm, EvaluationGrouping, EvaluationQuestion, EvaluationResults, EvaluationSummary } from '@contract/evaluation-types';
import { call, neo } from '../../neo';

/** A course's form and results; the screen's calls to the core. */
export function useCourseEvaluation(courseId: string) {
  const [form, setForm] = useState<CourseEvaluationForm | null>(null);
  const [results, setResults] = useState<EvaluationResults | null>(null);
  const [courseName, setCourseName] = useState('');
  const [error, setError] = useState<string | null>(null);

  // Bumped to read everything again (after a paper sheet or a deleted answer).
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let current = true;
    void Promise.all([
      call(() => neo().courses.get({ id: courseId })),
      call(() => neo().evaluations.form({ courseId })),
      call(() => neo().evaluations.results({ courseId })),
    ]).then(([course, f, r]) => {
      if (!current) return;
      if (course.ok) setCourseName(course.value.name);
      if (f.ok) setForm(f.value);
      if (r.ok) setResults(r.value);
      const failed = [course, f, r].find((e) => !e.ok);
      setError(failed && !failed.ok ? failed.error.message : null);
    });
    return () => {
      current = false;
    };
  }, [courseId, version]);

  return {
    form,
    results,
    courseName,
    error,
    reload,
    saveForm: (questions: EvaluationQuestion[]) => call(() => neo().evaluations.saveForm({ courseId, questions })),
    resetToDefault: () => call(() => neo().evaluations.useDefault({ courseId })),
    deleteOpenAnswer: (answerId: string) => call(() => neo().evaluations.deleteOpenAnswer({ courseId, answerId })),
    exportPdf: () => call(() => neo().evaluations.exportPdf({ courseId })),
    paperForm: () => call(() => neo().evaluations.paperForm({ courseId })),
    enterPaper: (input: Omit<ChannelInput<'evaluations:enterPaper'>, 'courseId'>) => call(() => neo().evaluations.enterPaper({ courseId, ...input })),
  };
}

/** Results across courses, grouped. */
export function useEvaluationSummary(groupBy: EvaluationGrouping) {
  const [summary, setSummary] = useState<EvaluationSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void call(() => neo().evaluations.summary({ groupBy })).then((result) => {
      if (!current) return;
      if (result.ok) setSummary(result.value);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [groupBy]);
  return { summary, error, exportCsv: () => call(() => neo().evaluations.exportCsv({ groupBy })) };
}
