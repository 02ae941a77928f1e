import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { CourseSession, SessionPlan } from '@contract/types';
import { todayInNorway } from '../features/attendance/format';
import { i18n } from '../i18n';
import { call, neo } from '../neo';
import { useNav } from './nav';

/** The sessions (økter) of the course that is open: the plan, and the ways to make and change them. */
interface SessionsState {
  courseId: string | null;
  plan: SessionPlan | null;
  error: string | null;
  /** Reads the plan of a course (again). */
  load: (courseId: string) => Promise<void>;
  /** Cancels or restores a session, then reads the plan again. */
  /** A session whose list is signed off needs a reason to be cancelled or restored. */
  setCancelled: (session: CourseSession, cancelled: boolean, reason?: string) => Promise<Envelope<CourseSession>>;
  /** Makes sessions from a weekly pattern; `created` is how many are new. */
  generate: (input: ChannelInput<'sessions:generate'>) => Promise<Envelope<{ plan: SessionPlan; created: number }>>;
  add: (input: ChannelInput<'sessions:add'>) => Promise<Envelope<CourseSession>>;
  move: (input: ChannelInput<'sessions:move'>) => Promise<Envelope<CourseSession>>;
  /** Opens the roll call for today's session when there is one, else the session list to choose from. */
  openTodaysRollCall: (courseId: string) => Promise<void>;
  clearError: () => void;
  reset: () => void;
}

const initial = { courseId: null, plan: null, error: null };

export const useSessions = create<SessionsState>()((set, get) => {
  /** Reads the plan again after a change, for the course still open. */
  const reload = async () => {
    const { courseId } = get();
    if (courseId) await get().load(courseId);
  };

  return {
    ...initial,

    load: async (courseId) => {
      if (get().courseId !== courseId) set({ ...initial, courseId });
      const result = await call(() => neo().sessions.list({ courseId }));
      if (get().courseId !== courseId) return;
      if (result.ok) set({ plan: result.value, error: null });
      else set({ error: result.error.message });
    },

    setCancelled: async (session, cancelled, reason) => {
      const result = await call(() => neo().sessions.setCancelled({ sessionId: session.id, cancelled, ...(reason ? { reason } : {}) }));
      if (!result.ok) {
        // A refused reason is the dialog's to show; anything else is the screen's.
        if (!result.error.fields?.reason) set({ error: result.error.message });
        return result;
      }
      set({ error: null });
      await reload();
      return result;
    },

    generate: async (input) => {
      const before = get().courseId === input.courseId ? (get().plan?.sessions.length ?? 0) : 0;
      const result = await call(() => neo().sessions.generate(input));
      if (!result.ok) return result;
      if (get().courseId === input.courseId) set({ plan: result.value, error: null });
      return { ok: true, value: { plan: result.value, created: result.value.sessions.length - before } };
    },

    add: async (input) => {
      const result = await call(() => neo().sessions.add(input));
      if (result.ok) {
        set({ error: null });
        await reload();
      }
      return result;
    },

    move: async (input) => {
      const result = await call(() => neo().sessions.move(input));
      if (result.ok) {
        set({ error: null });
        await reload();
      }
      return result;
    },

    openTodaysRollCall: async (courseId) => {
      const { go } = useNav.getState();
      const result = await call(() => neo().sessions.list({ courseId }));
      const today = todayInNorway();
      const session = result.ok ? result.value.sessions.find((s) => s.date === today && !s.cancelled) : undefined;
      if (session) go({ name: 'rollCall', courseId, sessionId: session.id });
      else go({ name: 'sessions', courseId }, result.ok ? i18n.t('course.noSessionToday') : result.error.message);
    },

    clearError: () => set({ error: null }),

    reset: () => set(initial),
  };
});
