import { isoNow } from '../clock';
import type { Db } from '../db/database';
import type { AuditLog } from '../services/audit';
import type { SettingsStore } from '../services/settings';

/** Set once the cleanup below has run on this installation. */
export const BATCH_REASONS_CLEARED = 'exchange.batchReasonsClearedAt';

/**
 * Once per installation: removes the absence reasons that batches brought in
 * before they stopped carrying them (reasons may be health data, which the
 * privacy statement does not cover; they stay on the laptop that recorded
 * them). A mark recorded on another device came in a batch, so only those
 * lose their reason; the marks of this device keep theirs. Runs once, not on
 * every start: from now on no batch brings a reason, and a reason head office
 * gives one of those marks itself is its own to keep.
 */
export function clearReasonsFromBatches(db: Db, settings: SettingsStore, audit: AuditLog, deviceId: string, clock: { now(): Date }): number {
  if (settings.get(BATCH_REASONS_CLEARED) !== null) return 0;
  return db.transaction(() => {
    const { changes } = db
      .prepare('UPDATE attendance_marks SET absence_reason = NULL WHERE absence_reason IS NOT NULL AND device_id <> ?')
      .run(deviceId);
    if (changes > 0) {
      audit.record({ action: 'update', entity: 'attendance', entityId: deviceId, fields: ['absenceReason'], detail: `absence reasons from earlier batches removed: ${changes}` });
    }
    settings.set(BATCH_REASONS_CLEARED, isoNow(clock));
    return changes;
  })();
}
