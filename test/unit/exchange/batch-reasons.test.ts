import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BATCH_REASONS_CLEARED } from '../../../main/core/exchange/batch-reasons';
import { dispatchOk, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { coreDatabase } from '../support/storage';
import { attendanceFixture } from '../attendance/helpers';

/**
 * Batches carried absence reasons until they stopped (reasons may be health
 * data, which the privacy statement does not cover). The reasons earlier
 * batches brought in are removed once, at the first unlock after the update:
 * those on marks recorded on another device. This device's own stay.
 */
describe('absence reasons from earlier batches', () => {
  it('are removed at the first unlock, once; this device\'s own reasons stay', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(4);
    const [own, fromBatch, fromBatchToo, later] = participantIds as [string, string, string, string];
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: own, status: 'excused', absenceReason: 'illness' });
    const db = coreDatabase(core);
    const laptop = randomUUID();
    // Marks as an earlier batch from a laptop left them: the laptop's device id, with their reasons.
    const imported = db.prepare(
      `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, absence_reason, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, 0, ?, '2025-04-01T10:00:00.000Z', '2025-04-01T10:00:00.000Z', ?)`,
    );
    imported.run(randomUUID(), sessionIds[0]!, fromBatch, 'absent', 'childIllness', laptop);
    imported.run(randomUUID(), sessionIds[0]!, fromBatchToo, 'excused', 'work', laptop);
    db.prepare('DELETE FROM settings WHERE key = ?').run(BATCH_REASONS_CLEARED); // as before the update

    await dispatchOk(core, 'vault:lock', {});
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const after = coreDatabase(core);
    const read = () => Object.fromEntries((after.prepare('SELECT participant_id, absence_reason, status FROM attendance_marks').all() as { participant_id: string; absence_reason: string | null; status: string }[]).map((r) => [r.participant_id, [r.status, r.absence_reason]]));
    expect(read()).toEqual({ [own]: ['excused', 'illness'], [fromBatch]: ['absent', null], [fromBatchToo]: ['excused', null] });
    const entry = after.prepare(`SELECT action, entity, detail FROM audit_log WHERE detail LIKE 'absence reasons from earlier batches%'`).all();
    expect(entry).toEqual([{ action: 'update', entity: 'attendance', detail: 'absence reasons from earlier batches removed: 2' }]);

    // Once only: a reason given later to a mark from another device (by head office itself) is kept at the next unlock.
    after.prepare('UPDATE attendance_marks SET absence_reason = ? WHERE participant_id = ?').run('other', fromBatchToo);
    after.prepare(
      `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, absence_reason, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'absent', 0, 'work', '2025-04-02T10:00:00.000Z', '2025-04-02T10:00:00.000Z', ?)`,
    ).run(randomUUID(), sessionIds[1]!, later, laptop);
    await dispatchOk(core, 'vault:lock', {});
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const again = coreDatabase(core).prepare('SELECT participant_id, absence_reason FROM attendance_marks WHERE absence_reason IS NOT NULL ORDER BY participant_id').all();
    expect(again).toEqual([
      { participant_id: own, absence_reason: 'illness' },
      { participant_id: fromBatchToo, absence_reason: 'other' },
      { participant_id: later, absence_reason: 'work' },
    ].sort((a, b) => (a.participant_id < b.participant_id ? -1 : 1)));
  });
});
