import { describe, expect, it } from 'vitest';
import type { AccessReport } from '../../../main/core/services/access-report';
import { dispatchError, dispatchOk } from '../support/core';
import { coreDatabase } from '../support/storage';
import { ASE, CONTROLLER, PER, insertChangeReason, insertRequest, pdfFonts, pdfInfo, pdfText, reportFixture, rows, saveFile } from './helpers';
import type { ReportFixture } from './helpers';

/**
 * The access report (innsyn, issue 9 item 6) on the real encrypted database:
 * everything held about one person, in every section, and nothing about anyone
 * else; its own generation audited and recorded; the PDF read back with
 * poppler's pdftotext.
 */

async function jsonReport(f: ReportFixture, participantId = f.ase, requestId?: string): Promise<{ report: AccessReport; text: string; fileName: string; mimeType: string }> {
  const file = await dispatchOk(f.core, 'privacy:accessReport', { participantId, format: 'json', ...(requestId ? { requestId } : {}) });
  const text = Buffer.from(file.base64, 'base64').toString('utf8');
  return { report: JSON.parse(text) as AccessReport, text, fileName: file.fileName, mimeType: file.mimeType };
}

const counts = (f: ReportFixture) => ({
  audit: rows<{ n: number }>(f.core, 'SELECT count(*) AS n FROM audit_log')[0]!.n,
  disclosures: rows<{ n: number }>(f.core, 'SELECT count(*) AS n FROM disclosures')[0]!.n,
  requests: rows<{ status: string }>(f.core, 'SELECT status FROM privacy_requests ORDER BY id').map((r) => r.status),
});

describe('access report: what it holds', () => {
  it('holds every section of the person’s data, and nothing about anyone else', async () => {
    const f = await reportFixture();
    // Åse's reason comes from the fixture's change after sign-off; Per's is his own and must stay out of her report.
    insertChangeReason(f.core, f.sessionIds[0]!, f.per, 'Pers egen begrunnelse');
    insertRequest(f.core, f.ase, 'access', 'Ba om innsyn på e-post');
    insertRequest(f.core, f.per, 'restriction', 'Pers forespørsel');
    await dispatchOk(f.core, 'attendance:export', { courseId: f.courseId, format: 'csv' });

    const { report, text, fileName, mimeType } = await jsonReport(f);
    expect(fileName).toBe('Innsyn – Ødegård, Åse – 2025-07-01.json');
    expect(mimeType).toBe('application/json');
    expect(report).toMatchObject({ format: 'neo-kurs/access-report', version: 1, language: 'nb', generatedAt: '2025-07-01T10:00:00.000Z' });

    // Who holds the data.
    expect(report.controller).toEqual({
      name: CONTROLLER.name,
      address: { street: CONTROLLER.street, postalCode: CONTROLLER.postalCode, city: CONTROLLER.city },
      organisationNumber: '974760673',
      contactEmail: CONTROLLER.contactEmail,
      privacyContact: CONTROLLER.privacyContact,
    });

    // The fields held.
    expect(report.person).toEqual({
      id: f.ase,
      firstName: ASE.firstName,
      lastName: ASE.lastName,
      birthDate: ASE.birthDate,
      email: ASE.email,
      mobile: '+4791234567',
      gender: 'female',
      address: ASE.address,
      interests: ASE.interests,
      consentToKeepAfterCourse: true,
      restricted: false,
      createdAt: '2025-07-01T10:00:00.000Z',
      updatedAt: '2025-07-01T10:00:00.000Z',
    });

    // The courses, with source, employer and when their data goes.
    expect(report.courses.map((c) => [c.name, c.type, c.source, c.employerName, c.withdrawnOn, c.retention.state])).toEqual([
      ['Helsefag for voksne', 'other', 'self', null, null, 'due'],
      ['Norsk på arbeidsplassen', 'kompetansepluss', 'employer', ASE.employer, null, 'active'],
      ['Fagbrev i helsearbeiderfaget', 'fagbrev', 'self', null, null, 'active'],
    ]);
    expect(report.courses[0]!.retention).toEqual({ rule: 'afterEnd', state: 'due', dueOn: '2025-05-30', erasedAt: null });

    // Attendance per session, with the note and the reason given after sign-off.
    const attendance = report.attendance.find((a) => a.courseId === f.courseId)!;
    expect(attendance.sessions.map((s) => [s.date, s.startTime, s.status, s.hoursAttended, s.note])).toEqual([
      ['2025-04-01', '09:00', 'present', 2.5, null],
      ['2025-04-08', '09:00', 'late', 1.5, ASE.note],
      ['2025-04-15', '09:00', 'excused', 0, null],
      ['2025-04-22', '09:00', 'present', 2.5, null],
    ]);
    expect(attendance.hoursAttended).toBe(6.5);
    expect(attendance.changeReasons).toEqual([{ sessionDate: '2025-04-15', reason: 'Feilført av læreren', at: '2025-07-01T10:00:00.000Z' }]);
    expect(report.attendance.filter((a) => a.courseId !== f.courseId).every((a) => a.sessions.length === 0)).toBe(true);

    // The certificate register entry.
    expect(report.certificates).toHaveLength(1);
    expect(report.certificates[0]).toMatchObject({ courseId: f.courseId, courseName: 'Helsefag for voksne', status: 'valid', hoursAttended: 6.5, overrideReason: null });
    expect(report.certificates[0]!.number).toMatch(/^NK-2025-\d{6}$/);
    expect(report.certificates[0]!.verificationCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);

    // Consent with its history, by role.
    expect(report.consents).toEqual([{ kind: 'given', method: 'paper', at: '2025-07-01T10:00:00.000Z', recordedByRole: 'coordinator' }]);

    // Requests from the person.
    expect(report.requests).toEqual([
      { kind: 'access', channel: 'email', receivedOn: '2025-06-20', dueOn: '2025-07-20', status: 'open', resolvedAt: null, note: 'Ba om innsyn på e-post' },
    ]);

    // To whom data was disclosed.
    expect(report.disclosures).toEqual([
      { kind: 'attendanceList', recipient: 'file', at: '2025-07-01T10:00:00.000Z', course: { id: f.courseId, name: 'Helsefag for voksne' } },
    ]);

    // Audit events about the person: what, when, which role.
    const events = report.auditEvents.map((e) => `${e.action}/${e.entity}`);
    expect(events).toEqual(expect.arrayContaining(['create/participant', 'consent/participant', 'enroll/enrollment', 'mark/attendance', 'issue/certificate']));
    expect(events.filter((e) => e === 'enroll/enrollment')).toHaveLength(3);
    expect(report.auditEvents.every((e) => e.role === 'coordinator')).toBe(true);
    expect(report.auditEvents.find((e) => e.action === 'create')!.fields).toEqual(expect.arrayContaining(['first_name', 'birth_date', 'email']));
    const late = report.auditEvents.find((e) => e.change?.to === 'late')!;
    expect(late).toMatchObject({ change: { sessionDate: '2025-04-08', from: 'present', to: 'late' }, reasonGiven: false, course: { id: f.courseId } });
    const afterSignOff = report.auditEvents.find((e) => e.change?.to === 'excused')!;
    expect(afterSignOff).toMatchObject({ change: { sessionDate: '2025-04-15', from: 'present', to: 'excused' }, reasonGiven: true });

    // Nobody else's data, and no staff member by name or id.
    const staff = rows<{ key: string; value: string }>(f.core, `SELECT key, value FROM settings WHERE key IN ('staff.id', 'staff.name')`);
    expect(staff).toHaveLength(2);
    for (const foreign of [
      f.per,
      PER.lastName,
      PER.birthDate,
      PER.email,
      PER.mobileE164,
      PER.interests,
      PER.note,
      PER.employer,
      'Pers fravær var avtalt',
      'Pers egen begrunnelse',
      'Pers forespørsel',
      ...staff.map((s) => s.value),
    ]) {
      expect(text, foreign).not.toContain(foreign);
    }
    expect(report.auditEvents.some((e) => JSON.stringify(e).includes('Feilført'))).toBe(false);
    expect(f.unexpected).toEqual([]);
  });

  it('is made for the other person just the same, with their own data only', async () => {
    const f = await reportFixture({ certificates: false });
    const { report, text } = await jsonReport(f, f.per);
    expect(report.person).toMatchObject({ firstName: PER.firstName, lastName: PER.lastName, email: PER.email, mobile: PER.mobileE164, address: null });
    expect(report.courses.map((c) => c.employerName)).toEqual([null, PER.employer]);
    expect(report.consents).toEqual([expect.objectContaining({ kind: 'given', method: 'email' })]);
    expect(report.certificates).toEqual([]);
    expect(report.disclosures).toEqual([]);
    for (const foreign of [f.ase, ASE.lastName, ASE.birthDate, ASE.email, ASE.note, ASE.employer, ASE.address.street]) {
      expect(text, foreign).not.toContain(foreign);
    }
  });
});

describe('access report: its own record', () => {
  it('is audited (by role, without personal values) and recorded as a disclosure to the person; the next report lists it', async () => {
    const f = await reportFixture({ certificates: false });
    const before = counts(f);
    await jsonReport(f);
    const after = counts(f);
    expect(after.audit).toBe(before.audit + 1);
    expect(after.disclosures).toBe(before.disclosures + 1);

    const [audit] = rows<{ action: string; entity: string; entity_id: string; actor_role: string; detail: string; fields: string }>(
      f.core,
      `SELECT action, entity, entity_id, actor_role, detail, fields FROM audit_log WHERE action = 'access-report'`,
    );
    expect(audit).toMatchObject({ action: 'access-report', entity: 'participant', entity_id: f.ase, actor_role: 'coordinator', fields: '[]' });
    expect(audit!.detail).toMatch(/^format json; disclosure [0-9a-f-]{36}$/);
    const disclosures = rows<{ id: string; kind: string; recipient: string; course_id: string | null }>(
      f.core,
      `SELECT id, kind, recipient, course_id FROM disclosures WHERE kind = 'accessReport'`,
    );
    expect(disclosures).toEqual([{ id: audit!.detail.split('disclosure ')[1], kind: 'accessReport', recipient: 'dataSubject', course_id: null }]);
    expect(rows(f.core, 'SELECT participant_id FROM disclosure_participants WHERE disclosure_id = ?', disclosures[0]!.id)).toEqual([{ participant_id: f.ase }]);

    f.clock.set('2025-07-02T08:30:00.000Z');
    const { report } = await jsonReport(f);
    expect(report.disclosures).toEqual([{ kind: 'accessReport', recipient: 'dataSubject', at: '2025-07-01T10:00:00.000Z', course: null }]);
    expect(report.auditEvents.filter((e) => e.action === 'access-report')).toEqual([
      expect.objectContaining({ at: '2025-07-01T10:00:00.000Z', entity: 'participant', role: 'coordinator', fields: [] }),
    ]);
    // Per's report says nothing of Åse's.
    expect((await jsonReport(f, f.per)).report.disclosures).toEqual([]);
  });

  it('completes the access request it answers', async () => {
    const f = await reportFixture({ certificates: false });
    const requestId = insertRequest(f.core, f.ase, 'access');
    await dispatchOk(f.core, 'privacy:accessReport', { participantId: f.ase, format: 'pdf', requestId });
    expect(rows(f.core, 'SELECT status, resolved_at FROM privacy_requests WHERE id = ?', requestId)).toEqual([
      { status: 'completed', resolved_at: '2025-07-01T10:00:00.000Z' },
    ]);
    const [audit] = rows<{ detail: string }>(f.core, `SELECT detail FROM audit_log WHERE action = 'access-report'`);
    expect(audit!.detail).toMatch(new RegExp(`^format pdf; disclosure [0-9a-f-]{36}; request ${requestId} completed$`));
  });

  it('refuses bad input with a translated message and records nothing', async () => {
    const f = await reportFixture({ certificates: false });
    const perRequest = insertRequest(f.core, f.per, 'access');
    const erasure = insertRequest(f.core, f.ase, 'erasure');
    const before = counts(f);

    for (const requestId of [perRequest, erasure, '7b0d5c1e-0000-4000-8000-000000000000']) {
      const error = await dispatchError(f.core, 'privacy:accessReport', { participantId: f.ase, format: 'pdf', requestId });
      expect(error).toEqual({
        code: 'VALIDATION',
        message: 'Noen felt er ikke riktig utfylt.',
        fields: { requestId: 'Forespørselen er ikke en åpen innsynsforespørsel fra denne personen.' },
      });
    }
    expect(await dispatchError(f.core, 'privacy:accessReport', { participantId: '7b0d5c1e-0000-4000-8000-000000000001', format: 'json' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Fant ikke det du ba om. Det kan være slettet.',
    });
    expect(await dispatchError(f.core, 'privacy:accessReport', { participantId: f.ase, format: 'docx' })).toMatchObject({
      code: 'VALIDATION',
      fields: { format: 'Ugyldig verdi.' },
    });
    expect(await dispatchError(f.core, 'privacy:accessReport', { participantId: 'not-an-id', format: 'pdf' })).toMatchObject({ code: 'VALIDATION' });
    expect(counts(f)).toEqual(before);

    // A request already answered is not answered again.
    const done = insertRequest(f.core, f.ase, 'access');
    await dispatchOk(f.core, 'privacy:accessReport', { participantId: f.ase, format: 'json', requestId: done });
    expect((await dispatchError(f.core, 'privacy:accessReport', { participantId: f.ase, format: 'json', requestId: done })).code).toBe('VALIDATION');
    expect(f.unexpected).toEqual([]);
  });
});

describe('access report: the PDF', () => {
  it('is A4 with the font embedded, in Norwegian, and pdftotext reads every name intact and nobody else’s', async () => {
    const f = await reportFixture();
    await dispatchOk(f.core, 'attendance:export', { courseId: f.courseId, format: 'pdf' });
    const file = await dispatchOk(f.core, 'privacy:accessReport', { participantId: f.ase, format: 'pdf' });
    expect(file).toMatchObject({ fileName: 'Innsyn – Ødegård, Åse – 2025-07-01.pdf', mimeType: 'application/pdf' });
    const pdf = saveFile(file.base64, 'innsyn.pdf');

    expect(pdfInfo(pdf)).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => !font.embedded)).toEqual([]);

    const text = pdfText(pdf);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Innsyn i personopplysninger',
      'Åse Ødegård',
      '29.02.1984',
      ASE.email,
      '912 34 567',
      'Øvre Slottsgate 2, 0157 Oslo',
      'Helsefag',
      'Omsorg for eldre',
      'Kompetansehuset Neo',
      '974 760 673',
      CONTROLLER.contactEmail,
      'Helsefag for voksne',
      'Norsk på arbeidsplassen',
      'Fagbrev i helsearbeiderfaget',
      `Virksomheten ${ASE.employer}`,
      'Slettes fra 30.05.2025',
      'Forsinket',
      'Gyldig fravær',
      ASE.note,
      'Feilført av læreren',
      'Samtykke gitt',
      'Papir',
      'Oppmøteliste',
      'Lagret som fil',
      'Oppmøte ført (økt 08.04.2025: fra møtt til forsinket)',
      'begrunnelse gitt',
      'Koordinator',
      'Dine rettigheter',
      'Side 1 av',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    const [certificate] = rows<{ number: string }>(f.core, 'SELECT number FROM certificates WHERE participant_id = ?', f.ase);
    expect(flat).toContain(certificate!.number);
    for (const foreign of [PER.lastName, PER.email, PER.note, PER.employer, 'Lærer Testesen', 'Pers fravær var avtalt']) {
      expect(flat, foreign).not.toContain(foreign);
    }
    expect(f.unexpected).toEqual([]);
  });

  it('is in English when the app is, and spells out characters the font cannot print instead of dropping them', async () => {
    const f = await reportFixture({ certificates: false });
    await dispatchOk(f.core, 'settings:update', { language: 'en' });
    const mei = await dispatchOk(f.core, 'participants:register', {
      courseId: f.courseId,
      participant: { firstName: 'Mei', lastName: 'Ødegård 山田', birthDate: '1990-01-02', mobile: '41234567', gender: 'unspecified', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    const file = await dispatchOk(f.core, 'privacy:accessReport', { participantId: mei.participantId, format: 'pdf' });
    expect(file.fileName).toBe('Access report – Ødegård 山田, Mei – 2025-07-01.pdf');
    const flat = pdfText(saveFile(file.base64, 'access.pdf')).replace(/\s+/g, ' ');
    for (const expected of ['Access to personal data', 'Mei Ødegård [U+5C71][U+7530]', '2 January 1990', 'Not given', 'Your rights', 'Page 1 of']) {
      expect(flat, expected).toContain(expected);
    }
    // The JSON keeps the name exactly as stored.
    const json = await dispatchOk(f.core, 'privacy:accessReport', { participantId: mei.participantId, format: 'json' });
    expect((JSON.parse(Buffer.from(json.base64, 'base64').toString('utf8')) as AccessReport).person.lastName).toBe('Ødegård 山田');
    expect(coreDatabase(f.core).open).toBe(true);
  });
});
