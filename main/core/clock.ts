/** Injected time source, so retention, audit and idle-lock tests control "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const isoNow = (clock: Clock) => clock.now().toISOString();

/** Made once: building a formatter with a time zone costs more than a registration's own SQL. */
const norwegianDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });

/** Today's date (yyyy-mm-dd) in Norway, where the app is used. */
export function todayInNorway(clock: Clock): string {
  return norwegianDate.format(clock.now());
}
