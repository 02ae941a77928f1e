import { useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseMergePreview, RecordCounts } from '@contract/types';
import { Notice } from '../../components/Notice';
import { formatTimestamp } from '../../format';
import { useExchange } from '../../stores';
import type { ImportItem } from '../../stores/exchange';
import { readChosenFiles } from './files';
import { Fingerprint } from './Fingerprint';
import { countsText, numbersText } from './format';

const KINDS: (keyof RecordCounts)[] = ['courses', 'participants', 'enrollments', 'sessions', 'marks', 'consents', 'certificates'];

/** Importer batch: choose files, see each one checked (refused, unknown sender, already imported, or a preview), take it in. */
export function ImportPanel() {
  const { t } = useTranslation();
  const inspect = useExchange((s) => s.inspect);
  const clearImport = useExchange((s) => s.clearImport);
  const items = useExchange((s) => s.importItems);
  const inspecting = useExchange((s) => s.inspecting);
  const importError = useExchange((s) => s.importError);
  const input = useRef<HTMLInputElement>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    setReadError(null);
    if (!event.target.files?.length) {
      clearImport();
      return;
    }
    const read = await readChosenFiles(event.target.files);
    if (!read.ok) {
      clearImport();
      setReadError(read.message);
      return;
    }
    await inspect(read.files);
  };

  return (
    <section className="card" aria-labelledby="exchange-import-title">
      <h2 id="exchange-import-title">{t('exchange.import.title')}</h2>
      <div className="field">
        <label htmlFor="exchange-batch-files" className="field__label">
          {t('exchange.import.files')}
        </label>
        <input
          ref={input}
          id="exchange-batch-files"
          type="file"
          multiple
          accept=".neokurs,.minisig"
          className="field__control"
          aria-describedby="exchange-batch-files-hint"
          onChange={(e) => void choose(e)}
        />
        <p id="exchange-batch-files-hint" className="field__hint">
          {t('exchange.import.filesHint')}
        </p>
      </div>
      <div aria-live="polite">
        {inspecting && (
          <p className="exchange__progress">
            <progress aria-label={t('exchange.import.checking')} />
            <span>{t('exchange.import.checking')}</span>
          </p>
        )}
        {readError && <Notice kind="error">{readError}</Notice>}
        {importError && <Notice kind="error">{importError}</Notice>}
      </div>
      {!items && !inspecting && !readError && !importError && <p className="muted">{t('exchange.import.nothing')}</p>}
      {items && (
        <ul className="exchange__items">
          {items.map((item, index) => (
            <li key={`${item.inspection.fileName}-${index}`}>
              <ImportCard item={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ImportCard({ item }: { item: ImportItem }) {
  const { t } = useTranslation();
  const approve = useExchange((s) => s.approve);
  const apply = useExchange((s) => s.apply);
  const { inspection: i } = item;
  const titleId = `exchange-file-${i.batchId ?? i.fileName}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const statusText = {
    ready: i.sequence !== null ? t('exchange.import.sequence', { sequence: i.sequence }) : '',
    refused: t('exchange.import.refused'),
    unknownDevice: t('exchange.import.unknownTitle', { name: i.sender?.deviceName ?? '' }),
    alreadyImported: t('exchange.import.already'),
  }[i.status];

  return (
    <section className={`card card--inset exchange__item exchange__item--${i.status}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        <bdi>{i.fileName}</bdi>
      </h3>
      <p className="exchange__status">
        <span className="strong">{statusText}</span>
        {i.sender && i.status !== 'unknownDevice' && (
          <>
            {' · '}
            {t('exchange.import.from', { name: i.sender.deviceName })}
          </>
        )}
        {i.createdAt && (
          <>
            {' · '}
            {t('exchange.import.createdAt', { when: formatTimestamp(i.createdAt) })}
          </>
        )}
      </p>

      {i.status === 'refused' && i.error && <Notice kind="error">{i.error.message}</Notice>}

      {i.status === 'alreadyImported' && <Notice kind="info">{i.error?.message ?? t('exchange.import.already')}</Notice>}

      {i.status === 'unknownDevice' && i.sender && (
        <>
          <p>{t('exchange.import.unknownHint')}</p>
          <Fingerprint value={i.sender.fingerprint} />
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              disabled={item.busy !== null}
              aria-busy={item.busy === 'approving'}
              onClick={() => void approve(i.sender!.deviceId, i.sender!.fingerprint)}
            >
              {item.busy === 'approving' ? t('exchange.import.approving') : t('exchange.import.approve')}
            </button>
          </div>
        </>
      )}

      {i.status === 'ready' && (
        <>
          {i.missingBefore.length > 0 && (
            <Notice kind="warning">{t('exchange.import.missing', { count: i.missingBefore.length, numbers: numbersText(i.missingBefore) })}</Notice>
          )}
          {i.counts && <p className="muted">{t('exchange.send.contents', { counts: countsText(i.counts) })}</p>}
          {i.preview.length === 0 ? (
            <p className="muted">{t('exchange.import.noCourses')}</p>
          ) : (
            i.preview.map((course) => <CoursePreview key={course.courseId} course={course} />)
          )}
          {item.result ? (
            <Notice kind="success">
              {t('exchange.import.applied', { ...item.result })}
              {item.result.skipped > 0 && ` ${t('exchange.import.appliedSkipped', { skipped: item.result.skipped })}`}
            </Notice>
          ) : (
            <div className="actions">
              <button
                type="button"
                className="button button--primary"
                disabled={item.busy !== null}
                aria-busy={item.busy === 'applying'}
                onClick={() => void apply(i.batchId!)}
              >
                {item.busy === 'applying' ? t('exchange.import.applying') : t('exchange.import.apply')}
              </button>
              {item.busy === 'applying' && (
                <span className="exchange__progress" role="status">
                  <progress aria-label={t('exchange.import.applying')} />
                </span>
              )}
            </div>
          )}
        </>
      )}
      {item.error && <Notice kind="error">{item.error}</Notice>}
    </section>
  );
}

function CoursePreview({ course }: { course: CourseMergePreview }) {
  const { t } = useTranslation();
  const caption = t('exchange.import.previewCaption', { course: course.courseName });
  const rows = KINDS.filter((kind) => course.added[kind] > 0 || course.changed[kind] > 0);
  return (
    <div className="exchange__course">
      {rows.length === 0 ? (
        <h4 className="exchange__course-title">{caption}</h4>
      ) : (
        <table className="table table--compact exchange__preview-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('exchange.import.kind')}</th>
              <th scope="col" className="num">
                {t('exchange.import.added')}
              </th>
              <th scope="col" className="num">
                {t('exchange.import.changed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((kind) => (
              <tr key={kind}>
                <th scope="row">{t(`exchange.kinds.${kind}`)}</th>
                <td className="num">{course.added[kind]}</td>
                <td className="num">{course.changed[kind]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {course.erased > 0 && <p className="strong">{t('exchange.import.erased', { count: course.erased })}</p>}
      {course.unchanged > 0 && <p className="muted">{t('exchange.import.unchanged', { count: course.unchanged })}</p>}
      {course.skipped > 0 && <p className="muted">{t('exchange.import.skipped', { count: course.skipped })}</p>}
      {course.conflicts.length > 0 ? (
        <>
          <h4>{t('exchange.import.conflicts')}</h4>
          <ul className="exchange__conflicts">
            {course.conflicts.map((c) => (
              <li key={`${c.kind}-${c.id}`}>
                {t('exchange.import.conflict', { label: c.label, ours: formatTimestamp(c.oursUpdatedAt), theirs: formatTimestamp(c.theirsUpdatedAt) })}{' '}
                <span className="strong">{c.winner === 'ours' ? t('exchange.import.winnerOurs') : t('exchange.import.winnerTheirs')}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('exchange.import.noConflicts')}</p>
      )}
    </div>
  );
}
