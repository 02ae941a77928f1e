import { useCourses } from './courses';
import { useNav } from './nav';
import { useParticipants } from './participants';
import { useRollCall } from './rollCall';
import { useSession } from './session';
import type { LockReason } from './session';

/** Forgets every piece of data the renderer holds; used whenever the vault locks. */
export function resetDataStores(): void {
  useCourses.getState().reset();
  useParticipants.getState().reset();
  useRollCall.getState().reset();
  useNav.getState().reset();
}

/** Back to the unlock screen with nothing left in memory. */
export function showLocked(reason: LockReason): void {
  resetDataStores();
  useSession.getState().lockedOut(reason);
}

export { useCourses, useNav, useParticipants, useRollCall, useSession };
