import { describe, expect, it } from 'vitest';
import { PROVIDER } from '../certificates/helpers';
import { coreDatabase } from '../support/storage';
import { ERASED, issueCertificates, privacyFixture } from './helpers';

/**
 * Certificates stay verifiable after their holder is erased, without the
 * name or birth date: by code (valid or replaced, personal data erased), and
 * by the name and birth date typed from the paper against a salted, slow hash.
 */

describe('certificates after erasure', { timeout: 60_000 }, () => {
  it('verify as valid with the course data, no name, and match the name and birth date from the paper', async () => {
    const f = await privacyFixture();
    await f.ok('provider:update', PROVIDER);
    const codes = await issueCertificates(f.core, f.due.id, [{ participantId: f.ids.erased }, { participantId: f.ids.consenting }]);
    const code = codes[f.ids.erased]!;
    const before = await f.ok('certificates:verify', { code });
    expect(before).toMatchObject({ status: 'valid', personalDataErased: false, certificate: { participant: { firstName: ERASED.firstName } } });
    // The same check works while the holder is on file, against what the paper printed.
    expect(await f.ok('certificates:verifyHolder', { code, firstName: ERASED.firstName, lastName: ERASED.lastName, birthDate: ERASED.birthDate })).toEqual({ matches: true });

    await f.ok('retention:run', { courseIds: [f.due.id] });

    const after = await f.ok('certificates:verify', { code });
    expect(after.status).toBe('valid');
    expect(after.personalDataErased).toBe(true);
    expect(after.certificateId).toBeNull();
    expect(after.certificate?.participant).toBeNull();
    // Everything else on the paper is still there to compare.
    const { participant: _p, ...printed } = before.certificate!;
    expect(after.certificate).toEqual({ ...printed, participant: null });
    expect(JSON.stringify(after)).not.toContain(ERASED.lastName);

    const check = (firstName: string, lastName: string, birthDate: string) => f.ok('certificates:verifyHolder', { code, firstName, lastName, birthDate });
    expect(await check(ERASED.firstName, ERASED.lastName, ERASED.birthDate)).toEqual({ matches: true });
    // Typed from paper: case and spacing do not matter.
    expect(await check('  zyqvaldo ', 'ØRNQVISTMARK', ERASED.birthDate)).toEqual({ matches: true });
    expect(await check(ERASED.firstName, ERASED.lastName, '1971-02-04')).toEqual({ matches: false });
    expect(await check('Kari', ERASED.lastName, ERASED.birthDate)).toEqual({ matches: false });
    expect(await check(ERASED.lastName, ERASED.firstName, ERASED.birthDate)).toEqual({ matches: false });

    // The kept person's certificate is untouched.
    expect((await f.ok('certificates:verify', { code: codes[f.ids.consenting]! })).personalDataErased).toBe(false);
    // An unknown code, and bad input, in Norwegian.
    expect((await f.fail('certificates:verifyHolder', { code: '7K2M-9QX4-TD', firstName: 'A', lastName: 'B', birthDate: '1980-01-01' })).code).toBe('NOT_FOUND');
    const bad = await f.fail('certificates:verifyHolder', { code: 'ABC', firstName: '', lastName: 'B', birthDate: '31.02.1980' });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields).toMatchObject({ code: 'Ugyldig verifiseringskode. Den har 10 tegn, for eksempel 7K2M-9QX4-TD.', firstName: 'Må fylles ut.' });
    expect(f.unexpected).toEqual([]);
  });

  it('say "replaced" (with the number that replaced it) for a replaced certificate, and "tampered" when the register is altered', async () => {
    const f = await privacyFixture();
    await f.ok('provider:update', PROVIDER);
    const first = (await issueCertificates(f.core, f.due.id, [{ participantId: f.ids.erased }]))[f.ids.erased]!;
    await issueCertificates(f.core, f.due.id, [{ participantId: f.ids.erased, replaceReason: 'Feil i navnet' }]);
    const replacement = (await f.ok('certificates:eligibility', { courseId: f.due.id })).rows.find((r) => r.participantId === f.ids.erased)!.certificate!;
    await f.ok('privacy:erase', { participantId: f.ids.erased, confirmed: true });

    const old = await f.ok('certificates:verify', { code: first });
    expect(old).toMatchObject({ status: 'replaced', replacedBy: replacement.number, personalDataErased: true, certificateId: null });
    expect(await f.ok('certificates:verifyHolder', { code: first, firstName: ERASED.firstName, lastName: ERASED.lastName, birthDate: ERASED.birthDate })).toEqual({ matches: true });
    expect((await f.ok('certificates:verify', { code: replacement.verificationCode })).status).toBe('valid');

    // Someone edits the register's hours: the content no longer matches its hash.
    coreDatabase(f.core)
      .prepare(`UPDATE erased_certificates SET content_json = replace(content_json, '"hoursAttended":24.5', '"hoursAttended":25') WHERE number = ?`)
      .run(replacement.number);
    expect((await f.ok('certificates:verify', { code: replacement.verificationCode })).status).toBe('tampered');
  });
});
