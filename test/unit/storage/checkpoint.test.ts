import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IdleCheckpoint } from '../../../main/core/db/checkpoint';
import { openDatabase } from '../../../main/core/db/database';
import type { Db } from '../../../main/core/db/database';
import { DATABASE_FILE } from '../../../main/core/index';
import { createUnlockedCore, makeTempDir, sampleCourse } from '../support/core';
import { employee, HEADER, xlsxFile } from '../import/helpers';

/**
 * The WAL checkpoint runs after a call that wrote much, once the call has
 * answered, instead of inside a later commit. Seen from outside: the database
 * file grows when the log's pages are copied into it, and not before.
 */

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function freshDatabase(): { db: Db; file: string } {
  const file = path.join(makeTempDir(), 'checkpoint.db');
  const db = openDatabase(file, randomBytes(32), { migrate: false });
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  opened.push(db);
  return { db, file };
}

const insert = (db: Db, count: number) => {
  const statement = db.prepare('INSERT INTO rows (text) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < count; i++) statement.run(`rad ${i} ${'x'.repeat(200)}`);
  })();
};

describe('the idle checkpoint', () => {
  it('copies the log into the database after a call that changed 1,000 rows or more, once, and not before it runs', () => {
    const { db, file } = freshDatabase();
    const pending: (() => void)[] = [];
    const checkpoint = new IdleCheckpoint(db, 1000, (run) => pending.push(run));
    const sizeBefore = statSync(file).size;

    insert(db, 999);
    checkpoint.afterCall();
    expect(pending).toHaveLength(0); // below the threshold: SQLite's own autocheckpoint decides

    insert(db, 1);
    checkpoint.afterCall();
    checkpoint.afterCall(); // a second call before it ran schedules nothing more
    expect(pending).toHaveLength(1);
    expect(statSync(file).size).toBe(sizeBefore); // the rows are in the log only

    pending.shift()!();
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 999 * 200);
    const [state] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(state!.checkpointed).toBe(state!.log); // nothing was left in the log

    // Counting starts again from the checkpoint.
    insert(db, 500);
    checkpoint.afterCall();
    expect(pending).toHaveLength(0);
  });

  it('does nothing when the database was closed or is inside a transaction when its turn comes', () => {
    const { db } = freshDatabase();
    const pending: (() => void)[] = [];
    const checkpoint = new IdleCheckpoint(db, 10, (run) => pending.push(run));
    insert(db, 20);
    checkpoint.afterCall();
    db.exec('BEGIN');
    expect(() => pending.shift()!()).not.toThrow();
    db.exec('COMMIT');
    // Still owed: the next call schedules it again.
    checkpoint.afterCall();
    expect(pending).toHaveLength(1);
    db.close();
    expect(() => pending.shift()!()).not.toThrow();
    expect(() => checkpoint.afterCall()).not.toThrow();
  });

  it('runs after an import through the core has answered, not inside it', async () => {
    const t = await createUnlockedCore();
    const file = path.join(t.dir, DATABASE_FILE);
    const course = (await t.ok('courses:create', sampleCourse('kompetansepluss'))).id;
    const list = await xlsxFile([HEADER, ...Array.from({ length: 300 }, (_, i) => employee(5000 + i))]);
    const preview = await t.ok('import:preview', { courseId: course, file: list, employerName: 'Sjekkpunkt AS' });
    await new Promise((resolve) => setImmediate(resolve));
    const sizeBefore = statSync(file).size;
    // 300 people are 1,200 rows (person, enrollment and two audit entries each).
    const result = await t.ok('import:apply', { courseId: course, file: list, employerName: 'Sjekkpunkt AS', mapping: preview.columns.map((c) => c.field) });
    expect(result.created).toBe(300);
    expect(statSync(file).size).toBe(sizeBefore);
    await new Promise((resolve) => setImmediate(resolve));
    expect(statSync(file).size).toBeGreaterThan(sizeBefore);
  });
});
