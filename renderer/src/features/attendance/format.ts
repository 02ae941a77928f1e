import { formatNorwegianDate } from '@contract/formats';
import type { AttendanceStatus } from '@contract/types';

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

/** "09:00" → "09.00", the Norwegian way of writing a time of day. */
export const formatTime = (time: string): string => time.replace(':', '.');

/** "09:00", "11:30" → "09.00–11.30". */
export const formatTimeRange = (start: string, end: string): string => `${formatTime(start)}–${formatTime(end)}`;

const hoursFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2, useGrouping: false });

/** 2.5 → "2,5": hours with a decimal comma, as on paper. */
export const formatHours = (hours: number): string => hoursFormat.format(hours);

/** 0.8333 → "83 %"; null (nothing held yet) → "–". */
export const formatRate = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 100)} %`);

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

/** A local time of day as "tt.mm". */
export const clockTime = (date: Date): string => `${pad(date.getHours())}.${pad(date.getMinutes())}`;

/** An ISO timestamp as local "dd.mm.åååå kl. tt.mm". */
export function formatSignedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatNorwegianDate(`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`)} kl. ${clockTime(date)}`;
}

/** The letter for each status on screen, on the roll-call keys and in the overview. */
export const STATUS_KEY: Record<AttendanceStatus, string> = { present: 'M', absent: 'I', late: 'F', excused: 'G' };

/** Statuses that count as attended: their hours default to the session's hours. */
export const ATTENDED_STATUSES: ReadonlySet<AttendanceStatus> = new Set(['present', 'late']);
