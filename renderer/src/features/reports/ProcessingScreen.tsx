import { useTranslation } from 'react-i18next';
import { PrivacyTabs } from '../privacy/PrivacyTabs';

/** The record of processing (GDPR art. 30), with the provider's own details editable, and as PDF. */
export function ProcessingScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="processing-title">
      <div className="page-head">
        <h1 id="processing-title">{t('privacy.tabs.processing')}</h1>
      </div>
      <PrivacyTabs current="processing" />
    </section>
  );
}
