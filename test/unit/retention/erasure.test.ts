import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitForBatch } from '../certificates/helpers';
import { PROVIDER } from '../certificates/helpers';
import { coreDatabase, databaseDigest } from '../support/storage';
import { count, ERASED, issueCertificates, privacyFixture, rows } from './helpers';

/**
 * Erasure on request ("Slett alle opplysninger om personen"): at once when
 * nothing keeps the person, with an explicit override and a reason when an
 * active Kompetansepluss course does (the reason dies with the person), a
 * tombstone every time, the request completed, and a running certificate
 * batch waited for or cancelled.
 */

const addRequest = (core: Parameters<typeof coreDatabase>[0], participantId: string, kind = 'erasure', note: string | null = 'Ba om sletting på telefon') => {
  const id = randomUUID();
  coreDatabase(core)
    .prepare(
      `INSERT INTO privacy_requests (id, participant_id, kind, channel, received_on, due_on, status, note, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'phone', '2025-05-28', '2025-06-27', 'open', ?, '2025-05-28T10:00:00.000Z', '2025-05-28T10:00:00.000Z', 'test')`,
    )
    .run(id, participantId, kind, note);
  return id;
};

describe('erasure on request', () => {
  it('says what keeps a person and what stays', async () => {
    const f = await privacyFixture();
    const requestId = addRequest(f.core, f.ids.pending);
    expect(await f.ok('privacy:erasureCheck', { participantId: f.ids.pending })).toEqual({
      person: { participantId: f.ids.pending, firstName: 'Ventende', lastName: 'Rapportsen' },
      courses: [{ id: f.waiting.id, name: 'Norsk på arbeidsplassen' }],
      blockers: [{ id: f.waiting.id, name: 'Norsk på arbeidsplassen', reason: 'kompetanseplussReport' }],
      consent: false,
      certificateBatchRunning: false,
      certificates: 0,
      openRequestIds: [requestId],
    });
    const elsewhere = await f.ok('privacy:erasureCheck', { participantId: f.ids.elsewhere });
    expect(elsewhere.blockers).toEqual([]);
    expect(elsewhere.courses.map((c) => c.name)).toEqual(['Fagbrev i sveisefaget', 'Digitale ferdigheter']);
    expect((await f.ok('privacy:erasureCheck', { participantId: f.ids.consenting })).consent).toBe(true);
    expect((await f.fail('privacy:erasureCheck', { participantId: randomUUID() })).code).toBe('NOT_FOUND');
  });

  it('erases a person with nothing pending at once, on every course, and audits only the fact', async () => {
    const f = await privacyFixture();
    // Aktiv is on a running course and the due one, and has given no consent: nothing pending, so at once.
    const result = await f.ok('privacy:erase', { participantId: f.ids.elsewhere, confirmed: true });
    expect(result).toEqual({ at: '2025-06-02T10:00:00.000Z', certificatesKept: 0 });
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.elsewhere)).toBe(0);
    expect(count(f.core, 'SELECT count(*) AS n FROM participant_enrollments WHERE participant_id = ?', f.ids.elsewhere)).toBe(0);
    expect(rows(f.core, 'SELECT entity, entity_id, cause, erased_at FROM tombstones')).toEqual([
      { entity: 'participant', entity_id: f.ids.elsewhere, cause: 'request', erased_at: result.at },
    ]);
    const audit = rows(f.core, `SELECT action, entity, entity_id, course_id, fields, detail, actor_role FROM audit_log WHERE action = 'erase'`);
    expect(audit).toEqual([{ action: 'erase', entity: 'participant', entity_id: f.ids.elsewhere, course_id: null, fields: '[]', detail: 'request', actor_role: 'coordinator' }]);
    expect(f.unexpected).toEqual([]);
  });

  it('is confirmed: without the second "yes" nothing happens', async () => {
    const f = await privacyFixture();
    const before = databaseDigest(f.dir);
    const refused = await f.fail('privacy:erase', { participantId: f.ids.plain, confirmed: false });
    expect(refused.fields).toEqual({ confirmed: 'Bekreft at du vil slette.' });
    expect((await f.fail('privacy:erase', { participantId: f.ids.plain })).code).toBe('VALIDATION');
    expect((await f.fail('privacy:erase', { participantId: randomUUID(), confirmed: true })).code).toBe('NOT_FOUND');
    expect(databaseDigest(f.dir)).toEqual(before);
  });

  it('keeps a person on an active Kompetansepluss course unless overridden with a reason, which goes with them', async () => {
    const f = await privacyFixture();
    const before = databaseDigest(f.dir);
    const refused = await f.fail('privacy:erase', { participantId: f.ids.pending, confirmed: true });
    expect(refused.code).toBe('PERSON_PENDING');
    expect(refused.message).toBe('Personen er med på et Kompetansepluss-kurs som ikke er ferdig rapportert. Oppgi en begrunnelse for å slette likevel.');
    expect(refused.fields).toEqual({
      overrideReason: 'Kompetanse Norge har ikke godkjent rapporten for kurset ennå. Oppgi hvorfor personen likevel skal slettes nå.',
    });
    // A blank reason is no reason.
    expect((await f.fail('privacy:erase', { participantId: f.ids.pending, confirmed: true, overrideReason: '   ' })).code).toBe('PERSON_PENDING');
    expect(databaseDigest(f.dir)).toEqual(before);

    const reason = 'Personen har flyttet og ber om sletting';
    await f.ok('privacy:erase', { participantId: f.ids.pending, confirmed: true, overrideReason: reason });
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.pending)).toBe(0);
    const detail = rows(f.core, `SELECT detail FROM audit_log WHERE action = 'erase'`);
    expect(detail).toEqual([{ detail: 'request; override of a pending Kompetansepluss report (reason given)' }]);
    expect(JSON.stringify(rows(f.core, 'SELECT * FROM audit_log'))).not.toContain('flyttet');
  });

  it('completes the request it answers (and any other open erasure request), keeping the requests as facts', async () => {
    const f = await privacyFixture();
    const answered = addRequest(f.core, f.ids.plain);
    const other = addRequest(f.core, f.ids.plain, 'erasure', 'Sendte også brev');
    const access = addRequest(f.core, f.ids.plain, 'access', 'Ville se hva vi har');
    const someoneElses = addRequest(f.core, f.ids.consenting);
    // A request from someone else, or of another kind, is refused before anything changes.
    const before = databaseDigest(f.dir);
    expect((await f.fail('privacy:erase', { participantId: f.ids.plain, confirmed: true, requestId: someoneElses })).fields).toEqual({ requestId: 'Ugyldig verdi.' });
    expect((await f.fail('privacy:erase', { participantId: f.ids.plain, confirmed: true, requestId: access })).code).toBe('VALIDATION');
    expect((await f.fail('privacy:erase', { participantId: f.ids.plain, confirmed: true, requestId: randomUUID() })).code).toBe('NOT_FOUND');
    expect(databaseDigest(f.dir)).toEqual(before);

    await f.ok('privacy:erase', { participantId: f.ids.plain, confirmed: true, requestId: answered });
    const requests = rows(f.core, 'SELECT id, participant_id, kind, status, resolved_at, note FROM privacy_requests WHERE id IN (?, ?, ?)', answered, other, access);
    expect(requests.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
      [
        { id: answered, participant_id: null, kind: 'erasure', status: 'completed', resolved_at: '2025-06-02T10:00:00.000Z', note: null },
        { id: other, participant_id: null, kind: 'erasure', status: 'completed', resolved_at: '2025-06-02T10:00:00.000Z', note: null },
        { id: access, participant_id: null, kind: 'access', status: 'open', resolved_at: null, note: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(rows(f.core, 'SELECT status, note FROM privacy_requests WHERE id = ?', someoneElses)).toEqual([{ status: 'open', note: 'Ba om sletting på telefon' }]);
  });

  it('waits for a certificate batch running for the person’s course, and its certificates join the register', { timeout: 60_000 }, async () => {
    const f = await privacyFixture();
    await f.ok('provider:update', PROVIDER);
    const { jobId } = await f.ok('certificates:startBatch', {
      courseId: f.due.id,
      items: [{ participantId: f.ids.erased, language: 'nb' }, { participantId: f.ids.consenting, language: 'nb' }],
      output: { mode: 'single' },
    });
    expect((await f.ok('privacy:erasureCheck', { participantId: f.ids.erased })).certificateBatchRunning).toBe(true);
    const result = await f.ok('privacy:erase', { participantId: f.ids.erased, confirmed: true, batch: 'wait' });
    const status = await f.ok('certificates:batchStatus', { jobId });
    expect(status.state).toBe('done');
    expect(result.certificatesKept).toBe(1);
    expect(count(f.core, 'SELECT count(*) AS n FROM erased_certificates')).toBe(1);
    expect(count(f.core, 'SELECT count(*) AS n FROM certificates')).toBe(1);
    // The batch's PDF printed the erased person's name: it is dropped from memory.
    expect((await f.fail('certificates:batchResult', { jobId })).code).toBe('BATCH_NOT_READY');
    expect(f.unexpected).toEqual([]);
  });

  it('or cancels it, so nothing is issued to the person', { timeout: 60_000 }, async () => {
    const f = await privacyFixture();
    await f.ok('provider:update', PROVIDER);
    const { jobId } = await f.ok('certificates:startBatch', {
      courseId: f.due.id,
      items: [{ participantId: f.ids.erased, language: 'nb' }],
      output: { mode: 'single' },
    });
    const result = await f.ok('privacy:erase', { participantId: f.ids.erased, confirmed: true, batch: 'cancel' });
    expect((await waitForBatch(f.core, jobId)).state).toBe('cancelled');
    expect(result.certificatesKept).toBe(0);
    expect(count(f.core, 'SELECT count(*) AS n FROM certificates')).toBe(0);
    expect(count(f.core, 'SELECT count(*) AS n FROM erased_certificates')).toBe(0);
  });

  it('moves every certificate of the person to the register, each with its own salt', { timeout: 60_000 }, async () => {
    const f = await privacyFixture();
    await f.ok('provider:update', PROVIDER);
    await issueCertificates(f.core, f.due.id, [{ participantId: f.ids.erased }]);
    await issueCertificates(f.core, f.due.id, [{ participantId: f.ids.erased, replaceReason: ERASED.overrideReason }]);
    const result = await f.ok('privacy:erase', { participantId: f.ids.erased, confirmed: true });
    expect(result.certificatesKept).toBe(2);
    const register = rows(f.core, 'SELECT number, replaced_by_number, holder_salt, holder_hash, content_json FROM erased_certificates ORDER BY number');
    expect(register).toHaveLength(2);
    expect(register[0]!.replaced_by_number).toBe(register[1]!.number);
    expect(register[1]!.replaced_by_number).toBeNull();
    expect(register[0]!.holder_salt).not.toBe(register[1]!.holder_salt);
    expect(register[0]!.holder_hash).not.toBe(register[1]!.holder_hash);
    expect(register[0]!.holder_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{43}=$/);
    for (const entry of register) {
      expect(entry.content_json).toContain('"participant":null');
      for (const value of [ERASED.firstName, ERASED.lastName, ERASED.birthDate, ERASED.overrideReason]) expect(entry.content_json).not.toContain(value);
    }
  });
});
