import type { BatchCounts } from '@contract/types';
import { i18n } from '../../i18n';

const COUNT_ORDER: (keyof BatchCounts)[] = ['courses', 'participants', 'enrollments', 'sessions', 'marks', 'consents', 'certificates', 'tombstones'];

/** "1 kurs, 3 deltakere, 40 oppmøteregistreringer": the non-zero counts of a batch. */
export function countsText(counts: BatchCounts): string {
  const parts = COUNT_ORDER.filter((key) => counts[key] > 0).map((key) => i18n.t(`exchange.counts.${key}`, { count: counts[key] }));
  return parts.length > 0 ? parts.join(', ') : i18n.t('exchange.counts.nothing');
}

/** "1, 2 og 4" / "1, 2 and 4". */
export function numbersText(numbers: readonly number[]): string {
  return new Intl.ListFormat(i18n.language === 'en' ? 'en' : 'nb', { type: 'conjunction' }).format(numbers.map(String));
}
