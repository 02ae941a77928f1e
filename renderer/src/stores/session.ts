import { create } from 'zustand';
import type { Session, Settings } from '@contract/types';

/** Where the app is: which of the top-level screens shows. */
export type Phase = 'loading' | 'uninitialized' | 'locked' | 'unlocked' | 'unavailable' | 'kiosk';

/** Why the unlock screen shows, so it can say so. */
export type LockReason = 'start' | 'manual' | 'idle' | 'remote';

interface SessionState {
  phase: Phase;
  session: Session | null;
  lockReason: LockReason;
  /** Set when the vault status could not be read at start (corrupt or missing key file). */
  startError: string | null;
  setPhase: (phase: Phase, startError?: string | null) => void;
  signIn: (session: Session) => void;
  applySettings: (settings: Settings) => void;
  lockedOut: (reason: LockReason) => void;
  reset: () => void;
}

const initial = { phase: 'loading' as Phase, session: null, lockReason: 'start' as LockReason, startError: null };

export const useSession = create<SessionState>()((set) => ({
  ...initial,
  setPhase: (phase, startError = null) => set({ phase, startError }),
  signIn: (session) => set({ phase: 'unlocked', session, startError: null }),
  applySettings: (settings) => set((state) => (state.session ? { session: { ...state.session, ...settings } } : {})),
  lockedOut: (lockReason) => set({ phase: 'locked', session: null, lockReason }),
  reset: () => set(initial),
}));
