import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../main/contract/envelope';
import { decryptWith, encryptTo } from '../../../main/core/exchange/age';
import { generateDeviceKeys } from '../../../main/core/exchange/keys';
import type { DeviceKeys } from '../../../main/core/exchange/keys';
import { signDetached } from '../../../main/core/exchange/minisign';
import { parsePayload, recordsSha256 } from '../../../main/core/exchange/payload';
import { createUnlockedCore, makeTempDir, sampleCourse, sampleEnrollment, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { coreDatabase } from '../support/storage';

/**
 * The exchange between a teacher's laptop and head office, through the
 * channels: key files, a batch exported, verified, previewed and applied, the
 * receipt back, and every refusal the issue names, each made by changing one
 * thing in a valid batch.
 */

interface FileInput {
  name: string;
  base64: string;
}

const asFile = (name: string, bytes: Uint8Array | string): FileInput => ({ name, base64: Buffer.from(bytes).toString('base64') });

/** The batch and signature files in a folder, as the renderer would pass them. */
function filesIn(folder: string, batchName: string): FileInput[] {
  return [batchName, `${batchName}.minisig`].map((name) => asFile(name, readFileSync(path.join(folder, name))));
}

async function addKeyFile(from: UnlockedCore, to: UnlockedCore): Promise<void> {
  const keyFile = await from.ok('exchange:keyFile', {});
  const file = { name: keyFile.fileName, base64: keyFile.base64 };
  const preview = await to.ok('exchange:readKeyFile', { file });
  await to.ok('exchange:addPeer', { file, fingerprint: preview.fingerprint });
}

interface World {
  laptop: UnlockedCore;
  office: UnlockedCore;
  courseId: string;
  people: string[];
  folder: string;
  folderId: string;
  officeId: string;
}

async function world(options: { exchangeKeys?: boolean } = {}): Promise<World> {
  const laptop = await createUnlockedCore();
  const office = await createUnlockedCore();
  await office.ok('exchange:setRole', { role: 'head-office', deviceName: 'Hovedkontoret' });
  await laptop.ok('exchange:setRole', { role: 'device', deviceName: 'Lærer Testesen, bærbar' });
  await addKeyFile(office, laptop);
  if (options.exchangeKeys !== false) await addKeyFile(laptop, office);
  const course = await laptop.ok('courses:create', sampleCourse('other', { startDate: '2025-03-03', endDate: '2025-03-31', status: 'running' }));
  const people: string[] = [];
  for (const [firstName, lastName, mobile] of [
    ['Kari', 'Nordmann', '912 34 567'],
    ['Ola', 'Berg', '412 34 567'],
  ] as const) {
    const p = await laptop.ok('participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName, lastName, mobile, email: `${firstName.toLowerCase()}@example.no` }),
      enrollment: sampleEnrollment(),
    });
    people.push(p.participantId);
  }
  const folder = makeTempDir();
  const officeId = (await office.ok('exchange:identity', {})).deviceId;
  return { laptop, office, courseId: course.id, people, folder, folderId: laptop.core.grantFolder(folder).id, officeId };
}

/** The batch as head office's key and the independent tools read it: `age -d` with the office's identity, then `gunzip`. */
function readWithCli(w: World, fileName: string, files: FileInput[]): Buffer {
  const { age_identity: identity } = coreDatabase(w.office.core).prepare('SELECT age_identity FROM exchange_identity').get() as { age_identity: string };
  const dir = makeTempDir();
  writeFileSync(path.join(dir, 'identity.txt'), `${identity}\n`, { mode: 0o600 });
  writeFileSync(path.join(dir, fileName), Buffer.from(files[0]!.base64, 'base64'));
  const compressed = execFileSync('/usr/bin/age', ['-d', '-i', path.join(dir, 'identity.txt'), path.join(dir, fileName)]);
  return execFileSync('gunzip', ['-c'], { input: compressed });
}

async function exportBatch(w: World, extra: { full?: boolean } = {}) {
  const sent = await w.laptop.ok('exchange:export', { recipientId: w.officeId, courseIds: [w.courseId], folderId: w.folderId, ...extra });
  return { sent, files: filesIn(w.folder, sent.fileName) };
}

describe('a batch from a laptop to head office', () => {
  it('is exported, previewed, applied once, answered by a receipt, and makes the finished course due on the laptop', async () => {
    const w = await world();
    const { sent, files } = await exportBatch(w);
    expect(sent.sequence).toBe(1);
    expect(sent.counts).toMatchObject({ courses: 1, participants: 2, enrollments: 2 });
    expect(readdirSync(w.folder).sort()).toEqual([sent.fileName, sent.signatureName].sort());

    const [inspected] = await w.office.ok('exchange:inspect', { files });
    expect(inspected).toMatchObject({ status: 'ready', batchId: sent.batchId, sequence: 1, missingBefore: [], error: null });
    expect(inspected!.sender?.deviceName).toBe('Lærer Testesen, bærbar');
    expect(inspected!.preview).toHaveLength(1);
    expect(inspected!.preview[0]).toMatchObject({ courseId: w.courseId, added: { participants: 2, courses: 1 } });
    // Inspecting writes nothing.
    expect(await w.office.ok('participants:search', { query: 'Nordmann' })).toHaveLength(0);

    const applied = await w.office.ok('exchange:apply', { files, batchId: sent.batchId });
    expect(applied.added).toBeGreaterThanOrEqual(5);
    const hits = await w.office.ok('participants:search', { query: 'Nordmann' });
    expect(hits.map((h) => h.lastName)).toEqual(['Nordmann']);

    // The same file again: "allerede importert", nothing changes.
    const [again] = await w.office.ok('exchange:inspect', { files });
    expect(again).toMatchObject({ status: 'alreadyImported', error: { code: 'EXCHANGE_ALREADY_IMPORTED', message: 'Denne batchen er allerede importert. Ingenting er endret.' } });
    expect((await w.office.fail('exchange:apply', { files, batchId: sent.batchId })).code).toBe('EXCHANGE_ALREADY_IMPORTED');

    // The receipt goes back; the laptop verifies it with head office's key.
    const receiptFolder = makeTempDir();
    const receipt = await w.office.ok('exchange:receipt', { deviceId: (await w.laptop.ok('exchange:identity', {})).deviceId, folderId: w.office.core.grantFolder(receiptFolder).id });
    expect(receipt.batches).toBe(1);
    const receiptFiles = filesIn(receiptFolder, receipt.fileName);
    expect((await w.laptop.ok('exchange:history', {}))[0]).toMatchObject({ batchId: sent.batchId, direction: 'sent', deliveredAt: null });
    expect((await w.laptop.ok('courses:get', { id: w.courseId })).retention.state).toBe('active');
    const delivered = await w.laptop.ok('exchange:importReceipt', { files: receiptFiles });
    expect(delivered.delivered).toEqual([{ batchId: sent.batchId, sequence: 1 }]);
    const history = await w.laptop.ok('exchange:history', {});
    expect(history[0]).toMatchObject({ batchId: sent.batchId, peer: { deviceName: 'Hovedkontoret', role: 'head-office' }, courses: [{ id: w.courseId }] });
    expect(history[0]!.deliveredAt).not.toBeNull();
    // Sent during the course: delivered, but not "after the end", so not due yet.
    expect((await w.laptop.ok('courses:get', { id: w.courseId })).retention.state).toBe('active');

    // After the end, the next batch (nothing new, so everything again) is delivered: due at once.
    w.laptop.clock.set('2025-04-02T10:00:00.000Z');
    w.office.clock.set('2025-04-02T10:00:00.000Z');
    const second = await exportBatch(w, { full: true });
    expect(second.sent.sequence).toBe(2);
    await w.office.ok('exchange:apply', { files: second.files, batchId: second.sent.batchId });
    const receipt2 = await w.office.ok('exchange:receipt', { deviceId: (await w.laptop.ok('exchange:identity', {})).deviceId, folderId: w.office.core.grantFolder(receiptFolder).id });
    await w.laptop.ok('exchange:importReceipt', { files: filesIn(receiptFolder, receipt2.fileName) });
    const course = await w.laptop.ok('courses:get', { id: w.courseId });
    expect(course.retention).toMatchObject({ state: 'due', dueOn: '2025-04-02' });
    expect((await w.laptop.ok('retention:due', {})).map((d) => d.courseId)).toContain(w.courseId);
  });

  it('is a file that `age -d` decrypts and `gunzip` reads back to the payload head office imports', async () => {
    const w = await world();
    const { sent, files } = await exportBatch(w);
    const payload = parsePayload(readWithCli(w, sent.fileName, files));
    expect(payload.manifest).toMatchObject({ batchId: sent.batchId, sequence: 1, counts: sent.counts });
    expect(payload.records.participants.map((p) => p.lastName).sort()).toEqual(['Berg', 'Nordmann']);
  });

  // Absence reasons travelled until this version; they stay on the laptop now (health data head office does not need).
  it('carries no absence reason: `age -d` and `gunzip` of a batch whose marks have reasons find none, and head office stores none', async () => {
    const w = await world();
    const plan = await w.laptop.ok('sessions:generate', { courseId: w.courseId, weekdays: [1], startTime: '09:00', endTime: '11:00' });
    const held = plan.sessions[0]!.id; // Monday 3 March, before the clock's today
    await w.laptop.ok('attendance:mark', { sessionId: held, participantId: w.people[0]!, status: 'excused', absenceReason: 'childIllness' });
    await w.laptop.ok('attendance:mark', { sessionId: held, participantId: w.people[1]!, status: 'absent', absenceReason: 'illness' });
    const reasons = (unlocked: UnlockedCore) => coreDatabase(unlocked.core).prepare('SELECT count(*) AS n FROM attendance_marks WHERE absence_reason IS NOT NULL').get();

    const { sent, files } = await exportBatch(w);
    expect(sent.counts.marks).toBe(2);
    const plain = readWithCli(w, sent.fileName, files);
    for (const word of ['absenceReason', 'illness', 'childIllness']) expect(plain.toString('utf8'), word).not.toContain(word);
    expect(parsePayload(plain).records.marks.map((m) => m.status).sort()).toEqual(['absent', 'excused']);

    await w.office.ok('exchange:apply', { files, batchId: sent.batchId });
    expect(coreDatabase(w.office.core).prepare('SELECT count(*) AS n FROM attendance_marks').get()).toEqual({ n: 2 });
    expect(reasons(w.office)).toEqual({ n: 0 });
    expect(reasons(w.laptop)).toEqual({ n: 2 });
  });

  it('sends only what changed since the last batch, and erasures as tombstones that erase at head office', async () => {
    const w = await world();
    const first = await exportBatch(w);
    await w.office.ok('exchange:apply', { files: first.files, batchId: first.sent.batchId });
    expect((await w.laptop.fail('exchange:export', { recipientId: w.officeId, courseIds: [w.courseId], folderId: w.folderId })).code).toBe('EXCHANGE_NOTHING_TO_SEND');

    w.laptop.clock.advance(60_000);
    await w.laptop.ok('privacy:erase', { participantId: w.people[1]!, confirmed: true });
    const second = await exportBatch(w);
    expect(second.sent.counts).toMatchObject({ participants: 0, tombstones: 1 });
    const [inspected] = await w.office.ok('exchange:inspect', { files: second.files });
    expect(inspected!.preview[0]!.erased).toBe(1);
    await w.office.ok('exchange:apply', { files: second.files, batchId: second.sent.batchId });
    expect(await w.office.ok('participants:search', { query: 'Berg' })).toHaveLength(0);
    expect(await w.office.ok('participants:search', { query: 'Nordmann' })).toHaveLength(1);
  });

  it('made twice at once (a double click) gives one batch, or two numbered 1 and 2 when both are full exports', async () => {
    const w = await world();
    const call = (full: boolean) => w.laptop.core.call('exchange:export', { recipientId: w.officeId, courseIds: [w.courseId], folderId: w.folderId, full });
    const [first, second] = await Promise.all([call(false), call(false)]);
    expect(first).toMatchObject({ ok: true, value: { sequence: 1 } });
    // The second waited for the first, and then had nothing new to send.
    expect(second).toMatchObject({ ok: false, error: { code: 'EXCHANGE_NOTHING_TO_SEND' } });
    const [third, fourth] = await Promise.all([call(true), call(true)]);
    expect([third, fourth].map((e) => (e.ok ? e.value.sequence : e.error.code))).toEqual([2, 3]);
    expect((await w.laptop.ok('exchange:history', {})).map((b) => b.sequence).sort()).toEqual([1, 2, 3]);
    expect(readdirSync(w.folder)).toHaveLength(6);
  });

  it('writes nothing and records no disclosure when the folder cannot be written, and the next batch keeps number 1', async () => {
    const w = await world();
    const gone = makeTempDir();
    const goneId = w.laptop.core.grantFolder(gone).id;
    rmSync(gone, { recursive: true, force: true });
    const refused = await w.laptop.fail('exchange:export', { recipientId: w.officeId, courseIds: [w.courseId], folderId: goneId });
    expect(refused.code).toBe('FOLDER_NOT_WRITABLE');
    expect(await w.laptop.ok('exchange:history', {})).toEqual([]);
    const db = coreDatabase(w.laptop.core);
    expect(db.prepare(`SELECT count(*) AS n FROM disclosures WHERE kind = 'headOfficeBatch'`).get()).toEqual({ n: 0 });
    // The audit log keeps the attempt and says it came to nothing.
    expect(db.prepare(`SELECT action FROM audit_log WHERE entity = 'disclosure' ORDER BY rowid`).all().at(-1)).toEqual({ action: 'delete' });
    expect((await exportBatch(w)).sent.sequence).toBe(1);
  });

  it('from an unknown device asks for approval by fingerprint, and refuses a fingerprint that does not match', async () => {
    const w = await world({ exchangeKeys: false });
    const { sent, files } = await exportBatch(w);
    const laptopIdentity = await w.laptop.ok('exchange:identity', {});
    const [inspected] = await w.office.ok('exchange:inspect', { files });
    expect(inspected).toMatchObject({ status: 'unknownDevice', sender: { deviceId: laptopIdentity.deviceId, fingerprint: laptopIdentity.fingerprint } });
    expect(inspected!.preview).toEqual([]);
    expect((await w.office.fail('exchange:apply', { files, batchId: sent.batchId })).code).toBe('EXCHANGE_UNKNOWN_DEVICE');
    const other = (await w.office.ok('exchange:identity', {})).fingerprint;
    expect((await w.office.fail('exchange:approveDevice', { files, deviceId: laptopIdentity.deviceId, fingerprint: other })).code).toBe('EXCHANGE_WRONG_KEY');
    await w.office.ok('exchange:approveDevice', { files, deviceId: laptopIdentity.deviceId, fingerprint: laptopIdentity.fingerprint });
    expect((await w.office.ok('exchange:inspect', { files }))[0]!.status).toBe('ready');
  });
});

/**
 * A device approved at head office whose keys the test holds, so it can make
 * batches that are signed and encrypted correctly but wrong in one way.
 */
describe('refusals, each changing one thing in a valid batch', () => {
  let w: World;
  let forger: DeviceKeys;
  let forgerId: string;
  let officeRecipient: string;
  let template: Record<string, unknown>;
  let validFiles: FileInput[];
  let validBatchId: string;

  const refusal = async (files: FileInput[]): Promise<string | undefined> => (await w.office.ok('exchange:inspect', { files }))[0]!.error?.code;

  /** Signs and encrypts `payload` (an object, or raw bytes to gzip) as the forging device, batch name "x.neokurs". */
  async function forge(
    payload: unknown,
    options: { sequence?: number; batchId?: string; gzip?: boolean; recipients?: string[]; signWith?: DeviceKeys; raw?: Uint8Array } = {},
  ): Promise<FileInput[]> {
    const manifest = (payload as { manifest?: { batchId?: string; sequence?: number } } | null)?.manifest;
    const batchId = options.batchId ?? manifest?.batchId ?? randomUUID();
    const sequence = options.sequence ?? manifest?.sequence ?? 1;
    const json = payloadBytes(payload);
    const plain = options.raw ?? (options.gzip === false ? json : gzipSync(json));
    const encrypted = await encryptTo(plain, options.recipients ?? [officeRecipient]);
    const keys = options.signWith ?? forger;
    const comment = [
      'neo-kurs-batch v1',
      `batch=${batchId}`,
      `device=${forgerId}`,
      `seq=${sequence}`,
      `key=${keys.publicKey}`,
      `keyid=${keys.keyId}`,
      `age=${keys.ageRecipient}`,
      `name=${Buffer.from('Forfalsker').toString('base64url')}`,
    ].join(' ');
    return [asFile('x.neokurs', encrypted), asFile('x.neokurs.minisig', signDetached(encrypted, keys, comment))];
  }

  /**
   * A payload's bytes as the app writes them (version 2: header, records, tombstones and manifest lines; the
   * header from the payload's own format and version), or version 1's one JSON object. The records'
   * hash as recordsSha256 computes it holds for both: version 2 hashes the lines JSON.stringify writes here.
   */
  function payloadBytes(payload: unknown): Buffer {
    const p = payload as { format?: unknown; version?: unknown; manifest?: unknown; records?: unknown; tombstones?: unknown } | null;
    if (!p || p.version === 1 || p.manifest === undefined) return Buffer.from(JSON.stringify(payload), 'utf8');
    const lines = [{ format: p.format, version: p.version }, p.records, p.tombstones, p.manifest].map((part) => JSON.stringify(part));
    return Buffer.from(lines.join('\n'), 'utf8');
  }

  /** The template payload with a change, its hash recomputed unless `keepHash`. */
  function payloadWith(change: (p: { manifest: Record<string, unknown>; records: Record<string, unknown[]>; tombstones: unknown[] }) => void, keepHash = false) {
    const p = structuredClone(template) as { manifest: Record<string, unknown>; records: Record<string, unknown[]>; tombstones: unknown[] };
    p.manifest.batchId = randomUUID();
    change(p);
    if (!keepHash) p.manifest.recordsSha256 = recordsSha256(p.records, p.tombstones);
    return p;
  }

  beforeAll(async () => {
    w = await world();
    officeRecipient = (await w.office.ok('exchange:identity', {})).ageRecipient;
    // A real batch from the laptop, read back with the laptop's own key: the template for forged ones.
    const { sent, files } = await exportBatch(w);
    validFiles = files;
    validBatchId = sent.batchId;
    const identity = coreDatabase(w.laptop.core).prepare('SELECT age_identity FROM exchange_identity').get() as { age_identity: string };
    template = parsePayload(gunzipSync(await decryptWith(Buffer.from(files[0]!.base64, 'base64'), identity.age_identity, 1 << 26)));
    expect(template.version).toBe(2);

    forger = await generateDeviceKeys();
    forgerId = randomUUID();
    const keyFile = {
      format: 'neo-kurs-key',
      version: 1,
      deviceId: forgerId,
      deviceName: 'Forfalsker',
      role: 'device',
      provider: { name: '', organisationNumber: null },
      ageRecipient: forger.ageRecipient,
      publicKey: forger.publicKey,
      keyId: forger.keyId,
    };
    const file = asFile('forger.json', JSON.stringify(keyFile));
    const preview = await w.office.ok('exchange:readKeyFile', { file });
    await w.office.ok('exchange:addPeer', { file, fingerprint: preview.fingerprint });
    (template.manifest as Record<string, unknown>).deviceId = forgerId;
    (template.manifest as Record<string, unknown>).sequence = 5;
  });

  it('accepts the forging device’s unchanged template (so each refusal below is caused by its one change)', async () => {
    const files = await forge(payloadWith(() => {}));
    const [inspected] = await w.office.ok('exchange:inspect', { files });
    expect(inspected).toMatchObject({ status: 'ready', error: null, missingBefore: [1, 2, 3, 4] });
    // A batch of version 1 (one JSON object), as the app wrote before version 2, is read too.
    const version1 = await forge({ ...payloadWith(() => {}), version: 1 });
    expect(payloadBytes({ ...template, version: 1 }).includes(0x0a)).toBe(false);
    expect((await w.office.ok('exchange:inspect', { files: version1 }))[0]).toMatchObject({ status: 'ready', error: null });
  });

  it('refuses a changed byte anywhere in the file', async () => {
    const bytes = Buffer.from(validFiles[0]!.base64, 'base64');
    for (const at of [0, 30, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 0x01;
      expect(await refusal([asFile(validFiles[0]!.name, changed), validFiles[1]!]), `byte ${at}`).toBe('EXCHANGE_BAD_SIGNATURE');
    }
  });

  it('refuses a signature that belongs to another file', async () => {
    // Another approved device's signature: its key does not sign this file.
    const other = await forge(payloadWith(() => {}));
    expect(await refusal([validFiles[0]!, { ...other[1]!, name: validFiles[1]!.name }])).toBe('EXCHANGE_BAD_SIGNATURE');
    // The same device's signature of another batch.
    const otherOfLaptop = await exportBatch(w, { full: true });
    expect(await refusal([validFiles[0]!, { ...otherOfLaptop.files[1]!, name: validFiles[1]!.name }])).toBe('EXCHANGE_BAD_SIGNATURE');
  });

  it('refuses a signature by a key other than the one approved for the device', async () => {
    const stranger = await generateDeviceKeys();
    expect(await refusal(await forge(payloadWith(() => {}), { signWith: stranger }))).toBe('EXCHANGE_WRONG_KEY');
  });

  it('refuses a truncated file, an empty file and a missing signature', async () => {
    const bytes = Buffer.from(validFiles[0]!.base64, 'base64');
    expect(await refusal([asFile(validFiles[0]!.name, bytes.subarray(0, bytes.length - 20)), validFiles[1]!])).toBe('EXCHANGE_BAD_SIGNATURE');
    expect(await refusal([asFile(validFiles[0]!.name, new Uint8Array(0)), validFiles[1]!])).toBe('EXCHANGE_TRUNCATED');
    expect(await refusal([validFiles[0]!])).toBe('EXCHANGE_SIGNATURE_MISSING');
    expect(await refusal([validFiles[0]!, asFile(validFiles[1]!.name, 'untrusted comment: nothing\nAAAA\n')])).toBe('EXCHANGE_NOT_A_BATCH');
  });

  it('refuses a file of another kind, even when signed by an approved device', async () => {
    // A PDF signed as a batch: the signature holds, the file is no age file.
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    const comment = ['neo-kurs-batch v1', `batch=${randomUUID()}`, `device=${forgerId}`, 'seq=9', `key=${forger.publicKey}`, `keyid=${forger.keyId}`, `age=${forger.ageRecipient}`, 'name='].join(' ');
    expect(await refusal([asFile('x.neokurs', pdf), asFile('x.neokurs.minisig', signDetached(pdf, forger, comment))])).toBe('EXCHANGE_NOT_A_BATCH');
    // Inside the encryption: bytes that are not gzip, and gzip of JSON of another kind.
    expect(await refusal(await forge(null, { raw: Buffer.from('{"hello":1}') }))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(await refusal(await forge({ hello: 'world' }))).toBe('EXCHANGE_INVALID_PAYLOAD');
  });

  it('refuses a payload that fails the schema, or whose records do not match their hash', async () => {
    const cases: [string, Parameters<typeof payloadWith>[0], boolean?][] = [
      ['unknown version', (p) => ((p as unknown as Record<string, unknown>).version = 3)],
      ['extra field', (p) => (p.manifest.extra = 'x')],
      ['bad birth date', (p) => ((p.records.participants![0] as Record<string, unknown>).birthDate = '1985-02-30')],
      ['records changed, hash kept', (p) => ((p.records.participants![0] as Record<string, unknown>).firstName = 'Mallory'), true],
    ];
    for (const [label, change, keepHash] of cases) {
      expect(await refusal(await forge(payloadWith(change, keepHash))), label).toBe('EXCHANGE_INVALID_PAYLOAD');
    }
  });

  it('refuses a manifest that disagrees with the signed comment, and a batch for someone else', async () => {
    expect(await refusal(await forge(payloadWith(() => {}), { sequence: 6 }))).toBe('EXCHANGE_INVALID_PAYLOAD');
    expect(await refusal(await forge(payloadWith((p) => (p.manifest.recipientDeviceId = randomUUID()))))).toBe('EXCHANGE_NOT_FOR_US');
    expect(await refusal(await forge(payloadWith(() => {}), { recipients: [forger.ageRecipient] }))).toBe('EXCHANGE_NOT_FOR_US');
  });

  it('refuses records for a course of another provider', async () => {
    await w.office.ok('provider:update', { name: 'Kompetansehuset Neo AS', street: 'Storgata 1', postalCode: '6002', city: 'Ålesund', organisationNumber: '974760673' });
    const files = await forge(payloadWith((p) => (p.manifest.provider = { name: 'Annen AS', organisationNumber: '923609016' })));
    expect(await refusal(files)).toBe('EXCHANGE_OTHER_PROVIDER');
  });

  it('refuses a payload that decompresses beyond the limit without running out of memory', async () => {
    const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(await forge(null, { raw: bomb }))).toBe('EXCHANGE_TOO_LARGE');
  });

  it('refuses a replay, and shows a gap as a warning', async () => {
    const first = await forge(payloadWith((p) => (p.manifest.sequence = 7)), { sequence: 7 });
    const [ready] = await w.office.ok('exchange:inspect', { files: first });
    expect(ready!.missingBefore).toEqual([1, 2, 3, 4, 5, 6]);
    await w.office.ok('exchange:apply', { files: first, batchId: ready!.batchId! });
    const lower = await forge(payloadWith((p) => (p.manifest.sequence = 6)), { sequence: 6 });
    expect(await refusal(lower)).toBe('EXCHANGE_REPLAY');
    const same = await forge(payloadWith((p) => (p.manifest.sequence = 7)), { sequence: 7 });
    expect(await refusal(same)).toBe('EXCHANGE_REPLAY');
  });

  it('writes nothing for a refused batch', async () => {
    const before = await w.office.ok('exchange:history', {});
    const codes: (ErrorCode | undefined)[] = [];
    for (const files of [await forge(payloadWith(() => {}, false), { recipients: [forger.ageRecipient] }), [validFiles[0]!]]) {
      codes.push((await w.office.fail('exchange:apply', { files, batchId: validBatchId })).code);
    }
    expect(codes.every((c) => c !== undefined)).toBe(true);
    expect(await w.office.ok('exchange:history', {})).toEqual(before);
  });
});
