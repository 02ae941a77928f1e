import { isoNow } from '../clock';
import type { Language } from '../../contract/messages';
import type { Settings, StaffRole } from '../../contract/types';
import type { ServiceContext } from './context';
import { statementCache } from './context';

export const DEFAULT_IDLE_LOCK_MINUTES = 10;
/** Days after an open course's end before its personal data is due, so certificates can be issued first. */
export const DEFAULT_RETENTION_GRACE_DAYS = 30;

/** Settings kept inside the encrypted database (the staff member's name is personal). */
export class SettingsStore {
  private readonly sql;

  constructor(private readonly ctx: Pick<ServiceContext, 'db' | 'clock'>) {
    this.sql = statementCache(ctx.db);
  }

  get(key: string): string | null {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    this.sql(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(key, value, isoNow(this.ctx.clock));
  }

  staff(): { id: string; name: string; role: StaffRole } {
    return {
      id: this.get('staff.id') ?? 'unknown',
      name: this.get('staff.name') ?? '',
      role: (this.get('staff.role') as StaffRole | null) ?? 'teacher',
    };
  }

  settings(): Settings {
    const minutes = Number(this.get('idleLockMinutes'));
    const grace = Number(this.get('retentionGraceDays'));
    return {
      language: (this.get('language') as Language | null) ?? 'nb',
      idleLockMinutes: Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_LOCK_MINUTES,
      retentionGraceDays: Number.isInteger(grace) && grace >= 0 && this.get('retentionGraceDays') !== null ? grace : DEFAULT_RETENTION_GRACE_DAYS,
    };
  }
}
