import { useTranslation } from 'react-i18next';
import { can } from '../../can';
import { AccessReportPanel } from '../reports/AccessReportPanel';
import { ErasurePanel } from '../retention/ErasurePanel';
import { LifecyclePanel } from '../lifecycle/LifecyclePanel';

/**
 * What can be done with a person's data beyond editing it: leave or be
 * removed from the course, merge with a duplicate, answer their requests, show
 * them what is held (access report), and erase them. Shown under the form on
 * the participant's page.
 */
export function PersonPrivacyPanel({ courseId, participantId }: { courseId: string; participantId: string }) {
  const { t } = useTranslation();
  return (
    <section className="person-privacy" aria-labelledby="person-privacy-title">
      <h2 id="person-privacy-title">{t('privacy.personTitle')}</h2>
      <LifecyclePanel courseId={courseId} participantId={participantId} />
      {can('privacy:accessReport') && <AccessReportPanel courseId={courseId} participantId={participantId} />}
      {can('privacy:erase') && <ErasurePanel courseId={courseId} participantId={participantId} />}
    </section>
  );
}
