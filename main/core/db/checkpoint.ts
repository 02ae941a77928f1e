import type { Db } from './database';

/** SQLite's own autocheckpoint threshold, in pages: about this many changed rows fill as many WAL frames. */
export const CHECKPOINT_AFTER_CHANGES = 1000;

/**
 * Copies the write-ahead log back into the database file after a call that
 * wrote much, once the call has answered. SQLite would otherwise do it inside
 * whichever later commit pushes the log past 1,000 pages: an import of an
 * employer's list, or a mark in the roll call, would then wait 30–60 ms for
 * pages that are already safe in the log. SQLite's autocheckpoint stays on as
 * the fallback for writes that come in no other way.
 */
export class IdleCheckpoint {
  private readonly totalChanges;
  private changesAtLastCheckpoint: number;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly threshold = CHECKPOINT_AFTER_CHANGES,
    /** When the checkpoint runs: the next turn of the event loop, after the call's answer has gone out. */
    private readonly later: (run: () => void) => void = (run) => void setImmediate(run),
  ) {
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.changesAtLastCheckpoint = this.changes();
  }

  /** After every call: schedules one checkpoint when the rows changed since the last one reach the threshold. */
  afterCall(): void {
    if (this.scheduled || !this.db.open || this.changes() - this.changesAtLastCheckpoint < this.threshold) return;
    this.scheduled = true;
    this.later(() => {
      this.scheduled = false;
      if (!this.db.open || this.db.inTransaction) return;
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
        this.changesAtLastCheckpoint = this.changes();
      } catch {
        // A busy or failing checkpoint is left to the next one; nothing is lost, the pages stay in the log.
      }
    });
  }

  private changes(): number {
    return this.totalChanges.get() as number;
  }
}
