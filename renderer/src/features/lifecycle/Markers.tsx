import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import './lifecycle.css';

/** What a list or roll call says next to a name: withdrawn from the course (from when), and restricted processing. */
export function ParticipantMarkers({ withdrawnOn, restricted }: { withdrawnOn: string | null; restricted: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {withdrawnOn && <span className="marker marker--withdrawn">{t('lifecycle.markerWithdrawn', { date: formatNorwegianDate(withdrawnOn) })}</span>}
      {restricted && (
        <span className="marker marker--restricted" title={t('lifecycle.markerRestrictedTitle')}>
          {t('lifecycle.markerRestricted')}
        </span>
      )}
    </>
  );
}
