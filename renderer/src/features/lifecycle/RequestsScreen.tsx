import { useTranslation } from 'react-i18next';
import { PrivacyTabs } from '../privacy/PrivacyTabs';

/** Requests from people (access, correction, objection, restriction, erasure) and their deadlines. */
export function RequestsScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="requests-title">
      <div className="page-head">
        <h1 id="requests-title">{t('privacy.tabs.requests')}</h1>
      </div>
      <PrivacyTabs current="requests" />
    </section>
  );
}
