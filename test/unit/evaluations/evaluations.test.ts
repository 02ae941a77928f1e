import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../../main/core/db/migrate';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../main/contract/messages';
import { DEFAULT_QUESTIONS } from '../../../main/core/services/evaluations';
import { channelNames } from '../../../main/contract/channels';
import { KIOSK_CHANNELS } from '../../../main/contract/roles';
import { evaluations as migration010 } from '../../../main/core/db/migrations/012-evaluations';
import { sampleCourse, TEST_PASSPHRASE } from '../support/core';
import { actAs, addStaffAccount } from '../support/roles';
import { pdfText, saveFile } from '../reports/helpers';
import { answerInKiosk, evaluationFixture, rowsOf, sheet } from './helpers';

/**
 * Course evaluations (issue 13) on the real encrypted database: what is
 * stored (nothing that links to a person, no time, no order), the threshold
 * of 5, deleting an open answer, bad input, and the kiosk's lock-down.
 */

describe('anonymous answers, by construction', () => {
  it('stores course, day and answers only: no participant, account, time, device or sequence', async () => {
    const t = await evaluationFixture();
    t.clock.set('2025-06-10T13:37:21.000Z');
    await t.ok('kiosk:start', { courseId: t.courseId });
    await answerInKiosk(t, [0, 1, 2, 3, 4, 5].map((n) => sheet(n)));

    const responses = rowsOf(t.core, 'SELECT * FROM evaluation_responses');
    expect(responses).toHaveLength(6);
    for (const row of responses) {
      expect(Object.keys(row).sort()).toEqual(['answered_on', 'choices', 'course_id', 'id', 'ratings']);
      expect(row.answered_on).toBe('2025-06-10'); // the day, never the minute
      expect(row.course_id).toBe(t.courseId);
    }
    const open = rowsOf(t.core, 'SELECT * FROM evaluation_open_answers');
    expect(open).toHaveLength(6);
    for (const row of open) expect(Object.keys(row).sort()).toEqual(['answered_on', 'course_id', 'id', 'question_id', 'text']);

    // Nothing in any stored value is an id of a participant, an enrollment or an account, or the time.
    const people = rowsOf(t.core, 'SELECT id FROM participants UNION SELECT id FROM participant_enrollments UNION SELECT id FROM staff_accounts').map((r) => r.id as string);
    const stored = JSON.stringify([responses, open]);
    for (const id of people) expect(stored).not.toContain(id);
    expect(stored).not.toMatch(/13:37|T\d\d:/);

    // No rowid (WITHOUT ROWID tables) and ids that are random: the table order is not the order of answering.
    for (const table of ['evaluation_responses', 'evaluation_open_answers']) {
      expect(() => rowsOf(t.core, `SELECT rowid FROM ${table}`)).toThrow(/rowid/);
      const sql = (rowsOf(t.core, `SELECT sql FROM sqlite_master WHERE name = ?`, table)[0]!.sql as string).replace(/\s+/g, ' ');
      expect(sql).toMatch(/WITHOUT ROWID$/);
    }
    // The table order is by random id, not by the order the answers were sent.
    const sentOrder = [0, 1, 2, 3, 4, 5].map((n) => `Bra kurs nummer ${n}`);
    const byId = rowsOf(t.core, 'SELECT id, text FROM evaluation_open_answers');
    expect(byId.map((r) => r.id)).toEqual(byId.map((r) => r.id as string).sort());
    const tableOrder = byId.map((r) => r.text);
    expect(new Set(tableOrder)).toEqual(new Set(sentOrder));
    // Twenty more rounds: the stored order differs from the sent one in at least one of them (chance of failing: 20 × 1/6! ≈ 0).
    let differs = tableOrder.join() !== sentOrder.join();
    for (let round = 0; round < 20 && !differs; round++) {
      const again = await evaluationFixture(0);
      await again.ok('kiosk:start', { courseId: again.courseId });
      await answerInKiosk(again, [0, 1, 2, 3, 4, 5].map((n) => sheet(n)));
      differs = rowsOf(again.core, 'SELECT text FROM evaluation_open_answers').map((r) => r.text).join() !== sentOrder.join();
    }
    expect(differs).toBe(true);

    // The audit log has the kiosk's start, and nothing about any answer.
    const audit = rowsOf(t.core, `SELECT action, fields, detail FROM audit_log WHERE course_id = ? AND action NOT IN ('create', 'enroll')`, t.courseId);
    expect(audit).toEqual([{ action: 'kiosk-start', fields: '[]', detail: null }]);
  });

  it('keeps one answer when the same send arrives twice (a double click)', async () => {
    const t = await evaluationFixture();
    await t.ok('kiosk:start', { courseId: t.courseId });
    const token = randomUUID();
    const [first, second] = await Promise.all([
      t.core.dispatch('kiosk:submit', { token, answers: sheet(1) }),
      t.core.dispatch('kiosk:submit', { token, answers: sheet(1) }),
    ]);
    expect([first, second]).toEqual([
      { ok: true, value: { stored: true } },
      { ok: true, value: { stored: false } },
    ]);
    expect(rowsOf(t.core, 'SELECT id FROM evaluation_responses')).toHaveLength(1);
    expect(rowsOf(t.core, 'SELECT id FROM evaluation_open_answers')).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('refuses ratings outside 1–5, unknown questions, an empty form and over-long open answers, and stores nothing', async () => {
    const t = await evaluationFixture();
    await t.ok('kiosk:start', { courseId: t.courseId });
    const refused = async (answers: unknown) => t.fail('kiosk:submit', { token: randomUUID(), answers });

    for (const value of [0, 6, 2.5, -1, '3', null]) {
      const error = await refused({ ratings: { content: value } });
      expect(error.code, String(value)).toBe('VALIDATION');
      expect(error.fields?.['answers.ratings.content']).toBe('Velg et tall fra 1 til 5.');
    }
    expect((await refused({ choices: { recommend: 'maybe' } })).code).toBe('VALIDATION');
    // A question the form does not have, or the wrong kind of answer to one it has.
    expect((await refused({ ratings: { nosuch: 3 } })).fields).toEqual({ 'answers.ratings.nosuch': errorMessages.nb.VALIDATION === '' ? '' : 'Ugyldig verdi.' });
    expect((await refused({ ratings: { good: 3 } })).code).toBe('VALIDATION');
    // Empty: nothing at all, or only blank text (control characters count as nothing).
    for (const empty of [{}, { ratings: {}, choices: {}, texts: {} }, { texts: { good: '   ' } }, { texts: { good: '\u0007\u0000' } }]) {
      const error = await refused(empty);
      expect(error).toEqual({ code: 'EVALUATION_EMPTY', message: 'Du har ikke svart på noe ennå. Svar på minst ett spørsmål, og trykk Send.' });
    }
    const long = await refused({ texts: { good: 'x'.repeat(1001) } });
    expect(long.fields?.['answers.texts.good']).toBe('Svaret er for langt. Skriv høyst 1000 tegn.');
    // Extra fields and a missing token are refused by the contract.
    expect((await t.fail('kiosk:submit', { answers: sheet(1) })).code).toBe('VALIDATION');
    expect((await t.fail('kiosk:submit', { token: randomUUID(), answers: { ...sheet(1), courseId: t.courseId } })).code).toBe('VALIDATION');
    expect(rowsOf(t.core, 'SELECT id FROM evaluation_responses')).toEqual([]);
    expect(rowsOf(t.core, 'SELECT id FROM evaluation_open_answers')).toEqual([]);
  });

  it('strips control characters and bidi overrides from open answers, keeps line breaks, and accepts 1000 characters', async () => {
    const t = await evaluationFixture();
    await t.ok('kiosk:start', { courseId: t.courseId });
    await t.ok('kiosk:submit', { token: randomUUID(), answers: { texts: { good: 'Fint\u0007 kurs\u202E!\r\nTakk\u0000', improve: 'y'.repeat(1000) } } });
    const texts = rowsOf(t.core, 'SELECT question_id, text FROM evaluation_open_answers ORDER BY question_id');
    expect(texts).toEqual([
      { question_id: 'good', text: 'Fint kurs!\nTakk' },
      { question_id: 'improve', text: 'y'.repeat(1000) },
    ]);
  });
});

describe('results', () => {
  it('shows nothing below 5 responses and everything from 5: distributions, means, response rate, open answers', async () => {
    const t = await evaluationFixture(8);
    await t.ok('kiosk:start', { courseId: t.courseId });
    await answerInKiosk(t, [0, 1, 2, 3].map((n) => sheet(n)));
    await t.ok('kiosk:leave', { passphrase: TEST_PASSPHRASE });

    const four = await t.ok('evaluations:results', { courseId: t.courseId });
    expect(four).toMatchObject({ responses: 4, enrolled: 8, responseRate: 0.5, threshold: 5, shown: false, questions: [], openAnswers: [] });

    await t.ok('evaluations:enterPaper', { courseId: t.courseId, token: randomUUID(), answers: sheet(4) });
    const five = await t.ok('evaluations:results', { courseId: t.courseId });
    expect(five).toMatchObject({ responses: 5, enrolled: 8, responseRate: 5 / 8, shown: true, openAnswersHidden: false });
    const content = five.questions.find((q) => q.questionId === 'content')!;
    // Ratings of content: n % 5 + 1 for n = 0..4 → one each of 1..5.
    expect(content).toMatchObject({ kind: 'rating', answered: 5, distribution: [1, 1, 1, 1, 1], mean: 3 });
    expect(five.questions.find((q) => q.questionId === 'teacher')).toMatchObject({ distribution: [0, 0, 0, 0, 5], mean: 5 });
    // Recommend: no for n = 0 and 3.
    expect(five.questions.find((q) => q.questionId === 'recommend')).toMatchObject({ kind: 'yesno', answered: 5, distribution: [3, 2], mean: 0.6 });
    expect(five.questions.find((q) => q.questionId === 'good')).toMatchObject({ kind: 'open', answered: 5, mean: null });
    expect(five.questions.map((q) => q.questionId)).toEqual(DEFAULT_QUESTIONS.map((q) => q.id));
    expect(five.openAnswers.map((a) => a.text).sort()).toEqual([0, 1, 2, 3, 4].map((n) => `Bra kurs nummer ${n}`));
    // Listed by their random ids.
    expect(five.openAnswers.map((a) => a.id)).toEqual(five.openAnswers.map((a) => a.id).sort());
  });

  it('lets a coordinator delete one open answer, leaving the rest, and the audit entry has no text', async () => {
    const t = await evaluationFixture();
    await t.ok('kiosk:start', { courseId: t.courseId });
    await answerInKiosk(t, [0, 1, 2, 3, 4].map((n) => sheet(n, n === 2 ? { improve: 'Ola Nordmann snakket for mye' } : {})));
    await t.ok('kiosk:leave', { passphrase: TEST_PASSPHRASE });
    const before = await t.ok('evaluations:results', { courseId: t.courseId });
    const naming = before.openAnswers.find((a) => a.text.includes('Ola'))!;
    expect(await t.ok('evaluations:deleteOpenAnswer', { courseId: t.courseId, answerId: naming.id })).toBeNull();
    const after = await t.ok('evaluations:results', { courseId: t.courseId });
    expect(after.openAnswers).toEqual(before.openAnswers.filter((a) => a.id !== naming.id));
    expect(after.responses).toBe(5);
    expect(after.questions).toEqual(before.questions.map((q) => (q.questionId === 'improve' ? { ...q, answered: 0 } : q)));
    expect(JSON.stringify(rowsOf(t.core, 'SELECT * FROM audit_log'))).not.toContain('Ola');
    expect(JSON.stringify(rowsOf(t.core, 'SELECT * FROM evaluation_open_answers'))).not.toContain('Ola');
    // Gone is gone; and an answer of another course is not found through this one.
    expect((await t.fail('evaluations:deleteOpenAnswer', { courseId: t.courseId, answerId: naming.id })).code).toBe('NOT_FOUND');
    const other = await t.ok('courses:create', sampleCourse('other', { name: 'Annet kurs' }));
    expect((await t.fail('evaluations:deleteOpenAnswer', { courseId: other.id, answerId: after.openAnswers[0]!.id })).code).toBe('NOT_FOUND');
  });

  it('gives a teacher their own course’s figures without open answers, and refuses deleting and the summary', async () => {
    const t = await evaluationFixture();
    await t.ok('kiosk:start', { courseId: t.courseId });
    await answerInKiosk(t, [0, 1, 2, 3, 4].map((n) => sheet(n)));
    await t.ok('kiosk:leave', { passphrase: TEST_PASSPHRASE });
    const teacher = addStaffAccount(t.core, 'Tove Lærer');
    await t.ok('courses:assignTeacher', { courseId: t.courseId, accountId: teacher });
    actAs(t.core, 'teacher', teacher);
    const results = await t.ok('evaluations:results', { courseId: t.courseId });
    expect(results).toMatchObject({ shown: true, openAnswers: [], openAnswersHidden: true });
    expect((await t.fail('evaluations:summary', { groupBy: 'type' })).code).toBe('FORBIDDEN');
    expect((await t.fail('evaluations:deleteOpenAnswer', { courseId: t.courseId, answerId: randomUUID() })).code).toBe('FORBIDDEN');
  });

  it('summarises across courses by type, teacher and term, counting only courses with 5 responses or more', async () => {
    const t = await evaluationFixture(0);
    const second = await t.ok('courses:create', sampleCourse('other', { name: 'Nummer to', teacher: 'Annen Lærer', endDate: '2025-09-30' }));
    const small = await t.ok('courses:create', sampleCourse('other', { name: 'Lite kurs' }));
    for (const [courseId, n] of [[t.courseId, 5], [second.id, 6], [small.id, 4]] as const) {
      for (let i = 0; i < n; i++) await t.ok('evaluations:enterPaper', { courseId, token: randomUUID(), answers: sheet(i) });
    }
    const byTeacher = await t.ok('evaluations:summary', { groupBy: 'teacher' });
    expect(byTeacher.coursesBelowThreshold).toBe(1);
    expect(byTeacher.rows.map((r) => [r.key, r.courses, r.responses])).toEqual([
      ['Annen Lærer', 1, 6],
      ['Lærer Testesen', 1, 5],
    ]);
    expect(byTeacher.rows[1]!.means.content).toBe(3);
    const byType = await t.ok('evaluations:summary', { groupBy: 'type' });
    expect(byType.rows).toMatchObject([{ key: 'other', courses: 2, responses: 11 }]);
    const byTerm = await t.ok('evaluations:summary', { groupBy: 'period' });
    expect(byTerm.rows.map((r) => r.key)).toEqual(['2025-1', '2025-2']);
    const csv = await t.ok('evaluations:exportCsv', { groupBy: 'teacher' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFFLærer;Kurs;Svar;Hvor fornøyd er du med innholdet i kurset?;Hvor fornøyd er du med læreren?;Hvor godt passet tempoet for deg?;Hvor fornøyd er du med kursmateriellet?;Hvor nyttig er kurset for deg på jobben?;Anbefaler (andel ja)');
    expect(text).toContain('Lærer Testesen;1;5;3,00;5,00;3,00;3,00;4,00;0,60');
    expect(text).not.toContain('Bra kurs'); // aggregates only
  });
});

describe('forms', () => {
  it('gives a course the default form or its own copy, changeable only until the first answer', async () => {
    const t = await evaluationFixture(0);
    const form = await t.ok('evaluations:form', { courseId: t.courseId });
    expect(form).toMatchObject({ source: 'default', responses: 0 });
    expect(form.questions.filter((q) => q.kind === 'rating').map((q) => q.id)).toEqual(['content', 'teacher', 'pace', 'materials', 'benefit']);
    expect(form.questions.filter((q) => q.kind === 'open')).toHaveLength(2);
    expect(form.questions.every((q) => q.text.nb && q.text.en && q.text.nn)).toBe(true);

    const own = [...form.questions.slice(0, 2), { id: 'venue', kind: 'rating' as const, text: { nb: 'Hvor fornøyd er du med lokalet?' } }];
    const saved = await t.ok('evaluations:saveForm', { courseId: t.courseId, questions: own });
    expect(saved).toMatchObject({ source: 'course', questions: own });
    expect((await t.fail('evaluations:saveForm', { courseId: t.courseId, questions: [own[0], own[0]] })).code).toBe('VALIDATION');
    await t.ok('evaluations:enterPaper', { courseId: t.courseId, token: randomUUID(), answers: { ratings: { venue: 4 } } });
    // A default question the copy left out is not answerable any more.
    expect((await t.fail('evaluations:enterPaper', { courseId: t.courseId, token: randomUUID(), answers: { ratings: { pace: 4 } } })).code).toBe('VALIDATION');
    expect((await t.fail('evaluations:useDefault', { courseId: t.courseId })).code).toBe('EVALUATION_HAS_ANSWERS');
    expect((await t.fail('evaluations:saveForm', { courseId: t.courseId, questions: form.questions })).code).toBe('EVALUATION_HAS_ANSWERS');
  });

  it('prints the blank form and the results as PDFs that pdftotext reads', async () => {
    const t = await evaluationFixture(6);
    for (let i = 0; i < 5; i++) await t.ok('evaluations:enterPaper', { courseId: t.courseId, token: randomUUID(), answers: sheet(i) });
    const blank = pdfText(saveFile((await t.ok('evaluations:paperForm', { courseId: t.courseId })).base64, 'skjema.pdf'));
    expect(blank).toContain('Evaluering av kurset');
    expect(blank).toContain('Digitale ferdigheter');
    expect(blank).toContain('Hvor fornøyd er du med kursmateriellet?');
    expect(blank).toContain('Vil du anbefale kurset til andre?');
    const nynorsk = pdfText(saveFile((await t.ok('evaluations:paperForm', { courseId: t.courseId, language: 'nn' })).base64, 'nn.pdf'));
    expect(nynorsk).toContain('Kor nøgd er du med læraren?');
    const results = pdfText(saveFile((await t.ok('evaluations:exportPdf', { courseId: t.courseId })).base64, 'resultater.pdf'));
    expect(results).toContain('Kursevaluering');
    expect(results).toMatch(/Svarprosent\s+83 %/);
    expect(results).toContain('Hvor fornøyd er du med innholdet i kurset?');
    expect(results).toMatch(/1\s*\/\s*1\s*\/\s*1\s*\/\s*1\s*\/\s*1/);
    expect(results).not.toContain('Bra kurs'); // no open answers on paper
  });
});

describe('the kiosk', () => {
  it('answers only its own channels while it runs, says so to a reloaded page, and shows nothing of the course', async () => {
    const t = await evaluationFixture();
    expect(await t.ok('kiosk:status', {})).toEqual({ active: false });
    expect((await t.fail('kiosk:form', {})).code).toBe('NOT_IN_KIOSK');
    await t.ok('kiosk:start', { courseId: t.courseId });
    expect(await t.ok('vault:status', {})).toMatchObject({ state: 'unlocked', kiosk: true });
    const form = await t.ok('kiosk:form', {});
    expect(Object.keys(form)).toEqual(['questions']);
    expect(JSON.stringify(form)).not.toContain('Digitale ferdigheter');
    for (const name of channelNames.filter((c) => !KIOSK_CHANNELS.has(c))) {
      const envelope = await t.core.dispatch(name, {});
      expect(envelope, name).toEqual({ ok: false, error: { code: 'KIOSK_ACTIVE', message: errorMessages.nb.KIOSK_ACTIVE } });
    }
    // Locking or unlocking as someone else would end the kiosk without the passphrase: refused too.
    expect((await t.fail('vault:lock', {})).code).toBe('KIOSK_ACTIVE');
    expect((await t.fail('vault:unlock', { name: 'Noen', passphrase: TEST_PASSPHRASE })).code).toBe('KIOSK_ACTIVE');
    expect(t.core.isUnlocked).toBe(true);
    expect(await t.ok('kiosk:status', {})).toEqual({ active: true });
  });

  it('is left only with the signed-in account’s passphrase; wrong tries are throttled like unlocking', async () => {
    const t = await evaluationFixture();
    await t.ok('kiosk:start', { courseId: t.courseId });
    expect((await t.fail('kiosk:leave', { passphrase: 'feil passordfrase' })).code).toBe('WRONG_PASSPHRASE');
    expect((await t.fail('kiosk:leave', { passphrase: '' })).code).toBe('VALIDATION');
    let throttled = null;
    for (let i = 0; i < 10 && !throttled; i++) {
      const error = await t.fail('kiosk:leave', { passphrase: `gjett ${i}` });
      if (error.code === 'UNLOCK_THROTTLED') throttled = error;
      else expect(error.code).toBe('WRONG_PASSPHRASE');
    }
    expect(throttled?.retryAfterSeconds).toBeGreaterThan(0);
    // Even the right passphrase waits out the delay.
    expect((await t.fail('kiosk:leave', { passphrase: TEST_PASSPHRASE })).code).toBe('UNLOCK_THROTTLED');
    expect(await t.ok('kiosk:status', {})).toEqual({ active: true });
    t.clock.advance(60 * 60_000);
    const left = await t.ok('kiosk:leave', { passphrase: TEST_PASSPHRASE });
    expect(left.courseId).toBe(t.courseId);
    expect(left.session).toMatchObject({ staffName: 'Lærer Testesen', role: 'coordinator' });
    expect(await t.ok('vault:status', {})).not.toHaveProperty('kiosk');
    expect((await t.ok('courses:list', {})).length).toBe(1);
    const audit = rowsOf(t.core, `SELECT action FROM audit_log WHERE action LIKE 'kiosk-%' ORDER BY at`).map((r) => r.action);
    expect(audit).toEqual(['kiosk-start', 'kiosk-leave']);
  });

  it('lets a teacher start it for their own course only', async () => {
    const t = await evaluationFixture(0);
    const other = await t.ok('courses:create', sampleCourse('other', { name: 'Ikke mitt' }));
    const teacher = addStaffAccount(t.core, 'Tove Lærer');
    await t.ok('courses:assignTeacher', { courseId: t.courseId, accountId: teacher });
    actAs(t.core, 'teacher', teacher);
    expect((await t.fail('kiosk:start', { courseId: other.id })).code).toBe('FORBIDDEN');
    expect(await t.ok('kiosk:start', { courseId: t.courseId })).toEqual({ active: true });
  });
});

describe('retention', () => {
  it('keeps the evaluations through the course’s deletion run, and the preview says so', async () => {
    const t = await evaluationFixture(6);
    for (let i = 0; i < 5; i++) await t.ok('evaluations:enterPaper', { courseId: t.courseId, token: randomUUID(), answers: sheet(i) });
    const before = await t.ok('evaluations:results', { courseId: t.courseId });
    const preview = await t.ok('retention:preview', { courseId: t.courseId, force: true });
    expect(preview.stays.evaluations).toBe(5);
    await t.ok('retention:run', { courseIds: [t.courseId], force: true });
    expect(rowsOf(t.core, 'SELECT id FROM participants')).toEqual([]);
    const after = await t.ok('evaluations:results', { courseId: t.courseId });
    // The response rate now compares with the number kept in the course's figures.
    expect(after).toEqual(before);
    // A course with evaluations is not deleted outright (that would lose them): it goes through the run.
    expect((await t.fail('courses:delete', { id: t.courseId })).code).toBe('COURSE_HAS_RECORDS');
  });
});

describe('migration 012 (evaluations)', () => {
  it('creates the form and answer tables, STRICT, the answer tables WITHOUT ROWID and with no time, person or device column', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys=ON');
    migrate(db, migration010.version);
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'evaluation_%' ORDER BY name`).all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['evaluation_forms', 'evaluation_open_answers', 'evaluation_responses']);
    for (const { name, sql } of tables) {
      expect(sql.replace(/\s+/g, ' ')).toMatch(name === 'evaluation_forms' ? /\) STRICT$/ : /\) STRICT, WITHOUT ROWID$/);
    }
    const columns = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    expect(columns('evaluation_responses')).toEqual(['id', 'course_id', 'answered_on', 'ratings', 'choices']);
    expect(columns('evaluation_open_answers')).toEqual(['id', 'course_id', 'question_id', 'answered_on', 'text']);
    // A time where a day belongs is refused by the table itself.
    db.prepare(`INSERT INTO courses (id, name, type, place, start_date, end_date, planned_hours, teacher, status, created_at, updated_at, device_id)
                VALUES ('c', 'Kurs', 'other', 'Ålesund', '2025-01-01', '2025-02-01', 10, 'L', 'planned', 'x', 'x', 'd')`).run();
    const insert = db.prepare(`INSERT INTO evaluation_responses (id, course_id, answered_on, ratings, choices) VALUES (?, 'c', ?, '{}', '{}')`);
    expect(() => insert.run('a', '2025-01-02T10:00:00Z')).toThrow(/CHECK/);
    insert.run('b', '2025-01-02');
  });
});
