import type { ErrorCode } from '../contract/envelope';
import type { ValidationKey } from '../contract/messages';

/**
 * An expected failure with a code the renderer understands. Field errors carry
 * validation keys; the dispatcher translates them into the user's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: Record<string, ValidationKey>,
    /** Values for the {placeholders} of a field's message, per field (e.g. the name a certificate cannot print). */
    readonly fieldParams?: Record<string, Record<string, string>>,
    /** UNLOCK_THROTTLED: seconds to wait, put into the message and the envelope. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const fieldError = (field: string, key: ValidationKey) => new AppError('VALIDATION', { [field]: key });

/** Maps low-level failures (SQLite, file system) onto codes a user can act on. */
export function classifyError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return new AppError('DISK_FULL');
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new AppError('DB_CORRUPT');
  return new AppError('INTERNAL');
}
