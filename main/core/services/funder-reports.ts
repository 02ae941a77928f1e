import { stringify } from 'csv-stringify/sync';
import { ageOn, formatMobile, formatNorwegianDate } from '../../contract/formats';
import { GENDERS } from '../../contract/schemas';
import type { Gender, ReportAvailability } from '../../contract/types';
import { todayInNorway } from '../clock';
import { AppError } from '../errors';
import type { AttendanceService } from './attendance';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseFacts, CourseService } from './courses';
import { RESTRICTED_SQL } from './participants';

/**
 * The reports a course's funder asks for:
 * - the Kompetansepluss start report (who takes part: names, birth date,
 *   gender, contact, employer; with the course and its reference), from the
 *   course's start date, for Kompetansepluss courses only;
 * - the Kompetansepluss completion report (hours attended, rate, completed),
 *   from the course's end date;
 * - the grant and hours report for any course: counts by gender and age band,
 *   hours held and attended, completion. Counts only, no names.
 *
 * Hours and rates are the attendance service's own (overview), so every
 * screen and report says the same. "Completed" is the certificate rule: not
 * withdrawn, and attended at least the course's required share of the hours held.
 *
 * Someone whose processing is restricted or who objected is left out of the
 * two lists that name people (as from attendance lists); the grant report's
 * counts include everyone, since they name nobody.
 */

export type AgeBand = 'under20' | '20-29' | '30-39' | '40-49' | '50-59' | '60plus';
export const AGE_BANDS: readonly { band: AgeBand; label: string; from: number }[] = [
  { band: 'under20', label: 'Under 20', from: 0 },
  { band: '20-29', label: '20–29', from: 20 },
  { band: '30-39', label: '30–39', from: 30 },
  { band: '40-49', label: '40–49', from: 40 },
  { band: '50-59', label: '50–59', from: 50 },
  { band: '60plus', label: '60 og eldre', from: 60 },
];

/** The age band of someone born on `birthDate`, by their age (whole years) on `onDate` (the course's start). */
export function ageBandOf(birthDate: string, onDate: string): AgeBand {
  const age = ageOn(birthDate, onDate);
  let band = AGE_BANDS[0]!.band;
  for (const b of AGE_BANDS) if (age >= b.from) band = b.band;
  return band;
}

export const GENDER_WORD: Record<Gender, string> = { female: 'Kvinne', male: 'Mann', other: 'Annet', unspecified: 'Ikke oppgitt' };

export interface StartReportRow {
  participantId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  gender: Gender;
  email: string | null;
  mobile: string | null;
  employerName: string | null;
}

export interface StartReportData {
  course: CourseFacts;
  madeOn: string;
  rows: StartReportRow[];
  /** Left out: restricted processing or objection. */
  leftOut: number;
}

export interface CompletionReportRow {
  participantId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  employerName: string | null;
  hoursAttended: number;
  /** Share of the hours held (0–1), null when none were held. */
  rate: number | null;
  completed: boolean;
  withdrawnOn: string | null;
}

export interface CompletionReportData {
  course: CourseFacts;
  madeOn: string;
  heldHours: number;
  rows: CompletionReportRow[];
  leftOut: number;
}

export interface GrantReportData {
  course: CourseFacts;
  madeOn: string;
  participants: number;
  byGender: Record<Gender, number>;
  /** Every band, in order, also those with nobody in them. */
  byAgeBand: { band: AgeBand; label: string; byGender: Record<Gender, number>; total: number }[];
  sessionsHeld: number;
  /** Planned hours of the sessions held so far (not cancelled, not in the future). */
  heldHours: number;
  /** Hours attended by all participants together. */
  attendedHours: number;
  /** attendedHours / (heldHours × participants), null when nothing was held. */
  averageRate: number | null;
  completed: number;
  notCompleted: number;
  withdrawn: number;
}

interface EnrolledRow {
  participant_id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  gender: Gender;
  email: string | null;
  mobile: string | null;
  employer_name: string | null;
  withdrawn_on: string | null;
  restricted: 0 | 1;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const zeroByGender = (): Record<Gender, number> => Object.fromEntries(GENDERS.map((g) => [g, 0])) as Record<Gender, number>;

/** The certificate rule (certificates.ts): the required share, with room for float error. */
const meetsRequirement = (rate: number | null, requiredPercent: number) => rate !== null && rate * 100 + 1e-9 >= requiredPercent;

export class FunderReports {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly courses: CourseService,
    private readonly attendance: AttendanceService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  private today(): string {
    return todayInNorway(this.ctx.clock);
  }

  /** Whether each report can be made today, and from when (the UI says so before anyone tries). */
  availability(courseId: string): ReportAvailability {
    const course = this.courses.facts(courseId);
    const today = this.today();
    const kompetansepluss = course.type === 'kompetansepluss';
    return {
      today,
      start: { available: kompetansepluss && today >= course.startDate, from: kompetansepluss ? course.startDate : null },
      completion: { available: kompetansepluss && today >= course.endDate, from: kompetansepluss ? course.endDate : null },
    };
  }

  private kompetanseplussCourse(courseId: string, from: 'start' | 'end'): CourseFacts {
    const course = this.courses.facts(courseId);
    if (course.type !== 'kompetansepluss') throw new AppError('REPORT_ONLY_KOMPETANSEPLUSS');
    if (course.retention.state === 'erased') throw new AppError('COURSE_ERASED');
    const today = this.today();
    if (from === 'start' && today < course.startDate) throw new AppError('REPORT_BEFORE_START');
    if (from === 'end' && today < course.endDate) throw new AppError('REPORT_BEFORE_END');
    return course;
  }

  private enrolled(courseId: string): EnrolledRow[] {
    return this.sql(
      `SELECT p.id AS participant_id, p.first_name, p.last_name, p.birth_date, p.gender, p.email, p.mobile,
              e.employer_name, e.withdrawn_on, ${RESTRICTED_SQL('p.id')} AS restricted
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       WHERE e.course_id = ? ORDER BY p.sort_key`,
    ).all(courseId) as EnrolledRow[];
  }

  /** The start report's data; refuses other course types and days before the start. */
  startReport(courseId: string): StartReportData {
    const course = this.kompetanseplussCourse(courseId, 'start');
    // Someone who withdrew on or before the first day never took part.
    const enrolled = this.enrolled(courseId).filter((r) => r.withdrawn_on === null || r.withdrawn_on > course.startDate);
    const rows = enrolled.filter((r) => r.restricted === 0);
    return {
      course,
      madeOn: this.today(),
      leftOut: enrolled.length - rows.length,
      rows: rows.map((r) => ({
        participantId: r.participant_id,
        lastName: r.last_name,
        firstName: r.first_name,
        birthDate: r.birth_date,
        gender: r.gender,
        email: r.email,
        mobile: r.mobile,
        employerName: r.employer_name,
      })),
    };
  }

  /** The completion report's data; refuses other course types and days before the end. */
  completionReport(courseId: string): CompletionReportData {
    const course = this.kompetanseplussCourse(courseId, 'end');
    const overview = this.attendance.overview(courseId);
    const figures = new Map(overview.rows.map((r) => [r.participantId, r]));
    const enrolled = this.enrolled(courseId);
    const rows = enrolled.filter((r) => r.restricted === 0);
    return {
      course,
      madeOn: this.today(),
      heldHours: overview.heldHours,
      leftOut: enrolled.length - rows.length,
      rows: rows.map((r) => {
        const f = figures.get(r.participant_id);
        const rate = f?.rate ?? null;
        return {
          participantId: r.participant_id,
          lastName: r.last_name,
          firstName: r.first_name,
          birthDate: r.birth_date,
          employerName: r.employer_name,
          hoursAttended: f?.hoursAttended ?? 0,
          rate,
          completed: r.withdrawn_on === null && meetsRequirement(rate, course.requiredAttendancePercent),
          withdrawnOn: r.withdrawn_on,
        };
      }),
    };
  }

  /** Counts, hours and completion for any course, on any day. */
  grantReport(courseId: string): GrantReportData {
    const course = this.courses.facts(courseId);
    const overview = this.attendance.overview(courseId);
    const figures = new Map(overview.rows.map((r) => [r.participantId, r]));
    const enrolled = this.enrolled(courseId);
    const byGender = zeroByGender();
    const byAgeBand = AGE_BANDS.map(({ band, label }) => ({ band, label, byGender: zeroByGender(), total: 0 }));
    let attended = 0;
    let completed = 0;
    let withdrawn = 0;
    for (const r of enrolled) {
      byGender[r.gender] += 1;
      const band = byAgeBand.find((b) => b.band === ageBandOf(r.birth_date, course.startDate))!;
      band.byGender[r.gender] += 1;
      band.total += 1;
      const f = figures.get(r.participant_id);
      attended += f?.hoursAttended ?? 0;
      if (r.withdrawn_on !== null) withdrawn += 1;
      else if (meetsRequirement(f?.rate ?? null, course.requiredAttendancePercent)) completed += 1;
    }
    const today = this.today();
    const possible = overview.heldHours * enrolled.length;
    return {
      course,
      madeOn: today,
      participants: enrolled.length,
      byGender,
      byAgeBand,
      sessionsHeld: overview.sessions.filter((s) => s.date <= today).length,
      heldHours: overview.heldHours,
      attendedHours: round2(attended),
      averageRate: possible > 0 ? attended / possible : null,
      completed,
      notCompleted: enrolled.length - completed - withdrawn,
      withdrawn,
    };
  }
}

// ---------- CSV ----------

/**
 * Numbers in the CSVs are bare numbers with a decimal comma and nothing else
 * (no unit, no thousands separator, no % sign): "2,75", "87,5". The files are
 * semicolon-separated like the app's other CSVs, which is what Excel with
 * Norwegian settings expects, and such Excel reads "2,75" as the number 2.75
 * (a dot would make "2.5" the date 2 May there). Rates are percentages.
 */
export const csvNumber = (n: number, decimals = 2): string => {
  const factor = 10 ** decimals;
  return String(Math.round(n * factor) / factor).replace('.', ',');
};
const csvPercent = (rate: number | null) => (rate === null ? '' : csvNumber(rate * 100, 1));

const toCsv = (records: string[][]) =>
  // BOM so Excel reads UTF-8 (æøå); escape_formulas: a name such as "=HYPERLINK(…)" stays text.
  `\uFEFF${stringify(records, { delimiter: ';', record_delimiter: 'windows', escape_formulas: true })}`;

const day = (iso: string | null) => (iso ? formatNorwegianDate(iso) : '');
const yesNo = (value: boolean) => (value ? 'Ja' : 'Nei');

export function startReportCsv(data: StartReportData): string {
  const { course } = data;
  return toCsv([
    ['Etternavn', 'Fornavn', 'Fødselsdato', 'Kjønn', 'E-post', 'Mobil', 'Arbeidsgiver', 'Kurs', 'Referanse'],
    ...data.rows.map((r) => [
      r.lastName,
      r.firstName,
      day(r.birthDate),
      GENDER_WORD[r.gender],
      r.email ?? '',
      // As people write it ("912 34 567"): a leading + would be taken for a formula and escaped.
      r.mobile ? formatMobile(r.mobile) : '',
      r.employerName ?? '',
      course.name,
      course.funderReference ?? '',
    ]),
  ]);
}

export function completionReportCsv(data: CompletionReportData): string {
  const { course } = data;
  return toCsv([
    ['Etternavn', 'Fornavn', 'Fødselsdato', 'Arbeidsgiver', 'Timer møtt', 'Timer gjennomført på kurset', 'Oppmøte (%)', 'Fullført', 'Sluttet', 'Kurs', 'Referanse'],
    ...data.rows.map((r) => [
      r.lastName,
      r.firstName,
      day(r.birthDate),
      r.employerName ?? '',
      csvNumber(r.hoursAttended),
      csvNumber(data.heldHours),
      csvPercent(r.rate),
      yesNo(r.completed),
      day(r.withdrawnOn),
      course.name,
      course.funderReference ?? '',
    ]),
  ]);
}

/** One table, in sections: label in the first column, numbers after. */
export function grantReportCsv(data: GrantReportData): string {
  const { course } = data;
  const genders = GENDERS.map((g) => GENDER_WORD[g]);
  return toCsv([
    ['Kurs', course.name],
    ['Finansiering', course.funderName ?? ''],
    ['Referanse', course.funderReference ?? ''],
    ['Periode', `${day(course.startDate)}–${day(course.endDate)}`],
    ['Laget', day(data.madeOn)],
    [],
    ['Aldersgruppe (alder ved kursstart)', ...genders, 'Totalt'],
    ...data.byAgeBand.map((b) => [b.label, ...GENDERS.map((g) => String(b.byGender[g])), String(b.total)]),
    ['Totalt', ...GENDERS.map((g) => String(data.byGender[g])), String(data.participants)],
    [],
    ['Timer', 'Verdi'],
    ['Planlagte timer', csvNumber(course.plannedHours)],
    ['Økter gjennomført', String(data.sessionsHeld)],
    ['Timer gjennomført', csvNumber(data.heldHours)],
    ['Timer møtt (alle deltakere)', csvNumber(data.attendedHours)],
    ['Gjennomsnittlig oppmøte (%)', csvPercent(data.averageRate)],
    [],
    ['Gjennomføring', 'Antall'],
    [`Fullført (minst ${csvNumber(course.requiredAttendancePercent, 1)} % oppmøte)`, String(data.completed)],
    ['Ikke fullført', String(data.notCompleted)],
    ['Sluttet', String(data.withdrawn)],
  ]);
}

/** "Kompetansepluss oppstart – Norsk på jobben – 2025-03-10.csv", without characters file systems refuse. */
export const reportFileName = (title: string, courseName: string, madeOn: string, extension: string) =>
  `${title} – ${courseName.replace(/[\\/:*?"<>|]/g, '-').slice(0, 120)} – ${madeOn}.${extension}`;
