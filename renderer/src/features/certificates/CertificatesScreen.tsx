import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '@contract/envelope';
import { formatNorwegianDate } from '@contract/formats';
import type { CertificateBatchItem } from '@contract/certificate-schemas';
import type { CertificateEligibility, CertificateEligibilityRow, ExportedFile } from '@contract/types';
import { BackToCourse } from '../../components/BackToCourse';
import { TextField } from '../../components/fields';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';
import { validationText } from '../../i18n';
import { call, neo } from '../../neo';
import { canChooseFolder, chooseFolder } from '../../platform';
import { useNav } from '../../stores';
import { saveExportedFile } from '../attendance/download';
import { formatHours } from '../attendance/format';
import { PdfViewer } from '../pdf/PdfViewer';
import { BatchOutcomeNotice, BatchProgress } from './BatchProgress';
import { OverrideDialog } from './OverrideDialog';
import { useCertificateBatch } from './useCertificateBatch';
import type { BatchOutcome } from './useCertificateBatch';

type Language = 'nb' | 'en';
type OutputMode = 'single' | 'perParticipant';

/** What the coordinator chose for one participant. */
interface Choice {
  selected: boolean;
  language: Language;
  /** Written reason for issuing to someone who does not meet the requirement. */
  overrideReason: string | null;
}

const listName = (row: CertificateEligibilityRow) => `${row.lastName}, ${row.firstName}`;

/** Everyone who meets the requirement is selected at first; language choices survive a reload. */
function initialChoices(rows: CertificateEligibilityRow[], previous: Record<string, Choice>): Record<string, Choice> {
  return Object.fromEntries(
    rows.map((row) => [row.participantId, previous[row.participantId] ?? { selected: row.eligible, language: 'nb', overrideReason: null }]),
  );
}

/**
 * Field errors of a refused batch by participant: the core names them by
 * position in the batch ("items.2.participantId").
 */
function rowErrorsOf(error: AppErrorShape, items: CertificateBatchItem[]): Record<string, string> {
  const byParticipant: Record<string, string> = {};
  for (const [path, text] of Object.entries(error.fields ?? {})) {
    const match = /^items\.(\d+)\./.exec(path);
    const participantId = match ? items[Number(match[1])]?.participantId : undefined;
    if (participantId) byParticipant[participantId] = byParticipant[participantId] ? `${byParticipant[participantId]} ${text}` : text;
  }
  return byParticipant;
}

/** A course's certificates: who is eligible and why not, selection, language, output, the batch and previews. */
export function CertificatesScreen({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [eligibility, setEligibility] = useState<CertificateEligibility | null>(null);
  const [courseName, setCourseName] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [overrideFor, setOverrideFor] = useState<CertificateEligibilityRow | null>(null);
  const [mode, setMode] = useState<OutputMode>('single');
  const [folder, setFolder] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [outcome, setOutcome] = useState<{ result: BatchOutcome; folder: string } | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  /** The PDF shown in the viewer: a draft preview, or the finished batch. */
  const [viewing, setViewing] = useState<{ title: string; heading?: ReactNode; file: ExportedFile } | null>(null);
  // The folder of the batch that is running, for its outcome (the field may be edited meanwhile).
  const batchFolder = useRef('');

  const load = useCallback(
    () =>
      call(() => neo().certificates.eligibility({ courseId })).then((result) => {
        if (!result.ok) {
          setLoadError(result.error.message);
          return;
        }
        setEligibility(result.value);
        setChoices((previous) => initialChoices(result.value.rows, previous));
      }),
    [courseId],
  );

  useEffect(() => {
    void Promise.all([load(), call(() => neo().courses.get({ id: courseId }))]).then(([, course]) => {
      if (course.ok) setCourseName(course.value.name);
    });
  }, [courseId, load]);

  const onFinished = useCallback(
    (result: BatchOutcome) => {
      if (result.file) saveExportedFile(result.file);
      setOutcome({ result, folder: batchFolder.current });
      // New certificate numbers (and replaced ones) show in the list.
      void load();
    },
    [load],
  );
  const batch = useCertificateBatch(onFinished);
  const running = batch.status !== null;

  if (!eligibility) {
    return loadError ? <Notice kind="error">{loadError}</Notice> : <p className="muted">{t('common.loading')}</p>;
  }

  const rows = eligibility.rows;
  const selectedRows = rows.filter((row) => choices[row.participantId]?.selected);
  const update = (participantId: string, change: Partial<Choice>) => {
    setChoices((all) => {
      const current = all[participantId];
      return current ? { ...all, [participantId]: { ...current, ...change } } : all;
    });
    setRowErrors(({ [participantId]: _dropped, ...rest }) => rest);
  };

  const toggle = (row: CertificateEligibilityRow, checked: boolean) => {
    if (!checked) update(row.participantId, { selected: false, overrideReason: null });
    else if (row.eligible) update(row.participantId, { selected: true });
    else setOverrideFor(row); // selected only once a reason is given
  };

  const selectEligible = (onlyEligible: boolean) => {
    setChoices((all) =>
      Object.fromEntries(
        rows.map((row) => [
          row.participantId,
          { language: all[row.participantId]?.language ?? 'nb', selected: onlyEligible && row.eligible, overrideReason: null },
        ]),
      ),
    );
    setRowErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (running || starting) return;
    setFormError(null);
    setFieldErrors({});
    setOutcome(null);
    setPreviewError(null);
    if (selectedRows.length === 0) {
      setFormError(t('certificates.nothingSelected'));
      return;
    }
    if (mode === 'perParticipant' && folder.trim() === '') {
      setFieldErrors({ folder: validationText('folderRequired') });
      document.getElementById('certificate-folder')?.focus();
      return;
    }
    const items: CertificateBatchItem[] = selectedRows.map((row) => {
      const choice = choices[row.participantId]!;
      return {
        participantId: row.participantId,
        language: choice.language,
        ...(choice.overrideReason ? { overrideReason: choice.overrideReason } : {}),
      };
    });
    batchFolder.current = folder.trim();
    setStarting(true);
    const result = await batch.start({
      courseId,
      items,
      output: mode === 'single' ? { mode } : { mode, folder: folder.trim() },
    });
    setStarting(false);
    if (result.ok) return;
    const { error } = result;
    setRowErrors(rowErrorsOf(error, items));
    const folderError = error.code === 'FOLDER_NOT_WRITABLE' ? error.message : error.fields?.['output.folder'];
    if (folderError) {
      setFieldErrors({ folder: folderError });
      document.getElementById('certificate-folder')?.focus();
    }
    // A refused batch wrote nothing: say so together with why.
    const rowTexts = Object.entries(error.fields ?? {})
      .filter(([path]) => !path.startsWith('items.') && path !== 'output.folder')
      .map(([, text]) => text);
    setFormError([error.message, ...rowTexts].join(' '));
  };

  const preview = async (row: CertificateEligibilityRow) => {
    const language = choices[row.participantId]?.language ?? 'nb';
    setPreviewing(row.participantId);
    setPreviewError(null);
    const result = await call(() => neo().certificates.preview({ courseId, participantId: row.participantId, language }));
    setPreviewing(null);
    if (result.ok) {
      setViewing({
        title: t('certificates.previewTitle', { name: `${row.firstName} ${row.lastName}` }),
        heading: withName(t('certificates.previewTitle', { name: NAME_SLOT }), <PersonName firstName={row.firstName} lastName={row.lastName} order="firstLast" />),
        file: result.value,
      });
    } else {
      const details = Object.values(result.error.fields ?? {});
      setPreviewError(details.length > 0 ? details.join(' ') : result.error.message);
    }
  };

  /** An issued certificate again, exactly as issued: for a lost or damaged paper. */
  const showIssued = async (row: CertificateEligibilityRow, certificateId: string, number: string) => {
    setPreviewing(row.participantId);
    setPreviewError(null);
    const result = await call(() => neo().certificates.show({ certificateId }));
    setPreviewing(null);
    if (result.ok) {
      setViewing({
        title: t('certificates.issuedTitle', { number, name: `${row.firstName} ${row.lastName}` }),
        heading: withName(t('certificates.issuedTitle', { number, name: NAME_SLOT }), <PersonName firstName={row.firstName} lastName={row.lastName} order="firstLast" />),
        file: result.value,
      });
    }
    else setPreviewError(result.error.message);
  };

  const pickFolder = async () => {
    if (picking) return;
    setPicking(true);
    const choice = await chooseFolder(t('certificates.chooseFolderTitle'));
    setPicking(false);
    if (!choice.ok) setFieldErrors({ folder: t('certificates.chooseFolderFailed') });
    else if (choice.folder !== null) {
      setFolder(choice.folder);
      setFieldErrors({});
    }
  };

  return (
    <section aria-labelledby="certificates-title">
      <BackToCourse courseId={courseId} />
      <div className="page-head">
        <div>
          <h1 id="certificates-title">{t('certificates.title')}</h1>
          <p className="muted">
            {courseName} · {t('certificates.requirement', { percent: eligibility.requiredAttendancePercent, hours: formatHours(eligibility.sessionHours) })}
          </p>
        </div>
      </div>

      {!eligibility.providerReady && (
        <Notice kind="error">
          {t('certificates.providerMissing')}{' '}
          <button type="button" className="link" onClick={() => go({ name: 'provider' })}>
            {t('certificates.providerMissingAction')}
          </button>
        </Notice>
      )}
      {eligibility.courseStatus !== 'finished' && rows.length > 0 && <Notice kind="info">{t('certificates.notFinished')}</Notice>}
      {previewError && <Notice kind="error">{previewError}</Notice>}

      {rows.length === 0 ? (
        <div className="empty">
          <p className="strong">{t('certificates.noParticipants')}</p>
          <p className="muted">{t('certificates.noParticipantsHint')}</p>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="certificates-title">
          <div className="toolbar">
            <button type="button" className="button button--small" disabled={running} onClick={() => selectEligible(true)}>
              {t('certificates.selectEligible')}
            </button>
            <button type="button" className="button button--small" disabled={running} onClick={() => selectEligible(false)}>
              {t('certificates.selectNone')}
            </button>
            <p className="muted count" role="status" aria-live="polite">
              {t('certificates.selectedCount', { count: selectedRows.length, total: rows.length })}
            </p>
          </div>

          <table className="table certificates__table" aria-label={t('certificates.listLabel')}>
            <thead>
              <tr>
                <th scope="col" className="certificates__select">
                  {t('certificates.columns.select')}
                </th>
                <th scope="col">{t('certificates.columns.name')}</th>
                <th scope="col">{t('certificates.columns.birthDate')}</th>
                <th scope="col" className="num">
                  {t('certificates.columns.hours')}
                </th>
                <th scope="col">{t('certificates.columns.eligibility')}</th>
                <th scope="col">{t('certificates.columns.certificate')}</th>
                <th scope="col">{t('certificates.columns.language')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('certificates.columns.preview')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const choice = choices[row.participantId] ?? { selected: false, language: 'nb' as const, overrideReason: null };
                const rowError = rowErrors[row.participantId];
                const checkboxId = `certificate-select-${row.participantId}`;
                return (
                  <tr key={row.participantId} className={rowError ? 'certificates__row--error' : row.eligible ? undefined : 'certificates__row--ineligible'}>
                    <td className="certificates__select">
                      <input
                        id={checkboxId}
                        type="checkbox"
                        checked={choice.selected}
                        disabled={running}
                        aria-label={t('certificates.selectParticipant', { name: listName(row) })}
                        aria-describedby={rowError ? `${checkboxId}-error` : undefined}
                        aria-invalid={rowError ? true : undefined}
                        onChange={(e) => toggle(row, e.target.checked)}
                      />
                    </td>
                    <th scope="row" className="certificates__name">
                      <label htmlFor={checkboxId}>
                        <PersonName firstName={row.firstName} lastName={row.lastName} />
                      </label>
                      {rowError && (
                        <p id={`${checkboxId}-error`} className="field__error">
                          {rowError}
                        </p>
                      )}
                    </th>
                    <td className="nowrap">{formatNorwegianDate(row.birthDate)}</td>
                    <td className="num">{formatHours(row.hoursAttended)}</td>
                    <td>
                      {row.eligible ? (
                        <>
                          <span className="flag flag--ok">{t('certificates.eligible')}</span>
                          <span className="muted small certificates__reason">{row.reason}</span>
                        </>
                      ) : (
                        <span className="flag flag--below">{row.reason}</span>
                      )}
                      {choice.overrideReason && (
                        <span className="small certificates__reason">
                          {t('certificates.overrideNote', { reason: choice.overrideReason })}{' '}
                          <button type="button" className="link" disabled={running} onClick={() => setOverrideFor(row)}>
                            {t('certificates.changeReason')}
                          </button>
                        </span>
                      )}
                    </td>
                    <td className="nowrap">
                      {row.certificate ? (
                        <>
                          {row.certificate.status === 'valid' ? (
                            <button
                              type="button"
                              className="link"
                              disabled={previewing !== null}
                              aria-label={t('certificates.showIssuedFor', { number: row.certificate.number, name: `${row.firstName} ${row.lastName}` })}
                              onClick={() => void showIssued(row, row.certificate!.id, row.certificate!.number)}
                            >
                              {row.certificate.number}
                            </button>
                          ) : (
                            row.certificate.number
                          )}{' '}
                          <span className={`badge badge--${row.certificate.status === 'valid' ? 'running' : 'planned'}`}>
                            {row.certificate.status === 'valid' ? t('certificates.certificateValid') : t('certificates.certificateReplaced')}
                          </span>
                        </>
                      ) : (
                        <span className="muted">{t('certificates.noCertificate')}</span>
                      )}
                    </td>
                    <td>
                      <select
                        className="field__control certificates__language"
                        value={choice.language}
                        disabled={running}
                        aria-label={t('certificates.languageFor', { name: listName(row) })}
                        onChange={(e) => update(row.participantId, { language: e.target.value === 'en' ? 'en' : 'nb' })}
                      >
                        <option value="nb">{t('certificates.languages.nb')}</option>
                        <option value="en">{t('certificates.languages.en')}</option>
                      </select>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={previewing !== null}
                        aria-busy={previewing === row.participantId}
                        aria-label={t('certificates.previewFor', { name: `${row.firstName} ${row.lastName}` })}
                        onClick={() => void preview(row)}
                      >
                        {previewing === row.participantId ? t('certificates.previewing') : t('certificates.preview')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <fieldset className="fieldset certificates__output" disabled={running}>
            <legend>{t('certificates.output')}</legend>
            <div className="field__checkrow">
              <input id="certificate-output-single" type="radio" name="certificate-output" checked={mode === 'single'} onChange={() => setMode('single')} />
              <label htmlFor="certificate-output-single">{t('certificates.outputSingle')}</label>
            </div>
            <div className="field__checkrow">
              <input
                id="certificate-output-folder"
                type="radio"
                name="certificate-output"
                checked={mode === 'perParticipant'}
                onChange={() => setMode('perParticipant')}
              />
              <label htmlFor="certificate-output-folder">{t('certificates.outputPerParticipant')}</label>
            </div>
            {mode === 'perParticipant' && (
              <div className="certificates__folder">
                <TextField
                  id="certificate-folder"
                  label={t('certificates.folder')}
                  value={folder}
                  onValue={(value) => {
                    setFolder(value);
                    setFieldErrors({});
                  }}
                  error={fieldErrors.folder}
                  hint={canChooseFolder() ? t('certificates.folderHintPicker') : t('certificates.folderHint')}
                  spellCheck={false}
                  autoComplete="off"
                />
                {canChooseFolder() && (
                  <button type="button" className="button" disabled={picking} aria-busy={picking} onClick={() => void pickFolder()}>
                    {t('certificates.chooseFolder')}
                  </button>
                )}
              </div>
            )}
          </fieldset>

          {formError && <Notice kind="error">{formError}</Notice>}
          {batch.status ? (
            <BatchProgress status={batch.status} cancelling={batch.cancelling} onCancel={() => void batch.cancel()} />
          ) : (
            <div className="actions">
              <button type="submit" className="button button--primary" disabled={starting} aria-busy={starting}>
                {starting ? t('certificates.making') : t('certificates.make')}
              </button>
            </div>
          )}
          {outcome && (
            <BatchOutcomeNotice
              outcome={outcome.result}
              folder={outcome.folder}
              onShow={() => {
                if (outcome.result.file) setViewing({ title: t('certificates.batchTitle', { course: courseName }), file: outcome.result.file });
              }}
            />
          )}
        </form>
      )}

      {viewing && <PdfViewer key={viewing.title} title={viewing.title} heading={viewing.heading} file={viewing.file} onClose={() => setViewing(null)} />}
      {overrideFor && (
        <OverrideDialog
          row={overrideFor}
          initialReason={choices[overrideFor.participantId]?.overrideReason ?? ''}
          onClose={() => setOverrideFor(null)}
          onConfirm={(reason) => {
            update(overrideFor.participantId, { selected: true, overrideReason: reason });
            setOverrideFor(null);
          }}
        />
      )}
    </section>
  );
}
