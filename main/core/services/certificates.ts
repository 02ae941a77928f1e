import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import { DRAFT_NUMBER } from '../pdf/draft';
import type { CertificateBatchItem } from '../../contract/certificate-schemas';
import type { Language, ValidationKey } from '../../contract/messages';
import type {
  CertificateContent,
  CertificateEligibility,
  CertificateEligibilityRow,
  CertificateSummary,
  CertificateVerification,
  Course,
  EligibilityReason,
  EnglishCourseText,
} from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseFacts, CourseService } from './courses';
import { describeCharacters, unprintableCharacters } from './certificates-glyphs';
import type { ProviderService } from './certificates-provider';

/** Prefix of certificate numbers: "NK-2025-000123". */
export const NUMBER_PREFIX = 'NK';

/** Crockford base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** JSON with object keys sorted at every level: the same data always gives the same bytes, hence the same hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHash = (canonical: string) => createHash('sha256').update(canonical, 'utf8').digest('hex');

/** 10 random Crockford base32 characters (50 bits), stored without separators. */
export function newVerificationCode(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => CROCKFORD[b & 31]).join('');
}

/** "7K2M9QX4TD" → "7K2M-9QX4-TD". */
export const groupCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/**
 * "Kursbevis – Ødegård Åse – Fagbrev i helsefag.pdf" (parts joined by dashes),
 * without characters file systems refuse.
 */
export function certificateFileName(parts: string[], suffix = ''): string {
  const clean = (text: string) =>
    text
      // Reserved on Windows, macOS or Linux, and control characters.
      // eslint-disable-next-line no-control-regex
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
      .replace(/\s+/g, ' ')
      .trim();
  const base = ['Kursbevis', ...parts.map(clean)].join(' – ').slice(0, 200).replace(/[ .]+$/, '');
  return `${base}${suffix}.pdf`;
}

/**
 * One certificate of a batch: what is printed, for whom, and why when the
 * participant was not eligible. `reprintOf` marks a valid certificate printed
 * again as issued (nothing is registered for it); `replaces` a new certificate
 * that replaces a valid one, for `replaceReason`.
 */
export interface IssueEntry {
  participantId: string;
  courseId: string;
  content: CertificateContent;
  overrideReason: string | null;
  reprintOf: string | null;
  replaces: string | null;
  replaceReason: string | null;
}

interface ParticipantAttendanceRow {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  marks: number;
  hours: number;
}

interface CertificateRow {
  id: string;
  number: string;
  verification_code: string;
  participant_id: string;
  course_id: string;
  language: 'nb' | 'en';
  issued_at: string;
  override_reason: string | null;
  content_json: string;
  content_hash: string;
  replaced_by: string | null;
}

type CourseTexts = Pick<Course, 'name' | 'description' | 'learningGoals' | 'englishName' | 'englishDescription' | 'englishLearningGoals'>;

const ENGLISH_MISSING: Record<EnglishCourseText, ValidationKey> = {
  name: 'englishNameMissing',
  description: 'englishDescriptionMissing',
  learningGoals: 'englishLearningGoalsMissing',
};
const ENGLISH_FIELD: Record<EnglishCourseText, string> = {
  name: 'course.englishName',
  description: 'course.englishDescription',
  learningGoals: 'course.englishLearningGoals',
};

/**
 * The course texts a certificate prints in `language`. An English certificate
 * takes its texts from the course's English fields only, never the Norwegian
 * ones: before, every certificate printed the Norwegian texts whatever its
 * language, under the English headings. `missing` names the English texts the
 * course lacks (the name always; content and goals where there is a Norwegian
 * one to translate); an English certificate is refused while any are missing.
 */
export function certificateCourseTexts(
  course: CourseTexts,
  language: Language,
): { name: string; description: string | null; learningGoals: string | null; missing: EnglishCourseText[] } {
  if (language === 'nb') return { name: course.name, description: course.description, learningGoals: course.learningGoals, missing: [] };
  const missing: EnglishCourseText[] = [];
  if (!course.englishName) missing.push('name');
  if (!course.englishDescription && course.description) missing.push('description');
  if (!course.englishLearningGoals && course.learningGoals) missing.push('learningGoals');
  return { name: course.englishName ?? '', description: course.englishDescription, learningGoals: course.englishLearningGoals, missing };
}

/** Prepared certificates: validated, not yet numbered, nothing written. */
export interface PreparedBatch {
  course: CourseFacts;
  entries: IssueEntry[];
  logo: string | null;
}

/**
 * Course certificates: eligibility, the printed content, the register of
 * issued certificates (number, verification code, hash of the printed data)
 * and verification. Rendering is elsewhere (pdf/, workers/); batches in
 * certificates-batch.ts.
 */
export class CertificateService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly provider: ProviderService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /**
   * Every enrolled participant, eligible or not and why. A finished course has
   * held all its sessions, so the rate is attended hours over the hours of all
   * sessions that are not cancelled (AttendanceService's overview counts only
   * sessions up to today, which is right while a course runs but not here).
   */
  eligibility(courseId: string): CertificateEligibility {
    const course = this.courses.facts(courseId);
    const sessionHours = round2(
      (this.sql('SELECT coalesce(sum(hours), 0) AS h FROM course_sessions WHERE course_id = ? AND cancelled = 0').get(courseId) as { h: number }).h,
    );
    const rows = this.sql(
      `WITH attended AS (
         SELECT m.participant_id, count(*) AS marks, sum(m.hours) AS hours
         FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id
         WHERE s.course_id = ? AND s.cancelled = 0
         GROUP BY m.participant_id)
       SELECT p.id AS participantId, p.first_name AS firstName, p.last_name AS lastName, p.birth_date AS birthDate,
              coalesce(a.marks, 0) AS marks, coalesce(a.hours, 0) AS hours
       FROM participant_enrollments e
       JOIN participants p ON p.id = e.participant_id
       LEFT JOIN attended a ON a.participant_id = p.id
       WHERE e.course_id = ?
       ORDER BY p.sort_key`,
    ).all(courseId, courseId) as ParticipantAttendanceRow[];
    const current = this.currentCertificates(courseId);
    return {
      courseId,
      courseStatus: course.status,
      requiredAttendancePercent: course.requiredAttendancePercent,
      sessionHours,
      providerReady: this.provider.get() !== null,
      englishMissing: certificateCourseTexts(course, 'en').missing,
      rows: rows.map((row) => this.eligibilityRow(row, course, sessionHours, current.get(row.participantId) ?? null)),
    };
  }

  /**
   * Validates a batch and builds what each certificate prints. Refuses (before
   * anything is written) missing provider details, participants not enrolled,
   * ineligible participants without a reason, and text the font cannot print.
   *
   * A participant who already has a valid certificate for the course gets that
   * one printed again, number and code unchanged, so papers already handed out
   * stay valid; only an explicit `replaceReason` issues a new one in its place.
   */
  prepare(courseId: string, items: CertificateBatchItem[]): PreparedBatch {
    const course = this.courses.facts(courseId);
    const provider = this.provider.require();
    const rows = new Map(this.eligibility(courseId).rows.map((row) => [row.participantId, row]));
    const fields: Record<string, ValidationKey> = {};
    const params: Record<string, Record<string, string>> = {};

    const texts = { nb: certificateCourseTexts(course, 'nb'), en: certificateCourseTexts(course, 'en') };
    const languages = new Set(items.map((item) => item.language ?? 'nb'));
    const sharedText = [provider.name, provider.address.street, provider.address.city, course.place, course.signerName ?? '', course.signerTitle ?? '',
      ...[...languages].flatMap((language) => [texts[language].name, texts[language].description ?? '', texts[language].learningGoals ?? ''])].join('\n');
    const sharedMissing = unprintableCharacters(sharedText);
    if (sharedMissing.length > 0) {
      fields.courseId = 'textOutsideFont';
      params.courseId = { chars: describeCharacters(sharedMissing) };
    }

    const issueDate = todayInNorway(this.ctx.clock);
    const entries: IssueEntry[] = [];
    items.forEach((item, i) => {
      const row = rows.get(item.participantId);
      if (!row) throw new AppError('NOT_ENROLLED');
      const valid = row.certificate?.status === 'valid' ? row.certificate : null;
      if (valid && !item.replaceReason) {
        entries.push(this.reprintEntry(valid.id, row.participantId, courseId));
        return;
      }
      if (!row.eligible && !item.overrideReason) fields[`items.${i}.overrideReason`] = 'overrideReasonRequired';
      const language = item.language ?? 'nb';
      const courseTexts = texts[language];
      if (courseTexts.missing.length > 0) {
        // Refused, not printed half in Norwegian: the row and the course say which texts to fill in.
        fields[`items.${i}.language`] = 'englishTextsMissing';
        for (const text of courseTexts.missing) fields[ENGLISH_FIELD[text]] = ENGLISH_MISSING[text];
      }
      const name = `${row.firstName} ${row.lastName}`;
      const missing = unprintableCharacters(name);
      if (missing.length > 0) {
        fields[`items.${i}.participantId`] = 'nameOutsideFont';
        params[`items.${i}.participantId`] = { name, chars: describeCharacters(missing) };
      }
      entries.push({
        participantId: row.participantId,
        courseId,
        overrideReason: row.eligible ? null : (item.overrideReason ?? null),
        reprintOf: null,
        replaces: valid?.id ?? null,
        replaceReason: valid ? (item.replaceReason ?? null) : null,
        content: {
          number: '',
          verificationCode: '',
          language,
          issueDate,
          provider: {
            name: provider.name,
            address: provider.address,
            organisationNumber: provider.organisationNumber,
            logoSha256: provider.logoSha256,
          },
          participant: { firstName: row.firstName, lastName: row.lastName, birthDate: row.birthDate },
          course: {
            name: courseTexts.name,
            description: courseTexts.description,
            learningGoals: courseTexts.learningGoals,
            place: course.place,
            startDate: course.startDate,
            endDate: course.endDate,
            hours: course.plannedHours,
          },
          hoursAttended: row.hoursAttended,
          signer: { name: course.signerName, title: course.signerTitle },
        },
      });
    });
    if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', fields, params);
    return { course, entries, logo: this.provider.logoDataUri(provider) };
  }

  /**
   * Gives each entry its number and verification code. Numbers are reserved
   * here and never reused, so a batch that is cancelled leaves a gap rather
   * than a number that might already be printed on a discarded copy.
   */
  assignNumbers(all: IssueEntry[]): void {
    const entries = all.filter((entry) => entry.reprintOf === null); // a reprint keeps its number
    if (entries.length === 0) return;
    const year = todayInNorway(this.ctx.clock).slice(0, 4);
    const key = `certificates.sequence.${year}`;
    const codes = new Set<string>();
    const codeTaken = this.sql('SELECT 1 FROM certificates WHERE verification_code = ?');
    this.ctx.db.transaction(() => {
      const inRegister = this.sql('SELECT max(number) AS n FROM certificates WHERE number LIKE ?').get(`${NUMBER_PREFIX}-${year}-%`) as {
        n: string | null;
      };
      const stored = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
      let last = Math.max(Number(stored?.value ?? 0), inRegister.n ? Number(inRegister.n.slice(-6)) : 0);
      for (const entry of entries) {
        last++;
        let code: string;
        do code = newVerificationCode();
        while (codes.has(code) || codeTaken.get(code));
        codes.add(code);
        entry.content.number = `${NUMBER_PREFIX}-${year}-${String(last).padStart(6, '0')}`;
        entry.content.verificationCode = groupCode(code);
      }
      this.sql(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(key, String(last), isoNow(this.ctx.clock));
    })();
  }

  /**
   * Records produced certificates in one transaction: new ones are registered
   * (a replacement marks the one it replaces), reprints are only audited.
   * Returns the numbers newly registered.
   */
  register(all: IssueEntry[]): string[] {
    const now = isoNow(this.ctx.clock);
    const insert = this.sql(
      `INSERT INTO certificates (id, number, verification_code, participant_id, course_id, language, issued_at, issued_by,
         override_reason, replace_reason, content_json, content_hash, replaced_by, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    );
    const previous = this.sql('SELECT id FROM certificates WHERE participant_id = ? AND course_id = ? AND replaced_by IS NULL');
    const replace = this.sql('UPDATE certificates SET replaced_by = ?, updated_at = ? WHERE id = ?');
    const entries = all.filter((entry) => entry.reprintOf === null);
    this.ctx.db.transaction(() => {
      for (const entry of all) {
        if (entry.reprintOf === null) continue;
        this.audit.record({ action: 'reprint', entity: 'certificate', entityId: entry.reprintOf, courseId: entry.courseId });
      }
      for (const entry of entries) {
        const id = randomUUID();
        const canonical = canonicalJson(entry.content);
        const replaced = previous.all(entry.participantId, entry.courseId) as { id: string }[];
        insert.run(
          id,
          entry.content.number,
          entry.content.verificationCode.replace(/-/g, ''),
          entry.participantId,
          entry.courseId,
          entry.content.language,
          now,
          this.ctx.actorId,
          entry.overrideReason,
          entry.replaceReason,
          canonical,
          contentHash(canonical),
          now,
          now,
          this.ctx.deviceId,
        );
        for (const old of replaced) replace.run(id, now, old.id);
        // Ids only: the reasons themselves are free text about a person, kept on the certificate row.
        const detail = [
          `participant ${entry.participantId}`,
          ...replaced.map((old) => `replaces ${old.id}${entry.replaceReason ? ' (reason given)' : ''}`),
          ...(entry.overrideReason ? ['issued without meeting the requirements (reason given)'] : []),
        ].join('; ');
        this.audit.record({ action: 'issue', entity: 'certificate', entityId: id, courseId: entry.courseId, detail });
      }
    })();
    return entries.map((entry) => entry.content.number);
  }

  /** The certificate as issued, by its verification code; the stored content is checked against its hash. */
  verify(code: string): CertificateVerification {
    const row = this.sql('SELECT * FROM certificates WHERE verification_code = ?').get(code) as CertificateRow | undefined;
    if (!row) return { status: 'unknown', certificateId: null, certificate: null, replacedBy: null, personalDataErased: false };
    let content: CertificateContent | null = null;
    try {
      content = JSON.parse(row.content_json) as CertificateContent;
    } catch {
      // Unreadable content counts as tampered below.
    }
    const replacedBy = row.replaced_by
      ? ((this.sql('SELECT number FROM certificates WHERE id = ?').get(row.replaced_by) as { number: string } | undefined)?.number ?? null)
      : null;
    const intact = content !== null && contentHash(canonicalJson(content)) === row.content_hash;
    return {
      status: !intact ? 'tampered' : row.replaced_by ? 'replaced' : 'valid',
      certificateId: row.id,
      // What the paper says, and nothing of the register's own notes (an override reason may hold health information).
      certificate: content,
      replacedBy,
      personalDataErased: false,
    };
  }

  /**
   * An issued certificate's printed data, exactly as stored, to print it again
   * (a lost or damaged paper). Only a valid one: a replaced certificate must not
   * be handed out, and content that fails its hash is not printed at all. The
   * logo is printed only while the provider still has the logo it was issued with.
   */
  issued(certificateId: string): { content: CertificateContent; logo: string | null } {
    const row = this.sql('SELECT content_json, content_hash, replaced_by FROM certificates WHERE id = ?').get(certificateId) as
      | Pick<CertificateRow, 'content_json' | 'content_hash' | 'replaced_by'>
      | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    if (contentHash(row.content_json) !== row.content_hash) throw new AppError('CERTIFICATE_TAMPERED');
    if (row.replaced_by) throw new AppError('CERTIFICATE_REPLACED');
    const content = JSON.parse(row.content_json) as CertificateContent;
    return { content, logo: this.provider.logoMatching(content.provider.logoSha256) };
  }

  /** A valid certificate as a batch entry that prints it again, exactly as issued. */
  private reprintEntry(certificateId: string, participantId: string, courseId: string): IssueEntry {
    const { content } = this.issued(certificateId);
    return { participantId, courseId, content, overrideReason: null, reprintOf: certificateId, replaces: null, replaceReason: null };
  }

  /** What one participant's certificate would print, without a number: for the preview. */
  preview(courseId: string, participantId: string, language: Language): PreparedBatch {
    // A preview shows what a new certificate would print, whatever the participant holds already.
    const prepared = this.prepare(courseId, [{ participantId, language, overrideReason: 'preview', replaceReason: 'preview' }]);
    const draft = DRAFT_NUMBER[language];
    for (const entry of prepared.entries) {
      entry.content.number = draft;
      entry.content.verificationCode = 'XXXX-XXXX-XX';
    }
    return prepared;
  }

  private currentCertificates(courseId: string): Map<string, CertificateSummary> {
    const rows = this.sql(
      `SELECT id, number, verification_code, participant_id, language, issued_at, replaced_by FROM certificates
       WHERE course_id = ? ORDER BY created_at, number`,
    ).all(courseId) as Pick<CertificateRow, 'id' | 'number' | 'verification_code' | 'participant_id' | 'language' | 'issued_at' | 'replaced_by'>[];
    const latest = new Map<string, CertificateSummary>();
    for (const row of rows) {
      latest.set(row.participant_id, {
        id: row.id,
        number: row.number,
        verificationCode: groupCode(row.verification_code),
        issuedAt: row.issued_at,
        language: row.language,
        status: row.replaced_by ? 'replaced' : 'valid',
      });
    }
    return latest;
  }

  private eligibilityRow(
    row: ParticipantAttendanceRow,
    course: CourseFacts,
    sessionHours: number,
    certificate: CertificateSummary | null,
  ): CertificateEligibilityRow {
    const rate = sessionHours > 0 ? row.hours / sessionHours : null;
    const required = course.requiredAttendancePercent;
    // Floored, so "74 %" is never shown as "75 %" next to a 75 % requirement it does not meet.
    const ratePercent = rate === null ? 0 : Math.floor(rate * 100 + 1e-9);
    let reasonCode: EligibilityReason;
    if (course.status !== 'finished') reasonCode = 'courseNotFinished';
    else if (sessionHours === 0) reasonCode = 'noSessions';
    else if (row.marks === 0) reasonCode = 'noAttendance';
    else reasonCode = rate !== null && rate * 100 + 1e-9 >= required ? 'eligible' : 'belowRequirement';
    return {
      participantId: row.participantId,
      firstName: row.firstName,
      lastName: row.lastName,
      birthDate: row.birthDate,
      eligible: reasonCode === 'eligible',
      reasonCode,
      ratePercent,
      hoursAttended: round2(row.hours),
      rate,
      certificate,
    };
  }
}
