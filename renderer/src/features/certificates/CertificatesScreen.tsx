import { useCallback, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '@contract/envelope';
import { formatNorwegianDate } from '@contract/formats';
import type { CertificateBatchItem } from '@contract/certificate-schemas';
import type { ChosenFolder } from '@contract/platform';
import type { CertificateEligibilityRow, ExportedFile } from '@contract/types';
import { BackToCourse } from '../../components/BackToCourse';
import { TextField } from '../../components/fields';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';
import { ReasonDialog } from '../../components/ReasonDialog';
import { validationText } from '../../i18n';
import { canChooseFolder, canTypeFolder, chooseFolder, typedFolder } from '../../platform';
import { useNav } from '../../stores';
import { saveExportedFile } from '../attendance/download';
import { formatHours } from '../attendance/format';
import { PdfViewer } from '../pdf/PdfViewer';
import { BatchOutcomeNotice, BatchProgress } from './BatchProgress';
import { reasonText } from './format';
import { useCertificateBatch } from './useCertificateBatch';
import type { BatchOutcome } from './useCertificateBatch';
import { useCertificates } from './useCertificates';

type Language = 'nb' | 'en';
type OutputMode = 'single' | 'perParticipant';

/** What the coordinator chose for one participant. */
interface Choice {
  selected: boolean;
  language: Language;
  /** Written reason for issuing to someone who does not meet the requirement. */
  overrideReason: string | null;
  /** Written reason for replacing a valid certificate with a new one. */
  replaceReason: string | null;
}

/** What a selected row will get: a new certificate, the valid one printed again, or a replacement. */
type Outcome = 'issue' | 'reprint' | 'replace';

const listName = (row: CertificateEligibilityRow) => `${row.lastName}, ${row.firstName}`;
const hasValid = (row: CertificateEligibilityRow) => row.certificate?.status === 'valid';

function outcomeOf(row: CertificateEligibilityRow, choice: Choice): Outcome {
  if (!hasValid(row)) return 'issue';
  return choice.replaceReason ? 'replace' : 'reprint';
}

const blank: Choice = { selected: false, language: 'nb', overrideReason: null, replaceReason: null };

/**
 * At first, everyone who meets the requirement and has no valid certificate
 * is selected: a batch never invalidates a paper already handed out unless
 * someone chose to replace it. Choices survive a reload.
 */
function withChoices(rows: CertificateEligibilityRow[], previous: Record<string, Choice>): Record<string, Choice> {
  return Object.fromEntries(rows.map((row) => [row.participantId, previous[row.participantId] ?? { ...blank, selected: row.eligible && !hasValid(row) }]));
}

/** "kursnavn, innhold og læringsmål". */
const listFormat = (language: string, items: string[]) =>
  new Intl.ListFormat(language === 'en' ? 'en-GB' : 'nb-NO', { type: 'conjunction' }).format(items);

/** Field errors of a refused batch by participant: the core names them by position in the batch ("items.2.participantId"). */
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
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const { eligibility, courseName, loadError, reload, preview: loadPreview, showIssued: loadIssued } = useCertificates(courseId);
  const [stored, setChoices] = useState<Record<string, Choice>>({});
  const [reasonFor, setReasonFor] = useState<{ row: CertificateEligibilityRow; kind: 'override' | 'replace' } | null>(null);
  const [mode, setMode] = useState<OutputMode>('single');
  const [folder, setFolder] = useState<ChosenFolder | null>(null);
  const [typedPath, setTypedPath] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [outcome, setOutcome] = useState<{ result: BatchOutcome; folder: string } | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [copied, setCopied] = useState<{ participantId: string; ok: boolean } | null>(null);
  /** The PDF shown in the viewer: a draft preview, or the finished batch. */
  const [viewing, setViewing] = useState<{ title: string; heading?: ReactNode; file: ExportedFile } | null>(null);
  // The folder and participants of the batch that is running, for its outcome (the choices may change meanwhile).
  const batchFolder = useRef('');
  const batchPeople = useRef<string[]>([]);

  const onFinished = useCallback(
    (result: BatchOutcome) => {
      if (result.file) saveExportedFile(result.file);
      setOutcome({ result, folder: batchFolder.current });
      // Reasons were used up by a finished batch: a second click must not replace again, only print again.
      if (result.status.state === 'done') {
        setChoices((all) =>
          Object.fromEntries(
            Object.entries(all).map(([id, choice]) => [id, batchPeople.current.includes(id) ? { ...choice, overrideReason: null, replaceReason: null } : choice]),
          ),
        );
      }
      // New certificate numbers (and replaced ones) show in the list.
      void reload();
    },
    [reload],
  );
  const batch = useCertificateBatch(onFinished);
  const running = batch.status !== null;

  if (!eligibility) {
    return loadError ? <Notice kind="error">{loadError}</Notice> : <p className="muted">{t('common.loading')}</p>;
  }

  const rows = eligibility.rows;
  const choices = withChoices(rows, stored);
  const selectedRows = rows.filter((row) => choices[row.participantId]?.selected);
  const counts = { issue: 0, reprint: 0, replace: 0 };
  for (const row of selectedRows) counts[outcomeOf(row, choices[row.participantId]!)]++;
  const reason = (row: CertificateEligibilityRow) => reasonText(t, i18n.language, row, eligibility.requiredAttendancePercent);

  const update = (participantId: string, change: Partial<Choice>) => {
    setChoices((all) => {
      const current = withChoices(rows, all)[participantId] ?? blank;
      return { ...withChoices(rows, all), [participantId]: { ...current, ...change } };
    });
    setRowErrors(({ [participantId]: _dropped, ...rest }) => rest);
  };

  const toggle = (row: CertificateEligibilityRow, checked: boolean) => {
    if (!checked) update(row.participantId, { selected: false, overrideReason: null, replaceReason: null });
    else if (row.eligible || hasValid(row)) update(row.participantId, { selected: true });
    else setReasonFor({ row, kind: 'override' }); // selected only once a reason is given
  };

  const select = (which: 'new' | 'issued' | 'none') => {
    setChoices(
      Object.fromEntries(
        rows.map((row) => [
          row.participantId,
          {
            ...blank,
            language: choices[row.participantId]?.language ?? 'nb',
            selected: which === 'new' ? row.eligible && !hasValid(row) : which === 'issued' ? hasValid(row) : false,
          },
        ]),
      ),
    );
    setRowErrors({});
  };

  /** The folder the batch writes to: the one picked, or (development harness only) the typed path, granted now. */
  const outputFolder = async (): Promise<ChosenFolder | null> => {
    if (folder) return folder;
    if (canTypeFolder() && typedPath.trim() !== '') {
      const granted = await typedFolder(typedPath.trim());
      if (granted.ok && granted.folder) return granted.folder;
      setFieldErrors({ folder: granted.ok ? validationText('folderRequired') : (granted.message ?? validationText('folderRequired')) });
      return null;
    }
    setFieldErrors({ folder: validationText('folderRequired') });
    return null;
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
    setStarting(true);
    const target = mode === 'perParticipant' ? await outputFolder() : null;
    if (mode === 'perParticipant' && !target) {
      setStarting(false);
      document.getElementById(canChooseFolder() ? 'certificate-choose-folder' : 'certificate-folder')?.focus();
      return;
    }
    const items: CertificateBatchItem[] = selectedRows.map((row) => {
      const choice = choices[row.participantId]!;
      return {
        participantId: row.participantId,
        language: choice.language,
        ...(choice.overrideReason ? { overrideReason: choice.overrideReason } : {}),
        ...(choice.replaceReason ? { replaceReason: choice.replaceReason } : {}),
      };
    });
    // The selection as shown stays after the batch: its defaults would change once the list shows the new certificates.
    setChoices(choices);
    batchFolder.current = target?.label ?? '';
    batchPeople.current = items.map((item) => item.participantId);
    const result = await batch.start({
      courseId,
      items,
      output: target ? { mode: 'perParticipant', folderId: target.id } : { mode: 'single' },
    });
    setStarting(false);
    if (result.ok) return;
    const { error } = result;
    setRowErrors(rowErrorsOf(error, items));
    if (error.code === 'FOLDER_NOT_CHOSEN') setFolder(null);
    const folderError =
      error.code === 'FOLDER_NOT_WRITABLE' || error.code === 'FOLDER_NOT_CHOSEN' ? error.message : error.fields?.['output.folderId'];
    if (folderError) setFieldErrors({ folder: folderError });
    // A refused batch wrote nothing: say so together with why.
    const otherTexts = Object.entries(error.fields ?? {})
      .filter(([path]) => !path.startsWith('items.') && path !== 'output.folderId')
      .map(([, text]) => text);
    setFormError([error.message, ...otherTexts].join(' '));
  };

  const preview = async (row: CertificateEligibilityRow) => {
    setPreviewing(row.participantId);
    setPreviewError(null);
    const result = await loadPreview(row.participantId, choices[row.participantId]?.language ?? 'nb');
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
    const result = await loadIssued(certificateId);
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

  const copyCode = async (row: CertificateEligibilityRow, code: string) => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(code);
      ok = true;
    } catch {
      // No clipboard access: the code stays selectable on screen.
    }
    setCopied({ participantId: row.participantId, ok });
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

  const folderControls = canChooseFolder() ? (
    <div className="certificates__folder">
      <div className="field">
        <span className="field__label" id="certificate-folder-label">
          {t('certificates.folder')}
        </span>
        <p className="certificates__folder-path" aria-labelledby="certificate-folder-label" aria-describedby="certificate-folder-hint">
          {folder ? <bdi>{folder.label}</bdi> : <span className="muted">{t('certificates.noFolder')}</span>}
        </p>
        <p id="certificate-folder-hint" className="field__hint">
          {t('certificates.folderHintPicker')}
        </p>
        {fieldErrors.folder && (
          <p className="field__error" role="alert">
            {fieldErrors.folder}
          </p>
        )}
      </div>
      <button id="certificate-choose-folder" type="button" className="button" disabled={picking} aria-busy={picking} onClick={() => void pickFolder()}>
        {t('certificates.chooseFolder')}
      </button>
    </div>
  ) : canTypeFolder() ? (
    <div className="certificates__folder">
      <TextField
        id="certificate-folder"
        label={t('certificates.folder')}
        value={typedPath}
        onValue={(value) => {
          setTypedPath(value);
          setFolder(null);
          setFieldErrors({});
        }}
        error={fieldErrors.folder}
        hint={t('certificates.folderHintTyped')}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  ) : (
    <Notice kind="info">{t('certificates.noFolderPicker')}</Notice>
  );

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
      {eligibility.englishMissing.length > 0 && rows.length > 0 && (
        // Shown before anything is printed; it turns into an error once someone is set to get one in English.
        <Notice kind={selectedRows.some((row) => choices[row.participantId]?.language === 'en') ? 'error' : 'warning'} id="certificates-english-missing">
          {t('certificates.englishMissing', {
            texts: listFormat(i18n.language, eligibility.englishMissing.map((text) => t(`certificates.englishTexts.${text}`))),
          })}{' '}
          <button type="button" className="link" onClick={() => go({ name: 'courseEdit', courseId })}>
            {t('certificates.englishMissingAction')}
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
          {/* What to make and the button come first: a long list must not hide them. */}
          <div className="certificates__panel">
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
              {mode === 'perParticipant' && folderControls}
            </fieldset>

            <p className="certificates__summary" role="status" aria-live="polite">
              {t('certificates.selectedCount', { count: selectedRows.length, total: rows.length })}
              {selectedRows.length > 0 && ` · ${t('certificates.summary', counts)}`}
            </p>
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
          </div>

          <div className="toolbar">
            <button type="button" className="button button--small" disabled={running} onClick={() => select('new')}>
              {t('certificates.selectEligible')}
            </button>
            <button type="button" className="button button--small" disabled={running} onClick={() => select('issued')}>
              {t('certificates.selectIssued')}
            </button>
            <button type="button" className="button button--small" disabled={running} onClick={() => select('none')}>
              {t('certificates.selectNone')}
            </button>
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
                const choice = choices[row.participantId] ?? blank;
                const rowError = rowErrors[row.participantId];
                const checkboxId = `certificate-select-${row.participantId}`;
                const certificate = row.certificate;
                const valid = hasValid(row);
                const what = choice.selected ? outcomeOf(row, choice) : null;
                return (
                  <tr key={row.participantId} className={rowError ? 'certificates__row--error' : row.eligible || valid ? undefined : 'certificates__row--ineligible'}>
                    <td className="certificates__select">
                      <input
                        id={checkboxId}
                        type="checkbox"
                        checked={choice.selected}
                        disabled={running}
                        aria-label={t('certificates.selectParticipant', { name: listName(row) })}
                        aria-describedby={[rowError ? `${checkboxId}-error` : '', what ? `${checkboxId}-what` : ''].join(' ').trim() || undefined}
                        aria-invalid={rowError ? true : undefined}
                        onChange={(e) => toggle(row, e.target.checked)}
                      />
                    </td>
                    <th scope="row" className="certificates__name">
                      <label htmlFor={checkboxId}>
                        <PersonName firstName={row.firstName} lastName={row.lastName} />
                      </label>
                      {what && (
                        <span id={`${checkboxId}-what`} className={`certificates__what certificates__what--${what}`}>
                          {t(`certificates.will.${what}`)}
                        </span>
                      )}
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
                          <span className="muted small certificates__reason">{reason(row)}</span>
                        </>
                      ) : (
                        <span className="flag flag--below">{reason(row)}</span>
                      )}
                      {choice.overrideReason && (
                        <span className="small certificates__reason">
                          {t('certificates.overrideNote', { reason: choice.overrideReason })}{' '}
                          <button type="button" className="link" disabled={running} onClick={() => setReasonFor({ row, kind: 'override' })}>
                            {t('certificates.changeReason')}
                          </button>
                        </span>
                      )}
                    </td>
                    <td className="certificates__certificate">
                      {certificate ? (
                        <>
                          <span className="nowrap">
                            {valid ? (
                              <button
                                type="button"
                                className="link"
                                disabled={previewing !== null}
                                aria-label={t('certificates.showIssuedFor', { number: certificate.number, name: `${row.firstName} ${row.lastName}` })}
                                onClick={() => void showIssued(row, certificate.id, certificate.number)}
                              >
                                {certificate.number}
                              </button>
                            ) : (
                              certificate.number
                            )}{' '}
                            <span className={`badge badge--${valid ? 'running' : 'planned'}`}>
                              {valid ? t('certificates.certificateValid') : t('certificates.certificateReplaced')}
                            </span>
                          </span>
                          {valid && (
                            <span className="certificates__code nowrap">
                              <span className="muted small">{t('certificates.code')}</span> <code>{certificate.verificationCode}</code>{' '}
                              <button
                                type="button"
                                className="button button--small"
                                aria-label={t('certificates.copyCodeFor', { code: certificate.verificationCode, name: `${row.firstName} ${row.lastName}` })}
                                onClick={() => void copyCode(row, certificate.verificationCode)}
                              >
                                {t('certificates.copyCode')}
                              </button>
                              {copied?.participantId === row.participantId && (
                                <span className={copied.ok ? 'small certificates__copied' : 'small field__error'} role="status">
                                  {copied.ok ? t('certificates.copied') : t('certificates.copyFailed')}
                                </span>
                              )}
                            </span>
                          )}
                          {valid && (
                            <span className="small certificates__reason">
                              {choice.replaceReason ? (
                                <>
                                  {t('certificates.replaceNote', { reason: choice.replaceReason })}{' '}
                                  <button type="button" className="link" disabled={running} onClick={() => update(row.participantId, { replaceReason: null })}>
                                    {t('certificates.undoReplace')}
                                  </button>
                                </>
                              ) : (
                                <button
                                  type="button"
                                  className="link"
                                  disabled={running}
                                  aria-label={t('certificates.replaceFor', { number: certificate.number, name: `${row.firstName} ${row.lastName}` })}
                                  onClick={() => setReasonFor({ row, kind: 'replace' })}
                                >
                                  {t('certificates.replace')}
                                </button>
                              )}
                            </span>
                          )}
                        </>
                      ) : (
                        <span className="muted">{t('certificates.noCertificate')}</span>
                      )}
                    </td>
                    <td>
                      <select
                        className="field__control certificates__language"
                        value={valid && what === 'reprint' ? (certificate?.language ?? choice.language) : choice.language}
                        disabled={running || what === 'reprint'}
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
        </form>
      )}

      {viewing && <PdfViewer key={viewing.title} title={viewing.title} heading={viewing.heading} file={viewing.file} onClose={() => setViewing(null)} />}
      {reasonFor && (
        <ReasonDialog
          id={`certificate-${reasonFor.kind}-reason`}
          title={t(reasonFor.kind === 'override' ? 'certificates.overrideTitle' : 'certificates.replaceTitle')}
          intro={withName(
            reasonFor.kind === 'override'
              ? t('certificates.overrideIntro', { name: NAME_SLOT, reason: reason(reasonFor.row) })
              : t('certificates.replaceIntro', { name: NAME_SLOT, number: reasonFor.row.certificate?.number ?? '' }),
            <PersonName firstName={reasonFor.row.firstName} lastName={reasonFor.row.lastName} order="firstLast" />,
          )}
          label={t('common.reasonLabel')}
          confirm={t(reasonFor.kind === 'override' ? 'certificates.overrideConfirm' : 'certificates.replaceConfirm')}
          initialReason={(reasonFor.kind === 'override' ? choices[reasonFor.row.participantId]?.overrideReason : choices[reasonFor.row.participantId]?.replaceReason) ?? ''}
          onClose={() => setReasonFor(null)}
          onConfirm={(text) => {
            update(reasonFor.row.participantId, reasonFor.kind === 'override' ? { selected: true, overrideReason: text } : { selected: true, replaceReason: text });
            setReasonFor(null);
          }}
        />
      )}
    </section>
  );
}
