import { formatSignedAt } from './features/attendance/format';

/** An ISO timestamp as local date and time in the chosen language ("dd.mm.åååå kl. tt.mm", "dd.mm.yyyy at hh:mm"). */
export const formatTimestamp = (iso: string): string => formatSignedAt(iso);
