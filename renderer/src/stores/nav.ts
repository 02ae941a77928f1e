import { create } from 'zustand';

/** The screens inside the unlocked app. Small enough that a router would be overkill. */
export type Route =
  | { name: 'courses' }
  | { name: 'courseNew' }
  | { name: 'courseEdit'; courseId: string }
  | { name: 'course'; courseId: string }
  | { name: 'participantNew'; courseId: string }
  /** Importer deltakerliste: an employer's list into the course. */
  | { name: 'participantImport'; courseId: string }
  | { name: 'participantEdit'; courseId: string; participantId: string }
  | { name: 'sessions'; courseId: string }
  | { name: 'rollCall'; courseId: string; sessionId: string }
  | { name: 'attendanceOverview'; courseId: string }
  | { name: 'certificates'; courseId: string }
  | { name: 'verify' }
  | { name: 'search' }
  | { name: 'settings' }
  | { name: 'provider' }
  /** The Sletting screen; with a course, the preview of erasing it (forced: deleting a course that has records). */
  | { name: 'deletion'; courseId?: string; force?: boolean }
  | { name: 'requests' }
  | { name: 'processing' }
  /** Utveksling: the head-office exchange, on one of its tabs. */
  | { name: 'exchange'; tab?: ExchangeTab }
  /** A course's evaluation (kiosk, paper forms, results), and results across courses. */
  | { name: 'evaluation'; courseId: string }
  | { name: 'evaluations' };

export type ExchangeTab = 'keys' | 'send' | 'import' | 'receipts' | 'history';

interface NavState {
  route: Route;
  /** A one-off confirmation shown on the next screen ("Kurset er lagret."). */
  notice: string | null;
  go: (route: Route, notice?: string | null) => void;
  clearNotice: () => void;
  reset: () => void;
}

export const useNav = create<NavState>()((set) => ({
  route: { name: 'courses' },
  notice: null,
  go: (route, notice = null) => set({ route, notice }),
  clearNotice: () => set({ notice: null }),
  reset: () => set({ route: { name: 'courses' }, notice: null }),
}));
