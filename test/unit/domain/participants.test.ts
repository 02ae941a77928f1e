import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { ChannelInput } from '../../../main/contract/channels';
import type { Course } from '../../../main/contract/types';
import type { UnlockedCore } from '../support/core';
import { createUnlockedCore, makeClock, MINUTE, SAMPLE_ADDRESS, sampleCourse, sampleParticipant, TEST_STAFF } from '../support/core';
import { coreDatabase, countRows } from '../support/storage';

type RegisterInput = ChannelInput<'participants:register'>;
type AnyRow = Record<string, unknown>;

/** The person these tests register unless they say otherwise; the assertions below expect these values. */
const ASE = {
  firstName: 'Åse',
  lastName: 'Ødegård',
  birthDate: '1984-03-05',
  email: 'ase.odegard@eksempel.no',
  interests: 'Truckførerkurs',
} as const;
const participantInput = (overrides: Partial<RegisterInput['participant']> = {}) => sampleParticipant({ ...ASE, ...overrides });

const nb = {
  invalidMobile:
    'Ugyldig mobilnummer. Norske mobilnumre har 8 siffer og begynner på 4 eller 9; utenlandske skrives med landskode, for eksempel +46 70 123 45 67.',
  invalidEmail: 'Ugyldig e-postadresse, for eksempel navn@eksempel.no.',
  invalidDate: 'Ugyldig dato. Skriv datoen som dd.mm.åååå.',
  implausible: 'Fødselsdatoen virker ikke riktig: deltakeren må være mellom 15 og 100 år.',
  contactRequired: 'Oppgi e-postadresse eller mobilnummer (minst ett av dem).',
  addressRequired: 'Adresse må fylles ut for fagbrevkurs.',
  addressNotAllowed: 'Adresse lagres bare for deltakere på fagbrevkurs.',
  employerRequired: 'Oppgi navnet på virksomheten som meldte på deltakeren.',
  employerOnlyKompetansepluss: 'Påmelding fra virksomhet gjelder bare Kompetansepluss-kurs og bedriftsbetalte kurs.',
  consentMethodRequired: 'Oppgi hvordan samtykket ble gitt.',
} as const;

let t: UnlockedCore;
let fagbrev: Course;
let kplus: Course;
let other: Course;

beforeEach(async () => {
  // 08:00 UTC is 10:00 in Oslo, so "today" in Norway is 2025-09-01.
  t = await createUnlockedCore({ clock: makeClock('2025-09-01T08:00:00.000Z') });
  fagbrev = await t.ok('courses:create', sampleCourse('fagbrev'));
  kplus = await t.ok('courses:create', sampleCourse('kompetansepluss'));
  other = await t.ok('courses:create', sampleCourse('other'));
});
afterEach(() => t.core.close());

const staffId = () => (coreDatabase(t.core).prepare("SELECT value FROM settings WHERE key = 'staff.id'").get() as { value: string }).value;

const snapshot = () => ({
  participants: countRows(t.core, 'participants'),
  enrollments: countRows(t.core, 'participant_enrollments'),
  audit: countRows(t.core, 'audit_log'),
});

/** A registration that must be refused, field by field, leaving every table as it was. */
async function expectRefused(input: unknown, fields: Record<string, string> | undefined, code = 'VALIDATION') {
  const before = snapshot();
  const error = await t.fail('participants:register', input);
  expect(error.code).toBe(code);
  expect(error.fields).toEqual(fields);
  expect(snapshot()).toEqual(before);
}

const registration = (course: Course, participant: Partial<RegisterInput['participant']> = {}, enrollment: RegisterInput['enrollment'] = { source: 'self' }): RegisterInput => ({
  courseId: course.id,
  participant: participantInput({ ...(course.type === 'fagbrev' ? { address: SAMPLE_ADDRESS } : {}), ...participant }),
  enrollment,
});

describe('registering a participant', () => {
  it('registers in a trade-certificate course with a postal address', async () => {
    const detail = await t.ok('participants:register', registration(fagbrev));
    expect(detail).toMatchObject({
      courseId: fagbrev.id,
      firstName: 'Åse',
      lastName: 'Ødegård',
      birthDate: '1984-03-05',
      email: 'ase.odegard@eksempel.no',
      mobile: '+4791234567',
      gender: 'female',
      address: SAMPLE_ADDRESS,
      interests: 'Truckførerkurs',
      consent: { keepAfterCourse: false, method: null },
      enrollment: { source: 'self', employerName: null, enrolledAt: t.clock.now().toISOString() },
    });
    expect(await t.ok('participants:get', { courseId: fagbrev.id, participantId: detail.participantId })).toEqual(detail);
    expect((await t.ok('courses:get', { id: fagbrev.id })).participantCount).toBe(1);
    expect(snapshot()).toMatchObject({ participants: 1, enrollments: 1 });
  });

  it.each([
    ['Kompetansepluss', () => kplus],
    ['other', () => other],
  ])('refuses an address for a %s course', async (_label, course) => {
    await expectRefused(
      { ...registration(course(), { address: SAMPLE_ADDRESS }), enrollment: { source: 'teacher' } },
      { 'participant.address': nb.addressNotAllowed },
    );
  });

  it('requires an address for a trade-certificate course', async () => {
    await expectRefused(registration(fagbrev, { address: null }), { 'participant.address': nb.addressRequired });
    await expectRefused(
      registration(fagbrev, { address: { street: 'Storgata 1', postalCode: '900', city: 'Tromsø' } }),
      { 'participant.address.postalCode': 'Postnummeret må ha 4 siffer.' },
    );
  });

  it('takes an employer registration only for Kompetansepluss, and only with the employer name', async () => {
    await expectRefused(registration(fagbrev, {}, { source: 'employer', employerName: 'Nordlys AS' }), {
      'enrollment.source': nb.employerOnlyKompetansepluss,
    });
    await expectRefused(registration(kplus, {}, { source: 'employer' }), { 'enrollment.employerName': nb.employerRequired });
    await expectRefused(registration(kplus, {}, { source: 'employer', employerName: '   ' }), {
      'enrollment.employerName': nb.employerRequired,
    });

    const detail = await t.ok('participants:register', registration(kplus, {}, { source: 'employer', employerName: 'Nordlys AS' }));
    expect(detail.enrollment).toMatchObject({ source: 'employer', employerName: 'Nordlys AS' });
    expect(detail.address).toBeNull();
  });

  it('drops an employer name left over from a form whose source is not the employer', async () => {
    const detail = await t.ok('participants:register', registration(kplus, {}, { source: 'self', employerName: 'Nordlys AS' }));
    expect(detail.enrollment).toMatchObject({ source: 'self', employerName: null });
  });

  it('needs an e-mail address or a mobile number, and accepts either alone', async () => {
    await expectRefused(registration(other, { email: undefined, mobile: undefined }), {
      'participant.email': nb.contactRequired,
      'participant.mobile': nb.contactRequired,
    });
    await expectRefused(registration(other, { email: '  ', mobile: '' }), {
      'participant.email': nb.contactRequired,
      'participant.mobile': nb.contactRequired,
    });
    const emailOnly = await t.ok('participants:register', registration(other, { mobile: undefined }));
    expect(emailOnly).toMatchObject({ email: 'ase.odegard@eksempel.no', mobile: null });
    const mobileOnly = await t.ok(
      'participants:register',
      registration(other, { firstName: 'Ola', lastName: 'Nordmann', email: '', mobile: '+46 70 123 45 67' }),
    );
    expect(mobileOnly).toMatchObject({ email: null, mobile: '+46701234567' });
  });

  it.each([
    ['participant.mobile', { mobile: '81234567' }, nb.invalidMobile],
    ['participant.mobile', { mobile: '1234567' }, nb.invalidMobile],
    ['participant.mobile', { mobile: '+47 812 34 567' }, nb.invalidMobile],
    ['participant.mobile', { mobile: 'ring meg' }, nb.invalidMobile],
    ['participant.email', { email: 'ase@' }, nb.invalidEmail],
    ['participant.email', { email: 'ase odegard@eksempel.no' }, nb.invalidEmail],
    ['participant.birthDate', { birthDate: '1984-02-30' }, nb.invalidDate],
    ['participant.birthDate', { birthDate: '05.03.1984' }, nb.invalidDate],
    ['participant.birthDate', { birthDate: '2025-08-31' }, nb.implausible], // born yesterday
    ['participant.birthDate', { birthDate: '1905-09-01' }, nb.implausible], // 120 years old
    ['participant.birthDate', { birthDate: '2010-09-02' }, nb.implausible], // 15 tomorrow
    ['participant.birthDate', { birthDate: '1924-09-01' }, nb.implausible], // 101 today
  ])('gives a Norwegian error on %s for %j and saves nothing', async (path, change, message) => {
    await expectRefused(registration(fagbrev, change), { [path]: message });
  });

  it('accepts the edges of the plausible age range by the injected clock', async () => {
    await t.ok('participants:register', registration(other, { birthDate: '2010-09-01' })); // 15 today
    await t.ok('participants:register', registration(other, { firstName: 'Olga', birthDate: '1925-09-01' })); // 100 today
    // A year later someone born the same day as the oldest is 101 and refused.
    t.clock.set('2026-09-02T08:00:00.000Z');
    await expectRefused(registration(other, { firstName: 'Nils', birthDate: '1925-09-01' }), { 'participant.birthDate': nb.implausible });
  });

  it('refuses fields the privacy statement does not allow, at every level', async () => {
    const base = registration(other);
    await expectRefused({ ...base, participant: { ...base.participant, nationalIdNumber: '05038412345' } }, {
      participant: 'Ugyldig verdi.',
    });
    await expectRefused({ ...base, participant: { ...base.participant, consent: { keepAfterCourse: false, note: 'x' } } }, {
      'participant.consent': 'Ugyldig verdi.',
    });
    await expectRefused({ ...base, enrollment: { source: 'self', referrer: 'NAV' } }, { enrollment: 'Ugyldig verdi.' });
    await expectRefused({ ...base, extra: true }, { _: 'Ugyldig verdi.' });
  });

  it('stores exactly the personal data columns the privacy statement allows', () => {
    const columns = (coreDatabase(t.core).prepare('PRAGMA table_info(participants)').all() as { name: string }[]).map((c) => c.name);
    expect(columns.sort()).toEqual(
      [
        'id',
        'first_name',
        'last_name',
        'birth_date',
        'email',
        'mobile',
        'gender',
        'address_street',
        'address_postal_code',
        'address_city',
        'interests',
        'consent_keep',
        'consent_method',
        'consent_recorded_at',
        'consent_recorded_by',
        'identity_key',
        'search_key',
        'search_fold',
        'sort_key',
        'created_at',
        'updated_at',
        'device_id',
      ].sort(),
    );
  });
});

describe('duplicates', () => {
  it('finds the same person by name and birth date, ignoring case and spacing', async () => {
    const first = await t.ok('participants:register', registration(kplus, { firstName: 'Åse  Marie' }));
    const probe = { firstName: ' åse marie ', lastName: 'ØDEGÅRD', birthDate: '1984-03-05' };

    const inSameCourse = await t.ok('participants:findDuplicate', { ...probe, courseId: kplus.id });
    expect(inSameCourse).toEqual([
      {
        participantId: first.participantId,
        firstName: 'Åse  Marie',
        lastName: 'Ødegård',
        birthDate: '1984-03-05',
        reasons: ['name'],
        courses: [{ id: kplus.id, name: kplus.name }],
        alreadyInCourseId: kplus.id,
      },
    ]);
    expect(await t.ok('participants:findDuplicate', { ...probe, courseId: other.id })).toMatchObject([
      { participantId: first.participantId, alreadyInCourseId: null },
    ]);
    expect(await t.ok('participants:findDuplicate', { ...probe, birthDate: '1984-03-06' })).toEqual([]);

    await expectRefused(registration(other, { firstName: 'ÅSE MARIE', lastName: ' ødegård ', email: 'annen@eksempel.no' }), undefined, 'DUPLICATE_PARTICIPANT');
  });
});

describe('enrolling an existing participant', () => {
  it('enrolls into another course, asking for an address only when a trade-certificate course needs one', async () => {
    const person = await t.ok('participants:register', registration(kplus, {}, { source: 'employer', employerName: 'Nordlys AS' }));
    const enroll = (course: Course, extra: Partial<ChannelInput<'participants:enrollExisting'>> = {}) => ({
      courseId: course.id,
      participantId: person.participantId,
      enrollment: { source: 'self' as const },
      ...extra,
    });

    const inOther = await t.ok('participants:enrollExisting', enroll(other));
    expect(inOther).toMatchObject({ courseId: other.id, firstName: 'Åse', address: null, enrollment: { source: 'self', employerName: null } });
    expect((await t.ok('participants:listByCourse', { courseId: other.id })).map((p) => p.participantId)).toEqual([person.participantId]);

    const before = snapshot();
    const noAddress = await t.fail('participants:enrollExisting', enroll(fagbrev));
    expect(noAddress.fields).toEqual({ address: nb.addressRequired });
    expect(snapshot()).toEqual(before);

    const inFagbrev = await t.ok('participants:enrollExisting', enroll(fagbrev, { address: SAMPLE_ADDRESS }));
    expect(inFagbrev.address).toEqual(SAMPLE_ADDRESS);
    // The address is only shown in the trade-certificate course's context.
    expect((await t.ok('participants:get', { courseId: kplus.id, participantId: person.participantId })).address).toBeNull();
    expect((await t.ok('participants:findDuplicate', { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1984-03-05' }))[0]?.courses.map((c) => c.name).sort()).toEqual(
      [fagbrev.name, kplus.name, other.name].sort(),
    );

    expect((await t.fail('participants:enrollExisting', enroll(other))).code).toBe('DUPLICATE_PARTICIPANT');
  });

  it('refuses an address for a course that is not a trade-certificate course, and unknown ids', async () => {
    const person = await t.ok('participants:register', registration(kplus));
    const withAddress = await t.fail('participants:enrollExisting', {
      courseId: other.id,
      participantId: person.participantId,
      enrollment: { source: 'self' },
      address: SAMPLE_ADDRESS,
    });
    expect(withAddress.fields).toEqual({ address: nb.addressNotAllowed });
    const employer = await t.fail('participants:enrollExisting', {
      courseId: other.id,
      participantId: person.participantId,
      enrollment: { source: 'employer', employerName: 'Nordlys AS' },
    });
    expect(employer.fields).toEqual({ 'enrollment.source': nb.employerOnlyKompetansepluss });
    const unknown = await t.fail('participants:enrollExisting', {
      courseId: other.id,
      participantId: randomUUID(),
      enrollment: { source: 'self' },
    });
    expect(unknown.code).toBe('NOT_FOUND');
  });
});

describe('editing a participant', () => {
  it('changes fields and records consent with when and by whom', async () => {
    const created = await t.ok('participants:register', registration(fagbrev));
    // No consent asked for yet: nothing in its history.
    expect(created.consent).toEqual({ keepAfterCourse: false, method: null, recordedAt: null, recordedBy: null, history: [] });

    t.clock.advance(30 * MINUTE);
    const consentAt = t.clock.now().toISOString();
    const updated = await t.ok('participants:update', {
      courseId: fagbrev.id,
      participantId: created.participantId,
      participant: participantInput({
        address: { ...SAMPLE_ADDRESS, street: 'Fjellveien 7' },
        mobile: '+47 412 34 567',
        consent: { keepAfterCourse: true, method: 'paper' },
      }),
      enrollment: { source: 'teacher' },
    });
    expect(updated).toMatchObject({
      mobile: '+4741234567',
      address: { ...SAMPLE_ADDRESS, street: 'Fjellveien 7' },
      consent: { keepAfterCourse: true, method: 'paper', recordedAt: consentAt, recordedBy: TEST_STAFF.staffName },
      enrollment: { source: 'teacher' },
      createdAt: created.createdAt,
      updatedAt: consentAt,
    });
    expect(updated.consent.history).toEqual([{ kind: 'given', method: 'paper', at: consentAt, recordedBy: TEST_STAFF.staffName }]);
    const stored = coreDatabase(t.core).prepare('SELECT recorded_by FROM consent_events WHERE participant_id = ?').get(created.participantId) as AnyRow;
    expect(stored.recorded_by).toBe(staffId());

    // A later change that leaves consent alone keeps when it was given.
    t.clock.advance(30 * MINUTE);
    const renamed = await t.ok('participants:update', {
      courseId: fagbrev.id,
      participantId: created.participantId,
      participant: participantInput({
        interests: 'Sveisekurs',
        address: { ...SAMPLE_ADDRESS, street: 'Fjellveien 7' },
        mobile: '+47 412 34 567',
        consent: { keepAfterCourse: true, method: 'paper' },
      }),
      enrollment: { source: 'teacher' },
    });
    expect(renamed.interests).toBe('Sveisekurs');
    expect(renamed.consent.recordedAt).toBe(consentAt);

    // Consent given another way, then withdrawn: each answer is a new event, oldest first.
    t.clock.advance(30 * MINUTE);
    const byEmailAt = t.clock.now().toISOString();
    const address = { ...SAMPLE_ADDRESS, street: 'Fjellveien 7' };
    const byEmail = await t.ok('participants:update', {
      courseId: fagbrev.id,
      participantId: created.participantId,
      participant: participantInput({ interests: 'Sveisekurs', address, mobile: '+47 412 34 567', consent: { keepAfterCourse: true, method: 'email' } }),
      enrollment: { source: 'teacher' },
    });
    expect(byEmail.consent).toMatchObject({ keepAfterCourse: true, method: 'email', recordedAt: byEmailAt });
    t.clock.advance(30 * MINUTE);
    const withdrawnAt = t.clock.now().toISOString();
    const withdrawn = await t.ok('participants:update', {
      courseId: fagbrev.id,
      participantId: created.participantId,
      participant: participantInput({ interests: 'Sveisekurs', address, mobile: '+47 412 34 567', consent: { keepAfterCourse: false } }),
      enrollment: { source: 'teacher' },
    });
    expect(withdrawn.consent).toMatchObject({ keepAfterCourse: false, method: null, recordedAt: withdrawnAt });
    expect(withdrawn.consent.history.map((e) => [e.kind, e.method, e.at])).toEqual([
      ['given', 'paper', consentAt],
      ['given', 'email', byEmailAt],
      ['withdrawn', null, withdrawnAt],
    ]);
  });

  it('needs a consent method when consent is given, and refuses a change into an existing identity', async () => {
    const a = await t.ok('participants:register', registration(other));
    await t.ok('participants:register', registration(other, { firstName: 'Ola', lastName: 'Nordmann', email: 'ola@eksempel.no' }));
    const noMethod = await t.fail('participants:update', {
      courseId: other.id,
      participantId: a.participantId,
      participant: participantInput({ consent: { keepAfterCourse: true } }),
      enrollment: { source: 'self' },
    });
    expect(noMethod.fields).toEqual({ 'participant.consent.method': nb.consentMethodRequired });
    const clash = await t.fail('participants:update', {
      courseId: other.id,
      participantId: a.participantId,
      participant: participantInput({ firstName: 'ola', lastName: 'NORDMANN' }),
      enrollment: { source: 'self' },
    });
    expect(clash.code).toBe('DUPLICATE_PARTICIPANT');
    expect(await t.ok('participants:get', { courseId: other.id, participantId: a.participantId })).toEqual(a);
  });
});

describe('searching as you type', () => {
  const people = [
    { firstName: 'Åse', lastName: 'Ødegård', email: 'ase@eksempel.no', mobile: '912 34 567' },
    { firstName: 'Ola', lastName: 'Nordmann', email: 'ola.nordmann@eksempel.no', mobile: '987 65 432' },
    { firstName: 'Kari', lastName: 'Nordmann', email: 'kari_n@eksempel.no', mobile: undefined },
    { firstName: 'Per', lastName: 'Ås', email: undefined, mobile: '+46 70 123 45 67' },
  ];

  beforeEach(async () => {
    for (const [i, p] of people.entries()) {
      await t.ok('participants:register', registration(i === 3 ? kplus : other, p));
    }
  });

  const namesIn = async (query: string) =>
    (await t.ok('participants:listByCourse', { courseId: other.id, query })).map((p) => `${p.firstName} ${p.lastName}`);

  it('lists a course and narrows it by name, e-mail or mobile digits', async () => {
    expect(await namesIn('')).toEqual(['Kari Nordmann', 'Ola Nordmann', 'Åse Ødegård']);
    expect(await namesIn('øde')).toEqual(['Åse Ødegård']);
    expect(await namesIn('ØDE')).toEqual(['Åse Ødegård']);
    expect(await namesIn('nord')).toEqual(['Kari Nordmann', 'Ola Nordmann']);
    expect(await namesIn('nordmann ola')).toEqual(['Ola Nordmann']);
    expect(await namesIn('987')).toEqual(['Ola Nordmann']);
    expect(await namesIn('91234')).toEqual(['Åse Ødegård']);
    expect(await namesIn('+4791234')).toEqual(['Åse Ødegård']);
    expect(await namesIn('ola.nordmann@')).toEqual(['Ola Nordmann']);
    expect(await namesIn('xyz')).toEqual([]);
  });

  it('treats LIKE wildcards in the query as literal characters', async () => {
    expect(await namesIn('%')).toEqual([]);
    expect(await namesIn('_')).toEqual(['Kari Nordmann']);
    expect(await namesIn('kari_')).toEqual(['Kari Nordmann']);
    expect(await namesIn('o_a')).toEqual([]);
    expect(await namesIn('\\')).toEqual([]);
    expect((await t.ok('participants:search', { query: '%' })).length).toBe(0);
  });

  it('searches across courses with the course names of each hit', async () => {
    const hits = await t.ok('participants:search', { query: 'ås' });
    // Norwegian alphabetical order: Ø comes before Å.
    expect(hits.map((h) => [h.firstName, h.lastName, h.courses])).toEqual([
      ['Åse', 'Ødegård', [{ id: other.id, name: other.name }]],
      ['Per', 'Ås', [{ id: kplus.id, name: kplus.name }]],
    ]);
    expect((await t.ok('participants:search', { query: 'per å' })).map((h) => h.lastName)).toEqual(['Ås']);
    const all = await t.ok('participants:search', { query: 'eksempel' });
    expect(all).toHaveLength(3);
    expect(await t.ok('participants:search', { query: 'e', limit: 2 })).toHaveLength(2);
    expect(await t.ok('participants:search', { query: '   ' })).toEqual([]);
    expect(await t.ok('participants:search', { query: '+46701' })).toHaveLength(1);
  });

  it('answers NOT_FOUND when listing an unknown course', async () => {
    expect((await t.fail('participants:listByCourse', { courseId: randomUUID() })).code).toBe('NOT_FOUND');
  });
});

describe('the audit log', () => {
  it('holds ids, field names, actor and time, but no personal value', async () => {
    const personal = {
      firstName: 'Signe',
      lastName: 'Bjørnstad',
      birthDate: '1979-11-23',
      email: 'signe.bjornstad@fjordpost.no',
      mobile: '934 56 781',
      interests: 'Lakseoppdrett',
      address: { street: 'Havnegata 42', postalCode: '8006', city: 'Bodø' },
    };
    const created = await t.ok('participants:register', registration(fagbrev, personal));
    t.clock.advance(1 * MINUTE);
    const edited = { ...personal, email: 'signe@nyttdomene.no', interests: 'Akvakultur', consent: { keepAfterCourse: true, method: 'email' as const } };
    await t.ok('participants:update', {
      courseId: fagbrev.id,
      participantId: created.participantId,
      participant: participantInput(edited),
      enrollment: { source: 'teacher' },
    });
    await t.ok('participants:enrollExisting', {
      courseId: kplus.id,
      participantId: created.participantId,
      enrollment: { source: 'employer', employerName: 'Fiskeri Nord AS' },
    });
    const second = await t.ok('participants:register', registration(other, { firstName: 'Trond', lastName: 'Kvæfjord', birthDate: '1990-01-31', email: 'trond.kv@eksempel.no', mobile: '+46 70 765 43 21' }));
    await t.ok('participants:search', { query: 'Bjørnstad' });
    await t.ok('participants:listByCourse', { courseId: fagbrev.id, query: 'signe' });

    const rows = coreDatabase(t.core).prepare('SELECT * FROM audit_log').all() as AnyRow[];
    const participantRows = rows.filter((r) => r.entity_id === created.participantId || r.entity_id === second.participantId);
    expect(participantRows.map((r) => `${String(r.action)}:${String(r.entity)}`).sort()).toEqual(
      [
        'create:participant',
        'enroll:enrollment',
        'update:participant',
        'consent:participant',
        'update:enrollment',
        'enroll:enrollment',
        'create:participant',
        'enroll:enrollment',
      ].sort(),
    );
    const update = participantRows.find((r) => r.action === 'update' && r.entity === 'participant')!;
    expect(JSON.parse(String(update.fields))).toEqual(['email', 'interests', 'consent_keep', 'consent_method']);
    expect(update.at).toBe(t.clock.now().toISOString());

    // Every column is an id, a timestamp, a word from a fixed list or a list of column names.
    const auditColumns = ['action', 'actor_id', 'actor_role', 'at', 'course_id', 'detail', 'device_id', 'entity', 'entity_id', 'fields', 'id'];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const knownFields = new Set([
      ...(coreDatabase(t.core).prepare('PRAGMA table_info(participants)').all() as { name: string }[]).map((c) => c.name),
      'source',
      'employer_name',
    ]);
    for (const row of rows) {
      for (const column of Object.keys(row)) expect(auditColumns, column).toContain(column);
      expect(row.detail ?? null).toBeNull(); // only attendance status changes carry a detail
      for (const column of ['id', 'actor_id', 'entity_id', 'device_id']) expect(row[column]).toMatch(uuid);
      if (row.course_id !== null) expect(row.course_id).toMatch(uuid);
      expect(row.actor_id).toBe(staffId());
      expect(row.actor_role).toBe(TEST_STAFF.role);
      expect(row.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(['create', 'update', 'enroll', 'consent', 'unlock', 'lock', 'change-passphrase', 'settings']).toContain(row.action);
      const fields = JSON.parse(String(row.fields)) as unknown[];
      if (row.entity === 'participant' || row.entity === 'enrollment') {
        for (const field of fields) expect(knownFields.has(String(field)), String(field)).toBe(true);
      }
    }

    // And none of the personal values registered appears anywhere in it, in any form.
    const values = [
      ...Object.values(personal).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))),
      edited.email,
      edited.interests,
      '+4793456781',
      '93456781',
      'Fiskeri Nord AS',
      'Trond',
      'Kvæfjord',
      '1990-01-31',
      'trond.kv@eksempel.no',
      '+46707654321',
      TEST_STAFF.staffName,
    ];
    const dump = JSON.stringify(rows).toLocaleLowerCase('nb');
    for (const value of values) {
      // Four-digit postal codes could occur by chance inside a random UUID; they are covered by the structure checks above.
      if (/^\d{4}$/.test(value)) continue;
      expect(dump, value).not.toContain(value.toLocaleLowerCase('nb'));
    }
  });
});
