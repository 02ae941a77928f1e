import { describe, expect, it } from 'vitest';
import { dispatchOk, newCore, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { coreDatabase, findMarkersInDir } from '../support/storage';
import { ERASED, ERASED_MARKERS, KEPT_MARKER, privacyFixture, searchRawFiles } from './helpers';

/**
 * "Deletion is real": after a run, nothing of the erased data can be read back
 * from the database's files. The files are SQLCipher-encrypted, so a byte
 * search of them finds nothing even before; these tests decrypt every page of
 * the database file and every frame of the WAL themselves (support/sqlcipher.ts)
 * and search the plaintext. The control: the same search finds the values
 * before the run, and finds a kept person's after it.
 */

describe('erased values in the raw files', { timeout: 120_000 }, () => {
  it('are found in the decrypted pages before a run and nowhere after it; free pages are zeros and the WAL is empty', async () => {
    const f = await privacyFixture({ certificates: true });
    // Most of the data in the database file itself (as after any restart), one late change still in the WAL.
    coreDatabase(f.core).pragma('wal_checkpoint(TRUNCATE)');
    const walNote = 'Markørnotat bare i WAL';
    await f.ok('attendance:mark', { sessionId: f.dueSessionIds[2]!, participantId: f.ids.erased, status: 'present', note: walNote });
    const markers = [...ERASED_MARKERS, KEPT_MARKER, walNote];

    // The encrypted files alone never show plaintext, before or after (the decryption below is what makes the search mean something).
    expect(findMarkersInDir(f.dir, markers)).toEqual([]);

    const before = await searchRawFiles(f.dir, markers);
    const foundBefore = new Set([...before.database, ...before.wal].map((hit) => hit.replace(/\/utf(8|16le|16be)$/, '')));
    // Control: every erased value, and the kept person, is there to be found before the run.
    expect([...foundBefore].sort()).toEqual([...markers].sort());
    expect(before.database).toContain(`${ERASED.firstName}/utf8`);
    expect(before.database).not.toContain(`${walNote}/utf8`);
    expect(before.wal).toContain(`${walNote}/utf8`);

    const result = await f.ok('retention:run', { courseIds: [f.due.id] });
    expect(result.erasedPeople).toBe(2);

    const after = await searchRawFiles(f.dir, markers);
    expect(after.database).toEqual([`${KEPT_MARKER}/utf8`]);
    expect(after.wal).toEqual([]);
    expect(after.walBytes).toBe(0);
    // Freed pages hold nothing: secure_delete zeroed them before the checkpoint wrote them to the file.
    expect(after.dirtyFreePages).toEqual([]);
    expect(findMarkersInDir(f.dir, markers)).toEqual([]);
    expect(f.unexpected).toEqual([]);
  });

  it('an erasure on request with an override leaves neither the person nor the reason in the files', async () => {
    const f = await privacyFixture();
    const reason = 'Overstyringsmerke: flyttet til utlandet';
    const erased = await f.ok('participants:register', {
      courseId: f.waiting.id,
      participant: { firstName: 'Qwxerta', lastName: 'Forespørselsen', birthDate: '1969-09-09', email: 'qwxerta@example.no', gender: 'female', consent: { keepAfterCourse: true, method: 'paper' } },
      enrollment: { source: 'employer', employerName: 'Markørbedrift AS' },
    });
    const markers = ['Qwxerta', 'Forespørselsen', 'qwxerta@example.no', 'Markørbedrift AS', '1969-09-09', reason];
    const before = await searchRawFiles(f.dir, markers);
    expect(new Set([...before.database, ...before.wal].map((h) => h.split('/')[0])).size).toBe(markers.length - 1); // the reason is not written yet

    // On the waiting Kompetansepluss course: refused without a reason, then erased with one.
    expect((await f.fail('privacy:erase', { participantId: erased.participantId, confirmed: true })).code).toBe('PERSON_PENDING');
    await f.ok('privacy:erase', { participantId: erased.participantId, confirmed: true, overrideReason: reason });

    const after = await searchRawFiles(f.dir, [...markers, ERASED.firstName]);
    // Zyqvaldo was not erased (control), nothing of Qwxerta or the reason is anywhere.
    expect(after.database).toEqual([`${ERASED.firstName}/utf8`]);
    expect(after.wal).toEqual([]);
    expect(after.dirtyFreePages).toEqual([]);
  });

  it('a run committed just before a crash is scrubbed at the next unlock', async () => {
    const f = await privacyFixture();
    // Commit the erasure as the run does, but skip its checkpoint, as a crash right after the commit would.
    const session = (f.core as unknown as { session: { erasure: { scrub: () => void } } }).session;
    const scrub = session.erasure.scrub.bind(session.erasure);
    session.erasure.scrub = () => {};
    await f.ok('retention:run', { courseIds: [f.due.id] });
    session.erasure.scrub = scrub;
    // The old page versions are still in the files (the WAL's earlier frames here), next to their zeroed successors: the state a crash leaves.
    const pending = await searchRawFiles(f.dir, [ERASED.firstName]);
    expect([...pending.database, ...pending.wal]).toContain(`${ERASED.firstName}/utf8`);
    expect(pending.walBytes).toBeGreaterThan(0);

    // The next start: a new core on the same folder, unlocked (the crashed one never closed its connection).
    const next = newCore({ dataDir: f.dir, clock: f.clock });
    await dispatchOk(next, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const scrubbed = await searchRawFiles(f.dir, [ERASED.firstName]);
    expect(scrubbed.database).toEqual([]);
    // The WAL holds only what was written since (the unlock's audit entry).
    expect(scrubbed.wal).toEqual([]);
    expect(scrubbed.dirtyFreePages).toEqual([]);
  });
});
