import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessReport } from '../../../main/core/services/access-report';
import type { Db } from '../../../main/core/db/database';
import { migrate } from '../../../main/core/db/migrate';
import { absenceReasons } from '../../../main/core/db/migrations/011-absence-reasons';
import { markRecord } from '../../../main/core/exchange/payload';
import { dispatchError, dispatchOk, makeTempDir } from '../support/core';
import { coreDatabase } from '../support/storage';
import { attendanceFixture } from '../attendance/helpers';

/**
 * Absence with reasons (issue 12, item 5). The fixture's course has sessions on
 * Tuesdays and Thursdays in April 2025 (1, 3, 8, 10, 15, 17, 22, 24, 29) and the
 * clock on Sunday 20 April: six sessions held, three to come.
 */

const NOW = '2025-03-10T09:00:00.000Z';
const count = (db: Db, sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;


describe('migration 011 (absence reasons)', () => {
  it('keeps existing marks valid (no reason), lets absences take a reason, and refuses one on a present mark', () => {
    const db: Db = new Database(':memory:');
    db.pragma('foreign_keys=ON');
    migrate(db, absenceReasons.version - 1);
    const courseId = randomUUID();
    const sessionId = randomUUID();
    const personId = randomUUID();
    db.prepare(
      `INSERT INTO courses (id, name, type, place, start_date, end_date, planned_hours, teacher, status, created_at, updated_at, device_id)
       VALUES (?, 'Norsk', 'other', 'Ålesund', '2025-04-01', '2025-04-30', 10, 'Tove', 'running', ?, ?, 'd')`,
    ).run(courseId, NOW, NOW);
    db.prepare(
      `INSERT INTO participants (id, first_name, last_name, birth_date, mobile, gender, identity_key, search_key, sort_key, created_at, updated_at, device_id)
       VALUES (?, 'Åse', 'Ødegård', '1980-01-01', '+4791234567', 'female', 'k', 's', 'o', ?, ?, 'd')`,
    ).run(personId, NOW, NOW);
    db.prepare(
      `INSERT INTO course_sessions (id, course_id, date, start_time, end_time, hours, created_at, updated_at, device_id)
       VALUES (?, ?, '2025-04-01', '09:00', '11:30', 2.5, ?, ?, 'd')`,
    ).run(sessionId, courseId, NOW, NOW);
    db.prepare(
      `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, note, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'excused', 0, 'Syk', ?, ?, 'd')`,
    ).run(randomUUID(), sessionId, personId, NOW, NOW);

    migrate(db, absenceReasons.version);
    expect(db.pragma('user_version', { simple: true })).toBe(absenceReasons.version);
    expect(db.prepare('SELECT status, hours, note, absence_reason FROM attendance_marks').get()).toEqual({
      status: 'excused',
      hours: 0,
      note: 'Syk',
      absence_reason: null,
    });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.prepare("UPDATE attendance_marks SET absence_reason = 'childIllness'").run();
    expect(() => db.prepare("UPDATE attendance_marks SET status = 'present', hours = 2.5").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE attendance_marks SET absence_reason = 'holiday'").run()).toThrow(/CHECK/);

    // A notice goes with its person.
    db.prepare(
      `INSERT INTO absence_notices (id, session_id, participant_id, reason, note, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'illness', NULL, ?, ?, 'd')`,
    ).run(randomUUID(), sessionId, personId, NOW, NOW);
    db.prepare('DELETE FROM participants WHERE id = ?').run(personId);
    expect(count(db, 'SELECT count(*) AS n FROM absence_notices')).toBe(0);
  });
});

describe('absence reasons on marks', () => {
  it('stores a reason with an absence, shows it in the roll call, and refuses one on a present mark', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(3);
    const [a, b] = participantIds as [string, string];
    const mark = await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: a, status: 'excused', absenceReason: 'childIllness' });
    expect(mark).toMatchObject({ status: 'excused', hours: 0, absenceReason: 'childIllness' });
    const refused = await dispatchError(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: b, status: 'present', absenceReason: 'work' });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.fields).toEqual({ absenceReason: 'Bare fravær kan ha en fraværsårsak.' });
    expect((await dispatchError(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: b, status: 'absent', absenceReason: 'ferie' })).code).toBe(
      'VALIDATION',
    );
    const roll = await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[0]! });
    expect(roll.rows.find((r) => r.participantId === a)).toMatchObject({ status: 'excused', absenceReason: 'childIllness' });
    expect(roll.rows.find((r) => r.participantId === b)).toMatchObject({ status: null, absenceReason: null });
    // Changing the status to present clears the reason; the audit names the field, never the value.
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: a, status: 'present' });
    const db = coreDatabase(core);
    expect(db.prepare('SELECT absence_reason FROM attendance_marks WHERE participant_id = ?').pluck().get(a)).toBeNull();
    expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain('childIllness');
  });

  // It travelled in batch records until this version (issue 12); it stays on the laptop now, for privacy: a reason
  // can be health data, which head office does not need. A record of the previous version, with a reason, still
  // validates as before, and the reason is dropped on reading.
  it('is left out of a batch record: a previous version\'s record with it still validates, and comes out without it', () => {
    const base = {
      id: randomUUID(),
      createdAt: NOW,
      updatedAt: NOW,
      deviceId: randomUUID(),
      sessionId: randomUUID(),
      participantId: randomUUID(),
      hours: 0,
    };
    const previous = markRecord.safeParse({ ...base, status: 'excused', absenceReason: 'illness' });
    expect(previous.success).toBe(true);
    expect(previous.data).toEqual({ ...base, status: 'excused' });
    expect(Object.keys(previous.data!)).not.toContain('absenceReason');
    expect(markRecord.safeParse({ ...base, status: 'absent' }).data).toEqual({ ...base, status: 'absent' });
    // What the previous version could not have written is still refused.
    expect(markRecord.safeParse({ ...base, status: 'present', hours: 2, absenceReason: 'illness' }).success).toBe(false);
    expect(markRecord.safeParse({ ...base, status: 'absent', absenceReason: 'ferie' }).success).toBe(false);
  });
});

describe('absence notices', () => {
  it('prefills and labels the roll call, is skipped by "all present", and stays after the teacher confirms', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(3);
    const tuesday = sessionIds[6]!; // 22 April, after the clock's 20 April
    const [a, b, c] = participantIds as [string, string, string];
    const notice = await dispatchOk(core, 'attendance:addNotice', { sessionId: tuesday, participantId: b, reason: 'illness', note: 'Operasjon' });
    expect(notice).toMatchObject({ sessionId: tuesday, participantId: b, reason: 'illness', note: 'Operasjon', date: '2025-04-22' });
    expect(await dispatchOk(core, 'attendance:notices', { courseId: await courseOf(core, tuesday) })).toEqual([notice]);

    let roll = await dispatchOk(core, 'attendance:roll', { sessionId: tuesday });
    expect(roll.rows.find((r) => r.participantId === b)).toMatchObject({ status: null, notice: { reason: 'illness', note: 'Operasjon' } });
    expect(roll.rows.find((r) => r.participantId === a)?.notice).toBeNull();

    roll = await dispatchOk(core, 'attendance:markAllPresent', { sessionId: tuesday, confirmFuture: true });
    expect(roll.rows.filter((r) => r.status === null).map((r) => r.participantId)).toEqual([b]);
    expect(roll.rows.filter((r) => r.status === 'present').map((r) => r.participantId).sort()).toEqual([a, c].sort());

    // Confirming: the mark carries the notice's reason.
    await dispatchOk(core, 'attendance:mark', { sessionId: tuesday, participantId: b, status: 'excused', absenceReason: 'illness', confirmFuture: true });
    roll = await dispatchOk(core, 'attendance:roll', { sessionId: tuesday });
    expect(roll.rows.find((r) => r.participantId === b)).toMatchObject({ status: 'excused', absenceReason: 'illness' });

    // Replacing a notice keeps one per person and session; removing it clears the label.
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: a, reason: 'work' });
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: a, reason: 'other' });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[7]! })).rows.find((r) => r.participantId === a)?.notice).toEqual({
      reason: 'other',
      note: null,
    });
    await dispatchOk(core, 'attendance:removeNotice', { sessionId: sessionIds[7]!, participantId: a });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[7]! })).rows.find((r) => r.participantId === a)?.notice).toBeNull();
  });

  it('refuses a notice for a past session, a cancelled one, or someone not on the course, and writes nothing', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(2);
    const past = await dispatchError(core, 'attendance:addNotice', { sessionId: sessionIds[0]!, participantId: participantIds[0]!, reason: 'illness' });
    expect(past.code).toBe('VALIDATION');
    expect(past.fields?.sessionId).toMatch(/allerede vært/);
    expect((await dispatchError(core, 'attendance:addNotice', { sessionId: sessionIds[8]!, participantId: randomUUID(), reason: 'work' })).code).toBe(
      'NOT_ENROLLED',
    );
    await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[8]!, cancelled: true });
    expect((await dispatchError(core, 'attendance:addNotice', { sessionId: sessionIds[8]!, participantId: participantIds[0]!, reason: 'work' })).code).toBe(
      'SESSION_CANCELLED',
    );
    expect((await dispatchError(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: participantIds[0]!, reason: 'ferie' })).code).toBe(
      'VALIDATION',
    );
    expect(count(coreDatabase(core), 'SELECT count(*) AS n FROM absence_notices')).toBe(0);
  });

  it('goes with the person when they are erased, and is counted in the deletion preview', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(2);
    const [a, b] = participantIds as [string, string];
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[6]!, participantId: a, reason: 'childIllness', note: 'Barnehagen stengt' });
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: a, reason: 'work' });
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: b, reason: 'other' });
    const courseId = await courseOf(core, sessionIds[0]!);
    const preview = await dispatchOk(core, 'retention:preview', { courseId, force: true });
    expect(preview.goes.absenceNotices).toBe(3);
    await dispatchOk(core, 'privacy:erase', { participantId: a, confirmed: true });
    const db = coreDatabase(core);
    expect(count(db, 'SELECT count(*) AS n FROM absence_notices WHERE participant_id = ?', a)).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM absence_notices WHERE participant_id = ?', b)).toBe(1);
    expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain('Barnehagen');
  });
});

describe('access report', () => {
  it('shows the person their absence reasons and their notices, in the JSON and the PDF', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(2);
    const [a] = participantIds as [string];
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: a, status: 'excused', absenceReason: 'childIllness' });
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: a, reason: 'work', note: 'Kurs på jobben' });
    const json = await dispatchOk(core, 'privacy:accessReport', { participantId: a, format: 'json' });
    const report = JSON.parse(Buffer.from(json.base64, 'base64').toString('utf8')) as AccessReport;
    expect(report.attendance[0]!.sessions[0]).toMatchObject({ date: '2025-04-01', status: 'excused', absenceReason: 'childIllness' });
    expect(report.attendance[0]!.notices).toEqual([{ date: '2025-04-24', startTime: '09:00', endTime: '11:30', reason: 'work', note: 'Kurs på jobben' }]);
    const pdf = await dispatchOk(core, 'privacy:accessReport', { participantId: a, format: 'pdf' });
    const file = path.join(makeTempDir(), 'innsyn.pdf');
    writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Gyldig fravær (barns sykdom)');
    expect(text).toContain('Fravær meldt på forhånd');
    expect(text).toContain('Kurs på jobben');
  });
});

describe('"mangler opprop"', () => {
  it('flags past sessions without any mark, not today’s or future ones, and clears once one mark is made', async () => {
    const { core, clock, sessionIds, participantIds } = await attendanceFixture(2);
    const courseId = await courseOf(core, sessionIds[0]!);
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: participantIds[0]!, status: 'present' });
    let overview = await dispatchOk(core, 'attendance:overview', { courseId });
    expect(overview.sessions.map((s) => s.missingRollCall)).toEqual([false, true, true, true, true, true, false, false, false]);
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId: participantIds[1]!, status: 'absent', absenceReason: 'work' });
    overview = await dispatchOk(core, 'attendance:overview', { courseId });
    expect(overview.sessions[1]!.missingRollCall).toBe(false);
    // On the day of a session it is not missing yet; the day after it is.
    clock.set('2025-04-22T12:00:00.000Z');
    overview = await dispatchOk(core, 'attendance:overview', { courseId });
    expect(overview.sessions[6]!.missingRollCall).toBe(false);
    clock.set('2025-04-23T08:00:00.000Z');
    overview = await dispatchOk(core, 'attendance:overview', { courseId });
    expect(overview.sessions[6]!.missingRollCall).toBe(true);
  });
});

async function courseOf(core: Awaited<ReturnType<typeof attendanceFixture>>['core'], sessionId: string): Promise<string> {
  return (await dispatchOk(core, 'attendance:roll', { sessionId })).session.courseId;
}
