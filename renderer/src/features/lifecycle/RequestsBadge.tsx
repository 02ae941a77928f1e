import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequests } from '../../stores';
import './lifecycle.css';

/**
 * On the Personvern menu item: how many requests are due within a week or
 * overdue, read when the app is unlocked. Nothing when none are.
 */
export function RequestsBadge() {
  const { t } = useTranslation();
  const summary = useRequests((s) => s.summary);
  useEffect(() => {
    void useRequests.getState().fetchSummary();
  }, []);
  const count = summary ? summary.dueSoon + summary.overdue : 0;
  if (count === 0) return null;
  return (
    <span className="nav__badge" title={t('requests.badge', { count })}>
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{t('requests.badge', { count })}</span>
    </span>
  );
}
