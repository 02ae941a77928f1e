import type { TFunction } from 'i18next';
import type { CertificateBatchStatus, CertificateEligibilityRow } from '@contract/types';

/** Whole percentages as the chosen language writes them. */
const percent = (language: string, value: number) =>
  new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 1 }).format(value);

/** Why a participant does or does not meet the requirement, e.g. "62 % oppmøte, krav 75 %". The core sends the code and the rate. */
export function reasonText(t: TFunction, language: string, row: CertificateEligibilityRow, requiredPercent: number): string {
  if (row.reasonCode === 'eligible' || row.reasonCode === 'belowRequirement') {
    return t('certificates.reasons.rate', { rate: percent(language, row.ratePercent), required: percent(language, requiredPercent) });
  }
  return t(`certificates.reasons.${row.reasonCode}`);
}

/** Why a batch stopped, with how many certificates were written before it did. */
export function failureText(t: TFunction, status: CertificateBatchStatus): string {
  return t(`certificates.failures.${status.failure ?? 'other'}`, { written: status.written.length, total: status.total });
}
