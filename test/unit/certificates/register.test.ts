import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../main/contract/messages';
import { coreDatabase } from '../support/storage';
import { createUnlockedCore, dispatchError, dispatchOk, makeTempDir, sampleCourse, sampleParticipant, TEST_STAFF } from '../support/core';
import { COURSE_NAME, ENGLISH_COURSE_NAME, PROVIDER, certificateFixture, pageCount, pdfFile, pickFolder, run, setStatus, waitForBatch } from './helpers';
import type { CertificateFixture } from './helpers';

type Item = { participantId: string; overrideReason?: string; replaceReason?: string; language?: 'nb' | 'en' };

/** Runs a one-PDF batch to the end; its status and the PDF's text. */
async function batch(fixture: CertificateFixture, items: Item[]) {
  const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', { courseId: fixture.courseId, items, output: { mode: 'single' } });
  const status = await waitForBatch(fixture.core, jobId);
  expect(status.state).toBe('done');
  const text = run('pdftotext', [pdfFile((await dispatchOk(fixture.core, 'certificates:batchResult', { jobId })).base64), '-']);
  return { status, text };
}

async function issue(fixture: CertificateFixture, items: Item[]) {
  return (await batch(fixture, items)).status.issued;
}

/** Verification codes by certificate number, read from the register. */
const codes = (fixture: CertificateFixture) =>
  new Map(
    (coreDatabase(fixture.core).prepare('SELECT number, verification_code AS code FROM certificates').all() as { number: string; code: string }[]).map(
      (r) => [r.number, r.code],
    ),
  );

describe('eligibility', () => {
  it('lists every participant with eligibility, as a code and a rate the screen words in its language', async () => {
    const fixture = await certificateFixture();
    const result = await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId });
    expect(result).toMatchObject({ courseStatus: 'finished', requiredAttendancePercent: 75, sessionHours: 10, providerReady: true });
    const byName = new Map(result.rows.map((r) => [r.firstName, r]));
    expect(byName.get('Åse')).toMatchObject({ eligible: true, reasonCode: 'eligible', ratePercent: 100, hoursAttended: 10 });
    expect(byName.get('Per')).toMatchObject({ eligible: false, reasonCode: 'belowRequirement', ratePercent: 50, hoursAttended: 5 });
    expect(byName.get('Bjørn')).toMatchObject({ eligible: false, reasonCode: 'noAttendance', ratePercent: 0 });
    expect(byName.get('Åse')!.certificate).toBeNull();
    // The core speaks in codes: no sentence in either language.
    expect(JSON.stringify(result)).not.toMatch(/ oppmøte|, krav | attendance|, required /);
  });

  it('floors the rate, so 62.5 % is "62 %" and cancelled sessions count for nothing', async () => {
    const fixture = await certificateFixture();
    // Per: late (1.25 of 2.5 hours), absent, present, present → 6.25 of 10 hours = 62.5 %.
    await dispatchOk(fixture.core, 'attendance:mark', { sessionId: fixture.sessionIds[0]!, participantId: fixture.ids.Per, status: 'late', hours: 1.25 });
    let per = (await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId })).rows.find((r) => r.firstName === 'Per')!;
    expect(per).toMatchObject({ reasonCode: 'belowRequirement', ratePercent: 62 });
    // Cancelling the absence leaves 6.25 of 7.5 hours = 83.3 %: eligible.
    await dispatchOk(fixture.core, 'sessions:setCancelled', { sessionId: fixture.sessionIds[1]!, cancelled: true });
    per = (await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId })).rows.find((r) => r.firstName === 'Per')!;
    expect(per).toMatchObject({ eligible: true, ratePercent: 83, hoursAttended: 6.25 });
  });

  it('a course that is not finished, and one without sessions, say so', async () => {
    const fixture = await certificateFixture({ finished: false });
    const running = await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId });
    expect(running.rows.every((r) => !r.eligible && r.reasonCode === 'courseNotFinished')).toBe(true);

    const empty = await dispatchOk(fixture.core, 'courses:create', sampleCourse('other', { status: 'finished' }));
    await dispatchOk(fixture.core, 'participants:enrollExisting', { courseId: empty.id, participantId: fixture.ids.Åse, enrollment: { source: 'teacher' } });
    const none = await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: empty.id });
    expect(none.sessionHours).toBe(0);
    expect(none.rows[0]).toMatchObject({ eligible: false, reasonCode: 'noSessions', rate: null });
  });
});

describe('issuing and the register', () => {
  it('refuses an ineligible participant without a written reason, and records the reason when given', async () => {
    const fixture = await certificateFixture();
    const before = codes(fixture).size;
    const error = await dispatchError(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Bjørn }],
      output: { mode: 'single' },
    });
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {})).toEqual(['items.1.overrideReason']);
    expect(codes(fixture).size).toBe(before);

    const reason = 'Sykemeldt i to uker; fulgte kurset digitalt';
    const [number] = await issue(fixture, [{ participantId: fixture.ids.Bjørn, overrideReason: reason }]);
    const stored = coreDatabase(fixture.core).prepare('SELECT override_reason FROM certificates WHERE number = ?').get(number) as { override_reason: string };
    expect(stored.override_reason).toBe(reason);
    // A verifier sees what the paper says and nothing more: the reason may hold health information.
    const verified = await dispatchOk(fixture.core, 'certificates:verify', { code: codes(fixture).get(number!)! });
    expect(verified.status).toBe('valid');
    expect(Object.keys(verified.certificate!).sort()).toEqual(
      ['course', 'hoursAttended', 'issueDate', 'language', 'number', 'participant', 'provider', 'signer', 'verificationCode'],
    );
    expect(JSON.stringify(verified)).not.toMatch(/Sykemeldt|digitalt/);
    // The audit log has ids only: never the reason or a name.
    const audit = coreDatabase(fixture.core).prepare("SELECT detail FROM audit_log WHERE entity = 'certificate'").all() as { detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain(`participant ${fixture.ids.Bjørn}`);
    expect(audit[0]!.detail).not.toMatch(/Sykemeldt|digitalt|Bjørn|Æsland/);
  });

  it('verification shows the full certificate as issued; a replacement gets a new number and replaces the old', async () => {
    const fixture = await certificateFixture();
    const [first] = await issue(fixture, [{ participantId: fixture.ids.Åse }]);
    const firstCode = codes(fixture).get(first!)!;
    const valid = await dispatchOk(fixture.core, 'certificates:verify', { code: firstCode.toLowerCase() });
    expect(valid.status).toBe('valid');
    expect(valid.certificate).toMatchObject({
      number: first,
      language: 'nb',
      issueDate: '2025-07-01',
      participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1980-05-03' },
      course: { name: COURSE_NAME, place: 'Ålesund', startDate: '2025-04-01', endDate: '2025-04-30', hours: 10 },
      hoursAttended: 10,
      provider: { name: PROVIDER.name, organisationNumber: '974760673' },
      signer: { name: 'Ingrid Løvås', title: 'Daglig leder' },
    });
    expect(valid.certificate!.verificationCode.replace(/-/g, '')).toBe(firstCode);

    // A correction (the course name) and a reissue.
    const course = await dispatchOk(fixture.core, 'courses:get', { id: fixture.courseId });
    const { id: _i, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = course;
    await dispatchOk(fixture.core, 'courses:update', {
      id: fixture.courseId,
      course: { ...fields, name: 'Fagbrev i helsearbeiderfaget (kveld)', description: fields.description ?? undefined, learningGoals: fields.learningGoals ?? undefined },
    });
    const [second] = await issue(fixture, [{ participantId: fixture.ids.Åse, language: 'en', replaceReason: 'Kursnavnet var feil' }]);
    expect(second).not.toBe(first);
    const replaced = await dispatchOk(fixture.core, 'certificates:verify', { code: firstCode });
    expect(replaced).toMatchObject({ status: 'replaced', replacedBy: second });
    expect(replaced.certificate!.course.name).toBe(COURSE_NAME); // as it was printed
    const current = await dispatchOk(fixture.core, 'certificates:verify', { code: codes(fixture).get(second!)! });
    expect(current).toMatchObject({ status: 'valid', replacedBy: null, certificate: { language: 'en', course: { name: ENGLISH_COURSE_NAME } } });
    const row = (await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId })).rows.find((r) => r.firstName === 'Åse')!;
    expect(row.certificate).toMatchObject({ number: second, status: 'valid', language: 'en' });
  });

  it('reports unknown codes, refuses malformed ones, and detects tampering with the stored content', async () => {
    const fixture = await certificateFixture();
    expect(await dispatchOk(fixture.core, 'certificates:verify', { code: '0000-0000-00' })).toEqual({ status: 'unknown', certificateId: null, certificate: null, replacedBy: null, personalDataErased: false });
    const malformed = await dispatchError(fixture.core, 'certificates:verify', { code: 'ABC' });
    expect(malformed.fields).toEqual({ code: 'Ugyldig verifiseringskode. Den har 10 tegn, for eksempel 7K2M-9QX4-TD.' });

    const [number] = await issue(fixture, [{ participantId: fixture.ids.Kari }]);
    const db = coreDatabase(fixture.core);
    const { content_json } = db.prepare('SELECT content_json FROM certificates WHERE number = ?').get(number) as { content_json: string };
    db.prepare('UPDATE certificates SET content_json = ? WHERE number = ?').run(content_json.replace('"hoursAttended":10', '"hoursAttended":40'), number);
    const tampered = await dispatchOk(fixture.core, 'certificates:verify', { code: codes(fixture).get(number!)! });
    expect(tampered.status).toBe('tampered');
    expect(tampered.certificate!.hoursAttended).toBe(40);
  });

  it('shows an issued certificate again exactly as issued, but never a replaced or tampered one', async () => {
    const fixture = await certificateFixture();
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }],
      output: { mode: 'single' },
    });
    expect((await waitForBatch(fixture.core, jobId)).state).toBe('done');
    const original = pdfFile((await dispatchOk(fixture.core, 'certificates:batchResult', { jobId })).base64, 'original.pdf');
    const row = () => dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId }).then((e) => e.rows.find((r) => r.participantId === fixture.ids.Åse)!);
    const first = (await row()).certificate!;

    const shown = await dispatchOk(fixture.core, 'certificates:show', { certificateId: first.id });
    expect(shown.fileName).toBe(`Kursbevis – Ødegård Åse – ${COURSE_NAME} (${first.number}).pdf`);
    const again = pdfFile(shown.base64, 'again.pdf');
    expect(pageCount(again)).toBe(1);
    // Same words, same number, same verification code as the paper.
    const text = run('pdftotext', [again, '-']);
    expect(text).toBe(run('pdftotext', [original, '-']));
    expect(text).toContain('Åse Ødegård');
    expect(text).toContain(first.number);
    // Showing registers nothing new.
    expect(codes(fixture).size).toBe(1);

    // Replaced after a correction: the old one may no longer be printed, the new one may.
    await issue(fixture, [{ participantId: fixture.ids.Åse, language: 'en', replaceReason: 'Feil i navnet' }]);
    const replaced = await dispatchError(fixture.core, 'certificates:show', { certificateId: first.id });
    expect(replaced).toMatchObject({ code: 'CERTIFICATE_REPLACED', message: errorMessages.nb.CERTIFICATE_REPLACED });
    const second = (await row()).certificate!;
    expect(second.number).not.toBe(first.number);
    expect(run('pdftotext', [pdfFile((await dispatchOk(fixture.core, 'certificates:show', { certificateId: second.id })).base64), '-'])).toContain(second.number);

    // Content that no longer matches its hash is not printed.
    const db = coreDatabase(fixture.core);
    const stored = db.prepare('SELECT content_json FROM certificates WHERE id = ?').get(second.id) as { content_json: string };
    db.prepare('UPDATE certificates SET content_json = ? WHERE id = ?').run(stored.content_json.replace('"hoursAttended":10', '"hoursAttended":40'), second.id);
    expect((await dispatchError(fixture.core, 'certificates:show', { certificateId: second.id })).code).toBe('CERTIFICATE_TAMPERED');

    expect((await dispatchError(fixture.core, 'certificates:show', { certificateId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect((await dispatchError(fixture.core, 'certificates:show', { certificateId: 'x' })).code).toBe('VALIDATION');
    expect(fixture.unexpected).toEqual([]);
  });

  it('certificates go with the participant (ON DELETE CASCADE)', async () => {
    const fixture = await certificateFixture();
    await issue(fixture, [{ participantId: fixture.ids.Kari }]);
    const db = coreDatabase(fixture.core);
    db.prepare('DELETE FROM participants WHERE id = ?').run(fixture.ids.Kari);
    expect((db.prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n).toBe(0);
  });
});

describe('bad input gives a clear message before anything is written', () => {
  it('missing provider settings', async () => {
    const fixture = await certificateFixture({ provider: false });
    expect(await dispatchOk(fixture.core, 'provider:get', {})).toBeNull();
    expect((await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId })).providerReady).toBe(false);
    for (const [channel, input] of [
      ['certificates:startBatch', { courseId: fixture.courseId, items: [{ participantId: fixture.ids.Åse }], output: { mode: 'single' } }],
      ['certificates:preview', { courseId: fixture.courseId, participantId: fixture.ids.Åse }],
    ] as const) {
      const error = await dispatchError(fixture.core, channel, input);
      expect(error).toEqual({ code: 'PROVIDER_MISSING', message: errorMessages.nb.PROVIDER_MISSING });
    }
  });

  it('a name with characters outside the font names the participant', async () => {
    const { core } = await createUnlockedCore();
    await dispatchOk(core, 'provider:update', PROVIDER);
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other', { status: 'finished' }));
    const p = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName: 'Ola 🙂', lastName: 'Nordmann' }),
      enrollment: { source: 'teacher' },
    });
    const error = await dispatchError(core, 'certificates:startBatch', {
      courseId: course.id,
      items: [{ participantId: p.participantId, overrideReason: 'Test' }],
      output: { mode: 'single' },
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.['items.0.participantId']).toBe(
      'Navnet «Ola 🙂 Nordmann» har tegn som ikke kan skrives ut på kursbeviset (U+1F642 🙂). Rett navnet først.',
    );
    expect((coreDatabase(core).prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n).toBe(0);
  });
});

describe('one file per participant', () => {
  it('writes "Kursbevis – Etternavn Fornavn – Kursnavn.pdf" files, registering each as it is written', async () => {
    const fixture = await certificateFixture();
    const folder = makeTempDir('neo-kurs-certs-');
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Kari }],
      output: { mode: 'perParticipant', folderId: pickFolder(fixture.core, folder) },
    });
    const status = await waitForBatch(fixture.core, jobId);
    expect(status).toMatchObject({ state: 'done', done: 2, total: 2 });
    expect(status.written).toEqual([`Kursbevis – Ødegård Åse – ${COURSE_NAME}.pdf`, `Kursbevis – Nordmann Kari – ${COURSE_NAME}.pdf`]);
    expect(readdirSync(folder).sort()).toEqual([...status.written].sort());
    for (const name of status.written) expect(pageCount(path.join(folder, name))).toBe(1);
    expect(status.issued).toHaveLength(2);
    expect((await dispatchError(fixture.core, 'certificates:batchResult', { jobId })).code).toBe('BATCH_NOT_READY');
  });

  it('cancelling leaves no file behind, half-written or not, and registers nothing', async () => {
    const fixture = await certificateFixture();
    const folder = makeTempDir('neo-kurs-certs-');
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Kari }],
      output: { mode: 'perParticipant', folderId: pickFolder(fixture.core, folder) },
    });
    const cancelled = await dispatchOk(fixture.core, 'certificates:cancelBatch', { jobId });
    expect(cancelled).toMatchObject({ state: 'cancelled', written: [], issued: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readdirSync(folder)).toEqual([]);
    expect((await dispatchOk(fixture.core, 'certificates:batchStatus', { jobId })).state).toBe('cancelled');
    expect((coreDatabase(fixture.core).prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n).toBe(0);
  });

  it('an unwritable folder is refused up front; a folder that disappears fails the batch with a clear reason', async () => {
    const fixture = await certificateFixture();
    const file = path.join(makeTempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    for (const folder of [file, '/definitely/not/here']) {
      const error = await dispatchError(fixture.core, 'certificates:startBatch', {
        courseId: fixture.courseId,
        items: [{ participantId: fixture.ids.Åse }],
        output: { mode: 'perParticipant', folderId: pickFolder(fixture.core, folder) },
      });
      expect(error).toEqual({ code: 'FOLDER_NOT_WRITABLE', message: errorMessages.nb.FOLDER_NOT_WRITABLE });
    }
    expect(() => pickFolder(fixture.core, 'relative/folder')).toThrow(expect.objectContaining({ code: 'FOLDER_NOT_WRITABLE' }));

    const folder = makeTempDir('neo-kurs-certs-');
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Kari }],
      output: { mode: 'perParticipant', folderId: pickFolder(fixture.core, folder) },
    });
    rmSync(folder, { recursive: true });
    const status = await waitForBatch(fixture.core, jobId);
    expect(status.state).toBe('failed');
    expect(status.failure).toBe('folder');
    expect(status.written).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    expect(fixture.unexpected).toEqual([]);
  });

  it('a full disk at registration fails the batch with a translated message and registers nothing', async () => {
    const fixture = await certificateFixture();
    await setStatus(fixture.core, fixture.courseId, 'finished');
    const db = coreDatabase(fixture.core);
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      // Two long recorded reasons and four contents: more than the free room in the database's last pages.
      items: [
        { participantId: fixture.ids.Åse },
        { participantId: fixture.ids.Kari },
        { participantId: fixture.ids.Per, overrideReason: 'Begrunnelse '.repeat(40) },
        { participantId: fixture.ids.Bjørn, overrideReason: 'Begrunnelse '.repeat(40) },
      ],
      output: { mode: 'single' },
    });
    // The numbers are reserved; from here the database may not grow.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`max_page_count=${db.pragma('page_count', { simple: true }) as number}`);
    const status = await waitForBatch(fixture.core, jobId);
    expect(status.state).toBe('failed');
    expect(status.failure).toBe('diskFull');
    expect(status.issued).toEqual([]);
    expect((await dispatchError(fixture.core, 'certificates:batchResult', { jobId })).code).toBe('BATCH_NOT_READY');
  });
});

describe('main decides where files go', () => {
  it('writes only to a folder the user picked: a path from the renderer is refused, and so is an id it was not given', async () => {
    const fixture = await certificateFixture();
    const folder = makeTempDir('neo-kurs-certs-');
    const item = [{ participantId: fixture.ids.Åse }];
    const asPath = await dispatchError(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: item,
      output: { mode: 'perParticipant', folder } as never,
    });
    expect(asPath.code).toBe('VALIDATION');
    const unknown = await dispatchError(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: item,
      output: { mode: 'perParticipant', folderId: '5f0c6d8e-2a1b-4c3d-9e8f-0a1b2c3d4e5f' },
    });
    expect(unknown).toEqual({ code: 'FOLDER_NOT_CHOSEN', message: errorMessages.nb.FOLDER_NOT_CHOSEN });

    // A folder picked before a lock is forgotten with it.
    const folderId = pickFolder(fixture.core, folder);
    fixture.core.lock();
    await dispatchOk(fixture.core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: 'korrekt hest batteri stift' });
    const stale = await dispatchError(fixture.core, 'certificates:startBatch', { courseId: fixture.courseId, items: item, output: { mode: 'perParticipant', folderId } });
    expect(stale.code).toBe('FOLDER_NOT_CHOSEN');
    expect(readdirSync(folder)).toEqual([]);
    expect(codes(fixture).size).toBe(0);
  });

  it('never overwrites a file that is already in the folder: the new one gets " (2)", " (3)" …', async () => {
    const fixture = await certificateFixture();
    const folder = makeTempDir('neo-kurs-certs-');
    const taken = `Kursbevis – Ødegård Åse – ${COURSE_NAME}.pdf`;
    writeFileSync(path.join(folder, taken), 'not ours');
    writeFileSync(path.join(folder, `Kursbevis – Ødegård Åse – ${COURSE_NAME} (2).pdf`), 'not ours either');
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Kari }],
      output: { mode: 'perParticipant', folderId: pickFolder(fixture.core, folder) },
    });
    const status = await waitForBatch(fixture.core, jobId);
    expect(status.state).toBe('done');
    expect(status.written).toEqual([`Kursbevis – Ødegård Åse – ${COURSE_NAME} (3).pdf`, `Kursbevis – Nordmann Kari – ${COURSE_NAME}.pdf`]);
    expect(readFileSync(path.join(folder, taken), 'utf8')).toBe('not ours');
    expect(readFileSync(path.join(folder, `Kursbevis – Ødegård Åse – ${COURSE_NAME} (2).pdf`), 'utf8')).toBe('not ours either');
    expect(pageCount(path.join(folder, status.written[0]!))).toBe(1);
    // Nothing temporary is left behind.
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('issuing again never invalidates printed certificates by accident', () => {
  it('a second batch for the same people prints the certificates already issued: same numbers, same codes, nothing new', async () => {
    const fixture = await certificateFixture();
    const people = [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Kari }];
    const first = await batch(fixture, people);
    expect(first.status.issued).toHaveLength(2);
    expect(first.status.reprinted).toEqual([]);
    const registered = codes(fixture);

    const second = await batch(fixture, people);
    expect(second.status.issued).toEqual([]);
    expect(second.status.reprinted).toEqual(first.status.issued);
    expect(codes(fixture)).toEqual(registered);
    for (const [number, code] of registered) {
      expect((await dispatchOk(fixture.core, 'certificates:verify', { code })).status).toBe('valid');
      expect(second.text).toContain(number);
    }
    expect(second.text).toBe(first.text);
    // Printing again is audited, without creating anything.
    const reprints = coreDatabase(fixture.core).prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reprint'").get() as { n: number };
    expect(reprints.n).toBe(2);
  });

  it('a batch mixing new and issued participants issues only the new ones', async () => {
    const fixture = await certificateFixture();
    const [åse] = await issue(fixture, [{ participantId: fixture.ids.Åse }]);
    const { status } = await batch(fixture, [{ participantId: fixture.ids.Åse }, { participantId: fixture.ids.Kari }]);
    expect(status.reprinted).toEqual([åse]);
    expect(status.issued).toHaveLength(1);
    expect(status.issued[0]).not.toBe(åse);
  });

  it('replacing is an explicit choice per participant, with a reason kept on the certificate and out of the audit log', async () => {
    const fixture = await certificateFixture();
    const [old] = await issue(fixture, [{ participantId: fixture.ids.Åse }]);
    const [replacement] = await issue(fixture, [{ participantId: fixture.ids.Åse, replaceReason: 'Navnet var stavet feil på papiret' }]);
    expect(replacement).not.toBe(old);
    const db = coreDatabase(fixture.core);
    expect(db.prepare('SELECT replace_reason FROM certificates WHERE number = ?').get(replacement)).toEqual({ replace_reason: 'Navnet var stavet feil på papiret' });
    expect((await dispatchOk(fixture.core, 'certificates:verify', { code: codes(fixture).get(old!)! })).status).toBe('replaced');
    const details = (db.prepare("SELECT detail FROM audit_log WHERE entity = 'certificate'").all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(details).toContain('reason given');
    expect(details).not.toMatch(/stavet|papiret/);
  });

  it('refuses a second batch for the same course while one is running, so nobody is issued two', async () => {
    const fixture = await certificateFixture();
    const input = { courseId: fixture.courseId, items: [{ participantId: fixture.ids.Åse }], output: { mode: 'single' as const } };
    const [a, b] = await Promise.all([fixture.core.dispatch('certificates:startBatch', input), fixture.core.dispatch('certificates:startBatch', input)]);
    const outcomes = [a, b].map((e) => (e.ok ? 'ok' : e.error.code)).sort();
    expect(outcomes).toEqual(['BATCH_RUNNING', 'ok']);
    const started = (a.ok ? a : b) as { ok: true; value: { jobId: string } };
    expect((await waitForBatch(fixture.core, started.value.jobId)).issued).toHaveLength(1);
    expect(codes(fixture).size).toBe(1);
  });

  it('the list shows each valid certificate with the code printed on it', async () => {
    const fixture = await certificateFixture();
    const [number] = await issue(fixture, [{ participantId: fixture.ids.Kari }]);
    const row = (await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId })).rows.find((r) => r.firstName === 'Kari')!;
    expect(row.certificate).toMatchObject({ number, status: 'valid' });
    expect(row.certificate!.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(row.certificate!.verificationCode.replace(/-/g, '')).toBe(codes(fixture).get(number!));
  });
});

describe('long work shows that it has started', () => {
  it('a batch reports "preparing" while its workers start, then finishes with the phase it reached', async () => {
    // Nothing has warmed the workers: the screen was never opened (certificates:eligibility starts them).
    const fixture = await certificateFixture();
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }],
      output: { mode: 'single' },
    });
    expect(await dispatchOk(fixture.core, 'certificates:batchStatus', { jobId })).toMatchObject({ state: 'running', phase: 'preparing', done: 0, total: 1 });
    expect(await waitForBatch(fixture.core, jobId)).toMatchObject({ state: 'done', phase: 'finishing', done: 1 });
  });
});
