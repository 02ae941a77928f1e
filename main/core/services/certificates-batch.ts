import { randomUUID } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError, classifyError } from '../errors';
import { writeNewFile } from '../files';
import type { FolderGrants } from '../folders';
import type { CertificateBatchItem, CertificateBatchOutput } from '../../contract/certificate-schemas';
import type { Language } from '../../contract/messages';
import type {
  CertificateBatchFailure,
  CertificateBatchPhase,
  CertificateBatchState,
  CertificateBatchStatus,
  CertificateContent,
  ExportedFile,
} from '../../contract/types';
import { CertificatePool } from '../workers/certificate-pool';
import type { CertificateService, IssueEntry } from './certificates';
import { certificateFileName } from './certificates';

/** Finished jobs kept for their status and result; older ones are forgotten (with their PDF bytes). */
const KEEP_FINISHED_JOBS = 10;

/**
 * One PDF is rendered in chunks spread over the pool and then merged. A chunk
 * is at most 50 ordinary pages: @react-pdf holds a document's whole tree until
 * it is written, so this bounds each worker's memory, and several chunks per
 * worker keep them all busy to the end. Below 20 pages a chunk is not worth a
 * merge (each chunk embeds its own font subsets), so small batches are one render.
 */
const CHUNK_MAX = 50;
const CHUNK_MIN = 20;
/** Course text (description and goals) that weighs as much as one ordinary page in a chunk's tree. */
const TEXT_PER_PAGE_WEIGHT = 2000;

/**
 * The batch's chunks, in order. A batch's pages all share the course's texts,
 * so one weight fits all; the chunk count is a multiple of the workers and the
 * chunks are of equal size (±1), so no worker is left with the tail alone.
 */
function chunked<T extends CertificateContent>(contents: readonly T[], workers: number): T[][] {
  const course = contents[0]?.course;
  const weight = 1 + ((course?.description?.length ?? 0) + (course?.learningGoals?.length ?? 0)) / TEXT_PER_PAGE_WEIGHT;
  const limit = Math.max(1, Math.floor(CHUNK_MAX / weight));
  const wanted = Math.min(limit, Math.max(CHUNK_MIN, Math.ceil(contents.length / workers)));
  let count = Math.ceil(contents.length / wanted);
  if (count > 1) count = Math.min(contents.length, Math.ceil(count / workers) * workers);
  const chunks: T[][] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * contents.length) / count);
    const to = Math.floor(((i + 1) * contents.length) / count);
    chunks.push(contents.slice(from, to));
  }
  return chunks;
}

/** Per-participant mode renders this many certificates ahead of the one being written, per worker. */
const AHEAD_PER_WORKER = 2;

/** The pool's owner for previews: they are never cancelled as a batch is. */
const PREVIEWS = {};

function failureKind(error: unknown): CertificateBatchFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (classifyError(error).code === 'DISK_FULL') return 'diskFull';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return 'folder';
  return 'other';
}

interface Job {
  id: string;
  courseId: string;
  /** Who the batch prints for: an erasure of one of them waits for it or cancels it, and drops its PDF. */
  participantIds: ReadonlySet<string>;
  mode: CertificateBatchOutput['mode'];
  state: CertificateBatchState;
  phase: CertificateBatchPhase;
  total: number;
  done: number;
  written: string[];
  issued: string[];
  reprinted: string[];
  failure?: CertificateBatchFailure;
  /** Single mode: the finished PDF and its name. */
  pdf: Buffer | null;
  fileName: string;
  /** Settles when the job has stopped (done, failed or cancelled) and nothing more will be written. */
  finished: Promise<void>;
}

/**
 * Certificate batches and previews, rendered by a pool of warm worker threads
 * so the main process stays responsive; cancelling a batch stops its workers
 * at once (the pool replaces them).
 *
 * Files are written by the core, one at a time, atomically (temporary file,
 * flush, rename): a cancelled or failed batch leaves no partial file.
 * Registration follows what was produced: in per-participant mode each
 * certificate is registered right after its file is in place (and the file is
 * removed again if that fails); in single mode all are registered once the
 * whole PDF exists. Nothing that was not produced is registered.
 */
export class CertificateBatches {
  private readonly jobs = new Map<string, Job>();
  private pool: CertificatePool | null = null;
  private disposed = false;

  constructor(
    private readonly certificates: CertificateService,
    private readonly folders: FolderGrants,
  ) {}

  async start(courseId: string, items: CertificateBatchItem[], output: CertificateBatchOutput): Promise<{ jobId: string }> {
    // One batch per course at a time: two at once could both issue to someone who had no certificate.
    if ([...this.jobs.values()].some((job) => job.courseId === courseId && job.state === 'running')) throw new AppError('BATCH_RUNNING');
    const folder = output.mode === 'perParticipant' ? this.folders.resolve(output.folderId) : null;
    const prepared = this.certificates.prepare(courseId, items);
    let names: string[] = [];
    if (folder !== null) {
      await checkFolder(folder);
      names = uniqueNames(
        prepared.entries.map((e) => certificateFileName([`${e.content.participant.lastName} ${e.content.participant.firstName}`, prepared.course.name])),
      );
    }
    this.certificates.assignNumbers(prepared.entries);
    const job: Job = {
      id: randomUUID(),
      courseId,
      participantIds: new Set(prepared.entries.map((e) => e.participantId)),
      mode: output.mode,
      state: 'running',
      phase: 'preparing',
      total: prepared.entries.length,
      done: 0,
      written: [],
      issued: [],
      reprinted: [],
      pdf: null,
      fileName: certificateFileName([prepared.course.name]),
      finished: Promise.resolve(),
    };
    this.jobs.set(job.id, job);
    this.forgetOldJobs();
    job.finished =
      folder === null
        ? this.runSingle(job, prepared.entries, prepared.logo)
        : this.runPerParticipant(job, prepared.entries, prepared.logo, folder, names);
    return { jobId: job.id };
  }

  status(jobId: string): CertificateBatchStatus {
    const job = this.job(jobId);
    return {
      jobId: job.id,
      state: job.state,
      phase: job.phase,
      mode: job.mode,
      done: job.done,
      total: job.total,
      written: [...job.written],
      issued: [...job.issued],
      reprinted: [...job.reprinted],
      ...(job.failure ? { failure: job.failure } : {}),
    };
  }

  /** Stops the worker and waits until nothing more is written; files already written stay (and are listed). */
  async cancel(jobId: string): Promise<CertificateBatchStatus> {
    const job = this.job(jobId);
    if (job.state === 'running') {
      job.state = 'cancelled';
      this.pool?.cancel(job);
      await job.finished;
    }
    return this.status(jobId);
  }

  /** A batch is running for one of these courses. */
  runningFor(courseIds: readonly string[]): boolean {
    return [...this.jobs.values()].some((job) => job.state === 'running' && courseIds.includes(job.courseId));
  }

  /**
   * Before an erasure: waits for (or cancels) every batch running for these
   * courses, so none registers a certificate for someone being erased; then
   * forgets the finished PDFs that print any of `participantIds` (a name must
   * not outlive its erasure in memory either).
   */
  async settle(courseIds: readonly string[], mode: 'wait' | 'cancel', participantIds: readonly string[]): Promise<void> {
    const running = () => [...this.jobs.values()].filter((job) => job.state === 'running' && courseIds.includes(job.courseId));
    for (let batch = running(); batch.length > 0; batch = running()) {
      if (mode === 'cancel') await Promise.all(batch.map((job) => this.cancel(job.id)));
      else await Promise.all(batch.map((job) => job.finished));
    }
    this.forget(participantIds);
  }

  /** Drops finished PDFs that print any of these people. */
  forget(participantIds: readonly string[]): void {
    for (const job of this.jobs.values()) {
      if (job.state !== 'running' && participantIds.some((id) => job.participantIds.has(id))) job.pdf = null;
    }
  }

  result(jobId: string): ExportedFile {
    const job = this.job(jobId);
    if (job.state !== 'done' || !job.pdf) throw new AppError('BATCH_NOT_READY');
    return { fileName: job.fileName, mimeType: 'application/pdf', base64: job.pdf.toString('base64') };
  }

  /** One certificate as it would print (marked as a draft), rendered without registering anything. */
  async preview(courseId: string, participantId: string, language: Language): Promise<ExportedFile> {
    const prepared = this.certificates.preview(courseId, participantId, language);
    return this.renderOne(prepared.entries[0]!.content, prepared.logo, language === 'nb' ? ' (utkast)' : ' (draft)');
  }

  /** An issued certificate rendered again from the register, with its own number and code (nothing new is registered). */
  async showIssued(certificateId: string): Promise<ExportedFile> {
    const { content, logo } = this.certificates.issued(certificateId);
    return this.renderOne(content, logo, ` (${content.number})`);
  }

  /** One certificate for the screen, named "Kursbevis – Etternavn Fornavn – Kursnavn<suffix>.pdf". */
  private async renderOne(content: CertificateContent, logo: string | null, suffix: string): Promise<ExportedFile> {
    // Ahead of queued batch work: someone is looking at the screen, waiting for it.
    const pdf = await this.workers().run(PREVIEWS, (renderer) => renderer.render([content], logo), { urgent: true });
    const { firstName, lastName } = content.participant;
    return {
      fileName: certificateFileName([`${lastName} ${firstName}`, content.course.name], suffix),
      mimeType: 'application/pdf',
      base64: pdf.toString('base64'),
    };
  }

  /** Starts the workers in the background (the certificate screen is open: a preview or a batch is likely next). */
  warmUp(): void {
    this.ready().catch(() => {
      // A worker that failed to start is replaced when it is next given work.
    });
  }

  /** Settles when every worker is started and warm (benchmarks wait on it to time a click made after the screen opened). */
  ready(): Promise<void> {
    try {
      return this.workers().warmUp();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** On lock: stop every worker and drop every PDF held in memory. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs.values()) {
      if (job.state === 'running') job.state = 'cancelled';
      job.pdf = null;
    }
    this.jobs.clear();
    this.pool?.dispose();
    this.pool = null;
  }

  private workers(): CertificatePool {
    if (this.disposed) throw new AppError('VAULT_LOCKED');
    this.pool ??= new CertificatePool();
    return this.pool;
  }

  /** Chunks rendered on all workers at once, merged in order by one of them; registered once the whole PDF exists. */
  private async runSingle(job: Job, entries: IssueEntry[], logo: string | null): Promise<void> {
    const contents = entries.map((e) => e.content);
    try {
      const pool = this.workers();
      const chunks = chunked(contents, pool.size);
      const laidOut = chunks.map(() => 0);
      const parts = await Promise.all(
        chunks.map((chunk, i) =>
          pool.run(job, (renderer) =>
            renderer.render(chunk, logo, (done) => {
              laidOut[i] = done;
              if (job.phase === 'preparing') job.phase = 'rendering';
              // The last step (merge and registration) is still to come: "done" only when it is.
              if (job.state === 'running') job.done = Math.min(laidOut.reduce((sum, n) => sum + n, 0), job.total - 1);
            }),
          ),
        ),
      );
      job.phase = 'finishing';
      const pdf = parts.length === 1 ? parts[0]! : await pool.run(job, (renderer) => renderer.merge(parts));
      if (job.state !== 'running') return;
      job.issued = this.certificates.register(entries);
      job.reprinted = reprintedNumbers(entries);
      job.pdf = pdf;
      job.done = job.total;
      job.state = 'done';
    } catch (error) {
      this.fail(job, error);
    }
  }

  /**
   * Certificates rendered a few ahead on all workers, then written and
   * registered strictly in order, one at a time, so the folder and the register
   * grow in the batch's order whichever worker finishes first.
   */
  private async runPerParticipant(job: Job, entries: IssueEntry[], logo: string | null, folder: string, names: string[]): Promise<void> {
    const rendered: Promise<Buffer>[] = [];
    try {
      const pool = this.workers();
      const ahead = pool.size * AHEAD_PER_WORKER;
      for (let index = 0; index < entries.length; index++) {
        while (rendered.length < Math.min(entries.length, index + 1 + ahead)) {
          const content = entries[rendered.length]!.content;
          const render = pool.run(job, (renderer) => renderer.render([content], logo));
          render.catch(() => {}); // observed in order below; a batch that stops early leaves the rest unobserved
          rendered.push(render);
        }
        const bytes = await rendered[index]!;
        if (job.state !== 'running') return;
        job.phase = 'rendering';
        await this.writeOne(job, entries[index]!, folder, names[index]!, bytes);
      }
      if (job.state === 'running') job.state = 'done';
    } catch (error) {
      this.fail(job, error);
    } finally {
      this.pool?.cancel(job); // nothing more to render once the batch has stopped, for whatever reason
    }
  }

  /**
   * Writes one certificate as a new file (never over an existing one), then
   * registers it; a file that cannot be registered is removed again.
   */
  private async writeOne(job: Job, entry: IssueEntry, folder: string, wanted: string, bytes: Buffer): Promise<void> {
    const name = await writeNewFile(folder, wanted, bytes);
    try {
      job.issued.push(...this.certificates.register([entry]));
    } catch (error) {
      // Not registered, so not kept: the folder holds only registered certificates.
      await fs.rm(path.join(folder, name), { force: true });
      throw error;
    }
    job.reprinted.push(...reprintedNumbers([entry]));
    job.written.push(name);
    job.done = job.written.length;
  }

  private fail(job: Job, error: unknown): void {
    if (job.state !== 'running') return; // cancelled: the workers were stopped on purpose
    this.pool?.cancel(job); // a part failed: the other parts are of no use
    job.state = 'failed';
    job.pdf = null;
    job.failure = failureKind(error);
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND');
    return job;
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) this.jobs.delete(job.id);
  }
}

/** The folder must exist, be a folder, and take a file: refused before any certificate is numbered. */
async function checkFolder(folder: string): Promise<void> {
  if (!path.isAbsolute(folder)) throw new AppError('FOLDER_NOT_WRITABLE');
  try {
    const stat = await fs.stat(folder);
    if (!stat.isDirectory()) throw new AppError('FOLDER_NOT_WRITABLE');
    await fs.access(folder, constants.W_OK);
    // access() is not reliable everywhere (Windows ACLs, read-only mounts): write and remove a probe.
    const probe = path.join(folder, `.neo-kurs-${randomUUID()}.tmp`);
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw failureKind(error) === 'diskFull' ? new AppError('DISK_FULL') : new AppError('FOLDER_NOT_WRITABLE');
  }
}

/** Numbers of the certificates among `entries` that are printed again as issued. */
const reprintedNumbers = (entries: IssueEntry[]) => entries.filter((e) => e.reprintOf !== null).map((e) => e.content.number);

/** Two participants with the same name in one course get "(2)", "(3)" … rather than overwriting each other. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const key = name.toLocaleLowerCase('nb');
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? name : name.replace(/\.pdf$/, ` (${count}).pdf`);
  });
}
