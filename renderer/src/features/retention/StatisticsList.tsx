import { useTranslation } from 'react-i18next';
import type { CourseStatistics } from '@contract/types';
import { formatHours } from '../attendance/format';

/** What stays of a course once its personal data is erased: counts, hours and rates, no person. */
export function StatisticsList({ statistics: s }: { statistics: CourseStatistics }) {
  const { t } = useTranslation();
  const percent = (rate: number | null) => (rate === null ? t('statistics.none') : t('statistics.percent', { percent: Math.round(rate * 100) }));
  const entries: [string, string][] = [
    [t('statistics.participants'), String(s.participants)],
    [t('statistics.byGender'), t('statistics.genderValue', s.byGender)],
    [t('statistics.withdrawn'), String(s.withdrawn)],
    [t('statistics.sessionsHeld'), String(s.sessionsHeld)],
    [t('statistics.hoursHeld'), formatHours(s.hoursHeld)],
    [t('statistics.hoursAttended'), formatHours(s.hoursAttended)],
    [t('statistics.averageRate'), percent(s.averageRate)],
    [t('statistics.metRequirement'), String(s.metRequirement)],
    [t('statistics.certificatesIssued'), String(s.certificatesIssued)],
  ];
  return (
    <dl className="facts__list">
      {entries.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
