/** Made once: building a formatter with a time zone is not free. */
const osloDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });

/** Today's date (yyyy-mm-dd) in Norway, where requests come in and courses run. */
export const todayInOslo = (): string => osloDate.format(new Date());
