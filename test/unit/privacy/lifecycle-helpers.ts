import { randomUUID } from 'node:crypto';
import type { Db } from '../../../main/core/db/database';

/** A certificate row as the register holds it (issuing one takes the PDF workers, which this rule does not need). */
export function insertCertificate(db: Db, participantId: string, courseId: string): string {
  const id = randomUUID();
  const now = '2025-04-30T10:00:00.000Z';
  db.prepare(
    `INSERT INTO certificates (id, number, verification_code, participant_id, course_id, language, issued_at, issued_by,
       content_json, content_hash, created_at, updated_at, device_id)
     VALUES (?, ?, ?, ?, ?, 'nb', ?, 'staff', '{}', 'hash', ?, ?, 'device')`,
  ).run(id, `2025-${id.slice(0, 6)}`, id.slice(0, 10).toUpperCase(), participantId, courseId, now, now, now);
  return id;
}
