/**
 * Certificate benchmarks (issues 4 and 8), through the channel dispatcher on the
 * encrypted database with the real worker threads, started from the same
 * bundle the packaged app runs (see worker-bundle.ts).
 * certificates_200_one_pdf_ms runs from certificates:startBatch to the PDF's
 * bytes, on the workers the certificate screen started;
 * certificates_200_raw_render_ms renders the same 200 documents with
 * @react-pdf alone in one thread of this process, and their ratio must stay at
 * most 1: two warm workers should beat one thread. Batch and one-thread render
 * take turns, so a change in the machine's load falls on both.
 * certificates_200_cold_click_ms is a user who clicks as the certificate screen
 * opens: from certificates:eligibility (which starts the workers) with nothing
 * warm, through the batch, to the PDF's bytes.
 * certificate_first_preview_ms is a user's first click on Preview: from
 * certificates:preview to the PDF's bytes, once the workers that
 * certificates:eligibility (the screen the button is on) started are warm;
 * certificate_preview_cold_ms is the same click with nothing started, and
 * certificate_workers_warm_ms how long the screen takes to get them warm.
 * certificates_1000_peak_rss_mb is the process's absolute peak (main thread and
 * workers share it) while 1000 render into one PDF; _rss_increase_mb the rise
 * over the RSS just before that batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from '../../main/core/index';
import type { CertificateContent } from '../../main/contract/types';
import { renderCertificatesPdf } from '../../main/core/pdf/certificate';
import { call, median, round, sessionOf } from './measure';

/** The provider's logo in these benchmarks: a 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const FIRST_NAMES = ['Åse', 'Bjørn', 'Kari', 'Ola', 'Ingrid', 'Håkon', 'Sigrid', 'Even', 'Tone', 'Geir'];
const LAST_NAMES = ['Ødegård', 'Æsland', 'Løvås', 'Strøm', 'Hansen', 'Berg', 'Dahl', 'Haugen', 'Moe', 'Lie'];

/** A finished course with `people` participants who attended all four sessions, and provider settings. */
async function finishedCourse(core: Core, people: number) {
  await call(core, 'provider:update', {
    name: 'Kompetansehuset Neo AS',
    street: 'Storgata 1',
    postalCode: '6002',
    city: 'Ålesund',
    organisationNumber: '974760673',
    logo: { base64: TINY_PNG },
  });
  const course = await call(core, 'courses:create', {
    name: 'Fagbrev i helsearbeiderfaget',
    type: 'other',
    place: 'Ålesund',
    startDate: '2025-04-01',
    endDate: '2025-04-30',
    plannedHours: 10,
    teacher: 'Lærer Bench',
    description: 'Praktisk og teoretisk opplæring i helsearbeiderfaget: kommunikasjon, dokumentasjon, pleie og omsorg. '.repeat(4),
    learningGoals: 'Deltakeren kan planlegge, gjennomføre og vurdere pleie og omsorg i samarbeid med andre. '.repeat(3),
    status: 'running',
    signerName: 'Ingrid Løvås',
    signerTitle: 'Daglig leder',
  });
  const participantIds: string[] = [];
  for (let i = 0; i < people; i++) {
    const p = await call(core, 'participants:register', {
      courseId: course.id,
      participant: {
        firstName: `${FIRST_NAMES[i % 10]!} ${i}`,
        lastName: LAST_NAMES[Math.floor(i / 10) % 10]!,
        birthDate: '1980-05-03',
        mobile: `9${String(1000000 + i).padStart(7, '0')}`,
        gender: 'female',
        consent: { keepAfterCourse: false },
      },
      enrollment: { source: 'teacher' },
    });
    participantIds.push(p.participantId);
  }
  for (const date of ['2025-04-01', '2025-04-08', '2025-04-15', '2025-04-22']) {
    const session = await call(core, 'sessions:add', { courseId: course.id, date, startTime: '09:00', endTime: '11:30' });
    await call(core, 'attendance:markAllPresent', { sessionId: session.id });
  }
  const fields = await call(core, 'courses:get', { id: course.id });
  const { id: _i, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...rest } = fields;
  await call(core, 'courses:update', {
    id: course.id,
    course: { ...rest, description: rest.description ?? undefined, learningGoals: rest.learningGoals ?? undefined, status: 'finished' },
  });
  return { courseId: course.id, participantIds };
}

/** Runs a one-PDF batch to the end; returns the milliseconds from start to the PDF's bytes, its size and the numbers issued. */
async function oneFileBatch(core: Core, courseId: string, participantIds: string[]): Promise<[number, number, string[]]> {
  const t0 = performance.now();
  const { jobId } = await call(core, 'certificates:startBatch', {
    courseId,
    items: participantIds.map((participantId) => ({ participantId })),
    output: { mode: 'single' },
  });
  let issued: string[];
  for (;;) {
    const status = await call(core, 'certificates:batchStatus', { jobId });
    if (status.state === 'done') {
      issued = status.issued;
      break;
    }
    if (status.state !== 'running') throw new Error(`batch ${status.state}: ${status.failure ?? ''}`);
    // Often enough to time the batch closely, and rarely enough not to take a core from it (the app asks every 150 ms).
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const file = await call(core, 'certificates:batchResult', { jobId });
  return [performance.now() - t0, Buffer.from(file.base64, 'base64').length, issued];
}

/** The documents a batch rendered, exactly as issued: the register keeps each certificate's printed content. */
function issuedContents(core: Core, numbers: readonly string[]): CertificateContent[] {
  const read = sessionOf(core).db.prepare('SELECT content_json FROM certificates WHERE number = ?');
  return numbers.map((number) => JSON.parse((read.get(number) as { content_json: string }).content_json) as CertificateContent);
}

export async function benchCertificates(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-certificates-'));
  const core = new Core({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1 }, clock: { now: () => new Date('2025-07-01T12:00:00Z') } });
  const metrics: Record<string, number> = {};
  const unlock = async () => {
    await call(core, 'vault:lock', {});
    await call(core, 'vault:unlock', { name: 'Bench', passphrase: 'benchmark passordfrase' });
  };
  try {
    await call(core, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: 'Bench', role: 'coordinator' });
    log('certificates: a finished course with 1000 participants');
    const { courseId, participantIds } = await finishedCourse(core, 1000);
    // Each 200-certificate batch issues to people who have none yet, as a real batch does.
    const twoHundred = (k: number) => participantIds.slice(k * 200, (k + 1) * 200);

    // --- preview: cold (nothing started yet), then as the app does it: the certificate screen opens
    // (certificates:eligibility starts the workers), the user clicks Preview once they are warm ---
    let t0 = performance.now();
    await call(core, 'certificates:preview', { courseId, participantId: participantIds[0]! });
    metrics.certificate_preview_cold_ms = round(performance.now() - t0, 1);
    await unlock();
    t0 = performance.now();
    await call(core, 'certificates:eligibility', { courseId });
    await sessionOf(core).certificateBatches.ready();
    metrics.certificate_workers_warm_ms = round(performance.now() - t0, 1);
    t0 = performance.now();
    await call(core, 'certificates:preview', { courseId, participantId: participantIds[1]! });
    metrics.certificate_first_preview_ms = round(performance.now() - t0, 1);
    const warm: number[] = [];
    for (let i = 2; i < 12; i++) {
      t0 = performance.now();
      await call(core, 'certificates:preview', { courseId, participantId: participantIds[i]! });
      warm.push(performance.now() - t0);
    }
    metrics.certificate_preview_warm_p50_ms = round(median(warm), 1);
    log(
      `certificates:preview cold ${metrics.certificate_preview_cold_ms} ms; workers warm ${metrics.certificate_workers_warm_ms} ms after the screen opened, ` +
        `then first preview ${metrics.certificate_first_preview_ms} ms, ` +
        `warm p50 ${metrics.certificate_preview_warm_p50_ms} ms`,
    );

    // --- 200 into one PDF through the batch path (on the warm workers), and the same 200 documents rendered with
    // @react-pdf alone in one thread of this process, in turn; the first one-thread render only warms that thread ---
    const logo = `data:image/png;base64,${TINY_PNG}`;
    const batchTimes: number[] = [];
    const rawTimes: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    let batchCpu = 0;
    let rawCpu = 0;
    for (let k = 0; k < 4; k++) {
      let cpu0 = process.cpuUsage();
      const [ms, bytes, issued] = await oneFileBatch(core, courseId, twoHundred(k));
      const batchCpuMs = cpuMs(cpu0);
      batchTimes.push(ms);
      const contents = issuedContents(core, issued);
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      await renderCertificatesPdf(contents, logo);
      const raw = performance.now() - t0;
      if (k > 0) {
        rawTimes.push(raw);
        rawCpu += cpuMs(cpu0);
        batchCpu += batchCpuMs;
      }
      log(`  200 certificates, one PDF: ${ms.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} kB; the same 200 in one thread: ${raw.toFixed(0)} ms${k > 0 ? '' : ' (warming that thread)'}`);
    }
    metrics.certificates_200_one_pdf_ms = round(median(batchTimes), 0);
    metrics.certificates_200_raw_render_ms = round(median(rawTimes), 0);
    metrics.certificates_200_vs_raw_render_ratio = round(median(batchTimes) / median(rawTimes));
    // Information, for a machine shared with other work: the cores the batch had on average (CPU time of all threads
    // over wall time; below 2 the machine was busy), and the CPU time the batch costs against one thread doing it all.
    metrics.certificates_200_batch_cores_used = round(batchCpu / batchTimes.slice(1).reduce((sum, ms) => sum + ms, 0), 2);
    metrics.certificates_200_vs_raw_render_cpu_ratio = round(batchCpu / rawCpu);
    log(
      `  batch median ${metrics.certificates_200_one_pdf_ms} ms, one thread median ${metrics.certificates_200_raw_render_ms} ms: ` +
        `ratio ${metrics.certificates_200_vs_raw_render_ratio} (the batch had ${metrics.certificates_200_batch_cores_used} cores on average; ` +
        `in CPU time it costs ${metrics.certificates_200_vs_raw_render_cpu_ratio}× the one-thread render)`,
    );

    // --- a user who clicks at once: the screen opens with nothing started, and the batch starts right away ---
    await unlock();
    t0 = performance.now();
    await call(core, 'certificates:eligibility', { courseId });
    const [, coldBytes] = await oneFileBatch(core, courseId, twoHundred(4));
    metrics.certificates_200_cold_click_ms = round(performance.now() - t0, 0);
    metrics.certificates_200_cold_vs_warm_click_ratio = round(metrics.certificates_200_cold_click_ms / metrics.certificates_200_one_pdf_ms);
    log(
      `  200 certificates clicked as the screen opens: ${metrics.certificates_200_cold_click_ms} ms (${(coldBytes / 1024).toFixed(0)} kB), ` +
        `${metrics.certificates_200_cold_vs_warm_click_ratio}× the click on warm workers`,
    );

    // --- peak RSS (main thread and workers share the process) while 1000 render into one PDF ---
    let peak = process.memoryUsage().rss;
    const baseline = peak;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const [ms, bytes] = await oneFileBatch(core, courseId, participantIds);
      metrics.certificates_1000_one_pdf_ms = round(ms, 0);
      log(`  1000 certificates, one PDF: ${ms.toFixed(0)} ms, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    } finally {
      clearInterval(sampler);
    }
    metrics.certificates_1000_peak_rss_mb = round(peak / 1024 / 1024, 1);
    metrics.certificates_rss_before_mb = round(baseline / 1024 / 1024, 1);
    metrics.certificates_1000_rss_increase_mb = round((peak - baseline) / 1024 / 1024, 1);
    log(
      `certificates: 200 in one PDF median ${metrics.certificates_200_one_pdf_ms} ms; 1000: peak RSS ${metrics.certificates_1000_peak_rss_mb} MB ` +
        `(before ${metrics.certificates_rss_before_mb} MB, so +${metrics.certificates_1000_rss_increase_mb} MB while rendering)`,
    );
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return metrics;
}
