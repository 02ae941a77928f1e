/**
 * Head-office exchange benchmark (issue 10), through the channel dispatcher on
 * the encrypted database: one course of 1,000 participants and 30 sessions of
 * marks, exported as one batch (records read in one transaction and written as
 * JSON, hashed, gzipped, age-encrypted to two recipients, minisign-signed, the
 * disclosure recorded, two files written), then verified and applied at head
 * office in one transaction.
 *
 * batch_export_vs_raw_age_ratio compares the whole export (wall time of the
 * exchange:export channel) with the baseline, measured in the same run right
 * after each export: the `age-encryption` library alone encrypting the very
 * payload bytes that export wrote (its file decrypted and gunzipped here,
 * outside the timing) to the same two recipients. That is the least any
 * encrypted export of this payload costs; the export's gzip runs in the
 * threadpool while the records are still being read, so it encrypts 1.4 MB
 * where the baseline encrypts 10 MB.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { Core } from '../../main/core/index';
import { decryptWith, encryptTo } from '../../main/core/exchange/age';
import { call, median, round, sessionOf, settle } from './measure';

const PEOPLE = 1000;
const SESSIONS = 30;
const ROUNDS = 3;
const SCRYPT = { N: 1024, r: 8, p: 1 };
const NOW = () => new Date('2025-03-20T12:00:00Z');

export async function benchExchange(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-exchange-'));
  const cores: Core[] = [];
  const newCore = async (name: string, role: 'teacher' | 'coordinator') => {
    const core = new Core({ dataDir: path.join(dir, name), scrypt: SCRYPT, clock: { now: NOW } });
    cores.push(core);
    await call(core, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: `Bench ${name}`, role });
    return core;
  };
  const metrics: Record<string, number> = {};
  try {
    const laptop = await newCore('laptop', 'coordinator'); // adds the offices' keys: a coordinator's task
    const offices = await Promise.all(Array.from({ length: ROUNDS }, (_, i) => newCore(`office${i}`, 'coordinator')));
    for (const office of offices) {
      await call(office, 'exchange:setRole', { role: 'head-office' });
      const own = await call(office, 'exchange:keyFile', {});
      const theirs = await call(laptop, 'exchange:keyFile', {});
      const file = { name: own.fileName, base64: own.base64 };
      await call(laptop, 'exchange:addPeer', { file, fingerprint: (await call(laptop, 'exchange:readKeyFile', { file })).fingerprint });
      const back = { name: theirs.fileName, base64: theirs.base64 };
      await call(office, 'exchange:addPeer', { file: back, fingerprint: (await call(office, 'exchange:readKeyFile', { file: back })).fingerprint });
    }
    const course = await call(laptop, 'courses:create', {
      name: 'Utvekslingskurs',
      type: 'other',
      place: 'Bergen',
      startDate: '2025-01-06',
      endDate: '2025-03-14',
      plannedHours: SESSIONS * 2.5,
      teacher: 'Lærer Bench',
      status: 'running',
    });
    for (let i = 0; i < PEOPLE; i++) {
      await call(laptop, 'participants:register', {
        courseId: course.id,
        participant: {
          firstName: `Åse${i}`,
          lastName: `Utveksling ${i}`,
          birthDate: '1980-05-03',
          mobile: `9${String(1000000 + i).padStart(7, '0')}`,
          email: `ase${i}@example.no`,
          gender: i % 2 === 0 ? 'female' : 'male',
          consent: { keepAfterCourse: false },
        },
        enrollment: { source: 'teacher' },
      });
    }
    const plan = await call(laptop, 'sessions:generate', { courseId: course.id, weekdays: [1, 3, 5], startTime: '09:00', endTime: '11:30' });
    for (const session of plan.sessions.slice(0, SESSIONS)) await call(laptop, 'attendance:markAllPresent', { sessionId: session.id });
    log(`exchange: ${PEOPLE} participants, ${SESSIONS} sessions of marks`);

    const folder = path.join(dir, 'out');
    const { db } = sessionOf(laptop);
    const identity = (db.prepare('SELECT age_identity FROM exchange_identity').get() as { age_identity: string }).age_identity;
    const exportTimes: number[] = [];
    const ageTimes: number[] = [];
    const importTimes: number[] = [];
    const inspectTimes: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const office = offices[r]!;
      const officeIdentity = await call(office, 'exchange:identity', {});
      mkdirSync(folder, { recursive: true });
      const folderId = laptop.grantFolder(folder).id;
      await settle();
      let t0 = performance.now();
      const sent = await call(laptop, 'exchange:export', { recipientId: officeIdentity.deviceId, courseIds: [course.id], folderId, full: true });
      exportTimes.push(performance.now() - t0);
      const batch = readFileSync(path.join(folder, sent.fileName));
      const signature = readFileSync(path.join(folder, sent.signatureName));

      // The baseline: the library alone, the same payload bytes, the same two recipients.
      const json = gunzipSync(await decryptWith(batch, identity, 1 << 28));
      const own = (await call(laptop, 'exchange:identity', {})).ageRecipient;
      await settle();
      t0 = performance.now();
      await encryptTo(json, [officeIdentity.ageRecipient, own]);
      ageTimes.push(performance.now() - t0);

      const files = [
        { name: sent.fileName, base64: batch.toString('base64') },
        { name: sent.signatureName, base64: signature.toString('base64') },
      ];
      await settle();
      t0 = performance.now();
      const [inspected] = await call(office, 'exchange:inspect', { files });
      inspectTimes.push(performance.now() - t0);
      if (inspected?.status !== 'ready') throw new Error(`inspect: ${JSON.stringify(inspected?.error)}`);
      await settle();
      t0 = performance.now();
      const result = await call(office, 'exchange:apply', { files, batchId: sent.batchId });
      importTimes.push(performance.now() - t0);
      if (r === 0) {
        metrics.batch_1000_file_bytes = batch.length;
        metrics.batch_1000_json_bytes = json.length;
        metrics.batch_1000_records = Object.values<number>(sent.counts).reduce((a: number, b: number) => a + b, 0);
      }
      log(
        `export ${round(exportTimes.at(-1)!)} ms (${batch.length} bytes; JSON ${json.length}), age alone ${round(ageTimes.at(-1)!)} ms, ` +
          `inspect ${round(inspectTimes.at(-1)!)} ms, apply ${round(importTimes.at(-1)!)} ms (${result.added} added)`,
      );
    }
    metrics.batch_export_1000_ms = round(median(exportTimes));
    metrics.batch_raw_age_1000_ms = round(median(ageTimes));
    metrics.batch_export_vs_raw_age_ratio = round(median(exportTimes) / median(ageTimes));
    metrics.batch_inspect_1000_ms = round(median(inspectTimes));
    metrics.batch_import_1000_ms = round(median(importTimes));
  } finally {
    for (const core of cores) core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return metrics;
}

// Run on its own: `npx tsx test/bench/exchange.ts` (npm run bench runs it with the rest).
if (import.meta.url === `file://${process.argv[1]}`) {
  const metrics = await benchExchange((line) => console.log(line));
  console.log(JSON.stringify(metrics));
}
