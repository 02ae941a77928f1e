import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../main/contract/channels';
import { validationMessages } from '../../../main/contract/messages';
import type { Course } from '../../../main/contract/types';
import type { UnlockedCore } from '../support/core';
import { createUnlockedCore, makeClock, sampleCourse, sampleParticipant } from '../support/core';
import { coreDatabase, countRows } from '../support/storage';

/**
 * Items 14 to 17 of issue 8 through the dispatcher, on the real encrypted
 * database: one person, one record; search the way staff type; names that
 * cannot scramble anything; e-mail domains with Norwegian letters.
 */

type RegisterInput = ChannelInput<'participants:register'>;
const nb = validationMessages.nb;

let t: UnlockedCore;
let dir: string;
let kplus: Course;
let other: Course;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'neo-people-test-'));
  t = await createUnlockedCore({ dataDir: dir, clock: makeClock('2025-09-01T08:00:00.000Z') });
  kplus = await t.ok('courses:create', sampleCourse('kompetansepluss'));
  other = await t.ok('courses:create', sampleCourse('other'));
});
afterEach(() => {
  t.core.close();
  rmSync(dir, { recursive: true, force: true });
});

const registration = (
  participant: Partial<RegisterInput['participant']>,
  extra: Partial<RegisterInput> = {},
  course: Course = other,
): RegisterInput => ({
  courseId: course.id,
  participant: sampleParticipant({ email: undefined, mobile: '912 34 567', birthDate: '1984-03-05', ...participant }),
  enrollment: { source: 'self' },
  ...extra,
});

const distinctPairs = () => (coreDatabase(t.core).prepare('SELECT count(*) AS n FROM participant_distinct').get() as { n: number }).n;

const snapshot = () => ({
  participants: countRows(t.core, 'participants'),
  enrollments: countRows(t.core, 'participant_enrollments'),
  audit: countRows(t.core, 'audit_log'),
});

describe('one person, one record (item 14)', () => {
  it('stores names NFC-normalised, so a decomposed name is the same person', async () => {
    const composed = await t.ok('participants:register', registration({ firstName: 'Åse', lastName: 'Ødegård' }));
    const before = snapshot();
    // "Å" typed as "A" + combining ring, "ø" cannot decompose but "å" in the last name can.
    const decomposed = { firstName: 'A\u030Ase', lastName: 'Ødega\u030Ard', mobile: '412 34 567' };
    expect((await t.fail('participants:register', registration(decomposed))).code).toBe('DUPLICATE_PARTICIPANT');
    expect(snapshot()).toEqual(before);
    const found = await t.ok('participants:findDuplicate', { ...decomposed, birthDate: '1984-03-05' });
    expect(found.map((c) => [c.participantId, c.reasons])).toEqual([[composed.participantId, ['name']]]);

    // When it is someone else after all, what is stored is NFC.
    const second = await t.ok('participants:register', registration(decomposed, { notDuplicateOf: [composed.participantId] }));
    expect(second.firstName).toBe('Åse');
    expect(second.lastName).toBe('Ødegård');
    const raw = coreDatabase(t.core).prepare('SELECT first_name, last_name FROM participants WHERE id = ?').get(second.participantId) as Record<string, string>;
    expect(raw.first_name).toBe('Åse'.normalize('NFC'));
    expect(raw.last_name).toBe('Ødegård'.normalize('NFC'));
  });

  it.each([
    ['case and spacing', { firstName: ' åse  ', lastName: 'ØDEGÅRD' }],
    ['Å written Aa and Ø written Oe', { firstName: 'Aase', lastName: 'Oedegaard' }],
    ['Ø written O, Å written A', { firstName: 'Ase', lastName: 'Odegard' }],
    ['the names in the other order', { firstName: 'Ødegård', lastName: 'Åse' }],
  ])('offers the existing person for a near match: %s', async (_label, near) => {
    const existing = await t.ok('participants:register', registration({ firstName: 'Åse', lastName: 'Ødegård' }));
    const candidates = await t.ok('participants:findDuplicate', { ...near, birthDate: '1984-03-05', courseId: kplus.id });
    expect(candidates).toEqual([
      {
        participantId: existing.participantId,
        firstName: 'Åse',
        lastName: 'Ødegård',
        birthDate: '1984-03-05',
        reasons: ['name'],
        courses: [{ id: other.id, name: other.name }],
        alreadyInCourseId: null,
      },
    ]);
    expect((await t.fail('participants:register', registration({ ...near, mobile: '412 34 567' }))).code).toBe('DUPLICATE_PARTICIPANT');
    expect(await t.ok('participants:findDuplicate', { ...near, birthDate: '1984-03-06' })).toEqual([]);
  });

  it('finds Æ written Ae, and a hyphen or space in a double name', async () => {
    const existing = await t.ok('participants:register', registration({ firstName: 'Anne-Lise', lastName: 'Sæther' }));
    for (const near of [{ firstName: 'Anne Lise', lastName: 'Saether' }, { firstName: 'annelise', lastName: 'SÆTHER' }]) {
      const [candidate] = await t.ok('participants:findDuplicate', { ...near, birthDate: '1984-03-05' });
      expect(candidate?.participantId).toBe(existing.participantId);
    }
  });

  it('offers someone born the same day with the same mobile or e-mail, whatever the name', async () => {
    const existing = await t.ok('participants:register', registration({ firstName: 'Kari', lastName: 'Nordmann', email: 'Kari@Bøler.no' }));
    const byMobile = await t.ok('participants:findDuplicate', { firstName: 'Kari', lastName: 'Hansen', birthDate: '1984-03-05', mobile: '+47 912 34 567' });
    expect(byMobile.map((c) => [c.participantId, c.reasons])).toEqual([[existing.participantId, ['mobile']]]);
    // The same address in another case and with its domain in ASCII form.
    const byEmail = await t.ok('participants:findDuplicate', {
      firstName: 'K.',
      lastName: 'Hansen',
      birthDate: '1984-03-05',
      email: 'kari@xn--bler-gra.no',
    });
    expect(byEmail.map((c) => c.reasons)).toEqual([['email']]);
    const both = await t.ok('participants:findDuplicate', { firstName: 'kari', lastName: 'nordmann', birthDate: '1984-03-05', email: 'kari@bøler.no', mobile: '91234567' });
    expect(both.map((c) => c.reasons)).toEqual([['name', 'email', 'mobile']]);
    // Another birth date is another person, even with the same mobile.
    expect(await t.ok('participants:findDuplicate', { firstName: 'Kari', lastName: 'Hansen', birthDate: '1984-03-06', mobile: '91234567' })).toEqual([]);
  });

  it('registers a different person with the same name as an explicit choice, recorded by whom and when', async () => {
    const first = await t.ok('participants:register', registration({ firstName: 'Ola', lastName: 'Nordmann' }));
    const before = snapshot();
    const refused = await t.fail('participants:register', registration({ firstName: 'OLA', lastName: 'nordmann', mobile: '412 34 567' }));
    expect(refused.code).toBe('DUPLICATE_PARTICIPANT');
    expect(snapshot()).toEqual(before);
    expect(distinctPairs()).toBe(0);

    // Naming someone who is not a candidate does not count.
    const unrelated = await t.ok('participants:register', registration({ firstName: 'Per', lastName: 'Hansen', mobile: '413 34 567' }));
    expect(
      (await t.fail('participants:register', registration({ firstName: 'Ola', lastName: 'Nordmann', mobile: '412 34 567' }, { notDuplicateOf: [unrelated.participantId] }))).code,
    ).toBe('DUPLICATE_PARTICIPANT');

    t.clock.advance(60_000);
    const second = await t.ok(
      'participants:register',
      registration({ firstName: 'Ola', lastName: 'Nordmann', mobile: '412 34 567' }, { notDuplicateOf: [first.participantId] }),
    );
    expect(second.participantId).not.toBe(first.participantId);
    const db = coreDatabase(t.core);
    const pair = db.prepare('SELECT * FROM participant_distinct').all() as Record<string, string>[];
    expect(pair).toHaveLength(1);
    expect([pair[0]!.participant_a, pair[0]!.participant_b]).toEqual([first.participantId, second.participantId].sort());
    expect(pair[0]!.decided_by).toBe((db.prepare("SELECT value FROM settings WHERE key = 'staff.id'").get() as { value: string }).value);
    expect(pair[0]!.created_at).toBe(t.clock.now().toISOString());
    const audit = db.prepare("SELECT entity, entity_id, fields, detail FROM audit_log WHERE action = 'not-duplicate'").all();
    expect(audit).toEqual([{ entity: 'participant', entity_id: second.participantId, fields: '[]', detail: null }]);

    // Both are still offered to the next registration of that name: it may be either of them.
    const next = await t.ok('participants:findDuplicate', { firstName: 'Ola', lastName: 'Nordmann', birthDate: '1984-03-05' });
    expect(next.map((c) => c.participantId).sort()).toEqual([first.participantId, second.participantId].sort());
    // But not to each other: editing one of them keeps working without asking again.
    expect(await t.ok('participants:findDuplicate', { firstName: 'Ola', lastName: 'Nordmann', birthDate: '1984-03-05', participantId: second.participantId })).toEqual([]);
    const edited = await t.ok('participants:update', {
      courseId: other.id,
      participantId: second.participantId,
      participant: sampleParticipant({ firstName: 'Olá', lastName: 'Nordmann', birthDate: '1984-03-05', email: undefined, mobile: '412 34 567' }),
      enrollment: { source: 'teacher' },
    });
    expect(edited.firstName).toBe('Olá');
  });

  it('asks the same when a correction makes a record match someone else', async () => {
    const aase = await t.ok('participants:register', registration({ firstName: 'Aase', lastName: 'Berg' }));
    const asa = await t.ok('participants:register', registration({ firstName: 'Åsa', lastName: 'Berg', mobile: '412 34 567' }));
    const correct = (extra: Partial<ChannelInput<'participants:update'>> = {}) => ({
      courseId: other.id,
      participantId: asa.participantId,
      participant: sampleParticipant({ firstName: 'Åse', lastName: 'Berg', birthDate: '1984-03-05', email: undefined, mobile: '412 34 567' }),
      enrollment: { source: 'self' as const },
      ...extra,
    });
    expect((await t.fail('participants:update', correct())).code).toBe('DUPLICATE_PARTICIPANT');
    expect((await t.ok('participants:get', { courseId: other.id, participantId: asa.participantId })).firstName).toBe('Åsa');
    expect((await t.ok('participants:update', correct({ notDuplicateOf: [aase.participantId] }))).firstName).toBe('Åse');
    expect(distinctPairs()).toBe(1);
  });

  it('forgets the choice with either person (erasure leaves no pair behind)', async () => {
    const a = await t.ok('participants:register', registration({ firstName: 'Ola', lastName: 'Nordmann' }));
    await t.ok('participants:register', registration({ firstName: 'Ola', lastName: 'Nordmann', mobile: '412 34 567' }, { notDuplicateOf: [a.participantId] }));
    const db = coreDatabase(t.core);
    db.prepare('DELETE FROM participants WHERE id = ?').run(a.participantId);
    expect(distinctPairs()).toBe(0);
  });
});

describe('search the way staff type (item 15)', () => {
  beforeEach(async () => {
    await t.ok('participants:register', registration({ firstName: 'Kari', lastName: 'Nordmann', email: 'kari.nordmann@eksempel.no' }, {}, kplus));
    await t.ok('participants:register', registration({ firstName: 'Åse', lastName: 'Ødegård', mobile: '987 65 432' }));
    await t.ok('participants:register', registration({ firstName: 'Piotr', lastName: 'Wiśniewski', mobile: '+48 601 234 567' }));
    await t.ok('participants:register', registration({ firstName: 'Ola', lastName: 'Aas', mobile: '413 34 567' }));
    await t.ok(
      'participants:register',
      registration({ firstName: 'Per', lastName: 'Hansen', mobile: '414 34 567' }, { enrollment: { source: 'employer', employerName: 'Fjordfisk AS' } }, kplus),
    );
  });

  const names = async (query: string) => (await t.ok('participants:search', { query })).map((h) => `${h.lastName}, ${h.firstName}`);

  it.each([
    ['Nordmann Kari', ['Nordmann, Kari']],
    ['Nordmann, Kari', ['Nordmann, Kari']],
    ['nordmann,kari', ['Nordmann, Kari']],
    ['912 34 567', ['Nordmann, Kari']],
    ['+47 912 34 567', ['Nordmann, Kari']],
    ['0047 912 34 567', ['Nordmann, Kari']],
    ['601 234 567', ['Wiśniewski, Piotr']],
    ['aase', ['Ødegård, Åse']],
    ['odegard', ['Ødegård, Åse']],
    ['oedegaard ase', ['Ødegård, Åse']],
    ['wisniewski', ['Wiśniewski, Piotr']],
    ['Wiśniewski', ['Wiśniewski, Piotr']],
    ['fjordfisk', ['Hansen, Per']],
    ['Fjordfisk Hansen', ['Hansen, Per']],
    ['eksempel', ['Nordmann, Kari']],
    ['Ødegård, Åse'.normalize('NFD'), ['Ødegård, Åse']],
  ])('finds %j', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('treats a letter typed with an accent as meant: "å" finds Å and Aa, not every a', async () => {
    expect(await names('å')).toEqual(['Aas, Ola', 'Ødegård, Åse']);
    expect(await names('ø')).toEqual(['Ødegård, Åse']);
  });

  it('narrows a course list the same way, including by employer', async () => {
    const list = async (query: string) => (await t.ok('participants:listByCourse', { courseId: kplus.id, query })).map((p) => p.lastName);
    expect(await list('')).toEqual(['Hansen', 'Nordmann']);
    expect(await list('fjordfisk')).toEqual(['Hansen']);
    expect(await list('Nordmann, Kari')).toEqual(['Nordmann']);
    expect(await list('912 34 567')).toEqual(['Nordmann']);
  });

  it('finds a person by the employer after an enrollment or a correction adds it', async () => {
    const [ola] = await t.ok('participants:search', { query: 'aas' });
    expect(await names('Byggmester')).toEqual([]);
    await t.ok('participants:enrollExisting', {
      courseId: kplus.id,
      participantId: ola!.participantId,
      enrollment: { source: 'employer', employerName: 'Byggmester Ærlig AS' },
    });
    expect(await names('byggmester aerlig')).toEqual(['Aas, Ola']);
    const per = (await t.ok('participants:search', { query: 'hansen' }))[0]!;
    await t.ok('participants:update', {
      courseId: kplus.id,
      participantId: per.participantId,
      participant: sampleParticipant({ firstName: 'Per', lastName: 'Hansen', birthDate: '1984-03-05', email: undefined, mobile: '414 34 567' }),
      enrollment: { source: 'employer', employerName: 'Havbruk Nord AS' },
    });
    expect(await names('fjordfisk')).toEqual([]);
    expect(await names('havbruk')).toEqual(['Hansen, Per']);
  });

  it('finds anyone by any part of their name, typed with or without accents (many generated names)', async () => {
    const letters = 'abdeghiklmnorstuvæøåéüöäśńč';
    const word = fc.array(fc.constantFrom(...letters.split('')), { minLength: 2, maxLength: 10 }).map((l) => l.join(''));
    const people = fc.sample(fc.tuple(word, word), { numRuns: 40, seed: 15 });
    const ids: string[] = [];
    for (const [i, [first, last]] of people.entries()) {
      const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
      const day = String(1 + (i % 28)).padStart(2, '0');
      const p = await t.ok('participants:register', registration({ firstName: cap(first), lastName: cap(last), birthDate: `1970-0${1 + (i % 9)}-${day}`, mobile: `9${String(1000000 + i).padStart(7, '0')}` }));
      ids.push(p.participantId);
    }
    const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/æ/g, 'ae').replace(/ø/g, 'o');
    await fc.assert(
      fc.asyncProperty(fc.nat(people.length - 1), fc.nat(), fc.nat(), fc.boolean(), async (index, from, length, stripAccents) => {
        const [first, last] = people[index]!;
        const full = `${last} ${first}`;
        const start = from % full.length;
        const part = full.slice(start, start + 2 + (length % 6)).trim();
        fc.pre(part.length >= 2);
        const typed = stripAccents ? plain(part) : part.toUpperCase();
        const hits = await t.ok('participants:search', { query: typed, limit: 200 });
        expect(hits.map((h) => h.participantId)).toContain(ids[index]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('names that cannot scramble the screen or the paper (item 16)', () => {
  it.each([
    ['participant.firstName', { firstName: 'Kari\u202E' }, nb.bidiControl],
    ['participant.firstName', { firstName: '\u2067Kari' }, nb.bidiControl],
    ['participant.lastName', { lastName: 'Nord\nmann' }, nb.lineBreak],
    ['participant.lastName', { lastName: 'Nord\u2028mann' }, nb.lineBreak],
    ['participant.lastName', { lastName: 'Nord\u0000mann' }, nb.controlCharacter],
    ['participant.firstName', { firstName: 'Ka\tri' }, nb.controlCharacter],
    ['participant.email', { email: 'kari@bøler.no\u202E' }, nb.bidiControl],
    ['participant.address.street', { address: { street: 'Storgata\u202D 1', postalCode: '6002', city: 'Ålesund' } }, nb.bidiControl],
  ])('refuses %s for %j with a clear field error, and saves nothing', async (field, change, message) => {
    const fagbrev = await t.ok('courses:create', sampleCourse('fagbrev'));
    const before = snapshot();
    const error = await t.fail(
      'participants:register',
      registration({ address: { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' }, ...change }, {}, fagbrev),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ [field]: message });
    expect(snapshot()).toEqual({ ...before });
  });

  it('gives the field errors in English too', async () => {
    await t.ok('settings:update', { language: 'en' });
    const error = await t.fail('participants:register', registration({ firstName: 'Kari\u202E', lastName: 'Nord\nmann' }));
    expect(error.fields).toEqual({
      'participant.firstName': validationMessages.en.bidiControl,
      'participant.lastName': validationMessages.en.lineBreak,
    });
  });

  it('keeps line breaks in a course description and in interests, but refuses bidi overrides there too', async () => {
    const course = await t.ok('courses:create', sampleCourse('other', { description: 'Uke 1: grunnlag\r\nUke 2: praksis', learningGoals: 'Mål 1\nMål 2' }));
    expect(course.description).toBe('Uke 1: grunnlag\nUke 2: praksis');
    expect(course.learningGoals).toBe('Mål 1\nMål 2');
    const refused = await t.fail('courses:create', sampleCourse('other', { description: 'Uke 1\n\u202Egrunnlag', name: 'Kurs\nto' }));
    expect(refused.fields).toEqual({ description: nb.bidiControl, name: nb.lineBreak });
    const person = await t.ok('participants:register', registration({ interests: 'Sveising\nTruck' }));
    expect(person.interests).toBe('Sveising\nTruck');
  });

  it('refuses the same in the other text fields people type: staff, session notes and reasons, provider, override reasons', async () => {
    expect((await t.fail('provider:update', { name: 'Neo\u202E AS', street: 'Storgata 1', postalCode: '6002', city: 'Ålesund', organisationNumber: '974760673' })).fields).toEqual({
      name: nb.bidiControl,
    });
    expect(
      (await t.fail('attendance:mark', { sessionId: crypto.randomUUID(), participantId: crypto.randomUUID(), status: 'present', note: 'Kom\nsent' })).fields,
    ).toEqual({ note: nb.lineBreak });
    expect(
      (await t.fail('certificates:startBatch', { courseId: other.id, items: [{ participantId: crypto.randomUUID(), overrideReason: 'Syk\u2066' }], output: { mode: 'single' } })).fields,
    ).toEqual({ 'items.0.overrideReason': nb.bidiControl });
  });
});

describe('e-mail addresses with Norwegian letters in the domain (item 17)', () => {
  it('accepts kari@bøler.no, stores it as typed, and finds it with or without the ø', async () => {
    const detail = await t.ok('participants:register', registration({ email: 'Kari.Nordmann@bøler.no' }));
    expect(detail.email).toBe('Kari.Nordmann@bøler.no');
    for (const query of ['bøler', 'boler', 'nordmann@bøler.no']) {
      expect((await t.ok('participants:search', { query })).map((h) => h.participantId), query).toEqual([detail.participantId]);
    }
    const upper = await t.ok('participants:register', registration({ firstName: 'Ola', email: 'OLA@BØLER.NO', mobile: '412 34 567' }));
    expect(upper.email).toBe('OLA@BØLER.NO');
    const nfd = await t.ok('participants:register', registration({ firstName: 'Per', email: 'per@a\u030Ale.no', mobile: '413 34 567' }));
    expect(nfd.email).toBe('per@åle.no');
  });
});
