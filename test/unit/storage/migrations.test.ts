import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../main/contract/messages';
import type { Db } from '../../../main/core/db/database';
import { migrate, SCHEMA_VERSION } from '../../../main/core/db/migrate';
import type { Migration } from '../../../main/core/db/migrations';
import { migrations } from '../../../main/core/db/migrations';
import { createUnlockedCore, dispatchError, dispatchOk, newCore, sampleCourse, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { coreDatabase, databaseDigest, databaseKey, openCoreDatabase } from '../support/storage';

const memoryDb = (): Db => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys=ON');
  return db;
};
const userVersion = (db: Db) => db.pragma('user_version', { simple: true }) as number;
const tableNames = (db: Db) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
const schemaOf = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
const columnsOf = (db: Db, table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);

describe('migrations', () => {
  it('are numbered 1..n without gaps, and SCHEMA_VERSION is the last one', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });

  for (const migration of migrations) {
    it(`${String(migration.version).padStart(3, '0')} (${migration.name}) runs alone on the schema before it and records its version`, () => {
      const db = memoryDb();
      migrate(db, migration.version - 1);
      expect(userVersion(db)).toBe(migration.version - 1);
      const before = schemaOf(db);
      migrate(db, migration.version);
      expect(userVersion(db)).toBe(migration.version);
      expect(schemaOf(db)).not.toEqual(before); // it changed the schema
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // Running the migrator again is a no-op.
      migrate(db);
      expect(userVersion(db)).toBe(SCHEMA_VERSION);
      db.close();
    });
  }

  it('brings a new encrypted database to SCHEMA_VERSION', async () => {
    const { core, dir } = await createUnlockedCore();
    expect(userVersion(coreDatabase(core))).toBe(SCHEMA_VERSION);
    core.lock();
    const db = openCoreDatabase(dir, await databaseKey(dir));
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('migration 001: initial schema', () => {
  const setup = () => {
    const db = memoryDb();
    migrate(db, 1);
    /**
     * Inserts a row; NOT NULL columns without a default that the test does not
     * care about get a placeholder, so the constraint under test is the one that fires.
     */
    const insert = (table: string, row: Record<string, unknown>) => {
      const full = { ...row };
      for (const column of db.pragma(`table_info(${table})`) as { name: string; notnull: number; dflt_value: unknown }[]) {
        if (column.notnull && column.dflt_value === null && !(column.name in full)) full[column.name] = `placeholder-${randomUUID()}`;
      }
      const names = Object.keys(full);
      db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(full);
    };
    const course = (overrides: Record<string, unknown> = {}) => {
      const id = randomUUID();
      insert('courses', {
        id,
        name: 'Kurs',
        type: 'other',
        place: 'Ålesund',
        start_date: '2025-04-01',
        end_date: '2025-06-30',
        planned_hours: 40,
        teacher: 'Lærer',
        status: 'planned',
        financial_report_approved_at: null,
        ...overrides,
      });
      return id;
    };
    const participant = (overrides: Record<string, unknown> = {}) => {
      const id = randomUUID();
      insert('participants', {
        id,
        first_name: 'Kari',
        last_name: 'Nordmann',
        birth_date: '1985-06-15',
        email: 'kari@example.no',
        mobile: null,
        gender: 'female',
        consent_keep: 0,
        consent_method: null,
        ...overrides,
      });
      return id;
    };
    const enrollment = (courseId: string, participantId: string, overrides: Record<string, unknown> = {}) =>
      insert('participant_enrollments', { id: randomUUID(), course_id: courseId, participant_id: participantId, source: 'self', employer_name: null, ...overrides });
    return { db, course, participant, enrollment };
  };
  const CHECK: unknown = expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' });

  it('creates exactly the expected tables, all STRICT, and keeps personal columns in participants only', () => {
    const { db } = setup();
    expect(tableNames(db)).toEqual(['audit_log', 'courses', 'participant_enrollments', 'participants', 'settings']);
    const sql = (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table'`).all() as { sql: string }[]).map((r) => r.sql);
    for (const statement of sql) expect(statement).toMatch(/\)\s*STRICT$/);
    const personal = ['first_name', 'last_name', 'birth_date', 'email', 'mobile', 'gender', 'address_street', 'address_postal_code', 'address_city'];
    expect(columnsOf(db, 'participants')).toEqual(expect.arrayContaining(personal));
    for (const table of ['audit_log', 'courses', 'participant_enrollments', 'settings']) {
      expect(columnsOf(db, table).filter((c) => personal.includes(c))).toEqual([]);
    }
    // The audit log holds ids and field names, never values.
    expect(columnsOf(db, 'audit_log')).toEqual(['id', 'at', 'actor_id', 'action', 'entity', 'entity_id', 'course_id', 'fields', 'device_id']);
  });

  it('gives every data row created/updated timestamps and a device id', () => {
    const { db } = setup();
    for (const table of ['courses', 'participants', 'participant_enrollments']) {
      expect(columnsOf(db, table)).toEqual(expect.arrayContaining(['id', 'created_at', 'updated_at', 'device_id']));
    }
  });

  it('refuses a participant with neither e-mail nor mobile (contact CHECK)', () => {
    const { participant } = setup();
    expect(() => participant({ email: null, mobile: null })).toThrow(CHECK);
    expect(() => participant({ email: null, mobile: '+4791234567' })).not.toThrow();
    expect(() => participant({ email: 'a@example.no', mobile: null })).not.toThrow();
  });

  it('accepts a participant without an address (addresses are only for trade-certificate courses)', () => {
    const { db, participant } = setup();
    const id = participant();
    expect(db.prepare('SELECT address_street, address_postal_code, address_city FROM participants WHERE id = ?').get(id)).toEqual({
      address_street: null,
      address_postal_code: null,
      address_city: null,
    });
  });

  it('checks gender and consent values', () => {
    const { participant } = setup();
    expect(() => participant({ gender: 'unknown' })).toThrow(CHECK);
    expect(() => participant({ consent_keep: 2 })).toThrow(CHECK);
    expect(() => participant({ consent_keep: 1, consent_method: 'telepathy' })).toThrow(CHECK);
    expect(() => participant({ consent_keep: 1, consent_method: 'written' })).not.toThrow();
  });

  it('checks course type, status, dates, hours and the Kompetansepluss-only report approval', () => {
    const { course } = setup();
    expect(() => course({ type: 'evening' })).toThrow(CHECK);
    expect(() => course({ status: 'cancelled' })).toThrow(CHECK);
    expect(() => course({ start_date: '2025-06-30', end_date: '2025-04-01' })).toThrow(CHECK);
    expect(() => course({ planned_hours: 0 })).toThrow(CHECK);
    expect(() => course({ type: 'fagbrev', financial_report_approved_at: '2025-07-01' })).toThrow(CHECK);
    expect(() => course({ type: 'kompetansepluss', financial_report_approved_at: '2025-07-01' })).not.toThrow();
  });

  it('ties enrollments to existing courses and participants, once per course, and checks the employer source', () => {
    const { db, course, participant, enrollment } = setup();
    const courseId = course();
    const participantId = participant();
    expect(() => enrollment(randomUUID(), participantId)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    expect(() => enrollment(courseId, randomUUID())).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    expect(() => enrollment(courseId, participantId, { source: 'friend' })).toThrow(CHECK);
    expect(() => enrollment(courseId, participantId, { source: 'self', employer_name: 'Firma AS' })).toThrow(CHECK);
    enrollment(courseId, participantId, { source: 'employer', employer_name: 'Firma AS' });
    expect(() => enrollment(courseId, participantId)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    // Erasing a participant removes its enrollments with it.
    db.prepare('DELETE FROM participants WHERE id = ?').run(participantId);
    expect(db.prepare('SELECT count(*) AS n FROM participant_enrollments').get()).toEqual({ n: 0 });
  });

  it('indexes the lookups the services rely on', () => {
    const { db } = setup();
    const leadingColumns = (table: string) =>
      (db.pragma(`index_list(${table})`) as { name: string }[]).map((index) => (db.pragma(`index_info(${index.name})`) as { name: string }[])[0]?.name);
    expect(leadingColumns('participants')).toContain('identity_key'); // duplicate check
    expect(leadingColumns('participant_enrollments')).toEqual(expect.arrayContaining(['course_id', 'participant_id']));
    expect(leadingColumns('audit_log')).toContain('entity');
  });
});

describe('schema versions', () => {
  it('refuses a database from a newer app version with DB_TOO_NEW, in Norwegian, and leaves the file unchanged', async () => {
    const { core, dir } = await createUnlockedCore();
    await dispatchOk(core, 'courses:create', sampleCourse('other'));
    core.lock();
    const db = openCoreDatabase(dir, await databaseKey(dir));
    db.pragma(`user_version=${SCHEMA_VERSION + 1}`);
    db.close();
    const before = databaseDigest(dir);

    const reopened = newCore({ dataDir: dir });
    const error = await dispatchError(reopened, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    expect(error).toEqual({ code: 'DB_TOO_NEW', message: errorMessages.nb.DB_TOO_NEW });
    expect(error.message).toContain('nyere versjon av Neo Kurs');
    expect(reopened.isUnlocked).toBe(false);
    expect(databaseDigest(dir)).toEqual(before);
    await expect(reopened.dispatch('vault:status', {})).resolves.toEqual({ ok: true, value: { state: 'locked', language: 'nb', needsName: true, retryAfterSeconds: 0 } });
  });

  it('rolls back a failing migration completely and keeps the version it had', () => {
    const failing: Migration = {
      version: migrations.length + 1,
      name: 'test: fails halfway',
      up(db) {
        db.exec('CREATE TABLE half_done (id TEXT PRIMARY KEY) STRICT');
        db.exec(`INSERT INTO half_done VALUES ('x')`);
        db.exec('ALTER TABLE participants ADD COLUMN half_done TEXT');
        throw new Error('migration failed halfway');
      },
    };
    const list = migrations as Migration[];
    const db = memoryDb();
    list.push(failing);
    try {
      expect(() => migrate(db, failing.version)).toThrow('migration failed halfway');
    } finally {
      list.pop();
    }
    expect(migrations).not.toContain(failing);
    // Every earlier migration committed; nothing of the failing one is left.
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    expect(tableNames(db)).not.toContain('half_done');
    expect(columnsOf(db, 'participants')).not.toContain('half_done');
    db.close();
  });
});

describe('migration 004: change reasons', () => {
  it('adds a cancel reason to sessions and a replace reason to certificates, empty on rows that exist', () => {
    const db = memoryDb();
    migrate(db, 3);
    const now = '2025-03-10T09:00:00.000Z';
    db.prepare(
      `INSERT INTO courses (id, name, type, place, start_date, end_date, planned_hours, teacher, status, created_at, updated_at, device_id)
       VALUES ('c1', 'Kurs', 'other', 'Ålesund', '2025-04-01', '2025-06-30', 40, 'Lærer', 'planned', ?, ?, 'd')`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO course_sessions (id, course_id, date, start_time, end_time, hours, cancelled, created_at, updated_at, device_id)
       VALUES ('s1', 'c1', '2025-04-02', '09:00', '11:00', 2, 1, ?, ?, 'd')`,
    ).run(now, now);
    migrate(db, 4);
    expect(columnsOf(db, 'course_sessions')).toContain('cancel_reason');
    expect(columnsOf(db, 'certificates')).toContain('replace_reason');
    expect(db.prepare(`SELECT cancelled, cancel_reason FROM course_sessions WHERE id = 's1'`).get()).toEqual({ cancelled: 1, cancel_reason: null });
    db.close();
  });
});
