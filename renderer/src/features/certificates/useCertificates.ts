import { useCallback, useEffect, useState } from 'react';
import type { CertificateEligibility, ExportedFile } from '@contract/types';
import type { Envelope } from '@contract/envelope';
import { call, neo } from '../../neo';

/**
 * The certificate screen's data and its calls to the core: eligibility and
 * the course name, loaded when the screen opens and again after a batch;
 * previews and issued certificates on request. The screen only renders.
 */
export function useCertificates(courseId: string) {
  const [eligibility, setEligibility] = useState<CertificateEligibility | null>(null);
  const [courseName, setCourseName] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);

  const loadEligibility = useCallback(
    () =>
      call(() => neo().certificates.eligibility({ courseId })).then((result) => {
        if (result.ok) setEligibility(result.value);
        else setLoadError(result.error.message);
      }),
    [courseId],
  );

  useEffect(() => {
    void Promise.all([loadEligibility(), call(() => neo().courses.get({ id: courseId }))]).then(([, course]) => {
      if (course.ok) setCourseName(course.value.name);
    });
  }, [courseId, loadEligibility]);

  const preview = useCallback(
    (participantId: string, language: 'nb' | 'en'): Promise<Envelope<ExportedFile>> =>
      call(() => neo().certificates.preview({ courseId, participantId, language })),
    [courseId],
  );

  const showIssued = useCallback(
    (certificateId: string): Promise<Envelope<ExportedFile>> => call(() => neo().certificates.show({ certificateId })),
    [],
  );

  return { eligibility, courseName, loadError, reload: loadEligibility, preview, showIssued };
}
