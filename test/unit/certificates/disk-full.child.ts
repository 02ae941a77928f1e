/**
 * Child process of disk-full.test.ts, started inside a private mount namespace
 * where `folder` is a small tmpfs (the mount exists only in there). It unlocks
 * the vault the test prepared (the database stays outside the tmpfs), runs a
 * per-participant certificate batch into the small folder until the disk is
 * full, copies everything the folder then holds (temporary files included) to
 * `snapshot` outside the tmpfs, and writes what it saw to `resultFile` (also
 * outside). The test asserts on that, on the copies and on the register.
 */
import { copyFileSync, readdirSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelInput } from '../../../main/contract/channels';
import type { CertificateBatchStatus } from '../../../main/contract/types';
import { Core } from '../../../main/core/index';
import { dispatchOk, makeClock, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';

export interface ChildInput {
  dataDir: string;
  /** The tmpfs mount point. */
  folder: string;
  /** A folder outside the tmpfs that receives a copy of everything left in `folder`. */
  snapshot: string;
  /** Where the ChildResult is written as JSON. */
  resultFile: string;
  courseId: string;
  items: ChannelInput<'certificates:startBatch'>['items'];
}

export interface ChildResult {
  /** Every batchStatus seen while polling, the last one final. */
  statuses: CertificateBatchStatus[];
  /** Everything in the folder once the batch stopped. */
  folderEntries: string[];
  /** Size and free bytes of the folder's file system then: proves it was the small tmpfs. */
  disk: { bytes: number; freeBytes: number };
  /** Errors the dispatcher reported as unexpected (INTERNAL), and rejections nobody handled. */
  unexpected: string[];
  unhandledRejections: string[];
}

const BATCH_TIMEOUT_MS = 40_000;

async function main(input: ChildInput): Promise<ChildResult> {
  const unexpected: string[] = [];
  const unhandledRejections: string[] = [];
  process.on('unhandledRejection', (reason) => unhandledRejections.push(String(reason)));
  const core = new Core({
    dataDir: input.dataDir,
    clock: makeClock('2025-07-01T10:00:00.000Z'),
    onUnexpectedError: (channel, error) => unexpected.push(`${channel}: ${String(error)}`),
  });
  try {
    await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const { jobId } = await dispatchOk(core, 'certificates:startBatch', {
      courseId: input.courseId,
      items: input.items,
      output: { mode: 'perParticipant', folderId: core.grantFolder(input.folder).id },
    });
    const statuses: CertificateBatchStatus[] = [];
    const deadline = Date.now() + BATCH_TIMEOUT_MS;
    for (;;) {
      const status = await dispatchOk(core, 'certificates:batchStatus', { jobId });
      statuses.push(status);
      if (status.state !== 'running' || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // A rejection left unhandled by the failed batch surfaces within a turn or two of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const folderEntries = readdirSync(input.folder).sort();
    for (const name of folderEntries) copyFileSync(path.join(input.folder, name), path.join(input.snapshot, name));
    const fs = statfsSync(input.folder);
    return {
      statuses,
      folderEntries,
      disk: { bytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize },
      unexpected,
      unhandledRejections,
    };
  } finally {
    core.close();
  }
}

const arg = process.argv[2];
if (!arg) throw new Error('usage: disk-full.child.ts <input JSON>');
const input = JSON.parse(arg) as ChildInput;
main(input).then(
  (result) => writeFileSync(input.resultFile, JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
