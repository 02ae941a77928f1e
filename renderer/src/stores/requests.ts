import { create } from 'zustand';
import type { Envelope } from '@contract/envelope';
import type { RequestStatus } from '@contract/privacy-schemas';
import type { PrivacyRequest, RequestSummary } from '@contract/types';
import { call, neo } from '../neo';

export type RequestFilter = RequestStatus | 'all';

/**
 * Requests from people (the "Forespørsler" screen) and the summary of what is
 * due, which the Personvern menu item shows as a badge.
 */
interface RequestsState {
  filter: RequestFilter;
  /** null until the first answer. */
  items: PrivacyRequest[] | null;
  error: string | null;
  summary: RequestSummary | null;
  setFilter: (filter: RequestFilter) => void;
  load: () => Promise<void>;
  fetchSummary: () => Promise<void>;
  /** Closes a request, then reads the list and the summary again. */
  resolve: (id: string, status: Exclude<RequestStatus, 'open'>, note: string) => Promise<Envelope<PrivacyRequest>>;
  reset: () => void;
}

const initial = { filter: 'open' as RequestFilter, items: null, error: null, summary: null };

/** The latest list request: answers to older ones (another filter) are dropped. */
let requestSeq = 0;

export const useRequests = create<RequestsState>()((set, get) => ({
  ...initial,

  setFilter: (filter) => {
    set({ filter });
    void get().load();
  },

  load: async () => {
    const seq = ++requestSeq;
    const { filter } = get();
    const result = await call(() => neo().requests.list(filter === 'all' ? {} : { status: filter }));
    if (seq !== requestSeq) return;
    if (result.ok) set({ items: result.value, error: null });
    else set({ error: result.error.message });
  },

  fetchSummary: async () => {
    const result = await call(() => neo().requests.summary({}));
    if (result.ok) set({ summary: result.value });
  },

  resolve: async (id, status, note) => {
    const result = await call(() => neo().requests.resolve({ id, status, note }));
    if (result.ok) await Promise.all([get().load(), get().fetchSummary()]);
    return result;
  },

  reset: () => {
    requestSeq++;
    set(initial);
  },
}));
