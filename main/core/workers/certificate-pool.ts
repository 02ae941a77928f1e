import os from 'node:os';
import { CertificateRenderer } from './certificate-renderer';

/**
 * Workers in the pool. Layout is CPU-bound and single-threaded per worker, so
 * more workers means more pages at once, up to one per core; each warm worker
 * also holds its own copy of React, @react-pdf and the fonts (≈ 90 MB), so the
 * pool stops at two: on this 2-core target both cores work on a batch (the main
 * thread only waits for messages meanwhile, and the window is another process),
 * and the memory stays well inside the budget on bigger machines too.
 */
export const POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism()));

/** Raised for the work of an owner that was cancelled (or of a pool that was disposed). */
export class PoolStoppedError extends Error {
  constructor() {
    super('certificate rendering stopped');
  }
}

interface Task {
  owner: object;
  work: (renderer: CertificateRenderer) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A worker slot: the worker being started, its warm-up, and the task it runs. */
interface Slot {
  /** Settles when the worker runs; work is posted from then on and queues behind the warm-up in the worker. */
  ready: Promise<CertificateRenderer> | null;
  warm: Promise<void> | null;
  renderer: CertificateRenderer | null;
  broken: boolean;
  task: Task | null;
}

/**
 * A few warm certificate workers, shared by previews and batches, started when
 * the certificate screen opens rather than per batch (a worker takes about a
 * second to load React, @react-pdf and the fonts).
 *
 * Work is queued and each worker takes one task at a time. Tasks belong to an
 * owner (a batch, or the previews); cancelling an owner drops its queued tasks
 * and terminates the workers busy with its tasks at once (a chunk of pages is
 * one uninterruptible render), starting fresh ones in their place, so a
 * cancelled batch stops promptly and the pool stays whole.
 */
export class CertificatePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private disposed = false;

  constructor(readonly size: number = POOL_SIZE) {}

  /** Starts every worker and loads its renderer; settles when all are ready. */
  warmUp(): Promise<void> {
    this.fill();
    return Promise.all(this.slots.flatMap((slot) => (slot.warm ? [slot.warm] : []))).then(() => undefined);
  }

  /**
   * Runs `work` on the next free worker. `urgent` work (a preview the user is
   * waiting for) goes ahead of queued batch work.
   */
  run<T>(owner: object, work: (renderer: CertificateRenderer) => Promise<T>, options: { urgent?: boolean } = {}): Promise<T> {
    if (this.disposed) return Promise.reject(new PoolStoppedError());
    this.fill();
    return new Promise<T>((resolve, reject) => {
      const task: Task = { owner, work, resolve, reject };
      if (options.urgent) this.queue.unshift(task);
      else this.queue.push(task);
      this.dispatch();
    });
  }

  /** Drops the owner's queued work and stops its running work now; its promises reject with PoolStoppedError. */
  cancel(owner: object): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const task = this.queue[i]!;
      if (task.owner !== owner) continue;
      this.queue.splice(i, 1);
      task.reject(new PoolStoppedError());
    }
    for (const slot of this.slots) {
      if (slot.task?.owner !== owner) continue;
      slot.task.reject(new PoolStoppedError());
      slot.task = null;
      this.restart(slot);
    }
    this.dispatch();
  }

  /** Stops every worker and rejects all work (the vault is locked). */
  dispose(): void {
    this.disposed = true;
    for (const task of this.queue.splice(0)) task.reject(new PoolStoppedError());
    for (const slot of this.slots) {
      slot.task?.reject(new PoolStoppedError());
      slot.task = null;
      void slot.ready?.then((renderer) => renderer.terminate()).catch(() => {});
    }
    this.slots.length = 0;
  }

  private fill(): void {
    if (this.disposed) return;
    // All at once: there is a core per worker (see POOL_SIZE), so each loads on its own. Started one after
    // another, the last was warm only after the sum of their warm-ups, and a batch clicked as the screen
    // opened waited for the second worker to load before both could work on it.
    while (this.slots.length < this.size) {
      const slot: Slot = { ready: null, warm: null, renderer: null, broken: false, task: null };
      this.restart(slot);
      this.slots.push(slot);
    }
  }

  /** Stops the slot's worker, if any, and starts a fresh one that warms up in the background. */
  private restart(slot: Slot): void {
    void slot.ready?.then((old) => old.terminate()).catch(() => {});
    slot.renderer = null;
    slot.broken = false;
    const ready = CertificateRenderer.start().then((renderer) => {
      if (slot.ready === ready) slot.renderer = renderer;
      return renderer;
    });
    const warm = ready.then((renderer) => renderer.warmUp());
    warm.catch(() => {
      if (slot.ready === ready) slot.broken = true; // replaced when next given work
    });
    slot.ready = ready;
    slot.warm = warm;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task) continue;
      // A worker that died (or never started) is replaced before it is given work.
      if (slot.broken || (slot.renderer && !slot.renderer.alive)) this.restart(slot);
      const task = this.queue.shift()!;
      slot.task = task;
      (slot.ready ?? Promise.reject(new PoolStoppedError()))
        .then((renderer) => task.work(renderer))
        .then(
          (value) => this.finish(slot, task, () => task.resolve(value)),
          (error: unknown) => this.finish(slot, task, () => task.reject(error)),
        );
    }
  }

  private finish(slot: Slot, task: Task, settle: () => void): void {
    // A cancelled task was already rejected, and its slot already holds a fresh worker.
    if (slot.task !== task) return;
    slot.task = null;
    settle();
    this.dispatch();
  }
}
