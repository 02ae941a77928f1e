import type { ChannelName, ChannelParsedInput } from '../contract/channels';
import { channelRoles } from '../contract/roles';
import type { CourseRef, StaffRole } from '../contract/types';
import { AppError } from './errors';

/**
 * Course access for teachers, in one place. The role table
 * (main/contract/roles.ts) says which channels a teacher may call at all; this
 * table says which course each of those calls touches, so that a teacher can
 * only reach the courses they are assigned to. Every channel a teacher may
 * call has an entry (the type demands it): either a resolver that returns the
 * course ids of the call, or 'unscoped' for calls that are not about one
 * course (their lists are limited to the teacher's courses by the handlers,
 * through `visibleCourses`).
 *
 * Another course's id, or an id that resolves to no course, is FORBIDDEN:
 * the teacher learns neither the data nor whether it exists.
 */

/** Channels the role table opens to teachers. */
export type TeacherChannel = {
  [C in ChannelName]: (typeof channelRoles)[C] extends readonly (infer R)[] ? ('teacher' extends R ? C : never) : never;
}[ChannelName];

export interface CourseLookup {
  /** The course of a session id, or null when there is no such session. */
  courseOfSession(sessionId: string): string | null;
}

/** The course ids a call touches (null: an id that names nothing), or throws FORBIDDEN for input a teacher may not give. */
type Resolver<C extends ChannelName> = (input: ChannelParsedInput<C>, lookup: CourseLookup) => readonly (string | null)[];

export type TeacherScope = { readonly [C in TeacherChannel]: Resolver<C> | 'unscoped' };

const forbidden = (): never => {
  throw new AppError('FORBIDDEN');
};

const byCourseId = ({ courseId }: { courseId: string }) => [courseId];
const bySessionId = ({ sessionId }: { sessionId: string }, lookup: CourseLookup) => [lookup.courseOfSession(sessionId)];

export const teacherScope: TeacherScope = {
  'vault:changePassphrase': 'unscoped',

  'settings:get': 'unscoped',
  // Language and idle time are the person's; the retention grace days are the provider's.
  'settings:update': (input) => (input.retentionGraceDays === undefined ? [] : forbidden()),

  'courses:list': 'unscoped', // only the teacher's courses (handler)
  'courses:get': ({ id }) => [id],
  'courses:create': 'unscoped', // the new course becomes the teacher's
  'courses:update': ({ id }) => [id],

  'participants:listByCourse': byCourseId,
  'participants:search': 'unscoped', // only people on the teacher's courses (handler)
  // The duplicate check looks at everyone (a person must not be registered twice); it shows names and birth dates only.
  'participants:findDuplicate': ({ courseId }) => (courseId ? [courseId] : []),
  'participants:get': byCourseId,
  'participants:register': byCourseId,
  'participants:enrollExisting': byCourseId,
  // Answering a correction request is the coordinator's (requests are not a teacher's).
  'participants:update': (input) => (input.requestId === undefined ? [input.courseId] : forbidden()),
  'participants:withdraw': byCourseId,
  'participants:reinstate': byCourseId,
  'participants:removeRegistration': byCourseId,

  'sessions:list': byCourseId,
  'sessions:generate': byCourseId,
  'sessions:add': byCourseId,
  'sessions:move': bySessionId,
  'sessions:setCancelled': bySessionId,

  'attendance:roll': bySessionId,
  'attendance:mark': bySessionId,
  'attendance:unmark': bySessionId,
  'attendance:markAllPresent': bySessionId,
  'attendance:signOff': bySessionId,
  'attendance:overview': byCourseId,
  'attendance:participant': byCourseId,
  'attendance:export': byCourseId,
  'attendance:notices': byCourseId,
  'attendance:addNotice': bySessionId,
  'attendance:removeNotice': bySessionId,
  'attendance:signInSheet': bySessionId,

  'certificates:verify': 'unscoped',
  'certificates:verifyHolder': 'unscoped',

  'exchange:identity': 'unscoped',
  'exchange:keyFile': 'unscoped',
  'exchange:peers': 'unscoped',
  'exchange:export': ({ courseIds }) => courseIds,
  'exchange:history': 'unscoped',

  'evaluations:form': byCourseId,
  'evaluations:saveForm': byCourseId,
  'evaluations:useDefault': byCourseId,
  'evaluations:results': byCourseId,
  'evaluations:exportPdf': byCourseId,
  'evaluations:paperForm': byCourseId,
  'evaluations:enterPaper': byCourseId,

  'kiosk:start': byCourseId,
  // The kiosk's course was checked when it started.
  'kiosk:status': 'unscoped',
  'kiosk:form': 'unscoped',
  'kiosk:submit': 'unscoped',
  'kiosk:leave': 'unscoped',
  // Employer names only (an organisation, never a person's data).
  'import:employers': 'unscoped',
  'import:preview': byCourseId,
  'import:apply': byCourseId,
  'import:badRows': byCourseId,
};

/** What the list handlers need to know of the caller. */
export interface Visibility {
  /** The courses a teacher sees; null for roles that see every course. */
  visibleCourses(): ReadonlySet<string> | null;
  /** The account of a teacher (a course they create becomes theirs); null for other roles. */
  teacherAccountId(): string | null;
}

export interface AccessOptions {
  /** The unlocked account's role, or null while locked. */
  role: () => StaffRole | null;
  /** The unlocked account's id (course assignments are by account). */
  accountId: () => string | null;
  teaches: (accountId: string, courseId: string) => boolean;
  lookup: CourseLookup;
}

/**
 * The check the dispatcher runs on valid input before the handler: a teacher
 * reaches only their own courses. Other roles see every course.
 */
export function courseAccessCheck(options: AccessOptions) {
  return (channel: ChannelName, input: unknown): void => {
    if (channelRoles[channel] === 'public' || options.role() !== 'teacher') return;
    const rule = (teacherScope as Record<string, Resolver<ChannelName> | 'unscoped' | undefined>)[channel];
    // A channel outside the table is not a teacher's: the role check refused it already; refuse again rather than trust that.
    if (rule === undefined) forbidden();
    if (rule === 'unscoped' || rule === undefined) return;
    const accountId = options.accountId();
    if (!accountId) forbidden();
    for (const courseId of rule(input as never, options.lookup)) {
      if (courseId === null || !options.teaches(accountId as string, courseId)) forbidden();
    }
  };
}

/**
 * What a teacher's answers may show of other courses: course lists in results
 * (a person's courses, a duplicate candidate's) keep the teacher's courses only.
 */
export function limitCourseRefs<T>(value: T, visible: ReadonlySet<string>): T {
  const limit = (item: unknown): unknown => {
    if (item && typeof item === 'object' && !Array.isArray(item) && Array.isArray((item as { courses?: unknown }).courses)) {
      const courses = (item as { courses: CourseRef[] }).courses;
      return { ...item, courses: courses.filter((c) => visible.has(c.id)) };
    }
    return item;
  };
  return (Array.isArray(value) ? value.map(limit) : limit(value)) as T;
}
