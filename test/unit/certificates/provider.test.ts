import { describe, expect, it } from 'vitest';
import { isValidOrganisationNumber, LOGO_MAX_BYTES } from '../../../main/contract/certificate-schemas';
import { SCHEMA_VERSION } from '../../../main/core/db/migrate';
import { coreDatabase } from '../support/storage';
import { createUnlockedCore, dispatchError, dispatchOk, sampleCourse } from '../support/core';
import { PROVIDER, TINY_PNG_BASE64 } from './helpers';

describe('provider settings', () => {
  it('checks the organisation number with MOD11', () => {
    expect(isValidOrganisationNumber('974760673')).toBe(true); // Brønnøysundregistrene
    expect(isValidOrganisationNumber('974760674')).toBe(false);
    expect(isValidOrganisationNumber('97476067')).toBe(false);
  });

  it('stores name, address, organisation number and logo; an omitted logo is kept, null removes it', async () => {
    const { core } = await createUnlockedCore();
    const saved = await dispatchOk(core, 'provider:update', { ...PROVIDER, logo: { base64: TINY_PNG_BASE64 } });
    expect(saved).toMatchObject({
      name: PROVIDER.name,
      address: { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' },
      organisationNumber: '974760673',
      logo: { mimeType: 'image/png', base64: TINY_PNG_BASE64 },
    });
    expect((await dispatchOk(core, 'provider:update', { ...PROVIDER, name: 'Neo Kurs AS' })).logo?.mimeType).toBe('image/png');
    expect((await dispatchOk(core, 'provider:update', { ...PROVIDER, logo: null })).logo).toBeNull();
    expect(await dispatchOk(core, 'provider:get', {})).toMatchObject({ name: PROVIDER.name, logo: null });
  });

  it('refuses a wrong organisation number, a logo that is not PNG or JPEG by its bytes, and one above 300 kB', async () => {
    const { core } = await createUnlockedCore();
    const wrongNumber = await dispatchError(core, 'provider:update', { ...PROVIDER, organisationNumber: '974 760 674' });
    expect(Object.keys(wrongNumber.fields ?? {})).toEqual(['organisationNumber']);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1').toString('base64');
    const notImage = await dispatchError(core, 'provider:update', { ...PROVIDER, logo: { base64: gif, mimeType: 'image/png' } });
    expect(notImage.fields?.['logo.base64']).toBe('Logoen må være en PNG- eller JPEG-fil.');
    const big = Buffer.concat([Buffer.from(TINY_PNG_BASE64, 'base64'), Buffer.alloc(LOGO_MAX_BYTES)]).toString('base64');
    const tooBig = await dispatchError(core, 'provider:update', { ...PROVIDER, logo: { base64: big } });
    expect(tooBig.fields?.['logo.base64']).toBe('Logoen er for stor. Den kan være høyst 300 kB.');
    expect(await dispatchOk(core, 'provider:get', {})).toBeNull();
  });
});

describe('course signer and migration 003', () => {
  it('keeps the signer when an update omits it, clears it when blank', async () => {
    const { core } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other', { signerName: 'Ingrid Løvås', signerTitle: 'Daglig leder' }));
    expect(course).toMatchObject({ signerName: 'Ingrid Løvås', signerTitle: 'Daglig leder' });
    const kept = await dispatchOk(core, 'courses:update', { id: course.id, course: sampleCourse('other', { place: 'Molde' }) });
    expect(kept).toMatchObject({ place: 'Molde', signerName: 'Ingrid Løvås', signerTitle: 'Daglig leder' });
    const cleared = await dispatchOk(core, 'courses:update', { id: course.id, course: sampleCourse('other', { signerName: '', signerTitle: null }) });
    expect(cleared).toMatchObject({ signerName: null, signerTitle: null });
  });

  it('adds the register with unique numbers and codes, scoped to participants', async () => {
    const { core } = await createUnlockedCore();
    const db = coreDatabase(core);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const columns = (db.prepare('PRAGMA table_info(certificates)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(
      expect.arrayContaining(['number', 'verification_code', 'participant_id', 'course_id', 'content_json', 'content_hash', 'replaced_by', 'override_reason']),
    );
    const foreignKeys = db.prepare('PRAGMA foreign_key_list(certificates)').all() as { table: string; on_delete: string }[];
    expect(foreignKeys.find((fk) => fk.table === 'participants')?.on_delete).toBe('CASCADE');
    const unique = (db.prepare('PRAGMA index_list(certificates)').all() as { unique: number; origin: string }[]).filter((i) => i.unique && i.origin === 'u');
    expect(unique).toHaveLength(2);
  });
});
