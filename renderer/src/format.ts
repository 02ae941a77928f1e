import { formatNorwegianDate } from '@contract/formats';

/** An ISO timestamp as local "dd.mm.åååå kl. tt:mm". */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${formatNorwegianDate(day)} kl. ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
