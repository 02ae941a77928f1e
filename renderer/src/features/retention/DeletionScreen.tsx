import { useTranslation } from 'react-i18next';
import { PrivacyTabs } from '../privacy/PrivacyTabs';

/** Sletting: courses whose personal data is due, a preview of what goes and what stays, and the run. */
export function DeletionScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="deletion-title">
      <div className="page-head">
        <h1 id="deletion-title">{t('privacy.tabs.deletion')}</h1>
      </div>
      <PrivacyTabs current="deletion" />
    </section>
  );
}
