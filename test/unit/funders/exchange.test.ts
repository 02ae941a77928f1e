import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core/index';
import type { OpenSession } from '../../../main/core/open-session';
import { collectChanges } from '../../../main/core/exchange/collect';
import { applyMerge } from '../../../main/core/exchange/merge';
import { BATCH_FORMAT, parsePayload, PayloadWriter, recordsSha256 } from '../../../main/core/exchange/payload';
import type { BatchPayload } from '../../../main/core/exchange/payload';
import { createUnlockedCore, sampleCourse, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';

/**
 * Head-office batches carry a course's funder and reference; a batch from an
 * older app, without those fields, still validates and leaves the funder on
 * file at head office as it was.
 */

const session = (core: Core) => (core as unknown as { session: OpenSession }).session;

/** A batch as the exporter writes it (version 2); stripped of the funder fields, as an older app's version 1 batch. */
function payload(laptop: UnlockedCore, courseId: string, strip = false): BatchPayload {
  const open = session(laptop.core);
  const until = laptop.clock.now().toISOString();
  const chunks: Buffer[] = [];
  const writer = new PayloadWriter((bytes) => chunks.push(bytes));
  const { tombstones, counts } = collectChanges(open.db, [{ id: courseId, since: null }], until, (json) => writer.records(json));
  writer.finish(tombstones, {
    batchId: randomUUID(),
    deviceId: open.vault.deviceId,
    deviceName: 'Lærerens bærbare',
    recipientDeviceId: randomUUID(),
    sequence: 1,
    createdAt: until,
    provider: { name: 'Kompetansehuset Neo', organisationNumber: '974760673' },
    courses: [{ id: courseId, name: 'Truckførerkurs', since: null, until }],
    counts,
  });
  const written = parsePayload(Buffer.concat(chunks));
  if (!strip) return written;
  const records = structuredClone(written.records);
  for (const c of records.courses as Record<string, unknown>[]) {
    delete c['funderName'];
    delete c['funderReference'];
  }
  const manifest = { ...written.manifest, recordsSha256: recordsSha256(records, written.tombstones) };
  return parsePayload(JSON.stringify({ format: BATCH_FORMAT, version: 1, manifest, records, tombstones: written.tombstones }));
}

function apply(office: UnlockedCore, batch: BatchPayload) {
  const open = session(office.core);
  const staff = open.settings.staff();
  const ctx = { db: open.db, clock: office.clock, deviceId: open.vault.deviceId, actorId: staff.id, actorRole: staff.role };
  return open.db.transaction(() => applyMerge(ctx, { erasure: open.erasure, audit: open.audit }, batch))();
}

describe('funder fields in head-office batches', () => {
  it('carry the funder and reference of an employer-paid course, and an older batch without them keeps what head office has', async () => {
    const laptop = await createUnlockedCore();
    const office = await createUnlockedCore();
    const fields = sampleCourse('bedriftsbetalt', { funderName: 'Byggmester Hansen AS', funderReference: 'PO-4711' });
    const course = await laptop.ok('courses:create', fields);
    await laptop.ok('participants:register', {
      courseId: course.id,
      participant: sampleParticipant(),
      enrollment: { source: 'employer', employerName: 'Byggmester Hansen AS' },
    });

    const first = payload(laptop, course.id);
    expect(first.records.courses[0]).toMatchObject({ type: 'bedriftsbetalt', funderName: 'Byggmester Hansen AS', funderReference: 'PO-4711' });
    apply(office, first);
    expect(await office.ok('courses:get', { id: course.id })).toMatchObject({ type: 'bedriftsbetalt', funderName: 'Byggmester Hansen AS', funderReference: 'PO-4711' });
    expect((await office.ok('participants:listByCourse', { courseId: course.id }))[0]).toMatchObject({ source: 'employer', employerName: 'Byggmester Hansen AS' });

    // The laptop renames the course; its batch comes from an app that knows no funder fields.
    laptop.clock.advance(60_000);
    await laptop.ok('courses:update', { id: course.id, course: { ...fields, name: 'Truckførerkurs T1' } });
    const older = payload(laptop, course.id, true);
    expect(older.records.courses[0]).not.toHaveProperty('funderName');
    expect(apply(office, older)).toMatchObject({ changed: 1 });
    expect(await office.ok('courses:get', { id: course.id })).toMatchObject({ name: 'Truckførerkurs T1', funderName: 'Byggmester Hansen AS', funderReference: 'PO-4711' });

    // A newer batch that clears the reference does clear it.
    laptop.clock.advance(60_000);
    await laptop.ok('courses:update', { id: course.id, course: { ...fields, name: 'Truckførerkurs T1', funderReference: '' } });
    apply(office, payload(laptop, course.id));
    expect(await office.ok('courses:get', { id: course.id })).toMatchObject({ funderName: 'Byggmester Hansen AS', funderReference: null });
  });
});
