import type { AttendanceForecast } from '../../contract/types';

export interface ForecastInput {
  /** The course's requirement in percent (0–100). */
  requiredPercent: number;
  /** Hours of every session that is not cancelled: the certificate's denominator. */
  plannedHours: number;
  /** Hours the person has been marked with so far (late marks count their own hours). */
  attendedHours: number;
  /** The hours of each session still open to them (no mark, no absence notice). */
  openHours: readonly number[];
}

/** The certificate's rule (certificates.ts): a share that only rounds up to the requirement does not meet it. */
export const meetsRequirement = (rate: number, requiredPercent: number) => rate * 100 + 1e-9 >= requiredPercent;

/**
 * Can the requirement still be met? With full attendance at every open session
 * the rate is at most (attended + open) / planned; if that misses, nothing
 * can help. If missing any one open session (the shortest one hurts least)
 * misses it, every open session is needed.
 */
export function forecast({ requiredPercent, plannedHours, attendedHours, openHours }: ForecastInput): AttendanceForecast {
  if (plannedHours <= 0) return { maxRate: null, cannotReach: false, mustAttendAll: false, openSessions: openHours.length };
  const open = openHours.reduce((sum, h) => sum + h, 0);
  const maxRate = (attendedHours + open) / plannedHours;
  const cannotReach = !meetsRequirement(maxRate, requiredPercent);
  const mustAttendAll =
    !cannotReach && openHours.length > 0 && !meetsRequirement((attendedHours + open - Math.min(...openHours)) / plannedHours, requiredPercent);
  return { maxRate, cannotReach, mustAttendAll, openSessions: openHours.length };
}
