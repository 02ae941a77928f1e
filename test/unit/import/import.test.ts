import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../../main/contract/import-schemas';
import { errorMessages } from '../../../main/contract/messages';
import { guessField } from '../../../main/core/import/mapping';
import { draftOf } from '../../../main/core/import/row-fields';
import { createUnlockedCore, sampleCourse, sampleEnrollment, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { actAs, addStaffAccount } from '../support/roles';
import { coreDatabase, countRows } from '../support/storage';
import { csvFile, employee, fileOf, HEADER, readXlsxRows, xlsxFile, zipOf } from './helpers';
import type { SentFile } from './helpers';

const EMPLOYER = 'Byggmester Hansen AS';

let t: UnlockedCore;
let courseId: string;

beforeAll(async () => {
  t = await createUnlockedCore();
  courseId = (await t.ok('courses:create', sampleCourse('kompetansepluss'))).id;
});

const newCourse = async (type: 'kompetansepluss' | 'fagbrev' = 'kompetansepluss') => (await t.ok('courses:create', sampleCourse(type))).id;
const preview = (file: SentFile, extra: Record<string, unknown> = {}, course = courseId) =>
  t.ok('import:preview', { courseId: course, file, employerName: EMPLOYER, ...extra });
const mappingCount = () => (coreDatabase(t.core).prepare('SELECT count(*) AS n FROM import_mappings').get() as { n: number }).n;
const refusal = async (file: SentFile, code: keyof (typeof errorMessages)['nb']) => {
  const error = await t.fail('import:preview', { courseId, file, employerName: EMPLOYER });
  expect(error).toEqual({ code, message: errorMessages.nb[code] });
};

describe('the column mapping', () => {
  it('is guessed from Norwegian and English headers, and names the columns it drops', async () => {
    for (const [header, field] of [
      ['Fornavn', 'firstName'], ['First name', 'firstName'], ['Etternavn', 'lastName'], ['Surname', 'lastName'],
      ['Fødselsdato', 'birthDate'], ['Date of birth', 'birthDate'], ['E-post', 'email'], ['E-mail', 'email'],
      ['Mobil', 'mobile'], ['Mobile phone', 'mobile'], ['Kjønn', 'gender'], ['Gender', 'gender'], ['Postnr.', 'postalCode'],
    ] as const) expect(guessField(header), header).toBe(field);
    expect(guessField('Fødselsnummer')).toBeNull();
    const file = await xlsxFile([['First name', 'Last name', 'Date of birth', 'E-mail', 'Fødselsnummer', 'Lønn', 'Mobile'], ['Kari', 'Nordmann', '15.06.1985', 'kari@bedrift.no', '15068512345', 550000, 91234567]]);
    const p = await preview(file);
    expect(p.columns.map((c) => c.field)).toEqual(['firstName', 'lastName', 'birthDate', 'email', null, null, 'mobile']);
    expect(p.droppedColumns).toEqual(['Fødselsnummer', 'Lønn']);
    expect(p.mappingSource).toBe('guessed');
    expect(p.missingFields).toEqual([]);
    expect(p.rows[0]).toMatchObject({ status: 'create', values: { firstName: 'Kari', birthDate: '1985-06-15', mobile: '91234567' } });
  });

  it('is remembered per employer once a list is imported, and another employer gets the guess', async () => {
    const course = await newCourse();
    const rows = [['Navn1', 'Navn2', 'Dato', 'Jobbtelefon'], ['Kari', 'Nordmann', '15.06.1985', '912 34 567']];
    const file = await xlsxFile(rows);
    const guessed = await preview(file, {}, course);
    expect(guessed.columns.map((c) => c.field)).toEqual([null, null, null, null]);
    expect(guessed.missingFields).toEqual(['firstName', 'lastName', 'birthDate', 'contact']);
    const mapping = ['firstName', 'lastName', 'birthDate', 'mobile'] as const;
    expect((await t.fail('import:apply', { courseId: course, file, employerName: 'Fjord Fisk AS', mapping: [null, null, null, null] })).code).toBe('IMPORT_MAPPING_INCOMPLETE');
    expect(await t.ok('import:apply', { courseId: course, file, employerName: 'Fjord Fisk AS', mapping: [...mapping] })).toEqual({ created: 1, enrolled: 0, skipped: 0, failed: 0 });
    // The next list from the same employer (spelled loosely), with the columns in another order.
    const next = await xlsxFile([['Jobbtelefon', 'Dato', 'Navn1', 'Navn2'], ['41234567', '01.02.1990', 'Ola', 'Hansen']]);
    const remembered = await t.ok('import:preview', { courseId: course, file: next, employerName: 'fjord  fisk as' });
    expect(remembered.mappingSource).toBe('remembered');
    expect(remembered.columns.map((c) => c.field)).toEqual(['mobile', 'birthDate', 'firstName', 'lastName']);
    expect(await t.ok('import:employers', {})).toContain('Fjord Fisk AS');
    const other = await t.ok('import:preview', { courseId: course, file: next, employerName: 'Annen Bedrift AS' });
    expect(other.mappingSource).toBe('guessed');
    // The table holds headers and field names only.
    const stored = coreDatabase(t.core).prepare('SELECT mapping FROM import_mappings').all() as { mapping: string }[];
    expect(stored.map((r) => r.mapping).join()).not.toMatch(/Kari|Nordmann|1985|912/);
  });

  it('refuses a field given to two columns', async () => {
    const file = await xlsxFile([HEADER, employee(1)]);
    const error = await t.fail('import:preview', { courseId, file, employerName: EMPLOYER, mapping: ['firstName', 'firstName', 'birthDate', 'email', 'mobile', 'gender'] });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ mapping: 'Hvert felt kan bare hentes fra én kolonne.' });
  });
});

describe('rows', () => {
  it('show the participant form’s own messages for wrong values', async () => {
    const file = await xlsxFile([
      HEADER,
      ['Kari', 'Nordmann', '15.06.1985', 'ikke-en-adresse', '', 'K'],
      ['Ola', '', '31.02.1985', 'ola@bedrift.no', '', 'M'],
      ['Per', 'Ung', '01.01.2020', 'per@bedrift.no', '', 'M'],
      ['Siri', 'Ukjent', '01.01.1980', '', '', 'hvem vet'],
    ]);
    const p = await preview(file);
    expect(p.rows.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(p.rows[0]!.problems).toEqual([{ field: 'email', key: 'invalidEmail' }]);
    expect(p.rows[1]!.problems).toEqual([{ field: 'lastName', key: 'required' }, { field: 'birthDate', key: 'invalidDate' }]);
    expect(p.rows[2]!.problems).toEqual([{ field: 'birthDate', key: 'birthDateImplausible' }]);
    expect(p.rows[3]!.problems).toEqual([
      { field: 'gender', key: 'importGender', params: { value: 'hvem vet' } },
      { field: 'email', key: 'contactRequired' },
      { field: 'mobile', key: 'contactRequired' },
    ]);
  });

  it('read dates as Excel dates, serial numbers and text (dd.mm.åååå, d.m.yyyy, yyyy-mm-dd)', async () => {
    const file = await xlsxFile([
      HEADER,
      ['A', 'En', new Date(Date.UTC(1985, 5, 15)), 'a@b.no', '', 'K'],
      ['B', 'To', 31213, 'b@b.no', '', 'K'], // 15.06.1985 as Excel's serial number
      ['C', 'Tre', '15.06.1985', 'c@b.no', '', 'K'],
      ['D', 'Fire', '5.6.1985', 'd@b.no', '', 'K'],
      ['E', 'Fem', '1985-06-15', 'e@b.no', '', 'K'],
      ['F', 'Seks', '15/06/1985', 'f@b.no', '', 'K'],
    ]);
    const p = await preview(file);
    expect(p.rows.map((r) => r.values.birthDate)).toEqual(['1985-06-15', '1985-06-15', '1985-06-15', '1985-06-05', '1985-06-15', '1985-06-15']);
    expect(p.rows.every((r) => r.status === 'create')).toBe(true);
  });

  it('flag the same person twice in the file, and match people on file by the duplicate rules', async () => {
    const course = await newCourse();
    const known = await t.ok('participants:register', { courseId: courseId, participant: sampleParticipant({ firstName: 'Kjent', lastName: 'Person', email: 'kjent@bedrift.no', mobile: undefined }), enrollment: sampleEnrollment('kompetansepluss') });
    const onCourse = await t.ok('participants:register', { courseId: course, participant: sampleParticipant({ firstName: 'Allerede', lastName: 'Påmeldt', email: 'paameldt@bedrift.no', mobile: undefined }), enrollment: sampleEnrollment('kompetansepluss') });
    const sibling = await t.ok('participants:register', { courseId: courseId, participant: sampleParticipant({ firstName: 'Søster', lastName: 'Person', email: 'felles@familie.no', mobile: undefined }), enrollment: sampleEnrollment('kompetansepluss') });
    const file = await xlsxFile([
      HEADER,
      ['Kjent', 'Person', '15.06.1985', 'kjent@bedrift.no', '', 'K'], // row 2: on file, same name
      ['Ny', 'Person', '01.01.1990', 'ny@bedrift.no', '', 'M'], // row 3: new
      ['Ny', 'Person', '01.01.1990', 'ny.igjen@bedrift.no', '', 'M'], // row 4: row 3 again
      ['Allerede', 'Påmeldt', '15.06.1985', 'paameldt@bedrift.no', '', 'K'], // row 5: already on the course
      ['Bror', 'Person', '15.06.1985', 'felles@familie.no', '', 'M'], // row 6: same e-mail and birth date as the sister
      ['Person', 'Kjent', '15.06.1985', 'kjent2@bedrift.no', '', 'K'], // row 7: names swapped: row 2 again
    ]);
    const p = await preview(file, {}, course);
    expect(p.rows.map((r) => [r.row, r.status, r.action])).toEqual([
      [2, 'match', 'enrol'],
      [3, 'create', null],
      [4, 'error', null],
      [5, 'enrolled', null],
      [6, 'match', 'create'],
      [7, 'error', null],
    ]);
    expect(p.rows[0]!.match).toMatchObject({ participantId: known.participantId, reasons: ['name', 'email'] });
    expect(p.rows[2]!.problems).toEqual([{ field: '_', key: 'importDuplicateInFile', params: { row: '3' } }]);
    expect(p.rows[4]!.match).toMatchObject({ participantId: sibling.participantId, reasons: ['email'] });
    expect(p.counts).toEqual({ create: 1, match: 2, enrolled: 1, error: 2 });

    const result = await t.ok('import:apply', { courseId: course, file, employerName: EMPLOYER, mapping: p.columns.map((c) => c.field) });
    expect(result).toEqual({ created: 2, enrolled: 1, skipped: 1, failed: 2 });
    const list = await t.ok('participants:listByCourse', { courseId: course });
    expect(list.map((l) => `${l.firstName} ${l.lastName}`).sort()).toEqual(['Allerede Påmeldt', 'Bror Person', 'Kjent Person', 'Ny Person']);
    expect(list.find((l) => l.participantId === known.participantId)).toBeDefined(); // the person on file, not a copy
    const enrolled = await t.ok('participants:get', { courseId: course, participantId: known.participantId });
    expect(enrolled.enrollment).toMatchObject({ source: 'employer', employerName: EMPLOYER });
    // The one already on the course keeps the registration it had.
    expect(list.find((l) => l.participantId === onCourse.participantId)?.source).toBe('employer');
  });

  it('judge again on apply when someone was registered after the preview (the preview\'s judgement is reused only while nothing was written)', async () => {
    const course = await newCourse();
    const file = await xlsxFile([HEADER, ['Sen', 'Ankomst', '15.06.1985', 'sen@bedrift.no', '', 'K'], ['Tidlig', 'Ankomst', '01.01.1990', 'tidlig@bedrift.no', '', 'M']]);
    const p = await preview(file, {}, course);
    expect(p.counts).toEqual({ create: 2, match: 0, enrolled: 0, error: 0 });
    // Between the preview and the click on "Importer", the same person is registered on the course by hand.
    const byHand = await t.ok('participants:register', {
      courseId: course,
      participant: sampleParticipant({ firstName: 'Sen', lastName: 'Ankomst', email: 'sen@bedrift.no', mobile: undefined }),
      enrollment: sampleEnrollment('kompetansepluss'),
    });
    expect(await t.ok('import:apply', { courseId: course, file, employerName: EMPLOYER, mapping: p.columns.map((c) => c.field) })).toEqual({ created: 1, enrolled: 0, skipped: 1, failed: 0 });
    const list = await t.ok('participants:listByCourse', { courseId: course });
    expect(list.map((l) => l.participantId)).toContain(byHand.participantId);
    expect(list.filter((l) => l.firstName === 'Sen')).toHaveLength(1);
    // With nothing written in between, apply reuses the preview: the same file again finds both on the course.
    const again = await preview(file, {}, course);
    expect(again.counts).toEqual({ create: 0, match: 0, enrolled: 2, error: 0 });
    expect(await t.ok('import:apply', { courseId: course, file, employerName: EMPLOYER, mapping: again.columns.map((c) => c.field) })).toEqual({ created: 0, enrolled: 0, skipped: 2, failed: 0 });
  });

  it('register a new person instead of the match when chosen (recorded as someone else)', async () => {
    const course = await newCourse();
    const known = await t.ok('participants:register', { courseId: courseId, participant: sampleParticipant({ firstName: 'Navne', lastName: 'Like', email: 'like1@bedrift.no', mobile: undefined }), enrollment: sampleEnrollment('kompetansepluss') });
    const file = await xlsxFile([HEADER, ['Navne', 'Like', '15.06.1985', 'like2@bedrift.no', '', 'M']]);
    const p = await preview(file, {}, course);
    expect(p.rows[0]).toMatchObject({ status: 'match', action: 'enrol' });
    await t.ok('import:apply', { courseId: course, file, employerName: EMPLOYER, mapping: p.columns.map((c) => c.field), choices: [{ row: 2, action: 'create' }] });
    const list = await t.ok('participants:listByCourse', { courseId: course });
    expect(list).toHaveLength(1);
    expect(list[0]!.participantId).not.toBe(known.participantId);
  });

  it('take the address where the course allows it, with a postal code Excel saved as a number', () => {
    // Employer registrations are Kompetansepluss only today, so no import reaches a fagbrev course yet: the row reading is checked on its own.
    const cells = ['Kari', 'Nordmann', '15.06.1985', 'k@b.no', '', 'K', 'Storgata 1', 150, 'Oslo'].map((v) => ({ text: String(v), value: v }));
    const fields = ['firstName', 'lastName', 'birthDate', 'email', 'mobile', 'gender', 'street', 'postalCode', 'city'] as const;
    expect(draftOf(cells, [...fields], true).participant.address).toEqual({ street: 'Storgata 1', postalCode: '0150', city: 'Oslo' });
    expect(draftOf(cells, [...fields], false).participant.address).toBeUndefined();
  });

  it('drop address columns on courses that keep no address, and name them', async () => {
    const p = await preview(await xlsxFile([[...HEADER, 'Adresse', 'Postnr', 'Poststed'], [...employee(3), 'Storgata 1', 150, 'Oslo']]));
    expect(p.addressFields).toBe(false);
    expect(p.droppedColumns).toEqual(['Adresse', 'Postnr', 'Poststed']);
    expect(p.rows[0]!.status).toBe('create');
  });
});

describe('CSV', () => {
  const text = 'Fornavn;Etternavn;Fødselsdato;E-post;Mobil;Kjønn\r\nÆsa;Ødegård;15.06.1985;aesa@bedrift.no;;Kvinne\r\nPål;Bråten;01.02.1979;;"412 34 567";Mann\r\n';

  it('in Windows-1252 (as Excel saves it) is detected, and æøå come through', async () => {
    const p = await preview(csvFile(text, 'windows-1252'));
    expect(p).toMatchObject({ format: 'csv', encoding: 'windows-1252', encodingDetected: true });
    expect(p.rows.map((r) => `${r.values.firstName} ${r.values.lastName}`)).toEqual(['Æsa Ødegård', 'Pål Bråten']);
    expect(p.rows.map((r) => r.status)).toEqual(['create', 'create']);
    // The user may choose the character set when the guess is wrong.
    const forced = await preview(csvFile(text, 'windows-1252'), { encoding: 'utf-8' });
    expect(forced.encoding).toBe('utf-8');
    expect(forced.rows[0]!.values.firstName).toBe('\uFFFDsa');
  });

  it('in UTF-8 with BOM and comma separators', async () => {
    const p = await preview(csvFile(text.replaceAll(';', ',').replace('"412 34 567"', '41234567'), 'utf-8-bom'));
    expect(p).toMatchObject({ encoding: 'utf-8', encodingDetected: true });
    expect(p.columns[0]!.header).toBe('Fornavn'); // no BOM left in the first header
    expect(p.rows.map((r) => r.values.lastName)).toEqual(['Ødegård', 'Bråten']);
    expect(p.rows[1]!.values.mobile).toBe('41234567');
  });
});

describe('refusals (nothing imported)', () => {
  it('a file that is not a zip, named .xlsx, and one with a password (not a zip either)', async () => {
    await refusal(fileOf('liste.xlsx', Buffer.from('Fornavn;Etternavn\nKari;Nordmann\n')), 'IMPORT_BROKEN_XLSX');
    await refusal(fileOf('liste.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])), 'IMPORT_BROKEN_XLSX');
    const good = Buffer.from((await xlsxFile([HEADER, employee(1)])).base64, 'base64');
    await refusal(fileOf('avkortet.xlsx', good.subarray(0, good.length / 2)), 'IMPORT_BROKEN_XLSX');
  });

  it('a zip bomb: by its declared sizes before anything is inflated, and one that lies about its size', async () => {
    const huge = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 2_000_000_000 },
    ]);
    await refusal(fileOf('bombe.xlsx', huge), 'IMPORT_ZIP_BOMB');
    const liar = zipOf([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    expect(liar.length).toBeLessThan(100_000);
    await refusal(fileOf('bombe.xlsx', liar), 'IMPORT_ZIP_BOMB');
  });

  it('100,000 rows (xlsx and CSV), with the row limit in the message', async () => {
    const rows = [HEADER, ...Array.from({ length: 100_000 }, (_, i) => employee(i))];
    await refusal(await xlsxFile(rows), 'IMPORT_TOO_MANY_ROWS');
    await refusal(csvFile(rows.map((r) => r.join(';')).join('\n'), 'utf-8'), 'IMPORT_TOO_MANY_ROWS');
    expect(errorMessages.nb.IMPORT_TOO_MANY_ROWS).toContain('5 000');
    // The limit itself is imported faithfully.
    const atLimit = await preview(csvFile([HEADER, ...Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => employee(i))].map((r) => r.join(';')).join('\n'), 'utf-8'));
    expect(atLimit.rows).toHaveLength(MAX_IMPORT_ROWS);
  }, 120_000);

  it('other files, empty lists, a list without a header, a broken CSV, and a list for a course that is not Kompetansepluss', async () => {
    await refusal(fileOf('liste.pdf', Buffer.from('%PDF-1.7')), 'IMPORT_UNSUPPORTED_FILE');
    await refusal(await xlsxFile([HEADER]), 'IMPORT_EMPTY');
    await refusal(await xlsxFile([]), 'IMPORT_EMPTY');
    await refusal(csvFile('bare én kolonne\nverdi\n', 'utf-8'), 'IMPORT_NO_HEADER');
    await refusal(csvFile('Fornavn;Etternavn\n"Kari;Nordmann\n', 'utf-8'), 'IMPORT_BROKEN_CSV');
    const other = (await t.ok('courses:create', sampleCourse('other'))).id;
    const error = await t.fail('import:preview', { courseId: other, file: await xlsxFile([HEADER, employee(1)]), employerName: EMPLOYER });
    expect(error.code).toBe('IMPORT_EMPLOYER_COURSE');
  });

  it('formulas: the value Excel saved is used; a formula without one is a clear error on its row', async () => {
    const file = await xlsxFile([HEADER, ['Formel', { formula: 'UPPER("testesen")', result: 'TESTESEN' }, '15.06.1975', 'formel@b.no', '', 'K'], ['Ola', { formula: 'A2' }, '15.06.1985', 'o@b.no', '', 'M']]);
    const p = await preview(file);
    expect(p.rows[0]).toMatchObject({ status: 'create', values: { lastName: 'TESTESEN' } });
    expect(p.rows[1]!.problems).toContainEqual({ field: 'lastName', key: 'importFormula' });
  });

  it('merged cells: a title above the header is fine; merged cells in a row are an error on that row', async () => {
    const file = await xlsxFile([['Påmeldte fra Byggmester Hansen AS'], HEADER, employee(1), ['Ola Nordmann', '', '15.06.1985', 'o@b.no', '', 'M']], { merges: ['A1:F1', 'A4:B4'] });
    const p = await preview(file);
    expect(p.headerRow).toBe(2);
    expect(p.rows.map((r) => r.status)).toEqual(['create', 'error']);
    expect(p.rows[1]!.problems).toContainEqual({ field: 'lastName', key: 'importMerged' });
  });
});

describe('applying', () => {
  it('is all or nothing: a failure on row 15 leaves no person, enrollment, mapping or audit entry', async () => {
    const course = await newCourse();
    const file = await xlsxFile([HEADER, ...Array.from({ length: 30 }, (_, i) => employee(1000 + i))]);
    const p = await preview(file, {}, course);
    expect(p.counts.create).toBe(30);
    const db = coreDatabase(t.core);
    const before = { people: countRows(t.core, 'participants'), enrollments: countRows(t.core, 'participant_enrollments'), audit: countRows(t.core, 'audit_log'), mappings: mappingCount() };
    // A real failure inside the database half-way (as a full disk or a broken constraint would be).
    db.exec(`CREATE TEMP TRIGGER fail_row_15 BEFORE INSERT ON participants WHEN NEW.first_name = '${employee(1014)[0]}' BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    try {
      const error = await t.fail('import:apply', { courseId: course, file, employerName: 'Atomisk AS', mapping: p.columns.map((c) => c.field) });
      expect(error.code).toBe('INTERNAL');
    } finally {
      db.exec('DROP TRIGGER fail_row_15');
    }
    expect({ people: countRows(t.core, 'participants'), enrollments: countRows(t.core, 'participant_enrollments'), audit: countRows(t.core, 'audit_log'), mappings: mappingCount() }).toEqual(before);
    expect(await t.ok('participants:listByCourse', { courseId: course })).toEqual([]);
    // And the same file goes in whole afterwards.
    expect((await t.ok('import:apply', { courseId: course, file, employerName: 'Atomisk AS', mapping: p.columns.map((c) => c.field) })).created).toBe(30);
    expect(countRows(t.core, 'participants')).toBe(before.people + 30);
  });

  it('writes the bad rows with their errors (xlsx and CSV); the corrected file imports with its error column dropped', async () => {
    const course = await newCourse();
    const file = await xlsxFile([[...HEADER, 'Fødselsnummer'], [...employee(1), '01019012345'], ['Feil', 'Epost', '01.01.1980', 'feil@', '', 'K', '01018012345'], ['Mangler', '', '01.01.1981', 'm@b.no', '', 'M', '']]);
    const xlsx = await t.ok('import:badRows', { courseId: course, file, employerName: EMPLOYER, format: 'xlsx' });
    expect(xlsx.fileName).toBe('deltakere-feil.xlsx');
    const rows = await readXlsxRows(xlsx.base64);
    expect(rows[0]).toEqual([...HEADER, 'Fødselsnummer', 'Feil (Neo Kurs)']);
    expect(rows.slice(1).map((r) => [r[0], r[1] ?? null])).toEqual([['Feil', 'Epost'], ['Mangler', null]]);
    expect(rows[1]![7]).toBe('E-post: Ugyldig e-postadresse, for eksempel navn@eksempel.no.');
    expect(rows[2]![7]).toBe('Etternavn: Må fylles ut.');
    expect(JSON.stringify(rows)).not.toContain('01018012345'); // a national ID number is never written by the app
    const csv = await t.ok('import:badRows', { courseId: course, file, employerName: EMPLOYER, format: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain('Mangler;;01.01.1981;m@b.no;;M;;Etternavn: Må fylles ut.');

    // The employer fixes the two rows in the file we sent and sends it back.
    const fixed = await xlsxFile([rows[0]!, ['Feil', 'Epost', '01.01.1980', 'feil@bedrift.no', '', 'K', '', rows[1]![7]], ['Mangler', 'Etternavn', '01.01.1981', 'm@b.no', '', 'M', '', rows[2]![7]]] as never);
    const again = await preview(fixed, {}, course);
    expect(again.droppedColumns).toEqual(['Fødselsnummer']);
    expect(again.columns.filter((c) => c.ignored).map((c) => c.header)).toEqual(['Feil (Neo Kurs)']);
    expect(again.counts).toEqual({ create: 2, match: 0, enrolled: 0, error: 0 });
    expect((await t.ok('import:apply', { courseId: course, file: fixed, employerName: EMPLOYER, mapping: again.columns.map((c) => c.field) })).created).toBe(2);
  });
});

describe('roles', () => {
  it('a teacher imports into their own course only', async () => {
    const u = await createUnlockedCore();
    const { core } = u;
    const ok = u.ok.bind(u);
    const fail = u.fail.bind(u);
    const own = (await ok('courses:create', sampleCourse('kompetansepluss'))).id;
    const other = (await ok('courses:create', sampleCourse('kompetansepluss'))).id;
    const teacher = addStaffAccount(core, 'Tove Lærer');
    await ok('courses:assignTeacher', { courseId: own, accountId: teacher });
    actAs(core, 'teacher', teacher);
    const file = await xlsxFile([HEADER, employee(7)]);
    const p = await ok('import:preview', { courseId: own, file, employerName: EMPLOYER });
    expect(p.counts.create).toBe(1);
    expect((await fail('import:preview', { courseId: other, file, employerName: EMPLOYER })).code).toBe('FORBIDDEN');
    expect((await fail('import:apply', { courseId: other, file, employerName: EMPLOYER, mapping: p.columns.map((c) => c.field) })).code).toBe('FORBIDDEN');
    expect((await fail('import:preview', { courseId: randomUUID(), file, employerName: EMPLOYER })).code).toBe('FORBIDDEN');
    expect((await ok('import:apply', { courseId: own, file, employerName: EMPLOYER, mapping: p.columns.map((c) => c.field) })).created).toBe(1);
  });
});
