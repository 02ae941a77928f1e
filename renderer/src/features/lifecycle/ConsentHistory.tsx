import { useTranslation } from 'react-i18next';
import type { ConsentEvent } from '@contract/types';
import { formatTimestamp } from '../../format';

/** Every answer to "may we keep your data after the course", oldest first: what, how, when and who recorded it. */
export function ConsentHistory({ history }: { history: readonly ConsentEvent[] }) {
  const { t } = useTranslation();
  if (history.length === 0) return null;
  return (
    <section className="consent-history" aria-labelledby="consent-history-title">
      <h3 id="consent-history-title">{t('lifecycle.consentHistory')}</h3>
      <ol className="plain-list small">
        {history.map((event, i) => (
          <li key={`${event.at}-${i}`}>
            <span className="strong">
              {event.kind === 'withdrawn'
                ? t('lifecycle.consentWithdrawn')
                : event.method
                  ? t('lifecycle.consentGivenHow', { method: t(`consentMethod.${event.method}`).toLowerCase() })
                  : t('lifecycle.consentGiven')}
            </span>
            {' · '}
            <span className="muted">
              {t('lifecycle.consentBy', { when: formatTimestamp(event.at), who: event.recordedBy ?? t('participantForm.unknownStaff') })}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
