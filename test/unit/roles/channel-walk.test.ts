import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../../main/contract/channels';
import type { ChannelInput, ChannelName } from '../../../main/contract/channels';
import { errorMessages } from '../../../main/contract/messages';
import { channelRoles, mayCall } from '../../../main/contract/roles';
import { STAFF_ROLES } from '../../../main/contract/schemas';
import { teacherScope } from '../../../main/core/access';
import type { TeacherChannel } from '../../../main/core/access';
import { createUnlockedCore, sampleCourse, sampleEnrollment, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { actAs, addStaffAccount } from '../support/roles';

/**
 * Every channel of the contract, called by every role, against the role table:
 * FORBIDDEN exactly when the role is not in the channel's list, and before the
 * input is looked at (the calls carry an empty object). Then every channel a
 * teacher may call that is about one course, called with another course's ids.
 */

const FORBIDDEN = { code: 'FORBIDDEN', message: errorMessages.nb.FORBIDDEN };

/** An employer's list as CSV bytes (the import channels take a file). */
const importFile = { name: 'liste.csv', base64: Buffer.from('Fornavn;Etternavn;Fødselsdato;E-post\nNy;Person;01.01.1990;ny@bygg.no\n').toString('base64') };

// Compile-time: the role table and the teacher's course table cover exactly the contract's channels.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const tableCoversContract: Exact<keyof typeof channelRoles, ChannelName> = true;
const scopeCoversTeacherChannels: Exact<keyof typeof teacherScope, TeacherChannel> = true;

describe('the role table', () => {
  it('has an entry for every channel, and nothing else', () => {
    expect(tableCoversContract && scopeCoversTeacherChannels).toBe(true);
    expect(Object.keys(channelRoles).sort()).toEqual([...channelNames].sort());
    for (const name of channelNames) {
      const roles = channelRoles[name];
      if (roles !== 'public') {
        expect(roles.length, name).toBeGreaterThan(0);
        for (const role of roles) expect(STAFF_ROLES).toContain(role);
      }
    }
  });

  it('opens only the vault to callers without a session, and gives teachers a course rule for every channel they may call', () => {
    expect(channelNames.filter((c) => channelRoles[c] === 'public').sort()).toEqual(['vault:create', 'vault:lock', 'vault:recover', 'vault:status', 'vault:unlock']);
    expect(Object.keys(teacherScope).sort()).toEqual(channelNames.filter((c) => channelRoles[c] !== 'public' && mayCall('teacher', c)).sort());
  });

  it('gives head office every right of a coordinator, and a coordinator every channel but none', () => {
    for (const name of channelNames) {
      expect(mayCall('headOffice', name), name).toBe(mayCall('coordinator', name));
      expect(mayCall('coordinator', name), name).toBe(true);
    }
  });

  it('keeps certificates, provider settings, deletion, requests, processing, imports and teacher assignment from teachers', () => {
    const teacher = channelNames.filter((c) => mayCall('teacher', c));
    for (const ns of ['provider:', 'retention:', 'privacy:', 'requests:', 'processing:', 'accounts:']) {
      expect(teacher.filter((c) => c.startsWith(ns)), ns).toEqual([]);
    }
    expect(teacher.filter((c) => c.startsWith('certificates:')).sort()).toEqual(['certificates:verify', 'certificates:verifyHolder']);
    for (const c of ['exchange:inspect', 'exchange:apply', 'exchange:approveDevice', 'exchange:receipt', 'exchange:importReceipt', 'exchange:addPeer'] as const) {
      expect(mayCall('teacher', c), c).toBe(false);
    }
    for (const c of ['courses:assignTeacher', 'courses:unassignTeacher', 'courses:teachers', 'courses:delete', 'participants:merge'] as const) {
      expect(mayCall('teacher', c), c).toBe(false);
    }
  });
});

describe('every channel with every role', () => {
  let t: UnlockedCore;
  beforeAll(async () => {
    t = await createUnlockedCore();
  });

  for (const role of STAFF_ROLES) {
    it(`${role}: FORBIDDEN exactly where the table says so, before validation`, async () => {
      actAs(t.core, role);
      for (const name of channelNames) {
        if (name === 'vault:lock') continue; // would end the session; checked below
        const envelope = await t.core.dispatch(name, {});
        const forbidden = !envelope.ok && envelope.error.code === 'FORBIDDEN';
        expect(forbidden, `${role} ${name}`).toBe(!mayCall(role, name));
        if (forbidden) expect(envelope.ok ? null : envelope.error, name).toEqual(FORBIDDEN);
      }
    });
  }

  it('refuses with FORBIDDEN even when the input is malformed, and says UNKNOWN_CHANNEL first', async () => {
    actAs(t.core, 'teacher');
    expect(await t.fail('certificates:startBatch', { courseId: 'not an id', rubbish: true })).toEqual(FORBIDDEN);
    expect(await t.fail('privacy:erase', 'not even an object')).toEqual(FORBIDDEN);
    expect((await t.fail('certificates:nope', {})).code).toBe('UNKNOWN_CHANNEL');
    actAs(t.core, 'coordinator');
  });

  it('lets every role lock, and a locked core answers VAULT_LOCKED (or VALIDATION), never FORBIDDEN', async () => {
    const { core } = await createUnlockedCore();
    actAs(core, 'teacher');
    expect(await core.dispatch('vault:lock', {})).toEqual({ ok: true, value: null });
    for (const name of channelNames) {
      const envelope = await core.dispatch(name, {});
      if (!envelope.ok) expect(envelope.error.code, name).not.toBe('FORBIDDEN');
    }
    expect((await core.dispatch('courses:list', {})).ok).toBe(false);
    expect(await core.dispatch('courses:list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });
});

describe('a teacher and another course', () => {
  let t: UnlockedCore;
  let teacherId: string;
  const ids = { own: '', other: '', ownSession: '', otherSession: '', ownPerson: '', otherPerson: '' };

  beforeAll(async () => {
    t = await createUnlockedCore();
    teacherId = addStaffAccount(t.core, 'Tove Lærer');
    // The coordinator sets up two courses, each with a session and a participant, and gives the teacher one of them.
    for (const which of ['own', 'other'] as const) {
      const course = await t.ok('courses:create', sampleCourse('other', { name: which === 'own' ? 'Toves kurs' : 'Et annet kurs' }));
      const person = await t.ok('participants:register', {
        courseId: course.id,
        participant: sampleParticipant({ firstName: which === 'own' ? 'Åse' : 'Per', email: `${which}@example.no` }),
        enrollment: sampleEnrollment(),
      });
      const session = await t.ok('sessions:add', { courseId: course.id, date: '2025-04-02', startTime: '09:00', endTime: '11:00' });
      ids[which] = course.id;
      ids[which === 'own' ? 'ownSession' : 'otherSession'] = session.id;
      ids[which === 'own' ? 'ownPerson' : 'otherPerson'] = person.participantId;
    }
    await t.ok('courses:assignTeacher', { courseId: ids.own, accountId: teacherId });
    actAs(t.core, 'teacher', teacherId);
  });

  /** A valid call of each course-scoped channel a teacher may make, aimed at the course given. */
  function callsFor(course: string, session: string, person: string): { [C in TeacherChannel]?: ChannelInput<C> } {
    return {
      'courses:get': { id: course },
      'courses:update': { id: course, course: sampleCourse('other', { name: 'Nytt navn' }) },
      'participants:listByCourse': { courseId: course },
      'participants:findDuplicate': { courseId: course, firstName: 'Kari', lastName: 'Nordmann', birthDate: '1985-06-15' },
      'participants:get': { courseId: course, participantId: person },
      'participants:register': { courseId: course, participant: sampleParticipant({ firstName: 'Ny', email: `${randomUUID()}@example.no` }), enrollment: sampleEnrollment() },
      'participants:enrollExisting': { courseId: course, participantId: person, enrollment: sampleEnrollment() },
      'participants:update': { courseId: course, participantId: person, participant: sampleParticipant({ firstName: course === ids.own ? 'Åse' : 'Per', email: course === ids.own ? 'own@example.no' : 'other@example.no' }), enrollment: sampleEnrollment() },
      'participants:withdraw': { courseId: course, participantId: person, date: '2025-05-01', reason: 'work' },
      'participants:reinstate': { courseId: course, participantId: person },
      'participants:removeRegistration': { courseId: course, participantId: person },
      'sessions:list': { courseId: course },
      'sessions:generate': { courseId: course, weekdays: [2], startTime: '09:00', endTime: '11:00' },
      'sessions:add': { courseId: course, date: '2025-04-03', startTime: '09:00', endTime: '11:00' },
      'sessions:move': { sessionId: session, date: '2025-04-04', startTime: '09:00', endTime: '11:00' },
      'sessions:setCancelled': { sessionId: session, cancelled: true },
      'attendance:roll': { sessionId: session },
      'attendance:mark': { sessionId: session, participantId: person, status: 'present' },
      'attendance:unmark': { sessionId: session, participantId: person },
      'attendance:markAllPresent': { sessionId: session },
      'attendance:signOff': { sessionId: session },
      'attendance:overview': { courseId: course },
      'attendance:participant': { courseId: course, participantId: person },
      'attendance:export': { courseId: course, format: 'csv' },
      'attendance:notices': { courseId: course },
      'attendance:addNotice': { sessionId: session, participantId: person, reason: 'illness' },
      'attendance:removeNotice': { sessionId: session, participantId: person },
      'attendance:signInSheet': { sessionId: session, layout: 'week' },
      'exchange:export': { recipientId: randomUUID(), courseIds: [ids.own, course], folderId: randomUUID() },
      'settings:update': { retentionGraceDays: 10 },
      'evaluations:form': { courseId: course },
      'evaluations:saveForm': { courseId: course, questions: [{ id: 'content', kind: 'rating', text: { nb: 'Innhold?' } }] },
      'evaluations:useDefault': { courseId: course },
      'evaluations:results': { courseId: course },
      'evaluations:exportPdf': { courseId: course },
      'evaluations:paperForm': { courseId: course },
      'evaluations:enterPaper': { courseId: course, token: randomUUID(), answers: { ratings: { content: 4 } } },
      'kiosk:start': { courseId: course },
      'import:preview': { courseId: course, file: importFile, employerName: 'Bygg AS' },
      'import:apply': { courseId: course, file: importFile, employerName: 'Bygg AS', mapping: ['firstName', 'lastName', 'birthDate', 'email'] },
      'import:badRows': { courseId: course, file: importFile, employerName: 'Bygg AS', format: 'csv' },
    };
  }

  it('is FORBIDDEN on every course-scoped channel with another course’s ids, and the other course is unchanged', async () => {
    const before = await asCoordinator(() => t.ok('courses:get', { id: ids.other }));
    const calls = callsFor(ids.other, ids.otherSession, ids.otherPerson);
    const scoped = (Object.keys(teacherScope) as TeacherChannel[]).filter((c) => typeof teacherScope[c] === 'function');
    expect(Object.keys(calls).sort()).toEqual(scoped.sort()); // a new course-scoped channel needs a call here
    for (const [name, input] of Object.entries(calls)) {
      expect(await t.fail(name, input), name).toEqual(FORBIDDEN);
    }
    expect(await asCoordinator(() => t.ok('courses:get', { id: ids.other }))).toEqual(before);
  });

  it('is FORBIDDEN for ids that name nothing (no answer tells what exists)', async () => {
    expect(await t.fail('courses:get', { id: randomUUID() })).toEqual(FORBIDDEN);
    expect(await t.fail('attendance:roll', { sessionId: randomUUID() })).toEqual(FORBIDDEN);
  });

  it('reaches its own course on the same channels', async () => {
    const calls = callsFor(ids.own, ids.ownSession, ids.ownPerson);
    // Withdrawing and removing would change what the next calls see: those are checked on their own.
    const skip = new Set(['import:apply', 'settings:update', 'participants:withdraw', 'participants:reinstate', 'participants:removeRegistration', 'participants:enrollExisting', 'exchange:export', 'kiosk:start']);
    for (const [name, input] of Object.entries(calls)) {
      if (skip.has(name)) continue;
      const envelope = await t.core.dispatch(name, input);
      if (!envelope.ok) expect(envelope.error.code, name).not.toBe('FORBIDDEN');
    }
  });

  it('lists, searches and shows only the teacher’s courses', async () => {
    expect((await t.ok('courses:list', {})).map((c) => c.id)).toEqual([ids.own]);
    expect((await t.ok('participants:search', { query: 'Per' })).map((h) => h.participantId)).toEqual([]);
    const hits = await t.ok('participants:search', { query: 'Åse' });
    expect(hits.map((h) => h.participantId)).toEqual([ids.ownPerson]);
    expect(hits[0]!.courses.map((c) => c.id)).toEqual([ids.own]);
    // A coordinator sees both.
    expect((await asCoordinator(() => t.ok('courses:list', {}))).map((c) => c.id).sort()).toEqual([ids.own, ids.other].sort());
  });

  it('shows a person’s other courses only where the teacher teaches them', async () => {
    // Åse is also on the other course: the teacher finds her, with their own course only.
    await asCoordinator(() => t.ok('participants:enrollExisting', { courseId: ids.other, participantId: ids.ownPerson, enrollment: sampleEnrollment() }));
    const [hit] = await t.ok('participants:search', { query: 'Åse' });
    expect(hit!.courses.map((c) => c.id)).toEqual([ids.own]);
    const [seen] = await asCoordinator(() => t.ok('participants:search', { query: 'Åse' }));
    expect(seen!.courses.map((c) => c.id).sort()).toEqual([ids.own, ids.other].sort());
    // The duplicate check finds her, and names only the teacher's course.
    const candidates = await t.ok('participants:findDuplicate', { courseId: ids.own, firstName: 'Åse', lastName: 'Nordmann', birthDate: '1985-06-15' });
    expect(candidates.map((c) => [c.participantId, c.courses.map((x) => x.id)])).toEqual([[ids.ownPerson, [ids.own]]]);
  });

  it('may change its own language and idle time, but not the retention grace days', async () => {
    expect((await t.ok('settings:update', { idleLockMinutes: 15 })).idleLockMinutes).toBe(15);
    expect(await t.fail('settings:update', { idleLockMinutes: 15, retentionGraceDays: 5 })).toEqual(FORBIDDEN);
  });

  async function asCoordinator<T>(run: () => Promise<T>): Promise<T> {
    actAs(t.core, 'coordinator');
    try {
      return await run();
    } finally {
      actAs(t.core, 'teacher', teacherId);
    }
  }
});

