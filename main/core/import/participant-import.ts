import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { isoNow, todayInNorway } from '../clock';
import { AppError, fieldError } from '../errors';
import type { ImportEncoding, ImportField } from '../../contract/import-schemas';
import { IMPORT_FIELDS } from '../../contract/import-schemas';
import { fieldKeysOf, translateValidation } from '../../contract/messages';
import type { Language } from '../../contract/messages';
import { participantFields } from '../../contract/schemas';
import type { EnrollmentFields, ParticipantFields } from '../../contract/schemas';
import type { ExportedFile, ImportPreview, ImportPreviewRow, ImportResult, ImportRowStatus } from '../../contract/types';
import type { AuditLog } from '../services/audit';
import type { ServiceContext } from '../services/context';
import { statementCache } from '../services/context';
import type { CourseFacts, CourseService } from '../services/courses';
import { checkEnrollmentRules, prepareNew } from '../services/participants';
import type { ParticipantService, PreparedPerson } from '../services/participants';
import { headerKey, resolveMapping } from './mapping';
import type { RememberedMapping } from './mapping';
import { ERROR_COLUMN, readTable } from './read-table';
import type { RawTable } from './read-table';
import { draftOf, fieldOfPath } from './row-fields';

export interface ImportRequest {
  courseId: string;
  file: { name: string; base64: string };
  employerName: string;
  mapping?: (ImportField | null)[] | undefined;
  encoding?: ImportEncoding | undefined;
}

/** A row the preview judged, with what applying it needs. */
interface Judged extends ImportPreviewRow {
  fields: ParticipantFields | null;
  /** 'match' rows: every person on file with the same name and birth date (a new record must say it is someone else). */
  sameName: string[];
  /** The new person's row values, for 'create' and 'match' rows. */
  prepared: PreparedPerson | null;
}

/** A row judged by the file alone (its fields, the form's schema, the rules, the same person earlier in the file): the same until the file, mapping or course changes. */
type Checked = Omit<Judged, 'status' | 'match' | 'action' | 'sameName'> & { status: 'error' | 'ok' };

/** Field labels for the bad-rows file's error column (the file leaves the app: it is written in the user's language). */
const FIELD_LABELS: Record<Language, Record<ImportField | '_', string>> = {
  nb: { firstName: 'Fornavn', lastName: 'Etternavn', birthDate: 'Fødselsdato', email: 'E-post', mobile: 'Mobil', gender: 'Kjønn', street: 'Adresse', postalCode: 'Postnummer', city: 'Poststed', _: 'Raden' },
  en: { firstName: 'First name', lastName: 'Last name', birthDate: 'Birth date', email: 'E-mail', mobile: 'Mobile', gender: 'Gender', street: 'Address', postalCode: 'Postal code', city: 'City', _: 'Row' },
};

/**
 * Imports an employer's participant list into a course: reads the file
 * (exceljs or csv-parse), maps its columns to the statement's fields, judges
 * every row with the participant form's own schema and the service's rules and
 * duplicate check, and applies the good rows through the participant service
 * in one transaction. Nothing is kept of the file; the employer's mapping is.
 */
export class ParticipantImport {
  private readonly sql;
  /**
   * The last file read, so applying what was just previewed does not read it
   * again. In memory only, for this unlocked session (a lock drops the
   * session and it with it); one file at a time.
   */
  private lastRead: { key: string; table: RawTable } | null = null;
  /** The last file's rows checked by the file alone, and what they were checked against (the preview's work, reused on apply). */
  private lastChecked: { key: string; rows: Checked[] } | null = null;
  /** The last checked rows judged against the people on file, and the database as it was then: still true while nothing has been written since. */
  private lastJudged: { checked: readonly Checked[]; courseId: string; database: string; rows: Judged[] } | null = null;
  private readonly databaseState;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly participants: ParticipantService,
    private readonly language: () => Language,
  ) {
    this.sql = statementCache(ctx.db);
    // Rows written on this connection, and commits by any other: while both stand still, a query reads what it read before.
    const changes = ctx.db.prepare('SELECT total_changes()').pluck();
    const version = ctx.db.prepare('PRAGMA data_version').pluck();
    this.databaseState = () => `${String(changes.get())}:${String(version.get())}`;
  }

  employers(): string[] {
    return (this.sql('SELECT employer_name FROM import_mappings ORDER BY employer_name COLLATE NOCASE').all() as { employer_name: string }[]).map(
      (r) => r.employer_name,
    );
  }

  async preview(request: ImportRequest): Promise<ImportPreview> {
    const { preview } = await this.judge(request);
    return preview;
  }

  async apply(request: ImportRequest & { choices?: { row: number; action: 'enrol' | 'create' }[] | undefined }): Promise<ImportResult> {
    const table = await this.read(request);
    const chosen = new Map((request.choices ?? []).map((c) => [c.row, c.action]));
    const enrollment: EnrollmentFields = { source: 'employer', employerName: request.employerName };
    // One transaction, the duplicate check included: a failure on any row (the disk, a rule) leaves the course as it was, and nobody can be registered between the check and the writes.
    return this.ctx.db.transaction(() => {
      const { preview, rows, course, fields } = this.judgeTable(request, table);
      if (preview.missingFields.length > 0) throw new AppError('IMPORT_MAPPING_INCOMPLETE');
      const result: ImportResult = { created: 0, enrolled: 0, skipped: preview.counts.enrolled, failed: preview.counts.error };
      // New people are written in runs between the rows that enrol someone on file, so the records and their audit entries keep the file's order.
      let created: { prepared: PreparedPerson; notDuplicateOf: readonly string[] }[] = [];
      const writeCreated = () => {
        result.created += this.participants.registerPrepared(course, created, enrollment).length;
        created = [];
      };
      for (const row of rows) {
        if (!row.fields || !row.prepared || (row.status !== 'create' && row.status !== 'match')) continue;
        const action = row.status === 'match' ? (chosen.get(row.row) ?? row.action) : 'create';
        if (action === 'enrol' && row.match) {
          writeCreated();
          this.participants.enrollExisting(course.id, row.match.participantId, enrollment, course.type === 'fagbrev' ? (row.fields.address ?? null) : null);
          result.enrolled++;
        } else {
          created.push({ prepared: row.prepared, notDuplicateOf: row.sameName });
        }
      }
      writeCreated();
      this.remember(request.employerName, table, fields);
      this.audit.record({
        action: 'import',
        entity: 'course',
        entityId: course.id,
        courseId: course.id,
        detail: `employer list: ${result.created} created, ${result.enrolled} enrolled, ${result.skipped} already there, ${result.failed} refused`,
      });
      return result;
    })();
  }

  /** The rows with errors as a file for the employer: the original columns and their values, and one column saying what is wrong. */
  async badRows(request: ImportRequest & { format: 'xlsx' | 'csv' }): Promise<ExportedFile> {
    const { rows, table, fields } = await this.judge(request);
    const language = this.language();
    const bad = new Map(rows.filter((r) => r.status === 'error').map((r) => [r.row, r]));
    const columns = table.headers.map((_, i) => i).filter((i) => !table.ownErrorColumns.has(i));
    const headers = [...columns.map((i) => table.headers[i]!), ERROR_COLUMN[language]];
    // Columns we do not import (a national ID number, salary) keep their place but not their values: the app never writes them.
    const body = table.rows
      .filter((r) => bad.has(r.row))
      .map((r) => [...columns.map((i) => (fields[i] === null || r.cells[i]?.value === '' ? null : (r.cells[i]?.value ?? null))), this.problemText(bad.get(r.row)!, language)]);
    const base = request.file.name.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 80) || 'deltakerliste';
    const suffix = language === 'nb' ? 'feil' : 'errors';
    if (request.format === 'csv') {
      const csv = stringify([headers, ...body.map((cells) => cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c === null ? '' : String(c))))], {
        delimiter: ';',
        bom: true,
      });
      return { fileName: `${base}-${suffix}.csv`, mimeType: 'text/csv', base64: Buffer.from(csv, 'utf8').toString('base64') };
    }
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(table.sheet ?? (language === 'nb' ? 'Deltakere' : 'Participants'));
    sheet.addRow(headers).font = { bold: true };
    for (const cells of body) sheet.addRow(cells);
    const dateColumns = columns.flatMap((i, at) => (body.some((cells) => cells[at] instanceof Date) ? [at + 1] : []));
    for (const column of dateColumns) sheet.getColumn(column).numFmt = 'dd.mm.yyyy';
    sheet.getColumn(headers.length).width = 60;
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    return {
      fileName: `${base}-${suffix}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: bytes.toString('base64'),
    };
  }

  // ---------- judging the rows ----------

  private async judge(request: ImportRequest) {
    return this.judgeTable(request, await this.read(request));
  }

  private judgeTable(request: ImportRequest, table: RawTable) {
    const course = this.courses.facts(request.courseId);
    if (course.retention.state === 'erased') throw new AppError('COURSE_ERASED');
    const enrollment: EnrollmentFields = { source: 'employer', employerName: request.employerName };
    try {
      checkEnrollmentRules(course, enrollment);
    } catch {
      throw new AppError('IMPORT_EMPLOYER_COURSE');
    }
    const addressAllowed = course.type === 'fagbrev';
    if (request.mapping && request.mapping.length !== table.headers.length) throw fieldError('mapping', 'invalidValue');
    const given = request.mapping?.filter((f): f is ImportField => f !== null);
    if (given && new Set(given).size !== given.length) throw fieldError('mapping', 'importFieldTwice');
    const { fields, source } = resolveMapping(table.headers, {
      given: request.mapping,
      remembered: this.remembered(request.employerName),
      ignored: table.ownErrorColumns,
      addressAllowed,
    });
    const rows = this.judgeRows(this.checkRows(request, table, fields, course, enrollment), course);
    const counts: Record<ImportRowStatus, number> = { create: 0, match: 0, enrolled: 0, error: 0 };
    for (const row of rows) counts[row.status]++;
    const present = new Set(fields);
    const needed: ImportField[] = ['firstName', 'lastName', 'birthDate', ...(addressAllowed ? (['street', 'postalCode', 'city'] as const) : [])];
    const missingFields: ImportPreview['missingFields'] = needed.filter((f) => !present.has(f));
    if (!present.has('email') && !present.has('mobile')) missingFields.push('contact');
    const preview: ImportPreview = {
      format: table.format,
      encoding: table.encoding,
      encodingDetected: table.encodingDetected,
      sheet: table.sheet,
      headerRow: table.headerRow,
      columns: table.headers.map((header, index) => ({ index, header, field: fields[index] ?? null, ignored: table.ownErrorColumns.has(index) })),
      mappingSource: source,
      droppedColumns: table.headers.flatMap((h, i) => (fields[i] === null && !table.ownErrorColumns.has(i) ? [h || `#${i + 1}`] : [])),
      missingFields,
      addressFields: addressAllowed,
      rows: rows.map(({ fields: _f, sameName: _s, prepared: _p, ...row }) => row),
      counts,
    };
    return { preview, rows, course, table, fields };
  }

  private async read(request: ImportRequest): Promise<RawTable> {
    const key = createHash('sha256').update(request.file.name).update('\0').update(request.encoding ?? '').update('\0').update(request.file.base64).digest('hex');
    if (this.lastRead?.key === key) return this.lastRead.table;
    this.lastRead = null;
    this.lastChecked = null;
    this.lastJudged = null;
    const table = await readTable(request.file.name, Buffer.from(request.file.base64, 'base64'), request.encoding);
    this.lastRead = { key, table };
    return table;
  }

  /**
   * Every row checked by what the file alone decides: the participant form's
   * schema, the service's rules, and the same person earlier in the file.
   * Kept for the last file read, keyed by what the checks depend on, so
   * applying what was just previewed does not check it again.
   */
  private checkRows(request: ImportRequest, table: RawTable, fields: (ImportField | null)[], course: CourseFacts, enrollment: EnrollmentFields): Checked[] {
    const today = todayInNorway(this.ctx.clock);
    const key = JSON.stringify([fields, course.id, course.type, enrollment.employerName, today]);
    if (this.lastRead?.table === table && this.lastChecked?.key === key) return this.lastChecked.rows;
    const seen = new Map<string, number>();
    const rows = table.rows.map((raw): Checked => {
      const draft = draftOf(raw.cells, fields, course.type === 'fagbrev');
      const base = { row: raw.row, values: draft.values, fields: null, prepared: null };
      const problems = [...draft.problems];
      // The participant form's own schema, then the rules the service applies on registering.
      const parsed = participantFields.safeParse(draft.participant);
      if (!parsed.success) {
        for (const [path, key] of Object.entries(fieldKeysOf(parsed.error.issues))) {
          const field = fieldOfPath(`participant.${path}`);
          if (!problems.some((p) => p.field === field)) problems.push({ field, key });
        }
      } else {
        for (const [path, key] of Object.entries(this.participants.ruleProblems(course, parsed.data, enrollment, today))) {
          const field = fieldOfPath(path);
          if (!problems.some((p) => p.field === field)) problems.push({ field, key });
        }
      }
      if (problems.length > 0 || !parsed.success) return { ...base, status: 'error', problems };
      const person = parsed.data;
      const prepared = prepareNew(person, enrollment);
      // The same person twice in the file, by the duplicate check's rules: the same name and birth date, or birth date and contact.
      const { names, email } = prepared.duplicateKeys;
      const keys = [
        `n:${names[0]}`,
        `n:${names[1]}`,
        ...(email !== null ? [`e:${person.birthDate}|${email}`] : []),
        ...(person.mobile ? [`m:${person.birthDate}|${person.mobile}`] : []),
      ];
      const earlier = keys.map((k) => seen.get(k)).find((r) => r !== undefined);
      if (earlier !== undefined) {
        return { ...base, status: 'error', problems: [{ field: '_', key: 'importDuplicateInFile', params: { row: String(earlier) } }] };
      }
      for (const key of keys) seen.set(key, raw.row);
      return { ...base, status: 'ok', problems: [], fields: person, prepared };
    });
    if (this.lastRead?.table === table) this.lastChecked = { key, rows };
    return rows;
  }

  /** The checked rows against the people on file. */
  private judgeRows(checked: readonly Checked[], course: CourseFacts): Judged[] {
    // Applying what was just previewed, with nothing written in between: the preview's judgement stands (apply asks inside its transaction, so it still holds when the rows are written).
    const database = this.databaseState();
    const last = this.lastJudged;
    if (last && last.checked === checked && last.courseId === course.id && last.database === database) return last.rows;
    const rows = this.judgeAgainstPeopleOnFile(checked, course);
    this.lastJudged = { checked, courseId: course.id, database, rows };
    return rows;
  }

  /** One duplicate query for the whole list, matched per row as `findDuplicates` does. */
  private judgeAgainstPeopleOnFile(checked: readonly Checked[], course: CourseFacts): Judged[] {
    const ok = checked.filter((row) => row.status === 'ok' && row.fields && row.prepared);
    const found = this.participants.findDuplicatesMany(
      ok.map((row) => row.fields!),
      { courseId: course.id },
      ok.map((row) => row.prepared!.duplicateKeys),
    );
    let next = 0;
    return checked.map((row): Judged => {
      const base = { ...row, match: null, action: null, sameName: [] };
      if (row.status === 'error' || !row.fields || !row.prepared) return { ...base, status: 'error', fields: null, prepared: null };
      const candidates = found[next++]!;
      if (candidates.some((c) => c.alreadyInCourseId !== null)) return { ...base, status: 'enrolled', prepared: null };
      const top = candidates[0];
      if (!top) return { ...base, status: 'create' };
      const sameName = top.reasons.includes('name');
      return {
        ...base,
        status: 'match',
        match: { participantId: top.participantId, firstName: top.firstName, lastName: top.lastName, birthDate: top.birthDate, reasons: top.reasons },
        // The same name and birth date is the same person; a shared e-mail or mobile alone is as often a family member.
        action: sameName ? 'enrol' : 'create',
        sameName: candidates.filter((c) => c.reasons.includes('name')).map((c) => c.participantId),
      };
    });
  }

  private problemText(row: ImportPreviewRow, language: Language): string {
    return row.problems
      .map((p) => {
        const text = translateValidation(language, p.key).replace(/\{(\w+)\}/g, (whole, name: string) => p.params?.[name] ?? whole);
        return `${FIELD_LABELS[language][p.field]}: ${text}`;
      })
      .join(' ');
  }

  // ---------- the employer's remembered mapping ----------

  private remembered(employerName: string): RememberedMapping | null {
    const row = this.sql('SELECT mapping FROM import_mappings WHERE employer_key = ?').get(employerKey(employerName)) as { mapping: string } | undefined;
    if (!row) return null;
    const parsed = JSON.parse(row.mapping) as Record<string, unknown>;
    // Only field names we know: an older or altered row never maps a column to something else.
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' && (IMPORT_FIELDS as readonly string[]).includes(v) ? (v as ImportField) : null]),
    );
  }

  private remember(employerName: string, table: RawTable, fields: (ImportField | null)[]): void {
    const mapping: RememberedMapping = { ...(this.remembered(employerName) ?? {}) };
    table.headers.forEach((header, i) => {
      if (!table.ownErrorColumns.has(i) && header) mapping[headerKey(header)] = fields[i] ?? null;
    });
    const now = isoNow(this.ctx.clock);
    this.sql(
      `INSERT INTO import_mappings (employer_key, employer_name, mapping, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (employer_key) DO UPDATE SET employer_name = excluded.employer_name, mapping = excluded.mapping, updated_at = excluded.updated_at`,
    ).run(employerKey(employerName), employerName, JSON.stringify(mapping), now, now, this.ctx.deviceId);
  }
}

/** "Bygg AS" and "bygg  as" are the same employer. */
const employerKey = (name: string) => name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

