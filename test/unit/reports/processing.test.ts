import { describe, expect, it } from 'vitest';
import { COURSE_TYPES } from '../../../main/contract/schemas';
import { TINY_PNG_BASE64 } from '../certificates/helpers';
import { createUnlockedCore, dispatchError, dispatchOk, sampleCourse, sampleEnrollment, sampleParticipant, SAMPLE_ADDRESS } from '../support/core';
import { CONTROLLER, pdfFonts, pdfInfo, pdfText, rows, saveFile } from './helpers';

/**
 * The record of processing (GDPR art. 30, issue 9 item 8), built from the
 * app's own rules, data and settings; only the controller's details are typed
 * in, and those it shares with the certificates' provider settings.
 */

describe('record of processing: built from the app', () => {
  it('starts without a controller, and cannot be printed until one is filled in', async () => {
    const { core } = await createUnlockedCore();
    const record = await dispatchOk(core, 'processing:get', {});
    expect(record.controller).toEqual({ name: null, address: null, organisationNumber: null, contactEmail: null, privacyContact: null });
    expect(record.controllerComplete).toBe(false);
    expect(record.updatedAt).toBeNull();
    expect(await dispatchError(core, 'processing:pdf', {})).toEqual({
      code: 'CONTROLLER_MISSING',
      message:
        'Behandlingsprotokollen trenger opplysninger om behandlingsansvarlig: navn, adresse, organisasjonsnummer og e-post for personvern. Fyll dem ut og lagre først.',
    });
    // The provider's details alone (as for certificates) still lack the privacy contact.
    await dispatchOk(core, 'provider:update', { name: 'Neo', street: 'Gate 1', postalCode: '0150', city: 'Oslo', organisationNumber: '974760673' });
    const partly = await dispatchOk(core, 'processing:get', {});
    expect(partly.controller).toMatchObject({ name: 'Neo', organisationNumber: '974760673', contactEmail: null });
    expect(partly.controllerComplete).toBe(false);
    expect((await dispatchError(core, 'processing:pdf', {})).code).toBe('CONTROLLER_MISSING');
  });

  it('lists the statement’s purposes, the categories each course type stores, and its recipients', async () => {
    const { core } = await createUnlockedCore();
    const record = await dispatchOk(core, 'processing:get', {});
    expect(record.purposes).toEqual([
      { purpose: 'identification', courseTypes: [...COURSE_TYPES] },
      { purpose: 'communication', courseTypes: [...COURSE_TYPES] },
      { purpose: 'attendance', courseTypes: [...COURSE_TYPES] },
      { purpose: 'certificates', courseTypes: [...COURSE_TYPES] },
      { purpose: 'evaluation', courseTypes: [...COURSE_TYPES] },
      { purpose: 'fundingReport', courseTypes: ['kompetansepluss'] },
    ]);
    // Absence reasons on every course type: any roll call can record one.
    const base = ['name', 'birthDate', 'contact', 'gender', 'courseParticipation', 'absenceReasons', 'interests', 'consent', 'registrationSource', 'certificates'];
    expect([...record.categoriesByCourseType.fagbrev].sort()).toEqual([...base, 'address'].sort());
    expect([...record.categoriesByCourseType.kompetansepluss].sort()).toEqual([...base, 'employer'].sort());
    expect([...record.categoriesByCourseType.other].sort()).toEqual([...base].sort());
    expect([...record.categoriesByCourseType.studieforbund].sort()).toEqual([...base].sort());
    expect([...record.categoriesByCourseType.bedriftsbetalt].sort()).toEqual([...base, 'employer'].sort());
    expect(record.recipients).toEqual([
      { recipient: 'superOffice', role: 'processor', scope: { kompetansepluss: 'allCourseData' } },
      {
        recipient: 'frontCore',
        role: 'processor',
        scope: { kompetansepluss: 'identityAndContact', fagbrev: 'allCourseData', studieforbund: 'allCourseData', bedriftsbetalt: 'allCourseData', other: 'allCourseData' },
      },
      { recipient: 'kompetanseNorge', role: 'thirdParty', scope: { kompetansepluss: 'requiredByAgreement' } },
    ]);
  });

  it('states the categories the participant rules really enforce: an address only on fagbrev, an employer only on Kompetansepluss', async () => {
    const { core } = await createUnlockedCore();
    const record = await dispatchOk(core, 'processing:get', {});
    for (const type of COURSE_TYPES) {
      const course = await dispatchOk(core, 'courses:create', sampleCourse(type));
      const withAddress = await core.call('participants:register', {
        courseId: course.id,
        participant: sampleParticipant({ firstName: `Adresse ${type}`, address: SAMPLE_ADDRESS }),
        enrollment: { source: 'self' },
      });
      expect(withAddress.ok, `address on ${type}`).toBe(record.categoriesByCourseType[type].includes('address'));
      const fromEmployer = await core.call('participants:register', {
        courseId: course.id,
        participant: sampleParticipant({ firstName: `Virksomhet ${type}`, ...(type === 'fagbrev' ? { address: SAMPLE_ADDRESS } : {}) }),
        enrollment: { source: 'employer', employerName: 'Byggmester Hansen AS' },
      });
      expect(fromEmployer.ok, `employer on ${type}`).toBe(record.categoriesByCourseType[type].includes('employer'));
    }
  });

  it('follows the settings: grace days in the retention rules, minutes in the auto-lock', async () => {
    const { core } = await createUnlockedCore();
    const before = await dispatchOk(core, 'processing:get', {});
    expect(before.retention).toEqual([
      { courseType: 'kompetansepluss', rule: 'afterApproval', graceDays: null },
      { courseType: 'fagbrev', rule: 'afterEnd', graceDays: 30 },
      { courseType: 'studieforbund', rule: 'afterEnd', graceDays: 30 },
      { courseType: 'bedriftsbetalt', rule: 'afterEnd', graceDays: 30 },
      { courseType: 'other', rule: 'afterEnd', graceDays: 30 },
    ]);
    expect(before.security).toContainEqual({ measure: 'autoLock', minutes: 10 });
    expect(before.security.map((s) => s.measure)).toEqual(['encryptionAtRest', 'passphrase', 'autoLock', 'auditLog', 'secureDelete', 'privateFiles']);
    expect(before.requestDays).toBe(30);

    await dispatchOk(core, 'settings:update', { retentionGraceDays: 45, idleLockMinutes: 5 });
    const after = await dispatchOk(core, 'processing:get', {});
    expect(after.retention.map((r) => r.graceDays)).toEqual([null, 45, 45, 45, 45]);
    expect(after.security).toContainEqual({ measure: 'autoLock', minutes: 5 });
  });

  it('counts what is held now, per course type', async () => {
    const { core } = await createUnlockedCore();
    const kp = await dispatchOk(core, 'courses:create', sampleCourse('kompetansepluss'));
    const other = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    await dispatchOk(core, 'courses:create', sampleCourse('other', { name: 'Tomt kurs' }));
    const kari = await dispatchOk(core, 'participants:register', { courseId: kp.id, participant: sampleParticipant(), enrollment: sampleEnrollment('kompetansepluss') });
    await dispatchOk(core, 'participants:enrollExisting', { courseId: other.id, participantId: kari.participantId, enrollment: { source: 'self' } });
    await dispatchOk(core, 'participants:register', {
      courseId: other.id,
      participant: sampleParticipant({ firstName: 'Ola', birthDate: '1970-02-02', email: 'ola@example.no' }),
      enrollment: { source: 'self' },
    });
    expect((await dispatchOk(core, 'processing:get', {})).heldNow).toEqual({
      kompetansepluss: { courses: 1, participants: 1 },
      fagbrev: { courses: 0, participants: 0 },
      studieforbund: { courses: 0, participants: 0 },
      bedriftsbetalt: { courses: 0, participants: 0 },
      other: { courses: 2, participants: 2 },
    });
  });
});

describe('record of processing: the controller’s details', () => {
  it('saves them into the provider settings the certificates print (keeping the logo) and the privacy contact, audited by field name', async () => {
    const { core, clock } = await createUnlockedCore();
    await dispatchOk(core, 'provider:update', { name: 'Gammelt navn', street: 'Gate 1', postalCode: '0150', city: 'Oslo', organisationNumber: '974760673', logo: { base64: TINY_PNG_BASE64 } });
    clock.set('2025-03-11T12:00:00.000Z');
    const record = await dispatchOk(core, 'processing:update', CONTROLLER);
    expect(record.controller).toEqual({
      name: 'Kompetansehuset Neo',
      address: { street: 'Fredrik Selmers vei 6', postalCode: '0663', city: 'Oslo' },
      organisationNumber: '974760673',
      contactEmail: 'personvern@kompetansehusetneo.no',
      privacyContact: 'Ingrid Løvås, personvernombud',
    });
    expect(record.controllerComplete).toBe(true);
    expect(record.updatedAt).toBe('2025-03-11T12:00:00.000Z');
    const provider = await dispatchOk(core, 'provider:get', {});
    expect(provider).toMatchObject({ name: 'Kompetansehuset Neo', address: record.controller.address, organisationNumber: '974760673' });
    expect(provider!.logo?.base64).toBe(TINY_PNG_BASE64);
    expect(await dispatchOk(core, 'processing:get', {})).toEqual(record);

    const audit = rows<{ entity_id: string; fields: string; detail: string | null }>(
      core,
      `SELECT entity_id, fields, detail FROM audit_log WHERE action = 'settings' AND entity = 'settings' AND at = '2025-03-11T12:00:00.000Z' ORDER BY entity_id`,
    );
    expect(audit).toEqual([
      { entity_id: 'processing', fields: JSON.stringify(['contactEmail', 'privacyContact']), detail: null },
      { entity_id: 'provider', fields: JSON.stringify(['name', 'address']), detail: null },
    ]);

    // A blank privacy contact removes it.
    const cleared = await dispatchOk(core, 'processing:update', { ...CONTROLLER, privacyContact: '  ' });
    expect(cleared.controller.privacyContact).toBeNull();
  });

  it('refuses bad input field by field, in the user’s language, and changes nothing', async () => {
    const { core } = await createUnlockedCore();
    await dispatchOk(core, 'processing:update', CONTROLLER);
    const before = await dispatchOk(core, 'processing:get', {});
    const auditBefore = rows(core, 'SELECT count(*) AS n FROM audit_log');

    const error = await dispatchError(core, 'processing:update', {
      ...CONTROLLER,
      name: '',
      postalCode: '123',
      organisationNumber: '974760674',
      contactEmail: 'ikke en adresse',
      privacyContact: 'Linje\nto',
    });
    expect(error).toEqual({
      code: 'VALIDATION',
      message: 'Noen felt er ikke riktig utfylt.',
      fields: {
        name: 'Må fylles ut.',
        postalCode: 'Postnummeret må ha 4 siffer.',
        organisationNumber: 'Ugyldig organisasjonsnummer. Det har 9 siffer, og kontrollsifferet må stemme.',
        contactEmail: 'Ugyldig e-postadresse, for eksempel navn@eksempel.no.',
        privacyContact: 'Feltet kan bare ha én linje. Fjern linjeskiftet.',
      },
    });
    const { contactEmail: _omitted, ...withoutEmail } = CONTROLLER;
    expect((await dispatchError(core, 'processing:update', withoutEmail)).fields).toEqual({ contactEmail: 'Må fylles ut.' });
    expect((await dispatchError(core, 'processing:update', { ...CONTROLLER, extra: 1 })).code).toBe('VALIDATION');

    await dispatchOk(core, 'settings:update', { language: 'en' });
    expect((await dispatchError(core, 'processing:update', { ...CONTROLLER, contactEmail: '' })).fields).toEqual({ contactEmail: 'Required.' });

    expect(await dispatchOk(core, 'processing:get', {})).toEqual(before);
    // Only the language change was audited.
    expect(rows<{ n: number }>(core, 'SELECT count(*) AS n FROM audit_log')[0]!.n).toBe((auditBefore[0] as { n: number }).n + 1);
  });
});

describe('record of processing: the PDF', () => {
  it('is A4 with the font embedded, and says what the screen says, from the settings', async () => {
    const { core } = await createUnlockedCore();
    await dispatchOk(core, 'processing:update', { ...CONTROLLER, name: 'Kompetansehuset Neo Ålesund' });
    await dispatchOk(core, 'settings:update', { retentionGraceDays: 45 });
    const course = await dispatchOk(core, 'courses:create', sampleCourse('fagbrev'));
    await dispatchOk(core, 'participants:register', { courseId: course.id, participant: sampleParticipant({ address: SAMPLE_ADDRESS }), enrollment: { source: 'self' } });
    await dispatchOk(core, 'attendance:export', { courseId: course.id, format: 'csv' });

    const file = await dispatchOk(core, 'processing:pdf', {});
    expect(file).toMatchObject({ fileName: 'Behandlingsprotokoll – Kompetansehuset Neo Ålesund – 2025-03-10.pdf', mimeType: 'application/pdf' });
    const pdf = saveFile(file.base64, 'protokoll.pdf');
    expect(pdfInfo(pdf)).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    expect(pdfFonts(pdf).filter((font) => !font.embedded)).toEqual([]);
    const flat = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Behandlingsprotokoll',
      'Kompetansehuset Neo Ålesund',
      'Fredrik Selmers vei 6, 0663 Oslo',
      '974 760 673',
      'personvern@kompetansehusetneo.no',
      'Ingrid Løvås, personvernombud',
      'Identifisere deltakeren på kurset',
      'Evaluere kurset etter kursdeltakelse',
      'Rapportere deltakere til Kompetanse Norge ved kursstart',
      'Postadresse',
      'Virksomheten som meldte på deltakeren',
      // Absence reasons, with where they are kept and why that matters: they may reveal health.
      'Fraværsårsak Ja Ja Ja Ja Ja',
      'Fraværsårsaken (sykdom, barns sykdom, jobb eller annet) kan avsløre helseopplysninger',
      'personvernforordningen artikkel 9',
      'lagres bare på maskinen der oppmøtet ble registrert, normalt lærerens bærbare PC, og sendes ikke til hovedkontoret',
      'Den slettes sammen med oppmøteregistreringen',
      'SuperOffice (CRM-system)',
      'FrontCore (kurssystem)',
      'Kompetanse Norge',
      'etter 45 dager',
      'Kompetanse Norge har godkjent kursets økonomiske rapport',
      'besvares innen 30 dager',
      'SQLCipher',
      'etter 10 minutter uten bruk',
      'Oppmøtelister (eksportert til fil)',
      'Side 1 av',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    // Who is on the courses never is: the record holds no personal data about participants.
    expect(flat).not.toContain('Nordmann');
  });

  it('is in English when the app is', async () => {
    const { core } = await createUnlockedCore();
    await dispatchOk(core, 'processing:update', CONTROLLER);
    await dispatchOk(core, 'settings:update', { language: 'en' });
    const file = await dispatchOk(core, 'processing:pdf', {});
    expect(file.fileName).toBe('Record of processing activities – Kompetansehuset Neo – 2025-03-10.pdf');
    const flat = pdfText(saveFile(file.base64, 'record.pdf')).replace(/\s+/g, ' ');
    for (const expected of [
      'Record of processing activities',
      'Controller',
      'Identify the participant on the course',
      'Absence reason Yes Yes Yes Yes Yes',
      'An absence reason (illness, child’s illness, work or other) may reveal health information',
      'kept only on the computer where attendance was recorded, normally the teacher’s laptop, and is not sent to head office',
      'It is deleted with the attendance mark',
      'after 30 days',
      'Page 1 of',
    ]) {
      expect(flat, expected).toContain(expected);
    }
  });
});
