import type { Language } from './messages';
import type { COURSE_STATUSES, COURSE_TYPES, CONSENT_METHODS, GENDERS, REGISTRATION_SOURCES, STAFF_ROLES } from './schemas';

/** Result types of the channels: what the renderer receives. */

export type CourseType = (typeof COURSE_TYPES)[number];
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export type Gender = (typeof GENDERS)[number];
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number];
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  /** Language for screens shown before unlock (kept outside the database, not personal). */
  language: Language;
}

export interface Session {
  staffName: string;
  role: StaffRole;
  language: Language;
  idleLockMinutes: number;
}

export interface Settings {
  language: Language;
  idleLockMinutes: number;
}

export interface Course {
  id: string;
  name: string;
  type: CourseType;
  place: string;
  startDate: string;
  endDate: string;
  plannedHours: number;
  teacher: string;
  description: string | null;
  learningGoals: string | null;
  status: CourseStatus;
  financialReportApprovedAt: string | null;
  /** Attendance needed for a certificate, in percent of planned hours (default 75). */
  requiredAttendancePercent: number;
  participantCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
}

/** One row of a course's participant list. */
export interface ParticipantListItem {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  mobile: string | null;
  source: RegistrationSource;
}

/** One hit of the search across every course. */
export interface ParticipantSearchHit {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  /** The courses the person is enrolled in, in date order. */
  courses: CourseRef[];
}

export interface CourseRef {
  id: string;
  name: string;
}

export interface ParticipantDetail {
  participantId: string;
  courseId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  mobile: string | null;
  gender: Gender;
  address: PostalAddress | null;
  interests: string | null;
  consent: {
    keepAfterCourse: boolean;
    method: ConsentMethod | null;
    /** When the consent answer was recorded (ISO timestamp), and the name of the staff member who recorded it. */
    recordedAt: string | null;
    recordedBy: string | null;
  };
  enrollment: {
    source: RegistrationSource;
    employerName: string | null;
    enrolledAt: string;
  };
  createdAt: string;
  updatedAt: string;
}

export interface DuplicateCandidate {
  participantId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  courses: CourseRef[];
  /** Set when the candidate is already enrolled in the course being registered for. */
  alreadyInCourseId: string | null;
}

// ---------- sessions and attendance ----------

export type AttendanceStatus = 'present' | 'absent' | 'late' | 'excused';

export interface CourseSession {
  id: string;
  courseId: string;
  date: string;
  startTime: string;
  endTime: string;
  /** 60-minute hours between start and end. */
  hours: number;
  cancelled: boolean;
  signedOffAt: string | null;
  signedOffBy: string | null;
  /** How many enrolled participants have a mark for this session. */
  markedCount: number;
}

export interface SessionPlan {
  sessions: CourseSession[];
  /** Hours of the sessions that are not cancelled. */
  sessionHours: number;
  coursePlannedHours: number;
  /** True when the sessions do not add up to the course's planned hours. */
  differs: boolean;
}

export interface RollCallRow {
  participantId: string;
  firstName: string;
  lastName: string;
  status: AttendanceStatus | null;
  hours: number | null;
  note: string | null;
}

export interface RollCall {
  session: CourseSession;
  courseName: string;
  /** The session lies after today: marks need confirmation. */
  inFuture: boolean;
  rows: RollCallRow[];
}

export interface AttendanceMark {
  sessionId: string;
  participantId: string;
  status: AttendanceStatus | null;
  hours: number | null;
  note: string | null;
}

export type AttendanceFlag = 'below' | 'near' | null;

export interface AttendanceOverviewRow {
  participantId: string;
  firstName: string;
  lastName: string;
  birthYear: number;
  /** One entry per session of the overview, in the same order; null when not marked. */
  statuses: (AttendanceStatus | null)[];
  hoursAttended: number;
  /** Attended hours as a share (0–1) of the planned hours of the sessions held so far. */
  rate: number | null;
  flag: AttendanceFlag;
}

export interface AttendanceOverview {
  courseId: string;
  requiredRate: number;
  /** Sessions that are not cancelled, in date order. */
  sessions: Pick<CourseSession, 'id' | 'date' | 'startTime' | 'endTime' | 'hours' | 'signedOffAt'>[];
  /** Planned hours of the sessions held so far (not cancelled, not in the future). */
  heldHours: number;
  rows: AttendanceOverviewRow[];
}

export interface ParticipantAttendance {
  participantId: string;
  firstName: string;
  lastName: string;
  sessions: { sessionId: string; date: string; hours: number; cancelled: boolean; status: AttendanceStatus | null; hoursAttended: number | null; note: string | null }[];
  hoursAttended: number;
  rate: number | null;
}

/** A file produced in the main process for the renderer to save. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  base64: string;
}
