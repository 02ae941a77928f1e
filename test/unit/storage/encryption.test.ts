import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { courseCreateInput, participantRegisterInput } from '../../../main/contract/schemas';
import { openDatabase } from '../../../main/core/db/database';
import { migrate } from '../../../main/core/db/migrate';
import { DATABASE_FILE, VAULT_FILE } from '../../../main/core/index';
import { AuditLog } from '../../../main/core/services/audit';
import { CourseService } from '../../../main/core/services/courses';
import { ParticipantService } from '../../../main/core/services/participants';
import { createUnlockedCore, dispatchOk, makeClock, makeTempDir, sampleCourse, sampleParticipant } from '../support/core';
import { databaseKey, findMarkers, findMarkersInDir } from '../support/storage';

/** Personal values that must never be readable on disk, and how they are stored (search keys are lower case). */
// The names as typed, and as the search keys store them (Norwegian spelling, and folded without accents).
const MARKERS = ['Zqxmarkør', 'zqxmarkoer oedegaard', 'zqxmarkor odegard', 'Ødegård', 'zqxmarkor.odegard', '+4798765432', 'Testesen'];
const PARTICIPANTS = 30;

const markerParticipant = (i: number) =>
  sampleParticipant({
    firstName: 'Zqxmarkør',
    lastName: 'Ødegård',
    birthDate: `19${60 + i}-02-03`,
    email: `zqxmarkor.odegard${i}@example.no`,
    mobile: '987 65 432',
    interests: 'Zqxmarkør Ødegård vil ta fagbrev',
  });

const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

describe('encryption at rest', () => {
  it('keeps marker names out of the database file, its WAL and every other file, open or closed', async () => {
    const { core, dir } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    for (let i = 0; i < PARTICIPANTS; i++) {
      await dispatchOk(core, 'participants:register', { courseId: course.id, participant: markerParticipant(i), enrollment: { source: 'self' } });
    }
    const file = path.join(dir, DATABASE_FILE);

    // Still open: the rows sit in the WAL, not yet checkpointed into the main file.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(findMarkersInDir(dir, MARKERS)).toEqual([]);
    expect(readFileSync(file).subarray(0, 16).equals(SQLITE_PLAINTEXT_HEADER)).toBe(false);

    core.lock(); // closes the connection: checkpoints the WAL into the main file
    expect(findMarkersInDir(dir, MARKERS)).toEqual([]);
    expect(readFileSync(file).subarray(0, 16).equals(SQLITE_PLAINTEXT_HEADER)).toBe(false);

    // The rows are really there, readable with the key.
    const db = openDatabase(file, await databaseKey(dir));
    expect(db.prepare(`SELECT count(*) AS n FROM participants WHERE first_name = 'Zqxmarkør'`).get()).toEqual({ n: PARTICIPANTS });
    db.close();
  });

  it('control: the same writes to an unencrypted database do leave the markers on disk', () => {
    const dir = makeTempDir();
    const db = new Database(path.join(dir, 'plain.db'));
    db.pragma('journal_mode=WAL');
    migrate(db);
    const ctx = { db, clock: makeClock(), deviceId: 'device', actorId: 'Testesen', actorRole: 'coordinator' };
    const audit = new AuditLog(ctx);
    const courses = new CourseService(ctx, audit);
    const participants = new ParticipantService(ctx, audit, courses);
    const course = courses.create(courseCreateInput.parse(sampleCourse('other')));
    for (let i = 0; i < PARTICIPANTS; i++) {
      const input = participantRegisterInput.parse({ courseId: course.id, participant: markerParticipant(i), enrollment: { source: 'self' } });
      participants.register(course.id, input.participant, input.enrollment);
    }
    // The scanner finds plaintext in the WAL while open...
    expect(findMarkersInDir(dir, MARKERS)).toEqual(expect.arrayContaining(['plain.db-wal: Zqxmarkør/utf8', 'plain.db-wal: Ødegård/utf8']));
    db.close();
    // ...and in the main file after the checkpoint.
    expect(findMarkers(readFileSync(path.join(dir, 'plain.db')), MARKERS)).toEqual(
      expect.arrayContaining(['Zqxmarkør/utf8', 'zqxmarkoer oedegaard/utf8', 'zqxmarkor odegard/utf8', 'Ødegård/utf8', 'zqxmarkor.odegard/utf8', '+4798765432/utf8']),
    );
    expect(readFileSync(path.join(dir, 'plain.db')).subarray(0, 16).equals(SQLITE_PLAINTEXT_HEADER)).toBe(true);
  });

  it('finds markers in UTF-16 too (the scanner can see every text encoding SQLite uses)', () => {
    expect(findMarkers(Buffer.from('xx Zqxmarkør yy', 'utf16le'), MARKERS)).toContain('Zqxmarkør/utf16le');
    expect(findMarkers(Buffer.from('xx Ødegård yy', 'utf16le').swap16(), MARKERS)).toContain('Ødegård/utf16be');
    expect(findMarkers(Buffer.from('xx Ødegård yy', 'utf8'), MARKERS)).toEqual(['Ødegård/utf8']);
    expect(findMarkers(randomBytes(4096), MARKERS)).toEqual([]);
  });

  it('stores the database key only wrapped: the vault file holds neither its hex, its base64 nor its bytes', async () => {
    const { core, dir } = await createUnlockedCore();
    core.lock();
    const key = await databaseKey(dir);
    const vault = readFileSync(path.join(dir, VAULT_FILE));
    const text = vault.toString('utf8');
    expect(text.toLowerCase()).not.toContain(key.toString('hex'));
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('base64url'));
    expect(vault.includes(key)).toBe(false);
    // Nor does the database file carry it (SQLCipher stores only a salt in the header).
    expect(readFileSync(path.join(dir, DATABASE_FILE)).includes(key)).toBe(false);
  });

  it('refuses to open the database with no key or with a wrong key', async () => {
    const { core, dir } = await createUnlockedCore();
    await dispatchOk(core, 'courses:create', sampleCourse('other'));
    core.lock();
    const file = path.join(dir, DATABASE_FILE);

    const noKey = new Database(file);
    expect(() => noKey.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    noKey.close();

    // SQLCipher settings but a different random key: the first read fails.
    const wrongKey = new Database(file);
    wrongKey.pragma(`cipher='sqlcipher'`);
    wrongKey.pragma('legacy=4');
    wrongKey.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
    expect(() => wrongKey.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    wrongKey.close();

    // The app's own opener turns it into DB_CORRUPT, not a crash.
    expect(() => openDatabase(file, randomBytes(32))).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));

    // Control: the right key opens it.
    const right = openDatabase(file, await databaseKey(dir));
    expect(right.prepare('SELECT count(*) AS n FROM courses').get()).toEqual({ n: 1 });
    right.close();
  });
});
