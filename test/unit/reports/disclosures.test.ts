import { describe, expect, it } from 'vitest';
import type { OpenSession } from '../../../main/core/open-session';
import type { AccessReport } from '../../../main/core/services/access-report';
import { attendanceFixture } from '../attendance/helpers';
import { dispatchError, dispatchOk, sampleCourse } from '../support/core';
import { rows } from './helpers';

/**
 * Disclosures (issue 9 item 6): where personal data leaves the app today, it is
 * recorded who received it, when, from which course and about whom: the
 * attendance list, as CSV and as PDF.
 */

interface DisclosureRow {
  id: string;
  kind: string;
  course_id: string | null;
  recipient: string;
  at: string;
  actor_id: string;
}

const disclosures = (core: Parameters<typeof rows>[0]) =>
  rows<DisclosureRow>(core, 'SELECT id, kind, course_id, recipient, at, actor_id FROM disclosures ORDER BY at, id');
const peopleIn = (core: Parameters<typeof rows>[0], id: string) =>
  rows<{ participant_id: string }>(core, 'SELECT participant_id FROM disclosure_participants WHERE disclosure_id = ? ORDER BY participant_id', id).map(
    (r) => r.participant_id,
  );

describe('disclosures recorded by the attendance list export', () => {
  it('records each export, CSV and PDF, with the course, the recipient, the time and everyone on the list', async () => {
    const f = await attendanceFixture(3);
    await dispatchOk(f.core, 'attendance:markAllPresent', { sessionId: f.sessionIds[0]! });
    expect(disclosures(f.core)).toEqual([]);

    await dispatchOk(f.core, 'attendance:export', { courseId: f.courseId, format: 'csv' });
    f.clock.set('2025-04-21T07:15:00.000Z');
    await dispatchOk(f.core, 'attendance:export', { courseId: f.courseId, format: 'pdf' });

    const recorded = disclosures(f.core);
    const [staffId] = rows<{ value: string }>(f.core, `SELECT value FROM settings WHERE key = 'staff.id'`);
    expect(recorded.map(({ id: _id, ...d }) => d)).toEqual([
      { kind: 'attendanceList', course_id: f.courseId, recipient: 'file', at: '2025-04-20T10:00:00.000Z', actor_id: staffId!.value },
      { kind: 'attendanceList', course_id: f.courseId, recipient: 'file', at: '2025-04-21T07:15:00.000Z', actor_id: staffId!.value },
    ]);
    for (const d of recorded) expect(peopleIn(f.core, d.id)).toEqual([...f.participantIds].sort());

    // Audited as ids, kind and a count: never a name.
    const audit = rows<{ action: string; entity: string; entity_id: string; course_id: string; detail: string; actor_role: string }>(
      f.core,
      `SELECT action, entity, entity_id, course_id, detail, actor_role FROM audit_log WHERE action = 'disclose' ORDER BY at`,
    );
    expect(audit).toEqual(
      recorded.map((d) => ({
        action: 'disclose',
        entity: 'disclosure',
        entity_id: d.id,
        course_id: f.courseId,
        detail: 'attendanceList to file; 3 participants',
        actor_role: 'coordinator',
      })),
    );
  });

  it('records only the people on the list: someone on another course is not in it', async () => {
    const f = await attendanceFixture(2);
    const other = await dispatchOk(f.core, 'courses:create', sampleCourse('other', { name: 'Et annet kurs' }));
    const outsider = await dispatchOk(f.core, 'participants:register', {
      courseId: other.id,
      participant: { firstName: 'Ola', lastName: 'Utenfor', birthDate: '1970-01-01', mobile: '41234567', gender: 'male', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    await dispatchOk(f.core, 'attendance:export', { courseId: f.courseId, format: 'csv' });
    const [d] = disclosures(f.core);
    expect(peopleIn(f.core, d!.id)).toEqual([...f.participantIds].sort());
    expect(peopleIn(f.core, d!.id)).not.toContain(outsider.participantId);
  });

  it('records nothing when no one is on the list, or when the export fails', async () => {
    const f = await attendanceFixture(0);
    await dispatchOk(f.core, 'attendance:export', { courseId: f.courseId, format: 'csv' });
    expect(await dispatchError(f.core, 'attendance:export', { courseId: '7b0d5c1e-0000-4000-8000-000000000000', format: 'pdf' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await dispatchError(f.core, 'attendance:export', { courseId: f.courseId, format: 'xlsx' })).toMatchObject({ code: 'VALIDATION' });
    expect(disclosures(f.core)).toEqual([]);
    expect(rows(f.core, `SELECT 1 FROM audit_log WHERE action = 'disclose'`)).toEqual([]);
  });
});

describe('the disclosure service later reports and batches call', () => {
  it('records a disclosure the person’s access report and the record of processing then show', async () => {
    const f = await attendanceFixture(2);
    const session = (f.core as unknown as { session: OpenSession | null }).session!;
    const [first, second] = f.participantIds as [string, string];
    // As the funder's report (a later issue) will: to Kompetanse Norge, about one person.
    const id = session.disclosures.record({ kind: 'fundingReport', recipient: 'kompetanseNorge', courseId: f.courseId, participantIds: [first, first] });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(peopleIn(f.core, id!)).toEqual([first]);

    const report = async (participantId: string) => {
      const file = await dispatchOk(f.core, 'privacy:accessReport', { participantId, format: 'json' });
      return JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as AccessReport;
    };
    expect((await report(first)).disclosures).toEqual([
      { kind: 'fundingReport', recipient: 'kompetanseNorge', at: '2025-04-20T10:00:00.000Z', course: { id: f.courseId, name: 'Digitale ferdigheter' } },
    ]);
    expect((await report(second)).disclosures).toEqual([]);
    const record = await dispatchOk(f.core, 'processing:get', {});
    expect(record.disclosures).toEqual([
      { kind: 'accessReport', count: 2, lastAt: '2025-04-20T10:00:00.000Z' },
      { kind: 'fundingReport', count: 1, lastAt: '2025-04-20T10:00:00.000Z' },
    ]);
  });
});
