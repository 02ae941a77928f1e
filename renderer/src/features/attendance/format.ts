import { formatNorwegianDate, formatNorwegianTime } from '@contract/formats';
import type { Language } from '@contract/messages';
import type { AttendanceStatus } from '@contract/types';
import { currentLanguage, i18n } from '../../i18n';

/** ISO weekday: 1 = Monday … 7 = Sunday (the Norwegian week starts on Monday). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** The translation key of each ISO weekday (weekday.mon, weekdayShort.mon …). */
export const WEEKDAY_KEY = { 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' } as const;

/** The ISO weekday of an ISO date, computed in UTC so the local time zone cannot shift the day. */
export function isoWeekdayOf(isoDate: string): IsoWeekday {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (day === 0 ? 7 : day) as IsoWeekday;
}

/*
 * Times, hours and rates follow the language the user chose: Norwegian writes
 * "17.03", "2,5" and "83 %", English "17:03", "2.5" and "83%". Dates stay
 * dd.mm.åååå in both. Each call reads the current language, and every screen
 * re-renders when it changes.
 */

/** "09:00" → "09.00" in Norwegian, "09:00" in English (24-hour clock in both). */
export const formatTime = (time: string): string => (currentLanguage() === 'nb' ? formatNorwegianTime(time) : time);

/** "09:00", "11:30" → "09.00–11.30". */
export const formatTimeRange = (start: string, end: string): string => `${formatTime(start)}–${formatTime(end)}`;

const NUMBER_LOCALE: Record<Language, string> = { nb: 'nb-NO', en: 'en-GB' };
const hoursFormats = new Map<Language, Intl.NumberFormat>();

function hoursFormat(): Intl.NumberFormat {
  const language = currentLanguage();
  let format = hoursFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALE[language], { maximumFractionDigits: 2, useGrouping: false });
    hoursFormats.set(language, format);
  }
  return format;
}

/** 2.5 → "2,5" in Norwegian (a decimal comma, as on paper), "2.5" in English. */
export const formatHours = (hours: number): string => hoursFormat().format(hours);

/** A number as it is typed back into a field: "7,5" in Norwegian, "7.5" in English. */
export const formatDecimalInput = (value: number): string => (currentLanguage() === 'nb' ? String(value).replace('.', ',') : String(value));

/** 0.8333 → "83 %" in Norwegian, "83%" in English; null (nothing held yet) → "–". */
export const formatRate = (rate: number | null): string => {
  if (rate === null) return '–';
  const percent = Math.round(rate * 100);
  return currentLanguage() === 'nb' ? `${percent} %` : `${percent}%`;
};

/** "1,5" or "1.5" → 1.5; blank → undefined; anything else → NaN. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+([.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN;
}

/** Today's date (yyyy-mm-dd) in Norway, the same rule the core uses for "future" sessions. */
export function todayInNorway(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(now);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local time of day: "17.03" in Norwegian, "17:03" in English. */
export const clockTime = (date: Date): string => formatTime(`${pad(date.getHours())}:${pad(date.getMinutes())}`);

/** An ISO timestamp as local date and time: "20.04.2025 kl. 17.03", "20.04.2025 at 17:03". */
export function formatSignedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = formatNorwegianDate(`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`);
  return i18n.t('common.dateAtTime', { date: day, time: clockTime(date) });
}

/** The letter of each status in the chosen language (M/I/F/G, P/A/L/E): on the roll-call keys, the row buttons and in the overview. */
export const statusKey = (status: AttendanceStatus): string => i18n.t(`attendanceKey.${status}`);

/** The key that marks everyone not yet marked as present (A in Norwegian, R for "the rest" in English). */
export const allPresentKey = (): string => i18n.t('attendanceKey.allPresent');

/** Statuses that count as attended: their hours default to the session's hours. */
export const ATTENDED_STATUSES: ReadonlySet<AttendanceStatus> = new Set(['present', 'late']);
