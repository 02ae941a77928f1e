import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/core/services/audit';
import { CourseService } from '../../../main/core/services/courses';
import { duplicateKeys, ParticipantService } from '../../../main/core/services/participants';
import { createUnlockedCore, sampleCourse, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { coreDatabase } from '../support/storage';
import { HEADER, xlsxFile } from './helpers';

const EMPLOYER = 'Byggmester Hansen AS';

/** The participant service on the core's own connection: the channels have no batch duplicate check to call. */
function serviceOn(t: UnlockedCore): ParticipantService {
  const db = coreDatabase(t.core);
  const ctx = { db, clock: t.clock, deviceId: 'test-device', actorId: 'test-actor', actorRole: 'coordinator' as const };
  const audit = new AuditLog(ctx);
  return new ParticipantService(ctx, audit, new CourseService(ctx, audit));
}

/** Every row a person's registration wrote, in every table, without ids, times and the course's id (two databases, two courses). */
function footprint(t: UnlockedCore, participantId: string) {
  const db = coreDatabase(t.core);
  const strip = (rows: unknown[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r as Record<string, unknown>).filter(
          ([k]) => !['id', 'created_at', 'updated_at', 'at', 'device_id', 'actor_id', 'course_id', 'participant_id', 'entity_id', 'participant_a', 'participant_b', 'decided_by', 'recorded_by'].includes(k),
        ),
      ),
    );
  return {
    participants: strip(db.prepare('SELECT * FROM participants WHERE id = ?').all(participantId)),
    enrollments: strip(db.prepare('SELECT * FROM participant_enrollments WHERE participant_id = ?').all(participantId)),
    consent: strip(db.prepare('SELECT * FROM consent_events WHERE participant_id = ?').all(participantId)),
    distinct: strip(db.prepare('SELECT * FROM participant_distinct WHERE participant_a = ? OR participant_b = ?').all(participantId, participantId)),
    // The import's own summary entry is about the course, not the person.
    audit: strip(db.prepare('SELECT * FROM audit_log WHERE entity_id = ? ORDER BY rowid').all(participantId)),
    // Any other table that names the person (a new side effect of register) must be written by the import too.
    others: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%participant_id%'").all() as { name: string }[])
      .map((t) => t.name)
      .filter((name) => !['participant_enrollments', 'consent_events'].includes(name))
      .map((name) => [name, (db.prepare(`SELECT count(*) AS n FROM ${name} WHERE participant_id = ?`).get(participantId) as { n: number }).n]),
  };
}

describe('the bulk registration of an import', () => {
  it('writes, for each person, exactly what registering them with the form writes (a new person, and one recorded as someone else)', async () => {
    const form = await createUnlockedCore();
    const imported = await createUnlockedCore();
    const setUp = async (t: UnlockedCore) => {
      const course = (await t.ok('courses:create', sampleCourse('kompetansepluss'))).id;
      const other = (await t.ok('courses:create', sampleCourse('kompetansepluss'))).id;
      const known = await t.ok('participants:register', {
        courseId: other,
        participant: sampleParticipant({ firstName: 'Navne', lastName: 'Like', email: 'like1@bedrift.no', mobile: undefined, interests: undefined }),
        enrollment: { source: 'employer', employerName: EMPLOYER },
      });
      return { course, known: known.participantId };
    };
    const a = await setUp(form);
    const b = await setUp(imported);
    const people = [
      { firstName: 'Åse', lastName: 'Ødegård-Berg', birthDate: '1984-03-05', email: 'aase@bedrift.no', mobile: '+4791234567', gender: 'female' as const },
      { firstName: 'Navne', lastName: 'Like', birthDate: '1985-06-15', email: 'like2@bedrift.no', mobile: '41234567', gender: 'male' as const },
    ];
    const viaForm = [];
    for (const [i, p] of people.entries()) {
      const registered = await form.ok('participants:register', {
        courseId: a.course,
        participant: { ...p, consent: { keepAfterCourse: false } },
        enrollment: { source: 'employer', employerName: EMPLOYER },
        ...(i === 1 ? { notDuplicateOf: [a.known] } : {}),
      });
      viaForm.push(registered.participantId);
    }
    const file = await xlsxFile([HEADER, ...people.map((p) => [p.firstName, p.lastName, p.birthDate, p.email, p.mobile, p.gender === 'female' ? 'K' : 'M'])]);
    const preview = await imported.ok('import:preview', { courseId: b.course, file, employerName: EMPLOYER });
    expect(preview.rows.map((r) => r.status)).toEqual(['create', 'match']);
    await imported.ok('import:apply', { courseId: b.course, file, employerName: EMPLOYER, mapping: preview.columns.map((c) => c.field), choices: [{ row: 3, action: 'create' }] });
    const list = await imported.ok('participants:listByCourse', { courseId: b.course });
    const viaImport = people.map((p) => list.find((l) => l.firstName === p.firstName && l.lastName === p.lastName)!.participantId);

    for (const [i, id] of viaImport.entries()) {
      const mine = footprint(imported, id);
      expect(mine).toEqual(footprint(form, viaForm[i]!));
      expect(mine.participants).toHaveLength(1);
      expect(mine.enrollments).toEqual([expect.objectContaining({ source: 'employer', employer_name: EMPLOYER })]);
      expect(mine.audit.map((e) => e['action'])).toEqual(i === 1 ? ['create', 'not-duplicate', 'enroll'] : ['create', 'enroll']);
    }
    // The one recorded as someone else points at the person on file, in both.
    const distinctOf = (t: UnlockedCore, id: string) =>
      coreDatabase(t.core).prepare('SELECT participant_a, participant_b FROM participant_distinct WHERE participant_a = ? OR participant_b = ?').get(id, id) as Record<string, string>;
    expect(Object.values(distinctOf(imported, viaImport[1]!)).sort()).toEqual([b.known, viaImport[1]].sort());
    expect(Object.values(distinctOf(form, viaForm[1]!)).sort()).toEqual([a.known, viaForm[1]].sort());
    // Found by the search the same way (the employer and the mobile's national digits are searchable).
    for (const query of ['hansen', '91234567', 'odegard']) {
      expect((await imported.ok('participants:search', { query })).map((h) => h.participantId)).toContain(viaImport[0]);
    }
  });
});

describe('the batched duplicate check', () => {
  let t: UnlockedCore;
  let service: ParticipantService;
  let courses: string[];
  // Small pools, so names, birth dates and contacts collide often, in every spelling the check folds together.
  const FIRST = ['Åse', 'Aase', 'Ase', 'Kari', 'Per', 'Anne-Lise', 'Annelise'];
  const LAST = ['Ødegård', 'Odegaard', 'Kari', 'Hansen', 'Per'];
  const DATES = ['1980-01-01', '1980-01-02', '1991-12-31'];
  const EMAILS = [undefined, 'a@b.no', 'A@B.no', 'kari@bedrift.no', 'x@ÆRØ.no', 'x@xn--r-1fa7f.no'];
  const MOBILES = [undefined, '+4791234567', '+4741234567'];
  const identity = fc.record({
    firstName: fc.constantFrom(...FIRST),
    lastName: fc.constantFrom(...LAST),
    birthDate: fc.constantFrom(...DATES),
    email: fc.constantFrom(...EMAILS),
    mobile: fc.constantFrom(...MOBILES),
  });

  beforeAll(async () => {
    t = await createUnlockedCore();
    service = serviceOn(t);
    courses = [];
    for (let i = 0; i < 3; i++) courses.push((await t.ok('courses:create', sampleCourse('kompetansepluss'))).id);
    // People on file: each registered (as someone else than any same-name person already there) on one or two courses.
    const onFile = fc.sample(fc.tuple(identity, fc.nat(2), fc.boolean()), { numRuns: 60, seed: 12 });
    for (const [p, course, twice] of onFile) {
      const fields = { ...p, email: p.email ?? (p.mobile ? undefined : 'kontakt@bedrift.no'), gender: 'unspecified' as const, consent: { keepAfterCourse: false } };
      const same = service.findDuplicates(fields).filter((c) => c.reasons.includes('name')).map((c) => c.participantId);
      const id = service.registerQuietly(courses[course]!, fields, { source: 'teacher' }, same);
      if (twice) service.enrollExisting(courses[(course + 1) % 3]!, id, { source: 'teacher' }, null);
    }
  });

  it('finds, for every person of a list, what findDuplicates finds for them alone', () => {
    fc.assert(
      fc.property(fc.array(identity, { maxLength: 25 }), fc.option(fc.nat(2), { nil: undefined }), (people, course) => {
        const options = { courseId: course === undefined ? undefined : courses[course] };
        const one = people.map((p) => service.findDuplicates(p, options));
        expect(service.findDuplicatesMany(people, options)).toEqual(one);
        // With the keys an import computed while checking the file.
        expect(service.findDuplicatesMany(people, options, people.map(duplicateKeys))).toEqual(one);
      }),
      { numRuns: 200 },
    );
    // The pools do collide: the property is not checked on empty results only.
    expect(service.findDuplicatesMany([{ firstName: 'Aase', lastName: 'Odegaard', birthDate: DATES[0]!, email: 'a@b.no' }]).flat().length).toBeGreaterThan(0);
  });
});
