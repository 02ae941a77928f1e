import { useTranslation } from 'react-i18next';
import { useNav } from '../../stores';
import type { Route } from '../../stores/nav';

type PrivacyRoute = Extract<Route, { name: 'deletion' | 'requests' | 'processing' }>['name'];

/** The privacy section's screens: deletion runs, requests from people, and the record of processing. */
export function PrivacyTabs({ current }: { current: PrivacyRoute }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const tabs: PrivacyRoute[] = ['deletion', 'requests', 'processing'];
  return (
    <nav className="tabs" aria-label={t('privacy.tabsLabel')}>
      {tabs.map((name) => (
        <button key={name} type="button" className="tabs__item" aria-current={current === name ? 'page' : undefined} onClick={() => go({ name })}>
          {t(`privacy.tabs.${name}`)}
        </button>
      ))}
    </nav>
  );
}
