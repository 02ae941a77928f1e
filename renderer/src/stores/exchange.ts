import { create } from 'zustand';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type {
  BatchHistoryItem,
  BatchImportResult,
  BatchInspection,
  Course,
  ExchangeIdentity,
  ExchangePeer,
  ExchangeRole,
  ExportedFile,
  KeyFilePreview,
  ReceiptImportResult,
  ReceiptResult,
  SentBatch,
} from '@contract/types';
import { call, neo } from '../neo';

/** A file the user chose, read by the renderer, as the exchange channels take it. */
export interface ChosenFile {
  name: string;
  base64: string;
}

/** One batch file of the import, as inspected, and what became of it. */
export interface ImportItem {
  inspection: BatchInspection;
  /** Set while it is being approved or applied. */
  busy: 'approving' | 'applying' | null;
  result: BatchImportResult | null;
  error: string | null;
}

interface ExchangeState {
  identity: ExchangeIdentity | null;
  peers: ExchangePeer[] | null;
  history: BatchHistoryItem[] | null;
  courses: Course[] | null;
  loadError: string | null;
  /** The batch files chosen for import (kept for approve and apply, which verify them again). */
  importFiles: ChosenFile[];
  importItems: ImportItem[] | null;
  inspecting: boolean;
  importError: string | null;

  /** Reads identity, peers, history and the course list. */
  load: () => Promise<void>;
  loadHistory: () => Promise<void>;
  setRole: (role: ExchangeRole, deviceName?: string) => Promise<Envelope<ExchangeIdentity>>;
  keyFile: () => Promise<Envelope<ExportedFile>>;
  readKeyFile: (file: ChosenFile) => Promise<Envelope<KeyFilePreview>>;
  addPeer: (file: ChosenFile, fingerprint: string) => Promise<Envelope<ExchangePeer>>;
  exportBatch: (input: ChannelInput<'exchange:export'>) => Promise<Envelope<SentBatch>>;
  /** Inspects the chosen batch files; nothing is written. */
  inspect: (files: ChosenFile[]) => Promise<void>;
  clearImport: () => void;
  /** Approves the unknown sender of one inspected batch, then inspects the files again. */
  approve: (deviceId: string, fingerprint: string) => Promise<void>;
  apply: (batchId: string) => Promise<void>;
  writeReceipt: (deviceId: string, folderId: string) => Promise<Envelope<ReceiptResult>>;
  importReceipt: (files: ChosenFile[]) => Promise<Envelope<ReceiptImportResult>>;
  reset: () => void;
}

const initial = {
  identity: null,
  peers: null,
  history: null,
  courses: null,
  loadError: null,
  importFiles: [],
  importItems: null,
  inspecting: false,
  importError: null,
};

const itemsOf = (inspections: BatchInspection[]): ImportItem[] => inspections.map((inspection) => ({ inspection, busy: null, result: null, error: null }));

/** Answers to an import that was replaced (other files chosen, or a lock) are dropped. */
let importSeq = 0;

/**
 * The head-office exchange (Utveksling): this installation's keys and role,
 * the installations it sends to or receives from, sending batches, the
 * verified import with its preview, receipts and the history.
 */
export const useExchange = create<ExchangeState>()((set, get) => {
  const updateItem = (batchId: string, change: Partial<ImportItem>) =>
    set((state) => ({
      importItems: state.importItems?.map((item) => (item.inspection.batchId === batchId ? { ...item, ...change } : item)) ?? null,
    }));

  const loadPeers = async () => {
    const result = await call(() => neo().exchange.peers({}));
    if (result.ok) set({ peers: result.value });
  };

  return {
    ...initial,

    load: async () => {
      const [identity, peers, history, courses] = await Promise.all([
        call(() => neo().exchange.identity({})),
        call(() => neo().exchange.peers({})),
        call(() => neo().exchange.history({})),
        call(() => neo().courses.list({})),
      ]);
      const failed = [identity, peers, history, courses].find((r) => !r.ok);
      set({
        identity: identity.ok ? identity.value : get().identity,
        peers: peers.ok ? peers.value : get().peers,
        history: history.ok ? history.value : get().history,
        courses: courses.ok ? courses.value : get().courses,
        loadError: failed && !failed.ok ? failed.error.message : null,
      });
    },

    loadHistory: async () => {
      const result = await call(() => neo().exchange.history({}));
      if (result.ok) set({ history: result.value });
    },

    setRole: async (role, deviceName) => {
      const result = await call(() => neo().exchange.setRole(deviceName ? { role, deviceName } : { role }));
      if (result.ok) set({ identity: result.value });
      return result;
    },

    keyFile: () => call(() => neo().exchange.keyFile({})),

    readKeyFile: (file) => call(() => neo().exchange.readKeyFile({ file })),

    addPeer: async (file, fingerprint) => {
      const result = await call(() => neo().exchange.addPeer({ file, fingerprint }));
      if (result.ok) await loadPeers();
      return result;
    },

    exportBatch: async (input) => {
      const result = await call(() => neo().exchange.export(input));
      if (result.ok) await get().loadHistory();
      return result;
    },

    inspect: async (files) => {
      const seq = ++importSeq;
      set({ importFiles: files, importItems: null, inspecting: true, importError: null });
      const result = await call(() => neo().exchange.inspect({ files }));
      if (seq !== importSeq) return;
      if (result.ok) set({ importItems: itemsOf(result.value), inspecting: false });
      else set({ importError: result.error.message, inspecting: false });
    },

    clearImport: () => {
      importSeq++;
      set({ importFiles: [], importItems: null, inspecting: false, importError: null });
    },

    approve: async (deviceId, fingerprint) => {
      const seq = importSeq;
      const files = get().importFiles;
      const batchIds = (get().importItems ?? []).filter((i) => i.inspection.sender?.deviceId === deviceId).map((i) => i.inspection.batchId ?? '');
      for (const id of batchIds) updateItem(id, { busy: 'approving', error: null });
      const result = await call(() => neo().exchange.approveDevice({ files, deviceId, fingerprint }));
      if (seq !== importSeq) return;
      if (!result.ok) {
        for (const id of batchIds) updateItem(id, { busy: null, error: result.error.message });
        return;
      }
      await loadPeers();
      // Approved: the same files are checked again, now against the approved key.
      const again = await call(() => neo().exchange.inspect({ files }));
      if (seq !== importSeq) return;
      if (again.ok) {
        // Batches already taken in keep their result.
        const done = new Map((get().importItems ?? []).filter((i) => i.result).map((i) => [i.inspection.batchId, i]));
        set({ importItems: again.value.map((inspection) => done.get(inspection.batchId) ?? { inspection, busy: null, result: null, error: null }) });
      } else {
        for (const id of batchIds) updateItem(id, { busy: null, error: again.error.message });
      }
    },

    apply: async (batchId) => {
      const seq = importSeq;
      updateItem(batchId, { busy: 'applying', error: null });
      const result = await call(() => neo().exchange.apply({ files: get().importFiles, batchId }));
      if (seq !== importSeq) return;
      if (result.ok) updateItem(batchId, { busy: null, result: result.value });
      else updateItem(batchId, { busy: null, error: result.error.message });
      await get().loadHistory();
    },

    writeReceipt: async (deviceId, folderId) => {
      const result = await call(() => neo().exchange.receipt({ deviceId, folderId }));
      if (result.ok) await get().loadHistory();
      return result;
    },

    importReceipt: async (files) => {
      const result = await call(() => neo().exchange.importReceipt({ files }));
      if (result.ok) await get().loadHistory();
      return result;
    },

    reset: () => {
      importSeq++;
      set(initial);
    },
  };
});
