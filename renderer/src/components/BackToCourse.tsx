import { useTranslation } from 'react-i18next';
import { useNav } from '../stores';

/** "← Tilbake til kurset": the crumb above every screen that belongs to one course. */
export function BackToCourse({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  return (
    <p className="crumbs">
      <button type="button" className="link" onClick={() => go({ name: 'course', courseId })}>
        ← {t('common.backToCourse')}
      </button>
    </p>
  );
}
