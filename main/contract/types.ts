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
  courseNames: string[];
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
    /** When the consent answer was recorded (ISO timestamp), and by which staff member. */
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
  courseNames: string[];
  /** Set when the candidate is already enrolled in the course being registered for. */
  alreadyInCourseId: string | null;
}
