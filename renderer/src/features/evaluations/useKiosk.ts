import { useCallback, useEffect, useState } from 'react';
import type { EvaluationQuestion } from '@contract/evaluation-types';
import type { EvaluationAnswersInput } from '@contract/evaluation-schemas';
import { call, neo } from '../../neo';

/**
 * The kiosk page's calls: the running evaluation's questions (loaded once) and
 * sending one participant's answers with the page's token for this form.
 */
export function useKiosk() {
  const [questions, setQuestions] = useState<EvaluationQuestion[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void call(() => neo().kiosk.form({})).then((result) => {
      if (result.ok) setQuestions(result.value.questions);
      else setLoadError(result.error.message);
    });
  }, []);

  const submit = useCallback((token: string, answers: EvaluationAnswersInput) => call(() => neo().kiosk.submit({ token, answers })), []);

  return { questions, loadError, submit };
}
