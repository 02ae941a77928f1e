import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { migrate } from '../../../main/core/db/migrate';
import { courseFields } from '../../../main/contract/schemas';
import { englishCourseTexts } from '../../../main/core/db/migrations/010-english-course-texts';
import { AuditLog } from '../../../main/core/services/audit';
import { CourseService } from '../../../main/core/services/courses';
import { makeClock, sampleCourse } from '../support/core';

/** Migration 010 (English course texts) on a database made just before it, with a course in it. */

const NOW = '2025-03-10T09:00:00.000Z';

function databaseBefore() {
  const db: Db = new Database(':memory:');
  db.pragma('foreign_keys=ON');
  migrate(db, englishCourseTexts.version - 1);
  const courseId = randomUUID();
  db.prepare(
    `INSERT INTO courses (id, name, type, place, start_date, end_date, planned_hours, teacher, description, learning_goals, status,
       created_at, updated_at, device_id)
     VALUES (?, 'Norsk på jobben', 'kompetansepluss', 'Ålesund', '2025-04-01', '2025-06-30', 40, 'Tove', 'Uke 1', 'Mål', 'running', ?, ?, 'device')`,
  ).run(courseId, NOW, NOW);
  return { db, courseId };
}

const columns = (db: Db) => (db.prepare('SELECT name, type, "notnull" AS required FROM pragma_table_info(?)').all('courses') as { name: string; type: string; required: number }[]);

describe('migration 010: English course texts', () => {
  it('adds three nullable text columns and leaves the rows and the other columns as they were', () => {
    const { db, courseId } = databaseBefore();
    const before = db.prepare('SELECT * FROM courses WHERE id = ?').get(courseId) as Record<string, unknown>;
    const columnsBefore = columns(db);
    migrate(db, englishCourseTexts.version);
    expect(db.pragma('user_version', { simple: true })).toBe(englishCourseTexts.version);
    expect(columns(db)).toEqual([
      ...columnsBefore,
      { name: 'english_name', type: 'TEXT', required: 0 },
      { name: 'english_description', type: 'TEXT', required: 0 },
      { name: 'english_learning_goals', type: 'TEXT', required: 0 },
    ]);
    expect(db.prepare('SELECT * FROM courses WHERE id = ?').get(courseId)).toEqual({
      ...before,
      english_name: null,
      english_description: null,
      english_learning_goals: null,
    });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('lets the course service read the old course (no English texts) and store them', () => {
    const { db, courseId } = databaseBefore();
    migrate(db); // the service of today needs every later migration too

    const ctx = { db, clock: makeClock(NOW), deviceId: 'device', actorId: 'staff', actorRole: 'coordinator' as const };
    const courses = new CourseService(ctx, new AuditLog(ctx));
    expect(courses.get(courseId)).toMatchObject({ name: 'Norsk på jobben', englishName: null, englishDescription: null, englishLearningGoals: null });
    const course = courses.get(courseId);
    const updated = courses.update(courseId, courseFields.parse({
      ...sampleCourse('kompetansepluss', { name: course.name, description: 'Uke 1', learningGoals: 'Mål' }),
      englishName: 'Norwegian at work',
      englishDescription: 'Week 1',
      englishLearningGoals: 'Goals',
    }));
    expect(updated).toMatchObject({ englishName: 'Norwegian at work', englishDescription: 'Week 1', englishLearningGoals: 'Goals' });
  });
});
