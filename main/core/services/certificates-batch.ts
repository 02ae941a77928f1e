import { randomUUID } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError, classifyError } from '../errors';
import { writeFileAtomic } from '../files';
import type { CertificateBatchItem, CertificateBatchOutput } from '../../contract/certificate-schemas';
import type { Language } from '../../contract/messages';
import type { CertificateBatchState, CertificateBatchStatus, ExportedFile } from '../../contract/types';
import { CertificateRenderer } from '../workers/certificate-renderer';
import type { CertificateService, IssueEntry } from './certificates';
import { certificateFileName } from './certificates';

/** Finished jobs kept for their status and result; older ones are forgotten (with their PDF bytes). */
const KEEP_FINISHED_JOBS = 10;

type FailureKind = 'diskFull' | 'folder' | 'other';

const FAILURES: Record<Language, Record<FailureKind, string>> = {
  nb: {
    diskFull: 'Disken er full. {written} av {total} kursbevis ble skrevet ferdig; resten ble ikke laget. Frigjør plass og lag resten på nytt.',
    folder: 'Kan ikke skrive til mappen. {written} av {total} kursbevis ble skrevet ferdig; resten ble ikke laget.',
    other: 'Noe gikk galt under lagingen av kursbevisene. {written} av {total} ble skrevet ferdig; resten ble ikke laget.',
  },
  en: {
    diskFull: 'The disk is full. {written} of {total} certificates were written; the rest were not made. Free some space and make the rest again.',
    folder: 'Cannot write to the folder. {written} of {total} certificates were written; the rest were not made.',
    other: 'Something went wrong while making the certificates. {written} of {total} were written; the rest were not made.',
  },
};

function failureKind(error: unknown): FailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (classifyError(error).code === 'DISK_FULL') return 'diskFull';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return 'folder';
  return 'other';
}

interface Job {
  id: string;
  mode: CertificateBatchOutput['mode'];
  state: CertificateBatchState;
  total: number;
  done: number;
  written: string[];
  issued: string[];
  error?: string;
  renderer: CertificateRenderer | null;
  /** Single mode: the finished PDF and its name. */
  pdf: Buffer | null;
  fileName: string;
  /** Settles when the job has stopped (done, failed or cancelled) and nothing more will be written. */
  finished: Promise<void>;
}

/**
 * Certificate batches, rendered by a worker thread per batch so the main
 * process stays responsive; cancelling terminates the worker.
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
  private previewRenderer: Promise<CertificateRenderer> | null = null;
  private disposed = false;

  constructor(
    private readonly certificates: CertificateService,
    private readonly language: () => Language,
  ) {}

  async start(courseId: string, items: CertificateBatchItem[], output: CertificateBatchOutput): Promise<{ jobId: string }> {
    const prepared = this.certificates.prepare(courseId, items);
    let names: string[] = [];
    if (output.mode === 'perParticipant') {
      await checkFolder(output.folder);
      names = uniqueNames(
        prepared.entries.map((e) => certificateFileName([`${e.content.participant.lastName} ${e.content.participant.firstName}`, prepared.course.name])),
      );
    }
    this.certificates.assignNumbers(prepared.entries);
    const job: Job = {
      id: randomUUID(),
      mode: output.mode,
      state: 'running',
      total: prepared.entries.length,
      done: 0,
      written: [],
      issued: [],
      renderer: null,
      pdf: null,
      fileName: certificateFileName([prepared.course.name]),
      finished: Promise.resolve(),
    };
    this.jobs.set(job.id, job);
    this.forgetOldJobs();
    job.finished =
      output.mode === 'single'
        ? this.runSingle(job, prepared.entries, prepared.logo)
        : this.runPerParticipant(job, prepared.entries, prepared.logo, output.folder, names);
    return { jobId: job.id };
  }

  status(jobId: string): CertificateBatchStatus {
    const job = this.job(jobId);
    return {
      jobId: job.id,
      state: job.state,
      mode: job.mode,
      done: job.done,
      total: job.total,
      written: [...job.written],
      issued: [...job.issued],
      ...(job.error ? { error: job.error } : {}),
    };
  }

  /** Stops the worker and waits until nothing more is written; files already written stay (and are listed). */
  async cancel(jobId: string): Promise<CertificateBatchStatus> {
    const job = this.job(jobId);
    if (job.state === 'running') {
      job.state = 'cancelled';
      await job.renderer?.terminate();
      await job.finished;
    }
    return this.status(jobId);
  }

  result(jobId: string): ExportedFile {
    const job = this.job(jobId);
    if (job.state !== 'done' || !job.pdf) throw new AppError('BATCH_NOT_READY');
    return { fileName: job.fileName, mimeType: 'application/pdf', base64: job.pdf.toString('base64') };
  }

  /** One certificate as it would print (marked as a draft), rendered without registering anything. */
  async preview(courseId: string, participantId: string, language: Language): Promise<ExportedFile> {
    const prepared = this.certificates.preview(courseId, participantId, language);
    const entry = prepared.entries[0]!;
    let pdf: Buffer;
    try {
      pdf = await (await this.sharedRenderer()).renderSingle([entry.content], prepared.logo);
    } catch (error) {
      this.previewRenderer = null; // a dead worker is replaced on the next call
      throw error;
    }
    const { firstName, lastName } = entry.content.participant;
    return {
      fileName: certificateFileName([`${lastName} ${firstName}`, prepared.course.name], language === 'nb' ? ' (utkast)' : ' (draft)'),
      mimeType: 'application/pdf',
      base64: pdf.toString('base64'),
    };
  }

  /** Starts the preview worker in the background (the certificate screen is open: a preview is likely next). */
  warmUp(): void {
    this.sharedRenderer()
      .then((renderer) => renderer.warmUp())
      .catch(() => {
        this.previewRenderer = null;
      });
  }

  /** On lock: stop every worker and drop every PDF held in memory. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs.values()) {
      if (job.state === 'running') job.state = 'cancelled';
      void job.renderer?.terminate();
      job.pdf = null;
    }
    this.jobs.clear();
    void this.previewRenderer?.then((renderer) => renderer.terminate()).catch(() => {});
    this.previewRenderer = null;
  }

  private sharedRenderer(): Promise<CertificateRenderer> {
    if (this.disposed) return Promise.reject(new AppError('VAULT_LOCKED'));
    this.previewRenderer ??= CertificateRenderer.start();
    return this.previewRenderer;
  }

  private async runSingle(job: Job, entries: IssueEntry[], logo: string | null): Promise<void> {
    try {
      job.renderer = await CertificateRenderer.start();
      if (job.state !== 'running') return;
      const pdf = await job.renderer.renderSingle(
        entries.map((e) => e.content),
        logo,
        (done) => {
          if (job.state === 'running') job.done = Math.min(done, job.total - 1);
        },
      );
      if (job.state !== 'running') return;
      job.issued = this.certificates.register(entries);
      job.pdf = pdf;
      job.done = job.total;
      job.state = 'done';
    } catch (error) {
      this.fail(job, error);
    } finally {
      await job.renderer?.terminate();
    }
  }

  private async runPerParticipant(job: Job, entries: IssueEntry[], logo: string | null, folder: string, names: string[]): Promise<void> {
    let writes: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const writeOne = async (index: number, bytes: Buffer) => {
      if (job.state !== 'running' || writeError) return;
      const name = names[index]!;
      const target = path.join(folder, name);
      await writeFileAtomic(target, bytes);
      try {
        job.issued.push(...this.certificates.register([entries[index]!]));
      } catch (error) {
        // Not registered, so not kept: the folder holds only registered certificates.
        await fs.rm(target, { force: true });
        throw error;
      }
      job.written.push(name);
      job.done = job.written.length;
    };
    try {
      job.renderer = await CertificateRenderer.start();
      if (job.state !== 'running') return;
      const renderer = job.renderer;
      await renderer.renderEach(
        entries.map((e) => e.content),
        logo,
        (index, bytes) => {
          writes = writes.then(() => writeOne(index, bytes)).catch((error: unknown) => {
            writeError ??= error;
            void renderer.terminate(); // no point rendering what cannot be written
          });
        },
      ).catch((error: unknown) => {
        if (!writeError) throw error;
      });
      await writes;
      if (writeError) this.fail(job, writeError);
      else if (job.state === 'running') job.state = 'done';
    } catch (error) {
      await writes;
      this.fail(job, writeError ?? error);
    } finally {
      await writes;
      await job.renderer?.terminate();
    }
  }

  private fail(job: Job, error: unknown): void {
    if (job.state !== 'running') return; // cancelled: the worker was stopped on purpose
    job.state = 'failed';
    job.pdf = null;
    job.error = FAILURES[this.language()][failureKind(error)]
      .replace('{written}', String(job.written.length))
      .replace('{total}', String(job.total));
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
