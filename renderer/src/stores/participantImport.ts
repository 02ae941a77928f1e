import { create } from 'zustand';
import type { ImportEncoding, ImportField } from '@contract/import-schemas';
import type { ImportPreview, ImportResult } from '@contract/types';
import { saveExportedFile } from '../features/attendance/download';
import { call, neo } from '../neo';
import type { ChosenFile } from './exchange';

/**
 * The import of an employer's list into one course. The file's bytes stay in
 * this store only while the screen is open (a lock resets it); every call
 * sends them again, and the core keeps nothing of them.
 */
interface ImportState {
  courseId: string | null;
  file: ChosenFile | null;
  employerName: string;
  employers: string[];
  mapping: (ImportField | null)[] | null;
  encoding: ImportEncoding | null;
  preview: ImportPreview | null;
  /** Rows whose action differs from the default. */
  choices: Record<number, 'enrol' | 'create'>;
  busy: 'reading' | 'applying' | 'downloading' | null;
  error: string | null;
  result: ImportResult | null;
  open: (courseId: string) => void;
  setFile: (file: ChosenFile | null) => void;
  setEmployer: (name: string) => void;
  setField: (column: number, field: ImportField | null) => void;
  setEncoding: (encoding: ImportEncoding) => void;
  choose: (row: number, action: 'enrol' | 'create') => void;
  read: () => Promise<void>;
  apply: () => Promise<void>;
  downloadBadRows: (format: 'xlsx' | 'csv') => Promise<void>;
  reset: () => void;
}

const initial = {
  courseId: null,
  file: null,
  employerName: '',
  employers: [],
  mapping: null,
  encoding: null,
  preview: null,
  choices: {},
  busy: null,
  error: null,
  result: null,
};

export const useParticipantImport = create<ImportState>()((set, get) => {
  const request = () => {
    const { courseId, file, employerName, mapping, encoding } = get();
    return {
      courseId: courseId!,
      file: file!,
      employerName: employerName.trim(),
      ...(mapping ? { mapping } : {}),
      ...(encoding ? { encoding } : {}),
    };
  };
  return {
    ...initial,
    open: (courseId) => {
      set({ ...initial, courseId });
      void call(() => neo().import.employers({})).then((r) => {
        if (r.ok && get().courseId === courseId) set({ employers: r.value });
      });
    },
    // A new file or employer starts over: the mapping is the employer's or guessed again.
    setFile: (file) => set({ file, preview: null, mapping: null, encoding: null, choices: {}, result: null, error: null }),
    setEmployer: (employerName) => set({ employerName, preview: null, mapping: null, choices: {}, result: null }),
    setField: (column, field) => {
      const mapping = [...(get().mapping ?? get().preview?.columns.map((c) => c.field) ?? [])];
      // A field comes from one column: choosing it here takes it from the other.
      if (field) for (let i = 0; i < mapping.length; i++) if (mapping[i] === field) mapping[i] = null;
      mapping[column] = field;
      set({ mapping });
    },
    setEncoding: (encoding) => {
      set({ encoding });
      void get().read();
    },
    choose: (row, action) => set({ choices: { ...get().choices, [row]: action } }),
    read: async () => {
      if (!get().file || !get().courseId) return;
      set({ busy: 'reading', error: null, result: null });
      const result = await call(() => neo().import.preview(request()));
      if (result.ok) set({ preview: result.value, mapping: result.value.columns.map((c) => c.field), busy: null });
      else set({ preview: null, busy: null, error: messageOf(result.error) });
    },
    apply: async () => {
      const { preview, choices } = get();
      if (!preview) return;
      set({ busy: 'applying', error: null });
      const result = await call(() =>
        neo().import.apply({
          ...request(),
          mapping: get().mapping ?? preview.columns.map((c) => c.field),
          choices: Object.entries(choices).map(([row, action]) => ({ row: Number(row), action })),
        }),
      );
      if (result.ok) set({ result: result.value, busy: null });
      else set({ busy: null, error: messageOf(result.error) });
    },
    downloadBadRows: async (format) => {
      set({ busy: 'downloading', error: null });
      const result = await call(() => neo().import.badRows({ ...request(), format }));
      set({ busy: null });
      if (result.ok) saveExportedFile(result.value);
      else set({ error: messageOf(result.error) });
    },
    reset: () => set(initial),
  };
});

const messageOf = (error: { message: string; fields?: Record<string, string> }) =>
  error.fields ? [error.message, ...Object.values(error.fields)].join(' ') : error.message;
