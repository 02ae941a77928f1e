import { useEffect, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMobile, formatNorwegianDate } from '@contract/formats';
import { IMPORT_ENCODINGS, IMPORT_FIELDS, MAX_IMPORT_FILE_BYTES } from '@contract/import-schemas';
import type { ImportField } from '@contract/import-schemas';
import type { ImportPreview, ImportPreviewRow } from '@contract/types';
import { BackToCourse } from '../../components/BackToCourse';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { validationText } from '../../i18n';
import { useCourse, useParticipantImport } from '../../stores';
import { base64OfBytes } from '../exchange/files';
import './import.css';

/** Importer deltakerliste: choose a file and the employer, check the columns, see every row, import, and send the bad rows back. */
export function ImportScreen({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const { course } = useCourse(courseId);
  const state = useParticipantImport();
  const [readError, setReadError] = useState<string | null>(null);

  useEffect(() => {
    useParticipantImport.getState().open(courseId);
  }, [courseId]);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    setReadError(null);
    const file = event.target.files?.[0];
    if (!file) return state.setFile(null);
    if (file.size > MAX_IMPORT_FILE_BYTES) return setReadError(t('participantImport.fileTooLarge', { name: file.name }));
    try {
      state.setFile({ name: file.name, base64: base64OfBytes(new Uint8Array(await file.arrayBuffer())) });
    } catch {
      setReadError(t('participantImport.fileReadFailed', { name: file.name }));
    }
  };

  const preview = state.preview;
  const applicable = preview ? preview.counts.create + preview.counts.match : 0;

  return (
    <section aria-labelledby="import-title" className="import">
      <BackToCourse courseId={courseId} />
      <h1 id="import-title">{t('participantImport.title')}</h1>
      {course && <p className="muted">{course.name}</p>}
      <p>{t('participantImport.intro')}</p>

      <form
        className="card import__source"
        onSubmit={(e) => {
          e.preventDefault();
          void state.read();
        }}
      >
        <div className="field">
          <label htmlFor="import-file" className="field__label">
            {t('participantImport.file')}
          </label>
          <input id="import-file" type="file" accept=".xlsx,.csv,.txt" className="field__control" aria-describedby="import-file-hint" onChange={(e) => void choose(e)} />
          <p id="import-file-hint" className="field__hint">
            {t('participantImport.fileHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="import-employer" className="field__label">
            {t('participantImport.employer')}
          </label>
          <input
            id="import-employer"
            className="field__control"
            list="import-employers"
            value={state.employerName}
            autoComplete="off"
            aria-describedby="import-employer-hint"
            onChange={(e) => state.setEmployer(e.target.value)}
          />
          <datalist id="import-employers">
            {state.employers.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <p id="import-employer-hint" className="field__hint">
            {t('participantImport.employerHint')}
          </p>
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={!state.file || !state.employerName.trim() || state.busy !== null}>
            {preview ? t('participantImport.updatePreview') : t('participantImport.read')}
          </button>
        </div>
      </form>

      <div aria-live="polite">
        {state.busy === 'reading' && (
          <p className="import__progress">
            <progress aria-label={t('participantImport.reading')} /> <span>{t('participantImport.reading')}</span>
          </p>
        )}
        {readError && <Notice kind="error">{readError}</Notice>}
        {state.error && <Notice kind="error">{state.error}</Notice>}
        {state.result && (
          <Notice kind="success">
            {t('participantImport.applied', { ...state.result })}
          </Notice>
        )}
      </div>

      {preview && <Mapping preview={preview} />}
      {preview && <PreviewTable preview={preview} />}

      {preview && !state.result && (
        <div className="actions import__apply">
          {state.busy === 'applying' ? (
            <p className="import__progress" role="status">
              <progress aria-label={t('participantImport.applying', { count: applicable })} /> <span>{t('participantImport.applying', { count: applicable })}</span>
            </p>
          ) : (
            <button type="button" className="button button--primary" disabled={applicable === 0 || preview.missingFields.length > 0 || state.busy !== null} onClick={() => void state.apply()}>
              {t('participantImport.apply', { count: applicable })}
            </button>
          )}
        </div>
      )}

      {preview && preview.counts.error > 0 && (
        <section className="card" aria-labelledby="import-bad-title">
          <h2 id="import-bad-title">{t('participantImport.badRowsTitle')}</h2>
          <p className="muted">{t('participantImport.badRowsHint')}</p>
          <div className="actions">
            <button type="button" className="button" disabled={state.busy !== null} onClick={() => void state.downloadBadRows('xlsx')}>
              {t('participantImport.downloadXlsx')}
            </button>
            <button type="button" className="button button--ghost" disabled={state.busy !== null} onClick={() => void state.downloadBadRows('csv')}>
              {t('participantImport.downloadCsv')}
            </button>
          </div>
        </section>
      )}
    </section>
  );
}

function Mapping({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const mapping = useParticipantImport((s) => s.mapping);
  const encoding = useParticipantImport((s) => s.encoding);
  const busy = useParticipantImport((s) => s.busy);
  const fields = IMPORT_FIELDS.filter((f) => preview.addressFields || !['street', 'postalCode', 'city'].includes(f));
  const changed = mapping !== null && mapping.some((f, i) => f !== (preview.columns[i]?.field ?? null));
  return (
    <section className="card" aria-labelledby="import-mapping-title">
      <h2 id="import-mapping-title">{t('participantImport.mappingTitle')}</h2>
      <p className="muted">
        {preview.sheet ? t('participantImport.sheet', { sheet: preview.sheet, row: preview.headerRow }) : t('participantImport.csvHeader', { row: preview.headerRow })}{' '}
        {t(`participantImport.mappingSource.${preview.mappingSource}`)}
      </p>
      {preview.format === 'csv' && preview.encoding && (
        <div className="field field--inline">
          <label htmlFor="import-encoding" className="field__label">
            {t('participantImport.encoding')}
          </label>
          <select
            id="import-encoding"
            className="field__control"
            value={encoding ?? preview.encoding}
            aria-describedby="import-encoding-hint"
            onChange={(e) => useParticipantImport.getState().setEncoding(e.target.value as (typeof IMPORT_ENCODINGS)[number])}
          >
            {IMPORT_ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {t(`participantImport.encodings.${e}`)}
              </option>
            ))}
          </select>
          {preview.encodingDetected && (
            <p id="import-encoding-hint" className="field__hint">
              {t('participantImport.encodingDetected', { encoding: t(`participantImport.encodings.${preview.encoding}`) })}
            </p>
          )}
        </div>
      )}
      <table className="table import__mapping">
        <thead>
          <tr>
            <th scope="col">{t('participantImport.column')}</th>
            <th scope="col">{t('participantImport.field')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((column) => (
            <tr key={column.index}>
              <th scope="row">{column.header || `#${column.index + 1}`}</th>
              <td>
                {column.ignored ? (
                  <span className="muted">{t('participantImport.ignoredColumn')}</span>
                ) : (
                  <select
                    className="field__control"
                    aria-label={`${t('participantImport.field')}: ${column.header || `#${column.index + 1}`}`}
                    value={(mapping ?? [])[column.index] ?? ''}
                    onChange={(e) => useParticipantImport.getState().setField(column.index, (e.target.value || null) as ImportField | null)}
                  >
                    <option value="">{t('participantImport.notImported')}</option>
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {t(`participantImport.fields.${f}`)}
                      </option>
                    ))}
                  </select>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.droppedColumns.length > 0 && <Notice kind="info">{t('participantImport.dropped', { columns: preview.droppedColumns.join(', ') })}</Notice>}
      {preview.missingFields.length > 0 && (
        <Notice kind="error">{t('participantImport.missing', { fields: preview.missingFields.map((f) => t(`participantImport.fields.${f}`)).join(', ') })}</Notice>
      )}
      {changed && (
        <div className="actions">
          <button type="button" className="button" disabled={busy !== null} onClick={() => void useParticipantImport.getState().read()}>
            {t('participantImport.updatePreview')}
          </button>
        </div>
      )}
    </section>
  );
}

function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const [onlyProblems, setOnlyProblems] = useState(false);
  const rows = onlyProblems ? preview.rows.filter((r) => r.status === 'error' || r.status === 'match') : preview.rows;
  return (
    <section className="card" aria-labelledby="import-preview-title">
      <h2 id="import-preview-title">{t('participantImport.previewTitle')}</h2>
      <p role="status">{t('participantImport.summary', preview.counts)}</p>
      <label className="checkbox">
        <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> {t('participantImport.onlyProblems')}
      </label>
      {rows.length === 0 ? (
        <p className="empty empty--small">{t('participantImport.noRows')}</p>
      ) : (
        <table className="table import__rows">
          <thead>
            <tr>
              <th scope="col">{t('participantImport.columns.row')}</th>
              <th scope="col">{t('participantImport.columns.status')}</th>
              <th scope="col">{t('participantImport.columns.name')}</th>
              <th scope="col">{t('participantImport.columns.birthDate')}</th>
              <th scope="col">{t('participantImport.columns.contact')}</th>
              <th scope="col">{t('participantImport.columns.action')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <PreviewRow key={row.row} row={row} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PreviewRow({ row }: { row: ImportPreviewRow }) {
  const { t } = useTranslation();
  const choice = useParticipantImport((s) => s.choices[row.row]);
  const v = row.values;
  const mobile = v.mobile && row.status !== 'error' ? formatMobile(v.mobile) : v.mobile;
  return (
    <tr className={`import__row import__row--${row.status}`}>
      <td>{row.row}</td>
      <td>
        <span className={`badge import__status--${row.status}`}>{t(`participantImport.status.${row.status}`)}</span>
      </td>
      <td>
        <PersonName firstName={v.firstName ?? ''} lastName={v.lastName ?? ''} />
      </td>
      <td className="nowrap">{v.birthDate && row.status !== 'error' ? formatNorwegianDate(v.birthDate) : v.birthDate}</td>
      <td>{[mobile, v.email].filter(Boolean).join(' · ')}</td>
      <td>
        {row.status === 'error' && (
          <ul className="import__problems">
            {row.problems.map((p, i) => (
              <li key={i}>
                <strong>{t(`participantImport.fields.${p.field}`)}:</strong> {problemText(p.key, p.params)}
              </li>
            ))}
          </ul>
        )}
        {row.status === 'create' && t('participantImport.willCreate')}
        {row.status === 'enrolled' && t('participantImport.willSkip')}
        {row.status === 'match' && row.match && (
          <>
            <p className="import__match">
              {t('participantImport.matchOf', {
                name: `${row.match.firstName} ${row.match.lastName}`,
                date: formatNorwegianDate(row.match.birthDate),
                reasons: row.match.reasons.map((r) => t(`participantImport.reasons.${r}`)).join(', '),
              })}
            </p>
            <select
              className="field__control"
              aria-label={t('participantImport.actionFor', { row: row.row })}
              value={choice ?? row.action ?? 'enrol'}
              onChange={(e) => useParticipantImport.getState().choose(row.row, e.target.value as 'enrol' | 'create')}
            >
              <option value="enrol">{t('participantImport.actions.enrol')}</option>
              <option value="create">{t('participantImport.actions.create')}</option>
            </select>
          </>
        )}
      </td>
    </tr>
  );
}

const problemText = (key: string, params?: Record<string, string>) =>
  validationText(key).replace(/\{(\w+)\}/g, (whole, name: string) => params?.[name] ?? whole);
