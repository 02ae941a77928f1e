import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { MergeField, RequestStatus, WithdrawalReason } from '@contract/privacy-schemas';
import type { MergePreview, MergeResult, ParticipantDetail, ParticipantSearchHit, PrivacyRequest } from '@contract/types';
import { can } from '../can';
import { call, neo } from '../neo';
import { useRequests } from './requests';

/**
 * The person open on the participant's page, as the lifecycle panel sees it:
 * their enrollment on this course (withdrawn or not, restricted or not), their
 * requests, and what can be done: withdraw, reinstate, remove a registration
 * made in error, merge with another record, record and resolve requests.
 */
interface LifecycleState {
  courseId: string | null;
  participantId: string | null;
  detail: ParticipantDetail | null;
  requests: PrivacyRequest[] | null;
  error: string | null;
  /** Goes up when the person's fields change here (a merge), so the form on the same page reads them again. */
  revision: number;
  open: (courseId: string, participantId: string) => Promise<void>;
  /** The form saved the person: keep its answer, and read the requests again (a correction may have closed one). */
  saved: (detail: ParticipantDetail) => Promise<void>;
  withdraw: (date: string, reason: WithdrawalReason | undefined) => Promise<Envelope<ParticipantDetail>>;
  reinstate: () => Promise<Envelope<ParticipantDetail>>;
  removeRegistration: () => Promise<Envelope<{ personErased: boolean }>>;
  /** Other records the person may have, for merging: everyone the search finds except this record. */
  searchOthers: (query: string) => Promise<Envelope<ParticipantSearchHit[]>>;
  mergePreview: (mergeId: string) => Promise<Envelope<MergePreview>>;
  merge: (mergeId: string, take: Partial<Record<MergeField, 'keep' | 'merge'>>) => Promise<Envelope<MergeResult>>;
  createRequest: (input: Omit<ChannelInput<'requests:create'>, 'participantId'>) => Promise<Envelope<PrivacyRequest>>;
  resolveRequest: (id: string, status: Exclude<RequestStatus, 'open'>, note: string) => Promise<Envelope<PrivacyRequest>>;
  reset: () => void;
}

const initial = { courseId: null, participantId: null, detail: null, requests: null, error: null, revision: 0 };

const notOpen = <T>(): Envelope<T> => ({ ok: false, error: { code: 'NOT_FOUND', message: '' } });

export const useLifecycle = create<LifecycleState>()((set, get) => {
  /** The open person's ids, or null when the page has moved on. */
  const ids = () => {
    const { courseId, participantId } = get();
    return courseId && participantId ? { courseId, participantId } : null;
  };
  /** Drops an answer about someone who is no longer open. */
  const stillOpen = (participantId: string) => get().participantId === participantId;

  const loadDetail = async () => {
    const open = ids();
    if (!open) return;
    const result = await call(() => neo().participants.get(open));
    if (!stillOpen(open.participantId)) return;
    if (result.ok) set({ detail: result.value, error: null });
    else set({ error: result.error.message });
  };

  const loadRequests = async () => {
    const open = ids();
    if (!open) return;
    // Requests are the coordinator's: a teacher's screen shows none and asks for none.
    if (!can('requests:list')) {
      set({ requests: [] });
      return;
    }
    const result = await call(() => neo().requests.list({ participantId: open.participantId }));
    if (!stillOpen(open.participantId)) return;
    if (result.ok) set({ requests: result.value });
    else set({ error: result.error.message });
  };

  /** After a change to requests: this person's list and the menu's summary. */
  const requestsChanged = () => Promise.all([loadRequests(), useRequests.getState().fetchSummary()]);

  return {
    ...initial,

    open: async (courseId, participantId) => {
      if (get().courseId !== courseId || get().participantId !== participantId) set({ ...initial, courseId, participantId, revision: get().revision });
      await Promise.all([loadDetail(), loadRequests()]);
    },

    saved: async (detail) => {
      if (!stillOpen(detail.participantId)) return;
      set({ detail });
      await requestsChanged();
    },

    withdraw: async (date, reason) => {
      const open = ids();
      if (!open) return notOpen();
      // The schema says what is missing; an empty reason goes as it is.
      const result = await call(() => neo().participants.withdraw({ ...open, date, reason: reason as WithdrawalReason }));
      if (result.ok && stillOpen(open.participantId)) set({ detail: result.value });
      return result;
    },

    reinstate: async () => {
      const open = ids();
      if (!open) return notOpen();
      const result = await call(() => neo().participants.reinstate(open));
      if (result.ok && stillOpen(open.participantId)) set({ detail: result.value });
      return result;
    },

    removeRegistration: async () => {
      const open = ids();
      if (!open) return notOpen();
      const result = await call(() => neo().participants.removeRegistration(open));
      if (result.ok) void useRequests.getState().fetchSummary();
      return result;
    },

    searchOthers: async (query) => {
      const open = ids();
      if (!open) return notOpen();
      const result = await call(() => neo().participants.search({ query: query.slice(0, 100), limit: 20 }));
      return result.ok ? { ok: true, value: result.value.filter((hit) => hit.participantId !== open.participantId) } : result;
    },

    mergePreview: async (mergeId) => {
      const open = ids();
      if (!open) return notOpen();
      return call(() => neo().participants.mergePreview({ keepId: open.participantId, mergeId }));
    },

    merge: async (mergeId, take) => {
      const open = ids();
      if (!open) return notOpen();
      const result = await call(() => neo().participants.merge({ keepId: open.participantId, mergeId, take }));
      if (result.ok && stillOpen(open.participantId)) {
        set((state) => ({ revision: state.revision + 1 }));
        await Promise.all([loadDetail(), requestsChanged()]);
      }
      return result;
    },

    createRequest: async (input) => {
      const open = ids();
      if (!open) return notOpen();
      const result = await call(() => neo().requests.create({ ...input, participantId: open.participantId }));
      if (result.ok) await Promise.all([requestsChanged(), loadDetail()]);
      return result;
    },

    resolveRequest: async (id, status, note) => {
      const result = await call(() => neo().requests.resolve({ id, status, note }));
      if (result.ok) await Promise.all([requestsChanged(), loadDetail()]);
      return result;
    },

    reset: () => set(initial),
  };
});
