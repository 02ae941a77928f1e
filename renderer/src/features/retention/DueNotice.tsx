import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice';
import { useNav, useRetention } from '../../stores';

/**
 * After unlock: a notice when personal data is due for deletion, with a way
 * to the Sletting screen. Read once per unlock (a lock forgets it), closed for
 * the rest of the session, and not shown on the Sletting screen itself.
 */
export function DueNotice() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const onDeletion = useNav((s) => s.route.name === 'deletion');
  const due = useRetention((s) => s.due);
  const dismissed = useRetention((s) => s.noticeDismissed);

  useEffect(() => {
    if (useRetention.getState().due === null) void useRetention.getState().loadDue();
  }, []);

  if (dismissed || onDeletion || !due || due.length === 0) return null;
  return (
    <Notice kind="info">
      <span className="due-notice">
        <span>{t('dueNotice.text', { count: due.length })}</span>
        <span className="actions actions--inline">
          <button type="button" className="button button--small button--primary" onClick={() => go({ name: 'deletion' })}>
            {t('dueNotice.open')}
          </button>
          <button type="button" className="button button--small" onClick={() => useRetention.getState().dismissNotice()}>
            {t('dueNotice.dismiss')}
          </button>
        </span>
      </span>
    </Notice>
  );
}
