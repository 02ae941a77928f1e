import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attendanceFixture } from '../attendance/helpers';
import { createUnlockedCore, sampleCourse, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { coreDatabase, databaseDigest } from '../support/storage';

/**
 * Requests from the people the data is about, on the real encrypted database:
 * recorded with when and how they came in, due a month later (30 days, GDPR
 * art. 12(3)), summarised for coordinators, resolved once. An open restriction
 * or objection keeps the person out of exports; a correction is the edit.
 */

async function withPerson(): Promise<UnlockedCore & { courseId: string; participantId: string }> {
  const t = await createUnlockedCore();
  t.clock.set('2025-04-20T10:00:00.000Z');
  const course = await t.ok('courses:create', sampleCourse('other'));
  const p = await t.ok('participants:register', { courseId: course.id, participant: sampleParticipant(), enrollment: { source: 'teacher' } });
  return { ...t, courseId: course.id, participantId: p.participantId };
}

/** Puts the WAL into the database file, so a refused call that wrote nothing leaves both files byte for byte as they were. */
const settle = (t: UnlockedCore) => coreDatabase(t.core).pragma('wal_checkpoint(TRUNCATE)');

describe('recording a request', () => {
  it('records kind, channel and the day it came in, due 30 days later, open', async () => {
    const t = await withPerson();
    const request = await t.ok('requests:create', {
      participantId: t.participantId,
      kind: 'access',
      channel: 'email',
      receivedOn: '2025-04-18',
      note: 'Vil se alt vi har om henne',
    });
    expect(request).toEqual({
      id: expect.any(String) as string,
      person: { participantId: t.participantId, firstName: 'Kari', lastName: 'Nordmann' },
      courses: [{ id: t.courseId, name: 'Digitale ferdigheter' }],
      kind: 'access',
      channel: 'email',
      receivedOn: '2025-04-18',
      dueOn: '2025-05-18',
      status: 'open',
      resolvedAt: null,
      note: 'Vil se alt vi har om henne',
    });
    expect(await t.ok('requests:list', { participantId: t.participantId })).toEqual([request]);
    // The audit log names the kind and the ids, never the note.
    const audit = coreDatabase(t.core).prepare(`SELECT action, entity, entity_id, fields, detail FROM audit_log WHERE entity = 'request'`).all();
    expect(audit).toEqual([
      {
        action: 'create',
        entity: 'request',
        entity_id: request.id,
        fields: '["kind","channel","received_on","note"]',
        detail: `access for participant ${t.participantId}`,
      },
    ]);
  });

  it('refuses a day after today and a person who does not exist, and writes nothing', async () => {
    const t = await withPerson();
    settle(t);
    const before = databaseDigest(t.dir);
    expect(await t.fail('requests:create', { participantId: t.participantId, kind: 'erasure', channel: 'phone', receivedOn: '2025-04-21' })).toEqual({
      code: 'VALIDATION',
      message: 'Noen felt er ikke riktig utfylt.',
      fields: { receivedOn: 'Datoen forespørselen kom inn, kan ikke være etter i dag.' },
    });
    expect(await t.fail('requests:create', { participantId: randomUUID(), kind: 'erasure', channel: 'phone', receivedOn: '2025-04-20' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await t.fail('requests:create', { participantId: t.participantId, kind: 'complaint', channel: 'phone', receivedOn: '2025-04-20' })).toMatchObject({
      code: 'VALIDATION',
      fields: { kind: 'Må fylles ut.' },
    });
    expect(databaseDigest(t.dir)).toEqual(before);
  });
});

describe('what is due', () => {
  it('counts open requests, those due within a week and those overdue, as the days pass', async () => {
    const t = await withPerson();
    const create = (receivedOn: string, kind: 'access' | 'objection' = 'access') =>
      t.ok('requests:create', { participantId: t.participantId, kind, channel: 'letter', receivedOn });
    await create('2025-03-20'); // due 19 April: overdue
    await create('2025-03-25'); // due 24 April: within a week
    await create('2025-03-28'); // due 27 April: exactly a week away
    const later = await create('2025-04-20', 'objection'); // due 20 May
    expect(await t.ok('requests:summary', {})).toEqual({ open: 4, dueSoon: 2, overdue: 1 });
    await t.ok('requests:resolve', { id: later.id, status: 'rejected', note: 'Ikke grunnlag' });
    expect(await t.ok('requests:summary', {})).toEqual({ open: 3, dueSoon: 2, overdue: 1 });
    t.clock.set('2025-04-26T10:00:00.000Z');
    expect(await t.ok('requests:summary', {})).toEqual({ open: 3, dueSoon: 1, overdue: 2 });
    // Open ones first, the most urgent on top; closed ones after.
    expect((await t.ok('requests:list', {})).map((r) => [r.dueOn, r.status])).toEqual([
      ['2025-04-19', 'open'],
      ['2025-04-24', 'open'],
      ['2025-04-27', 'open'],
      ['2025-05-20', 'rejected'],
    ]);
    expect((await t.ok('requests:list', { status: 'rejected' })).map((r) => r.id)).toEqual([later.id]);
  });

  it('is empty with no requests', async () => {
    const t = await withPerson();
    expect(await t.ok('requests:summary', {})).toEqual({ open: 0, dueSoon: 0, overdue: 0 });
    expect(await t.ok('requests:list', {})).toEqual([]);
  });
});

describe('resolving a request', () => {
  it('closes it once with the answer added to the note; a second time is refused and changes nothing', async () => {
    const t = await withPerson();
    const request = await t.ok('requests:create', {
      participantId: t.participantId,
      kind: 'objection',
      channel: 'inPerson',
      receivedOn: '2025-04-19',
      note: 'Vil ikke få e-post',
    });
    const resolved = await t.ok('requests:resolve', { id: request.id, status: 'completed', note: 'Fjernet fra e-postlisten' });
    expect(resolved).toMatchObject({ status: 'completed', resolvedAt: '2025-04-20T10:00:00.000Z', note: 'Vil ikke få e-post\nFjernet fra e-postlisten' });
    settle(t);
    const before = databaseDigest(t.dir);
    for (const status of ['completed', 'rejected'] as const) {
      expect(await t.fail('requests:resolve', { id: request.id, status })).toEqual({
        code: 'REQUEST_RESOLVED',
        message: 'Forespørselen er allerede avsluttet. Registrer en ny forespørsel hvis personen spør igjen.',
      });
    }
    expect(await t.fail('requests:resolve', { id: randomUUID(), status: 'rejected' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(databaseDigest(t.dir)).toEqual(before);
    const audit = JSON.stringify(coreDatabase(t.core).prepare(`SELECT * FROM audit_log WHERE entity = 'request'`).all());
    expect(audit).toContain('objection completed');
    expect(audit).not.toContain('e-post');
  });

  it('leaves completing access and erasure to the report and the erasure; rejecting them is fine', async () => {
    const t = await withPerson();
    for (const kind of ['access', 'erasure'] as const) {
      const request = await t.ok('requests:create', { participantId: t.participantId, kind, channel: 'form', receivedOn: '2025-04-20' });
      expect(await t.fail('requests:resolve', { id: request.id, status: 'completed' })).toMatchObject({ code: 'REQUEST_ANSWERED_ELSEWHERE' });
      expect((await t.ok('requests:resolve', { id: request.id, status: 'rejected' })).status).toBe('rejected');
    }
  });
});

describe('restriction and objection', () => {
  it('keep the person, mark them in the list and the roll call, and leave them out of exports until resolved', async () => {
    for (const kind of ['restriction', 'objection'] as const) {
      const { core, courseId, participantIds, sessionIds } = await attendanceFixture(3);
      const ok = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) => {
        const e = await p;
        if (!e.ok) throw new Error(JSON.stringify(e.error));
        return e.value;
      };
      const restricted = participantIds[1]!; // Per Hansen
      await ok(core.call('attendance:markAllPresent', { sessionId: sessionIds[0]! }));
      const request = await ok(core.call('requests:create', { participantId: restricted, kind, channel: 'letter', receivedOn: '2025-04-19' }));

      const list = await ok(core.call('participants:listByCourse', { courseId }));
      expect(list.filter((p) => p.restricted).map((p) => p.participantId), kind).toEqual([restricted]);
      expect((await ok(core.call('participants:get', { courseId, participantId: restricted }))).restricted).toBe(true);
      // Roll call still works, and the row says so.
      await ok(core.call('attendance:mark', { sessionId: sessionIds[1]!, participantId: restricted, status: 'late', hours: 1 }));
      const roll = await ok(core.call('attendance:roll', { sessionId: sessionIds[1]! }));
      expect(roll.rows.find((r) => r.participantId === restricted)).toMatchObject({ restricted: true, status: 'late' });
      expect(roll.rows.filter((r) => r.restricted)).toHaveLength(1);

      const csv = async () =>
        Buffer.from((await ok(core.call('attendance:export', { courseId, format: 'csv' }))).base64, 'base64').toString('utf8');
      const withheld = await csv();
      expect(withheld, kind).not.toContain('Hansen');
      expect(withheld).toContain('Ødegård');
      expect(withheld).toContain('Æsland');

      await ok(core.call('requests:resolve', { id: request.id, status: 'rejected' }));
      expect((await ok(core.call('participants:get', { courseId, participantId: restricted }))).restricted).toBe(false);
      expect(await csv()).toContain('Hansen');
    }
  });
});

describe('a correction is the edit, linked to its request', () => {
  const edit = (t: Awaited<ReturnType<typeof withPerson>>, requestId: string | undefined, email = 'kari.ny@example.no') =>
    ({
      courseId: t.courseId,
      participantId: t.participantId,
      participant: sampleParticipant({ email }),
      enrollment: { source: 'teacher' as const },
      ...(requestId ? { requestId } : {}),
    }) as const;

  it('completes the correction request together with the edit, audited with the request id', async () => {
    const t = await withPerson();
    const request = await t.ok('requests:create', { participantId: t.participantId, kind: 'correction', channel: 'email', receivedOn: '2025-04-19' });
    const saved = await t.ok('participants:update', edit(t, request.id));
    expect(saved.email).toBe('kari.ny@example.no');
    expect((await t.ok('requests:list', { participantId: t.participantId }))[0]).toMatchObject({ status: 'completed', resolvedAt: '2025-04-20T10:00:00.000Z' });
    const audit = coreDatabase(t.core)
      .prepare(`SELECT action, entity, entity_id, fields, detail FROM audit_log WHERE action IN ('update', 'resolve') ORDER BY rowid`)
      .all();
    expect(audit).toEqual([
      { action: 'resolve', entity: 'request', entity_id: request.id, fields: '["status","resolved_at"]', detail: 'correction completed' },
      { action: 'update', entity: 'participant', entity_id: t.participantId, fields: '["email"]', detail: `request ${request.id}` },
    ]);
  });

  it('completes it when the data already was right, too', async () => {
    const t = await withPerson();
    const request = await t.ok('requests:create', { participantId: t.participantId, kind: 'correction', channel: 'phone', receivedOn: '2025-04-19' });
    await t.ok('participants:update', edit(t, request.id, 'kari.nordmann@example.no'));
    expect((await t.ok('requests:list', {}))[0]!.status).toBe('completed');
  });

  it('refuses a request of another kind, about someone else, closed or unknown, and saves nothing', async () => {
    const t = await withPerson();
    const other = await t.ok('participants:register', {
      courseId: t.courseId,
      participant: sampleParticipant({ firstName: 'Ola', lastName: 'Hansen', email: 'ola@example.no' }),
      enrollment: { source: 'teacher' },
    });
    const access = await t.ok('requests:create', { participantId: t.participantId, kind: 'access', channel: 'email', receivedOn: '2025-04-19' });
    const someoneElse = await t.ok('requests:create', { participantId: other.participantId, kind: 'correction', channel: 'email', receivedOn: '2025-04-19' });
    const closed = await t.ok('requests:create', { participantId: t.participantId, kind: 'correction', channel: 'email', receivedOn: '2025-04-19' });
    await t.ok('requests:resolve', { id: closed.id, status: 'rejected' });
    settle(t);
    const before = databaseDigest(t.dir);
    for (const id of [access.id, someoneElse.id]) {
      expect(await t.fail('participants:update', edit(t, id))).toEqual({
        code: 'VALIDATION',
        message: 'Noen felt er ikke riktig utfylt.',
        fields: { requestId: 'Forespørselen gjelder en annen person, eller er av en annen type.' },
      });
    }
    expect(await t.fail('participants:update', edit(t, closed.id))).toMatchObject({ code: 'REQUEST_RESOLVED' });
    expect(await t.fail('participants:update', edit(t, randomUUID()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(databaseDigest(t.dir)).toEqual(before);
    expect((await t.ok('participants:get', { courseId: t.courseId, participantId: t.participantId })).email).toBe('kari.nordmann@example.no');
  });
});
