import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { createUnlockedCore, dispatchOk, sampleCourse, sampleEnrollment, sampleParticipant } from '../support/core';
import { cloneParticipant, databaseKey, findMarkers, findMarkersInDir, openCoreDatabase } from '../support/storage';

/**
 * SQLite's sorter spills to a temp file ("etilqs_…") once a sort outgrows the
 * cache. It opens the file and unlinks it at once, so it never shows up in a
 * folder listing: the test looks at this process's open descriptors while the
 * sorted query is running, and reads any temp file through /proc.
 */

const MARKERS = ['Zqxmarkør', 'Ødegård'];
const ROWS = 20_000;
// An unindexed expression: SQLite must sort every row itself.
const SORTED_QUERY = `SELECT id, first_name || ' ' || interests || ' ' || last_name AS k FROM participants ORDER BY substr(k, 3) || id DESC`;
/** Folders SQLite may pick for temp files on Unix, plus the OS temp dir. */
const TEMP_DIRS = [...new Set([process.env.SQLITE_TMPDIR, process.env.TMPDIR, '/var/tmp', '/usr/tmp', '/tmp', os.tmpdir()])].filter(
  (dir): dir is string => dir !== undefined && existsSync(dir),
);

interface OpenTempFile {
  link: string;
  markers: string[];
}

/** SQLite temp files this process has open right now, with any markers they contain. */
function openSqliteTempFiles(): OpenTempFile[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    let link: string;
    try {
      link = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return []; // closed between listing and reading
    }
    if (!link.includes('etilqs_')) return [];
    return [{ link, markers: findMarkers(readFileSync(`/proc/self/fd/${fd}`), MARKERS) }];
  });
}

/** Runs the sorted query and, once the sort is done (first row out), reports the temp files open. */
function sortAndInspect(db: Db): { rows: number; tempFiles: OpenTempFile[] } {
  const iterator = db.prepare(SORTED_QUERY).iterate();
  let rows = iterator.next().done ? 0 : 1;
  const tempFiles = openSqliteTempFiles();
  while (!iterator.next().done) rows++;
  return { rows, tempFiles };
}

const tempDirListing = () => new Set(TEMP_DIRS.flatMap((dir) => readdirSync(dir).map((name) => `${dir}/${name}`)));

describe('temporary files of a large sorted query', () => {
  let db: Db;
  let dir: string;

  beforeAll(async () => {
    const unlocked = await createUnlockedCore();
    dir = unlocked.dir;
    const course = await dispatchOk(unlocked.core, 'courses:create', sampleCourse('other'));
    const template = await dispatchOk(unlocked.core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName: 'Zqxmarkør', lastName: 'Ødegård', interests: 'Zqxmarkør Ødegård '.repeat(15) }),
      enrollment: sampleEnrollment('other'),
    });
    unlocked.core.lock();
    db = openCoreDatabase(dir, await databaseKey(dir));
    cloneParticipant(db, template.participantId, ROWS - 1, { first_name: `'Zqxmarkør' || n.i` });
    // A tiny cache makes the sorter spill however much memory the machine has.
    db.pragma('cache_size=10');
  });

  afterAll(() => db.close());

  it('runs the connection with temp_store=MEMORY', () => {
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('sorts 20,000 marker rows without any temp file, open or left behind', () => {
    expect(existsSync('/proc/self/fd')).toBe(true);
    const before = tempDirListing();
    const { rows, tempFiles } = sortAndInspect(db);
    expect(rows).toBe(ROWS);
    expect(tempFiles).toEqual([]);
    const appeared = [...tempDirListing()].filter((file) => !before.has(file));
    expect(appeared.filter((file) => file.includes('etilqs_'))).toEqual([]);
    expect(findMarkersInDir(dir, MARKERS)).toEqual([]);
  });

  it('control: with temp_store=FILE the same query spills the markers into a plaintext temp file', () => {
    db.pragma('temp_store=FILE');
    try {
      const { rows, tempFiles } = sortAndInspect(db);
      expect(rows).toBe(ROWS);
      expect(tempFiles.length).toBeGreaterThan(0);
      expect(tempFiles.flatMap((file) => file.markers)).toEqual(expect.arrayContaining(['Zqxmarkør/utf8', 'Ødegård/utf8']));
    } finally {
      db.pragma('temp_store=MEMORY');
    }
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
  });
});
