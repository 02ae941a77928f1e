/**
 * The result envelope every channel returns. Nothing else crosses the IPC
 * boundary: no exceptions, stack traces or SQL.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNKNOWN_CHANNEL'
  | 'NOT_FOUND'
  | 'DUPLICATE_PARTICIPANT'
  | 'NOT_ENROLLED'
  | 'SESSION_CANCELLED'
  | 'CONFIRM_FUTURE'
  | 'VAULT_MISSING'
  | 'VAULT_EXISTS'
  | 'VAULT_CORRUPT'
  | 'VAULT_LOCKED'
  | 'WRONG_PASSPHRASE'
  | 'UNLOCK_THROTTLED'
  | 'LAST_COORDINATOR'
  | 'ACCOUNT_NAME_TAKEN'
  | 'ACCOUNT_IS_YOU'
  | 'DB_TOO_NEW'
  | 'VAULT_TOO_NEW'
  | 'DB_CORRUPT'
  | 'DISK_FULL'
  | 'FORBIDDEN'
  | 'INTERNAL'
  | 'PROVIDER_MISSING'
  | 'FOLDER_NOT_WRITABLE'
  | 'BATCH_NOT_READY'
  | 'BATCH_RUNNING'
  | 'FOLDER_NOT_CHOSEN'
  | 'CERTIFICATE_REPLACED'
  | 'CERTIFICATE_TAMPERED'
  | 'COURSE_HAS_RECORDS'
  | 'REGISTRATION_HAS_RECORDS'
  | 'PERSON_PENDING'
  | 'COURSE_ERASED'
  | 'NOT_WITHDRAWN'
  | 'REQUEST_RESOLVED'
  | 'REQUEST_ANSWERED_ELSEWHERE'
  | 'NOT_DUE'
  | 'CONTROLLER_MISSING'
  | 'EXCHANGE_NOT_A_BATCH'
  | 'EXCHANGE_SIGNATURE_MISSING'
  | 'EXCHANGE_BAD_SIGNATURE'
  | 'EXCHANGE_WRONG_KEY'
  | 'EXCHANGE_UNKNOWN_DEVICE'
  | 'EXCHANGE_ALREADY_IMPORTED'
  | 'EXCHANGE_REPLAY'
  | 'EVALUATION_EMPTY'
  | 'EVALUATION_HAS_ANSWERS'
  | 'KIOSK_ACTIVE'
  | 'NOT_IN_KIOSK'
  | 'EXCHANGE_NOT_FOR_US'
  | 'EXCHANGE_TRUNCATED'
  | 'EXCHANGE_TOO_LARGE'
  | 'EXCHANGE_INVALID_PAYLOAD'
  | 'EXCHANGE_OTHER_PROVIDER'
  | 'EXCHANGE_NO_RECIPIENT'
  | 'EXCHANGE_NOT_A_KEY_FILE'
  | 'EXCHANGE_NOT_A_RECEIPT'
  | 'EXCHANGE_NOTHING_TO_SEND'
  | 'REPORT_ONLY_KOMPETANSEPLUSS'
  | 'REPORT_BEFORE_START'
  | 'REPORT_BEFORE_END'
  | 'IMPORT_UNSUPPORTED_FILE'
  | 'IMPORT_BROKEN_XLSX'
  | 'IMPORT_BROKEN_CSV'
  | 'IMPORT_ZIP_BOMB'
  | 'IMPORT_TOO_LARGE'
  | 'IMPORT_TOO_MANY_ROWS'
  | 'IMPORT_EMPTY'
  | 'IMPORT_NO_HEADER'
  | 'IMPORT_MAPPING_INCOMPLETE'
  | 'IMPORT_EMPLOYER_COURSE';

export interface AppErrorShape {
  code: ErrorCode;
  /** Translated, human-readable message (nb or en). */
  message: string;
  /** Translated message per input field, keyed by dotted field path. */
  fields?: Record<string, string>;
  /** UNLOCK_THROTTLED: seconds to wait before the next try. */
  retryAfterSeconds?: number;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string';
}
