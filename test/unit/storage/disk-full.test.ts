import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../main/contract/messages';
import type { Db } from '../../../main/core/db/database';
import { classifyError } from '../../../main/core/errors';
import { VAULT_FILE } from '../../../main/core/index';
import { createUnlockedCore, dispatchError, dispatchOk, sampleCourse, sampleEnrollment, sampleParticipant, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { cloneParticipant, coreDatabase, databaseDigest, databaseKey, fileDigest, openCoreDatabase } from '../support/storage';

const DISK_FULL = { code: 'DISK_FULL', message: errorMessages.nb.DISK_FULL };

const counts = (db: Db) =>
  db
    .prepare(
      `SELECT (SELECT count(*) FROM participants) AS participants,
              (SELECT count(*) FROM participant_enrollments) AS enrollments,
              (SELECT count(*) FROM audit_log) AS audit`,
    )
    .get() as { participants: number; enrollments: number; audit: number };

/** Participants missing their enrollment or their "create" audit entry: a half-written registration. */
const halfWritten = (db: Db) =>
  db
    .prepare(
      `SELECT p.id FROM participants p
       WHERE NOT EXISTS (SELECT 1 FROM participant_enrollments e WHERE e.participant_id = p.id)
          OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'participant' AND a.action = 'create' AND a.entity_id = p.id)`,
    )
    .all();

describe('full disk', () => {
  it('answers a registration that runs out of pages with DISK_FULL in Norwegian, and writes none of it', async () => {
    const { core } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    const db = coreDatabase(core);
    // The core's own connection may not grow the file any further: the next new page is SQLITE_FULL.
    db.pragma(`max_page_count=${db.pragma('page_count', { simple: true }) as number}`);

    let failure: Awaited<ReturnType<typeof core.dispatch>> | undefined;
    let before = counts(db);
    for (let i = 0; i < 2000 && !failure; i++) {
      before = counts(db);
      const answer = await core.dispatch('participants:register', {
        courseId: course.id,
        participant: sampleParticipant({ lastName: `Fullsen ${i}`, interests: 'x'.repeat(400) }),
        enrollment: sampleEnrollment('other'),
      });
      if (!answer.ok) failure = answer;
    }
    expect(failure).toEqual({ ok: false, error: DISK_FULL });
    expect(counts(db)).toEqual(before);
    expect(halfWritten(db)).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Space freed: the same core works again without a restart.
    db.pragma('max_page_count=1073741823');
    await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ lastName: 'Etterpå' }),
      enrollment: sampleEnrollment('other'),
    });
    expect(counts(db).participants).toBe(before.participants + 1);
  });

  it('maps the real SQLITE_FULL error to DISK_FULL and rolls the whole transaction back', async () => {
    const { core, dir } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    const template = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant(),
      enrollment: sampleEnrollment('other'),
    });
    core.lock();
    const db = openCoreDatabase(dir, await databaseKey(dir));
    // Room for a few pages, so the transaction writes some batches before it hits the limit.
    db.pragma(`max_page_count=${(db.pragma('page_count', { simple: true }) as number) + 10}`);
    const before = counts(db);
    let batches = 0;
    let thrown: unknown;
    try {
      db.transaction(() => {
        for (; batches < 1000; batches++) cloneParticipant(db, template.participantId, 10);
      })();
    } catch (error) {
      thrown = error;
    }
    expect(batches).toBeGreaterThan(0); // some batches fitted before the limit was reached
    expect(thrown).toMatchObject({ name: 'SqliteError', code: 'SQLITE_FULL' });
    expect(classifyError(thrown).code).toBe('DISK_FULL');
    expect(counts(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('answers ENOSPC from the file system with DISK_FULL and keeps the old vault (changing the passphrase)', async () => {
    expect(existsSync('/dev/full')).toBe(true);
    const { core, dir } = await createUnlockedCore();
    const vaultFile = path.join(dir, VAULT_FILE);
    const vaultBefore = fileDigest(vaultFile);
    // The vault is written atomically through "<file>.<pid>.tmp"; pointing that name at /dev/full
    // makes the real write fail with ENOSPC.
    symlinkSync('/dev/full', `${vaultFile}.${process.pid}.tmp`);

    const error = await dispatchError(core, 'vault:changePassphrase', { current: TEST_PASSPHRASE, next: 'en helt ny passordfrase' });
    expect(error).toEqual(DISK_FULL);
    expect(error.message).toMatch(/^Disken er full\./);
    expect(fileDigest(vaultFile)).toBe(vaultBefore);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    core.lock();
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
  });

  it('answers ENOSPC while saving the language with DISK_FULL, and the database is unchanged', async () => {
    const { core, dir } = await createUnlockedCore();
    const vaultFile = path.join(dir, VAULT_FILE);
    coreDatabase(core).pragma('wal_checkpoint(TRUNCATE)');
    const before = { vault: fileDigest(vaultFile), ...databaseDigest(dir) };
    symlinkSync('/dev/full', `${vaultFile}.${process.pid}.tmp`);

    expect(await dispatchError(core, 'settings:update', { language: 'en' })).toEqual(DISK_FULL);
    expect({ vault: fileDigest(vaultFile), ...databaseDigest(dir) }).toEqual(before);
    expect(await dispatchOk(core, 'settings:get', {})).toMatchObject({ language: 'nb' });
  });
});
