import { useAbsence } from './absence';
import { useAccounts } from './accounts';
import { useCourse, useCourseList, useCourses } from './courses';
import { useCourseTeachers } from './courseTeachers';
import { useExchange } from './exchange';
import { useLifecycle } from './lifecycle';
import { useNav } from './nav';
import { useOverview } from './overview';
import { useParticipants } from './participants';
import { useParticipantImport } from './participantImport';
import { useProvider } from './provider';
import { useRequests } from './requests';
import { useRetention } from './retention';
import { useRollCall } from './rollCall';
import { useSearch } from './search';
import { useSession } from './session';
import { useSessions } from './sessions';
import type { LockReason } from './session';

/**
 * Every store that holds data read from the core. Each feature's store owns its
 * calls to window.neo; a new store is added here, so a lock forgets it.
 */
const DATA_STORES: { getState: () => { reset: () => void } }[] = [
  useAccounts,
  useCourses,
  useCourseTeachers,
  useParticipants,
  useParticipantImport,
  useRollCall,
  useSessions,
  useOverview,
  useSearch,
  useProvider,
  useLifecycle,
  useRequests,
  useRetention,
  useExchange,
  useAbsence,
  useParticipantImport,
];

/**
 * Forgets every piece of data the renderer holds; used whenever the vault locks.
 * The route stays: it holds only ids, so after the unlock the same screen opens
 * and reads its data again. A one-off notice goes, as it may name something.
 */
export function resetDataStores(): void {
  for (const store of DATA_STORES) store.getState().reset();
  useNav.getState().clearNotice();
}

/** Back to the unlock screen with nothing left in memory but where the user was. */
export function showLocked(reason: LockReason): void {
  resetDataStores();
  useSession.getState().lockedOut(reason);
}

export {
  useAbsence,
  useAccounts,
  useCourse,
  useCourseList,
  useCourses,
  useCourseTeachers,
  useExchange,
  useLifecycle,
  useNav,
  useOverview,
  useParticipants,
  useParticipantImport,
  useProvider,
  useRequests,
  useRetention,
  useRollCall,
  useSearch,
  useSession,
  useSessions,
};
