import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import { ageOn, nameSortKey } from '../../contract/formats';
import { registersEmployer } from '../../contract/schemas';
import type { EnrollmentFields, ParticipantFields } from '../../contract/schemas';
import type {
  ConsentEvent,
  CourseRef,
  DuplicateCandidate,
  DuplicateReason,
  ParticipantDetail,
  ParticipantDetailCore,
  ParticipantListItem,
  ParticipantSearchHit,
  PostalAddress,
} from '../../contract/types';
import type { ValidationKey } from '../../contract/messages';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseFacts, CourseService } from './courses';
import { emailIdentity, identityKey, identityKeys, queryWords, refreshParticipantKeys, searchKeys } from './people-keys';
import type { QueryWord } from './people-keys';
import type { RequestService } from './requests';

interface ParticipantRow {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  email: string | null;
  mobile: string | null;
  gender: ParticipantDetail['gender'];
  address_street: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  interests: string | null;
  consent_keep: 0 | 1;
  identity_key: string;
  created_at: string;
  updated_at: string;
}

interface EnrollmentRow {
  course_id: string;
  source: ParticipantDetail['enrollment']['source'];
  employer_name: string | null;
  created_at: string;
  withdrawn_on: string | null;
  withdrawal_reason: ParticipantDetail['enrollment']['withdrawalReason'];
}

interface ConsentRow {
  kind: ConsentEvent['kind'];
  method: ConsentEvent['method'];
  at: string;
  recorded_by: string;
}

/** Processing restricted or objected to: an open request of that kind. */
export const RESTRICTED_SQL = (participant: string) =>
  `EXISTS (SELECT 1 FROM privacy_requests r WHERE r.participant_id = ${participant} AND r.status = 'open' AND r.kind IN ('restriction', 'objection'))`;

/** The same people as a list SQLite builds once per query: for scans over many rows of few people (a batch's marks). */
export const RESTRICTED_IDS_SQL = `SELECT r.participant_id FROM privacy_requests r WHERE r.status = 'open' AND r.kind IN ('restriction', 'objection')`;

export const MIN_AGE = 15;
export const MAX_AGE = 100;

/** The identity fields the duplicate check compares. */
type Identity = Pick<ParticipantFields, 'firstName' | 'lastName' | 'birthDate'> & { email?: string | undefined; mobile?: string | undefined };

/** SQL that every query word must match (each in its own column, in any of its spellings), and its parameters. */
function wordsFilter(words: readonly QueryWord[]): { sql: string; params: string[] } {
  return {
    sql: words
      .map(({ column, spellings }) => {
        const tests = spellings.map(() => `instr(p.${column}, ?) > 0`);
        return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
      })
      .join(' AND '),
    params: words.flatMap((w) => w.spellings),
  };
}

/** What the duplicate check reads of the people born the same day. */
const DUPLICATE_COLUMNS = 'id, first_name, last_name, birth_date, email, mobile, identity_key';
type DuplicateRow = Pick<ParticipantRow, 'id' | 'first_name' | 'last_name' | 'birth_date' | 'email' | 'mobile' | 'identity_key'>;

/** What the duplicate check compares of a person: the name both ways round (with the birth date), and the e-mail address. */
export interface DuplicateKeys {
  names: readonly [string, string];
  email: string | null;
}

export const duplicateKeys = (p: Identity): DuplicateKeys => ({
  names: identityKeys(p),
  email: p.email ? emailIdentity(p.email) : null,
});

/** Duplicate reasons in the order the dialog lists them: the same name first. */
const REASON_ORDER: readonly DuplicateReason[] = ['name', 'email', 'mobile'];

/** The stored columns, in bind order, and the names used for audit "fields changed". */
function participantColumns(p: ParticipantFields, address: PostalAddress | null) {
  return {
    first_name: p.firstName,
    last_name: p.lastName,
    birth_date: p.birthDate,
    email: p.email ?? null,
    mobile: p.mobile ?? null,
    gender: p.gender,
    address_street: address?.street ?? null,
    address_postal_code: address?.postalCode ?? null,
    address_city: address?.city ?? null,
    interests: p.interests ?? null,
    // The current answer; how and when it was given is in consent_events.
    consent_keep: p.consent.keepAfterCourse ? 1 : 0,
  };
}

const PARTICIPANT_COLUMN_NAMES = Object.keys(
  participantColumns(
    { firstName: '', lastName: '', birthDate: '', gender: 'other', consent: { keepAfterCourse: false } },
    null,
  ),
);

/** Built once: an import runs it a thousand times in a row. */
const INSERT_PARTICIPANT = `INSERT INTO participants (${PARTICIPANT_COLUMN_NAMES.join(', ')}, consent_recorded_at, consent_recorded_by,
     identity_key, search_key, search_fold, sort_key, id, created_at, updated_at, device_id)
   VALUES (${PARTICIPANT_COLUMN_NAMES.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** What a new person's participant row holds that follows from their fields alone: computed once per row of an import. */
export interface PreparedPerson {
  fields: ParticipantFields;
  columns: ReturnType<typeof participantColumns>;
  /** The columns with a value, named in the audit entry. */
  stored: string[];
  identityKey: string;
  duplicateKeys: DuplicateKeys;
  searchKey: string;
  searchFold: string;
  sortKey: string;
}

/** A new person's row values (the employer of the enrollment is searchable too). */
export function prepareNew(fields: ParticipantFields, enrollment: EnrollmentFields): PreparedPerson {
  const columns = participantColumns(fields, fields.address ?? null);
  const keys = searchKeys({ ...fields, email: fields.email ?? null, mobile: fields.mobile ?? null, employers: employersOf(enrollment) });
  const duplicate = duplicateKeys(fields);
  return {
    fields,
    columns,
    stored: PARTICIPANT_COLUMN_NAMES.filter((name) => columns[name as keyof typeof columns] !== null),
    identityKey: duplicate.names[0],
    duplicateKeys: duplicate,
    searchKey: keys.searchKey,
    searchFold: keys.searchFold,
    sortKey: nameSortKey(fields.lastName, fields.firstName),
  };
}

export class ParticipantService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    /** Display name for a staff id (consent is shown with who recorded it). */
    private readonly staffNameOf: (staffId: string) => string | null = () => null,
    /** Requests a correction answers (participants:update with a requestId). */
    private readonly requests?: RequestService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  // ---------- reading ----------

  listByCourse(courseId: string, query?: string): ParticipantListItem[] {
    this.courses.facts(courseId);
    const words = wordsFilter(queryWords(query ?? ''));
    const rows = this.sql(
      `SELECT p.id, p.first_name, p.last_name, p.birth_date, p.email, p.mobile, e.source, e.employer_name, e.withdrawn_on,
              ${RESTRICTED_SQL('p.id')} AS restricted
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       WHERE e.course_id = ?${words.sql ? ` AND ${words.sql}` : ''}
       ORDER BY p.sort_key`,
    ).all(courseId, ...words.params) as (Pick<
      ParticipantRow,
      'id' | 'first_name' | 'last_name' | 'birth_date' | 'email' | 'mobile'
    > & { source: ParticipantListItem['source']; employer_name: string | null; withdrawn_on: string | null; restricted: 0 | 1 })[];
    return rows.map((r) => ({
      participantId: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      birthDate: r.birth_date,
      email: r.email,
      mobile: r.mobile,
      source: r.source,
      employerName: r.employer_name,
      withdrawnOn: r.withdrawn_on,
      restricted: r.restricted === 1,
    }));
  }

  /**
   * Type-ahead search across every course, the way staff type: every word of
   * the query must match the name, e-mail, mobile or an employer, in any order
   * ("Nordmann, Kari"), with or without accents ("aase" finds Åse).
   */
  search(query: string, limit = 20, onlyCourses?: ReadonlySet<string>): ParticipantSearchHit[] {
    const words = wordsFilter(queryWords(query));
    if (!words.sql) return [];
    // A teacher finds the people on their own courses only, and sees only those courses.
    const within = onlyCourses
      ? ` AND EXISTS (SELECT 1 FROM participant_enrollments e WHERE e.participant_id = p.id AND e.course_id IN (SELECT value FROM json_each(?)))`
      : '';
    const rows = this.sql(
      `SELECT p.id, p.first_name, p.last_name, p.birth_date FROM participants p
       WHERE ${words.sql}${within}
       ORDER BY p.sort_key LIMIT ?`,
    ).all(...words.params, ...(onlyCourses ? [JSON.stringify([...onlyCourses])] : []), limit) as Pick<ParticipantRow, 'id' | 'first_name' | 'last_name' | 'birth_date'>[];
    return rows.map((r) => ({
      participantId: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      birthDate: r.birth_date,
      courses: onlyCourses ? this.coursesOf(r.id).filter((c) => onlyCourses.has(c.id)) : this.coursesOf(r.id),
    }));
  }

  get(courseId: string, participantId: string): ParticipantDetail {
    return this.detailIn(this.courses.facts(courseId), participantId);
  }

  private detailIn(course: CourseFacts, participantId: string): ParticipantDetail {
    const courseId = course.id;
    const row = this.row(participantId);
    const enrollment = this.sql(
      `SELECT course_id, source, employer_name, created_at, withdrawn_on, withdrawal_reason
       FROM participant_enrollments WHERE course_id = ? AND participant_id = ?`,
    ).get(courseId, participantId) as EnrollmentRow | undefined;
    if (!enrollment) throw new AppError('NOT_FOUND');
    return toDetail(row, enrollment, course, this.consentHistory(participantId), this.isRestricted(participantId), this.staffNameOf);
  }

  /** The person without a course: every field on file (the address too), and their courses. For merging two records. */
  person(participantId: string): ParticipantDetailCore {
    const row = this.row(participantId);
    return {
      ...toPerson(row, this.consentHistory(participantId), this.isRestricted(participantId), this.staffNameOf, true),
      courses: this.coursesOf(participantId),
    };
  }

  /** Processing restricted or objected to (an open request of that kind). */
  isRestricted(participantId: string): boolean {
    return (this.sql(`SELECT ${RESTRICTED_SQL('?')} AS restricted`).get(participantId) as { restricted: 0 | 1 }).restricted === 1;
  }

  /** Every consent answer given or withdrawn for the person, oldest first. */
  consentHistory(participantId: string): ConsentRow[] {
    return this.sql('SELECT kind, method, at, recorded_by FROM consent_events WHERE participant_id = ? ORDER BY at, created_at').all(
      participantId,
    ) as ConsentRow[];
  }

  /**
   * Who the person may already be: someone born the same day with the same
   * name (ignoring case, accents, spacing, the order of the names and the
   * Norwegian spellings Å/Aa, Ø/O/Oe, Æ/Ae), or with the same e-mail address or
   * mobile number. `excludeId` is the record being edited: it is never its own
   * duplicate, nor is anyone recorded as a different person from it.
   */
  findDuplicates(p: Identity, options: { courseId?: string | undefined; excludeId?: string | undefined } = {}): DuplicateCandidate[] {
    const known = options.excludeId ? this.knownDistinct(options.excludeId) : new Set<string>();
    const rows = this.sql(`SELECT ${DUPLICATE_COLUMNS} FROM participants WHERE birth_date = ? ORDER BY rowid`).all(p.birthDate) as DuplicateRow[];
    return this.candidatesAmong(p, rows, options, known);
  }

  /**
   * `findDuplicates` for many people at once (an employer's list): one query
   * for every birth date in the list, then the same matching per person.
   * Result i is what `findDuplicates(people[i], { courseId })` returns.
   */
  findDuplicatesMany(
    people: readonly Identity[],
    options: { courseId?: string | undefined } = {},
    /** Each person's keys when the caller has them already (an import computed them checking the file). */
    keys?: readonly DuplicateKeys[],
  ): DuplicateCandidate[][] {
    const dates = [...new Set(people.map((p) => p.birthDate))];
    const byDate = new Map<string, DuplicateRow[]>();
    const rows = this.sql(`SELECT ${DUPLICATE_COLUMNS} FROM participants WHERE birth_date IN (SELECT value FROM json_each(?)) ORDER BY rowid`).all(
      JSON.stringify(dates),
    ) as DuplicateRow[];
    for (const row of rows) {
      const same = byDate.get(row.birth_date);
      if (same) same.push(row);
      else byDate.set(row.birth_date, [row]);
    }
    const none = new Set<string>();
    return people.map((p, i) => this.candidatesAmong(p, byDate.get(p.birthDate) ?? [], options, none, keys?.[i]));
  }

  /** The duplicate check's matching of one person against the people on file born the same day. */
  private candidatesAmong(
    p: Identity,
    rows: readonly DuplicateRow[],
    options: { courseId?: string | undefined; excludeId?: string | undefined },
    known: ReadonlySet<string>,
    keys: DuplicateKeys = duplicateKeys(p),
  ): DuplicateCandidate[] {
    const names = new Set(keys.names);
    const email = keys.email;
    const candidates: DuplicateCandidate[] = [];
    for (const row of rows) {
      if (row.id === options.excludeId || known.has(row.id)) continue;
      const reasons = REASON_ORDER.filter((reason) =>
        reason === 'name'
          ? names.has(row.identity_key)
          : reason === 'email'
            ? email !== null && row.email !== null && emailIdentity(row.email) === email
            : p.mobile !== undefined && row.mobile === p.mobile,
      );
      if (reasons.length === 0) continue;
      const inCourse =
        options.courseId !== undefined &&
        this.sql('SELECT 1 FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(options.courseId, row.id) !==
          undefined;
      candidates.push({
        participantId: row.id,
        firstName: row.first_name,
        lastName: row.last_name,
        birthDate: row.birth_date,
        reasons,
        courses: this.coursesOf(row.id),
        alreadyInCourseId: inCourse ? (options.courseId ?? null) : null,
      });
    }
    // The same name first, then by how much else matches.
    const weight = (c: DuplicateCandidate) => (c.reasons.includes('name') ? 10 : 0) + c.reasons.length;
    return candidates.sort((a, b) => weight(b) - weight(a));
  }

  // ---------- writing ----------

  /**
   * Registers a new person. When someone born the same day has the same name,
   * the coordinator must have said that this is someone else (`notDuplicateOf`
   * names them); that choice is recorded with the new record.
   */
  register(courseId: string, fields: ParticipantFields, enrollment: EnrollmentFields, notDuplicateOf: readonly string[] = []): ParticipantDetail {
    // The course is read once for the checks and the answer: registering someone changes nothing the answer shows of it.
    const course = this.courses.facts(courseId);
    return this.detailIn(course, this.registerIn(course, fields, enrollment, notDuplicateOf));
  }

  /** `register` without reading the new record back: returns the new id. */
  registerQuietly(courseId: string, fields: ParticipantFields, enrollment: EnrollmentFields, notDuplicateOf: readonly string[] = []): string {
    return this.registerIn(this.courses.facts(courseId), fields, enrollment, notDuplicateOf);
  }

  private registerIn(course: CourseFacts, fields: ParticipantFields, enrollment: EnrollmentFields, notDuplicateOf: readonly string[]): string {
    const courseId = course.id;
    if (course.retention.state === 'erased') throw new AppError('COURSE_ERASED');
    this.checkRules(course, fields, enrollment);
    const distinct = this.confirmedDistinct(this.findDuplicates(fields), notDuplicateOf);
    const id = randomUUID();
    this.ctx.db.transaction(() => this.insertNew(courseId, id, prepareNew(fields, enrollment), enrollment, distinct, isoNow(this.ctx.clock)))();
    return id;
  }

  /**
   * Registers many new people at once (an employer's list), writing exactly
   * what `register` writes for each. The caller must have run the duplicate
   * check (`findDuplicatesMany`) inside the same, still open transaction and
   * pass, per person, the same-name candidates it found (`notDuplicateOf`):
   * nothing can have changed in between, so the check is not run again.
   * Returns the new ids in order.
   */
  registerPrepared(course: CourseFacts, people: readonly { prepared: PreparedPerson; notDuplicateOf: readonly string[] }[], enrollment: EnrollmentFields): string[] {
    if (!this.ctx.db.inTransaction) throw new AppError('INTERNAL');
    if (course.retention.state === 'erased') throw new AppError('COURSE_ERASED');
    const today = todayInNorway(this.ctx.clock);
    const now = isoNow(this.ctx.clock);
    return people.map(({ prepared, notDuplicateOf }) => {
      const problems = this.ruleProblems(course, prepared.fields, enrollment, today);
      if (Object.keys(problems).length > 0) throw new AppError('VALIDATION', problems);
      const id = randomUUID();
      this.insertNew(course.id, id, prepared, enrollment, notDuplicateOf, now);
      return id;
    });
  }

  /** A new person's rows: the participant with their keys, the consent answer, who they are not, and the enrollment, each audited. */
  private insertNew(courseId: string, id: string, prepared: PreparedPerson, enrollment: EnrollmentFields, distinct: readonly string[], now: string): void {
    const { fields, columns } = prepared;
    this.sql(INSERT_PARTICIPANT).run(...Object.values(columns), null, null, prepared.identityKey, prepared.searchKey, prepared.searchFold, prepared.sortKey, id, now, now, this.ctx.deviceId);
    this.audit.record({ action: 'create', entity: 'participant', entityId: id, courseId, fields: prepared.stored });
    if (fields.consent.keepAfterCourse) this.recordConsent(id, 'given', fields.consent.method ?? null, now, courseId);
    this.recordDistinct(id, distinct, courseId, now);
    this.insertEnrollment(courseId, id, enrollment, now);
  }

  enrollExisting(
    courseId: string,
    participantId: string,
    enrollment: EnrollmentFields,
    address: PostalAddress | null | undefined,
  ): ParticipantDetail {
    const course = this.courses.facts(courseId);
    if (course.retention.state === 'erased') throw new AppError('COURSE_ERASED');
    const row = this.row(participantId);
    checkEnrollmentRules(course, enrollment);
    if (this.sql('SELECT 1 FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(courseId, participantId)) {
      throw new AppError('DUPLICATE_PARTICIPANT');
    }
    if (course.type !== 'fagbrev' && address) throw new AppError('VALIDATION', { address: 'addressNotAllowed' });
    const needsAddress = course.type === 'fagbrev' && row.address_street === null;
    if (needsAddress && !address) throw new AppError('VALIDATION', { address: 'addressRequired' });
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      if (needsAddress && address) {
        this.sql(
          'UPDATE participants SET address_street = ?, address_postal_code = ?, address_city = ?, updated_at = ? WHERE id = ?',
        ).run(address.street, address.postalCode, address.city, now, participantId);
        this.audit.record({
          action: 'update',
          entity: 'participant',
          entityId: participantId,
          courseId,
          fields: ['address_street', 'address_postal_code', 'address_city'],
        });
      }
      this.insertEnrollment(courseId, participantId, enrollment, now);
      if (employerNameOf(enrollment) !== null) refreshParticipantKeys(this.ctx.db, participantId); // the employer is searchable
    })();
    return this.get(courseId, participantId);
  }

  /**
   * Corrects the person's data (and this course's enrollment). With a
   * `requestId`, the edit answers the person's open correction request, which
   * is completed in the same transaction (audited), even when nothing needed
   * to change.
   */
  update(
    courseId: string,
    participantId: string,
    fields: ParticipantFields,
    enrollment: EnrollmentFields,
    notDuplicateOf: readonly string[] = [],
    requestId?: string,
  ): ParticipantDetail {
    const course = this.courses.facts(courseId);
    const before = this.get(courseId, participantId);
    const row = this.row(participantId);
    this.checkRules(course, fields, enrollment);
    const answers = requestId ?? null;
    if (answers !== null) this.answering().checkAnswerable(answers, 'correction', participantId);
    // A corrected name or birth date may now be someone else's: the same choice as when registering.
    const distinct =
      identityKey(fields) === row.identity_key
        ? []
        : this.confirmedDistinct(this.findDuplicates(fields, { excludeId: participantId }), notDuplicateOf);

    // Outside a trade-certificate course the address is neither shown nor editable: keep what is on file.
    const address =
      course.type === 'fagbrev'
        ? (fields.address ?? null)
        : row.address_street === null
          ? null
          : { street: row.address_street, postalCode: row.address_postal_code ?? '', city: row.address_city ?? '' };
    const columns = participantColumns(fields, address);
    const changed = PARTICIPANT_COLUMN_NAMES.filter(
      (name) => columns[name as keyof typeof columns] !== row[name as keyof ParticipantRow],
    );
    // A new answer, or the same "yes" given another way: either is a new event in the consent history.
    const consentChanged =
      changed.includes('consent_keep') || (fields.consent.keepAfterCourse && (fields.consent.method ?? null) !== before.consent.method);
    const enrollmentChanged =
      before.enrollment.source !== enrollment.source ||
      before.enrollment.employerName !== employerNameOf(enrollment);
    if (changed.length === 0 && !consentChanged && !enrollmentChanged && answers === null) return before;

    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      if (answers !== null) this.answering().completeWithin(answers, 'correction', participantId);
      if (changed.length > 0 || consentChanged) {
        this.sql(`UPDATE participants SET ${PARTICIPANT_COLUMN_NAMES.map((n) => `${n} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(
          ...Object.values(columns),
          now,
          participantId,
        );
        // Field names only: a "yes" names the method too (kept in consent_events).
        const audited = consentChanged && fields.consent.keepAfterCourse ? [...changed, 'consent_method'] : changed;
        this.audit.record({
          action: 'update',
          entity: 'participant',
          entityId: participantId,
          courseId,
          fields: audited,
          // The correction request this edit answers, by id.
          ...(answers !== null ? { detail: `request ${answers}` } : {}),
        });
        if (consentChanged) {
          const keep = fields.consent.keepAfterCourse;
          this.recordConsent(participantId, keep ? 'given' : 'withdrawn', keep ? (fields.consent.method ?? null) : null, now, courseId);
        }
        this.recordDistinct(participantId, distinct, courseId, now);
      }
      if (enrollmentChanged) {
        this.sql(
          'UPDATE participant_enrollments SET source = ?, employer_name = ?, updated_at = ? WHERE course_id = ? AND participant_id = ?',
        ).run(enrollment.source, employerNameOf(enrollment), now, courseId, participantId);
        this.audit.record({
          action: 'update',
          entity: 'enrollment',
          entityId: participantId,
          courseId,
          fields: ['source', 'employer_name'],
        });
      }
      refreshParticipantKeys(this.ctx.db, participantId);
    })();
    return this.get(courseId, participantId);
  }

  // ---------- helpers ----------

  /** One answer in the consent history: given (with how) or withdrawn, by whom and when. */
  private recordConsent(participantId: string, kind: ConsentEvent['kind'], method: ConsentEvent['method'], now: string, courseId: string): void {
    this.sql(
      `INSERT INTO consent_events (id, participant_id, kind, method, at, recorded_by, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(randomUUID(), participantId, kind, method, now, this.ctx.actorId, now, now, this.ctx.deviceId);
    this.audit.record({ action: kind === 'given' ? 'consent' : 'withdraw-consent', entity: 'participant', entityId: participantId, courseId });
  }

  private answering(): RequestService {
    if (!this.requests) throw new AppError('INTERNAL');
    return this.requests;
  }

  private row(participantId: string): ParticipantRow {
    const row = this.sql('SELECT * FROM participants WHERE id = ?').get(participantId) as ParticipantRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  /** The people recorded as someone else than this one. */
  private knownDistinct(participantId: string): Set<string> {
    const rows = this.sql('SELECT participant_a, participant_b FROM participant_distinct WHERE participant_a = ? OR participant_b = ?').all(
      participantId,
      participantId,
    ) as { participant_a: string; participant_b: string }[];
    return new Set(rows.map((r) => (r.participant_a === participantId ? r.participant_b : r.participant_a)));
  }

  /**
   * Refuses when a candidate with the same name was not named as someone else;
   * returns the candidates that were (their choice is recorded). Candidates by
   * contact alone are offered by the dialog, not enforced: family members share
   * a mobile number or e-mail address more often than a name.
   */
  private confirmedDistinct(candidates: readonly DuplicateCandidate[], notDuplicateOf: readonly string[]): string[] {
    const confirmed = new Set(notDuplicateOf);
    if (candidates.some((c) => c.reasons.includes('name') && !confirmed.has(c.participantId))) throw new AppError('DUPLICATE_PARTICIPANT');
    return candidates.filter((c) => confirmed.has(c.participantId)).map((c) => c.participantId);
  }

  /** Records that `participantId` is not the same person as each of `others` (by whom and when), and audits the choice. */
  private recordDistinct(participantId: string, others: readonly string[], courseId: string, now: string): void {
    if (others.length === 0) return;
    for (const other of others) {
      const [a, b] = participantId < other ? [participantId, other] : [other, participantId];
      this.sql(
        `INSERT OR IGNORE INTO participant_distinct (id, participant_a, participant_b, decided_by, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(randomUUID(), a, b, this.ctx.actorId, now, now, this.ctx.deviceId);
    }
    this.audit.record({ action: 'not-duplicate', entity: 'participant', entityId: participantId, courseId });
  }

  coursesOf(participantId: string): CourseRef[] {
    return this.sql(
      `SELECT c.id, c.name FROM participant_enrollments e JOIN courses c ON c.id = e.course_id
       WHERE e.participant_id = ? ORDER BY c.start_date`,
    ).all(participantId) as CourseRef[];
  }

  private insertEnrollment(courseId: string, participantId: string, enrollment: EnrollmentFields, now: string) {
    this.sql(
      `INSERT INTO participant_enrollments (id, course_id, participant_id, source, employer_name, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(randomUUID(), courseId, participantId, enrollment.source, employerNameOf(enrollment), now, now, this.ctx.deviceId);
    this.audit.record({ action: 'enroll', entity: 'enrollment', entityId: participantId, courseId, fields: ['source', 'employer_name'] });
  }

  /** Rules that depend on the course or on today's date, which the schemas cannot know. */
  private checkRules(course: CourseFacts, p: ParticipantFields, enrollment: EnrollmentFields): void {
    const fields = this.ruleProblems(course, p, enrollment);
    if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', fields);
  }

  /** The course's and today's rules a registration breaks, by dotted input path (empty when none): what `register` would refuse. */
  ruleProblems(course: CourseFacts, p: ParticipantFields, enrollment: EnrollmentFields, today = todayInNorway(this.ctx.clock)): Record<string, ValidationKey> {
    const fields: Record<string, ValidationKey> = {};
    const age = ageOn(p.birthDate, today);
    // Keyed by the dotted input path, like the schema's own errors, so forms place them the same way.
    if (age < MIN_AGE || age > MAX_AGE) fields['participant.birthDate'] = 'birthDateImplausible';
    if (course.type === 'fagbrev' && !p.address) fields['participant.address'] = 'addressRequired';
    if (course.type !== 'fagbrev' && p.address) fields['participant.address'] = 'addressNotAllowed';
    if (enrollment.source === 'employer' && !registersEmployer(course.type)) {
      fields['enrollment.source'] = 'employerOnlyKompetansepluss';
    }
    return fields;
  }
}

/** The employer's name belongs only to an employer registration; a form may still send it after the source changed. */
const employerNameOf = (enrollment: EnrollmentFields) =>
  enrollment.source === 'employer' ? (enrollment.employerName ?? null) : null;

const employersOf = (enrollment: EnrollmentFields) => {
  const employer = employerNameOf(enrollment);
  return employer === null ? [] : [employer];
};

export function checkEnrollmentRules(course: CourseFacts, enrollment: EnrollmentFields) {
  if (enrollment.source === 'employer' && !registersEmployer(course.type)) {
    throw new AppError('VALIDATION', { 'enrollment.source': 'employerOnlyKompetansepluss' });
  }
}

function toDetail(
  row: ParticipantRow,
  enrollment: EnrollmentRow,
  course: CourseFacts,
  consents: readonly ConsentRow[],
  restricted: boolean,
  staffNameOf: (staffId: string) => string | null,
): ParticipantDetail {
  return {
    // Shown only in the context of a trade-certificate course.
    ...toPerson(row, consents, restricted, staffNameOf, course.type === 'fagbrev'),
    courseId: course.id,
    enrollment: {
      source: enrollment.source,
      employerName: enrollment.employer_name,
      enrolledAt: enrollment.created_at,
      withdrawnOn: enrollment.withdrawn_on,
      withdrawalReason: enrollment.withdrawal_reason,
    },
  };
}

function toPerson(
  row: ParticipantRow,
  consents: readonly ConsentRow[],
  restricted: boolean,
  staffNameOf: (staffId: string) => string | null,
  showAddress: boolean,
): Omit<ParticipantDetail, 'courseId' | 'enrollment'> {
  const nameOf = (staffId: string) => staffNameOf(staffId) ?? staffId;
  const latest = consents.at(-1);
  return {
    participantId: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    email: row.email,
    mobile: row.mobile,
    gender: row.gender,
    address:
      showAddress && row.address_street !== null
        ? { street: row.address_street, postalCode: row.address_postal_code ?? '', city: row.address_city ?? '' }
        : null,
    interests: row.interests,
    consent: {
      keepAfterCourse: row.consent_keep === 1,
      // Answers recorded before e-mail was a method may say 'verbal': shown, but no longer offered.
      method: row.consent_keep === 1 && latest?.kind === 'given' && latest.method !== 'verbal' ? latest.method : null,
      recordedAt: latest?.at ?? null,
      recordedBy: latest ? nameOf(latest.recorded_by) : null,
      history: consents.map((c) => ({ kind: c.kind, method: c.method, at: c.at, recordedBy: nameOf(c.recorded_by) })),
    },
    restricted,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
