import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { coreDatabase } from '../support/storage';
import { dispatchOk, makeTempDir, sampleParticipant, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import type { ChildInput, ChildResult } from './disk-full.child';
import { COURSE_NAME, certificateFixture, run } from './helpers';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./disk-full.child.ts', import.meta.url));

const PAGE = 4096;
/** Participants in the batch: the fixture's four and these. */
const EXTRA_PARTICIPANTS = 12;
/** Roughly this many certificates fit on the small disk; the rest of the batch meets a full disk. */
const CERTIFICATES_THAT_FIT = 5;

/**
 * Runs `argv` in a new user and mount namespace with a tmpfs of `bytes` mounted
 * on `mountPoint`: a real, small disk, private to that process (no root needed
 * outside; as root, the machine's own mounts are left alone).
 */
function onSmallDisk(mountPoint: string, bytes: number, argv: string[], timeout: number) {
  return execFileAsync(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', `mount -t tmpfs -o size=${bytes} tmpfs "$1" && shift && exec "$@"`, 'sh', mountPoint, ...argv],
    { cwd: root, timeout, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
}

/** Fails, saying what the machine lacks, unless a tmpfs can be mounted in a private namespace. */
async function requireSmallDisks() {
  const mountPoint = makeTempDir('neo-kurs-probe-');
  let fileSystem: string;
  try {
    fileSystem = (await onSmallDisk(mountPoint, 64 * 1024, ['stat', '-f', '-c', '%T', mountPoint], 10_000)).stdout.trim();
  } catch (error) {
    throw new Error(
      'This test fills a real disk: a small tmpfs mounted in a private user and mount namespace, and this machine cannot make one. ' +
        'It needs `unshare` and `mount` (util-linux) and user namespaces (sysctl user.max_user_namespaces > 0, and on older ' +
        'Debian kernel.unprivileged_userns_clone=1; in a container, a seccomp profile and capabilities that allow ' +
        `unshare(CLONE_NEWUSER | CLONE_NEWNS)). Underlying error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (fileSystem !== 'tmpfs') throw new Error(`the probe's mount point is on ${fileSystem}, not on the tmpfs mounted there`);
}

describe('a per-participant batch on a disk that fills up', () => {
  it(
    'stops as failed with the disk-full message; the folder holds exactly the complete certificates it lists, and only those are registered',
    async () => {
      await requireSmallDisks();

      const fixture = await certificateFixture();
      const { core, courseId } = fixture;
      for (let i = 0; i < EXTRA_PARTICIPANTS; i++) {
        await dispatchOk(core, 'participants:register', {
          courseId,
          participant: sampleParticipant({ firstName: `Øyvind${String(i).padStart(2, '0')}`, lastName: 'Ærlig', email: undefined, mobile: `9${String(3000000 + i)}` }),
          enrollment: { source: 'teacher' },
        });
      }
      for (const sessionId of fixture.sessionIds) await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
      const { rows } = await dispatchOk(core, 'certificates:eligibility', { courseId });
      const people = rows.map((row) => ({
        participantId: row.participantId,
        fileName: `Kursbevis – ${row.lastName} ${row.firstName} – ${COURSE_NAME}.pdf`,
        name: `${row.firstName} ${row.lastName}`,
        item: { participantId: row.participantId, ...(row.eligible ? {} : { overrideReason: 'Dokumentert fravær' }) },
      }));
      const total = people.length;
      expect(total).toBe(4 + EXTRA_PARTICIPANTS);

      // The disk's size follows one certificate's size (a preview registers nothing), so the test
      // still fills it part-way if the certificate's design grows or shrinks. A file takes whole pages;
      // the margin covers the differences between names and numbers.
      const preview = await dispatchOk(core, 'certificates:preview', { courseId, participantId: people[0]!.participantId });
      const pagesPerCertificate = Math.ceil((Buffer.from(preview.base64, 'base64').length * 1.1) / PAGE);
      const diskBytes = PAGE * Math.round(pagesPerCertificate * (CERTIFICATES_THAT_FIT + 0.5));

      // The child opens the database; this process lets go of it until the child is done.
      core.close();
      const folder = makeTempDir('neo-kurs-small-disk-');
      const snapshot = makeTempDir('neo-kurs-small-disk-copy-');
      const resultFile = path.join(makeTempDir('neo-kurs-small-disk-result-'), 'result.json');
      const input: ChildInput = {
        dataDir: path.dirname(core.databaseFile),
        folder,
        snapshot,
        resultFile,
        courseId,
        items: people.map((person) => person.item),
      };
      await onSmallDisk(folder, diskBytes, [process.execPath, '--import', 'tsx', childScript, JSON.stringify(input)], 50_000).catch(
        (error: unknown) => {
          const { stderr, message } = error as { stderr?: string; message: string };
          throw new Error(`the child batch process failed: ${message}\n${stderr ?? ''}`);
        },
      );
      const result = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult;

      // It ran on the small tmpfs, not on the temp folder's own disk.
      expect(result.disk.bytes).toBe(diskBytes);

      const final = result.statuses.at(-1)!;
      expect(final.state, `the batch must fail, not end ${final.state}: ${JSON.stringify(final)}`).toBe('failed');
      expect(result.statuses.slice(0, -1).every((status) => status.state === 'running')).toBe(true);
      const written = final.written;
      expect(written.length).toBeGreaterThanOrEqual(1);
      expect(written.length).toBeLessThan(total);
      expect(final.failure).toBe('diskFull');
      expect(final).toMatchObject({ mode: 'perParticipant', total, done: written.length });
      // Written strictly in the batch's order: the first ones, by their own names.
      expect(written).toEqual(people.slice(0, written.length).map((person) => person.fileName));

      // The small disk really was full: too little room was left for one more certificate (their sizes differ by a page at most).
      const largestPages = Math.max(...written.map((name) => Math.ceil(statSync(path.join(snapshot, name)).size / PAGE)));
      expect(result.disk.freeBytes).toBeLessThan((largestPages + 1) * PAGE);

      // The folder holds exactly the listed files: no temporary file, no partial certificate.
      expect(result.folderEntries.filter((name) => !name.endsWith('.pdf') || name.includes('.tmp'))).toEqual([]);
      expect(result.folderEntries).toEqual([...written].sort());
      expect(readdirSync(snapshot).sort()).toEqual([...written].sort());

      // Every listed file is a complete PDF of the right participant with the registered number.
      expect(final.issued).toHaveLength(written.length);
      written.forEach((name, i) => {
        const file = path.join(snapshot, name);
        expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
        const text = run('pdftotext', [file, '-']);
        expect(text).toContain(people[i]!.name);
        expect(text).toContain(`Kursbevis nr. ${final.issued[i]!}`);
      });

      expect(result.unexpected).toEqual([]);
      expect(result.unhandledRejections).toEqual([]);

      // The register holds exactly the written certificates: nobody else has one.
      await dispatchOk(core, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
      const after = await dispatchOk(core, 'certificates:eligibility', { courseId });
      const registered = after.rows.filter((row) => row.certificate).map((row) => [row.participantId, row.certificate!.number]);
      expect(registered.sort()).toEqual(people.slice(0, written.length).map((person, i) => [person.participantId, final.issued[i]]).sort());
      expect((coreDatabase(core).prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n).toBe(written.length);
      expect(fixture.unexpected).toEqual([]);
    },
    60_000,
  );
});
