import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SentBatch } from '@contract/types';
import { CheckboxField, SelectField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { useExchange, useNav } from '../../stores';
import { FolderField, grantFolder, noFolder } from './FolderField';
import type { FolderValue } from './FolderField';
import { countsText } from './format';

/** Send batch: recipient, courses, everything again or only what changed, the folder; then what was written. */
export function SendPanel() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const peers = useExchange((s) => s.peers);
  const courses = useExchange((s) => s.courses);
  const exportBatch = useExchange((s) => s.exportBatch);
  const recipients = (peers ?? []).filter((p) => p.isRecipient);
  const [recipientId, setRecipientId] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [full, setFull] = useState(false);
  const [folder, setFolder] = useState<FolderValue>(noFolder);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [coursesError, setCoursesError] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ batch: SentBatch; folder: string } | null>(null);

  if (peers === null || courses === null) return <p className="muted">{t('common.loading')}</p>;

  if (recipients.length === 0) {
    return (
      <section className="card" aria-labelledby="exchange-send-title">
        <h2 id="exchange-send-title">{t('exchange.send.title')}</h2>
        <div className="empty">
          <p className="strong">{t('exchange.send.noRecipientTitle')}</p>
          <p className="muted">{t('exchange.send.noRecipient')}</p>
          <button type="button" className="button" onClick={() => go({ name: 'exchange', tab: 'keys' })}>
            {t('exchange.send.toKeys')}
          </button>
        </div>
      </section>
    );
  }

  const recipient = recipients.find((p) => p.deviceId === recipientId) ?? recipients[0]!;

  const toggle = (id: string, checked: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
    setCoursesError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setError(null);
    setSent(null);
    const courseIds = courses.filter((c) => selected.has(c.id)).map((c) => c.id);
    if (courseIds.length === 0) {
      setCoursesError(t('exchange.send.chooseCourse'));
      document.querySelector<HTMLInputElement>('#exchange-courses input[type="checkbox"]')?.focus();
      return;
    }
    setSending(true);
    const granted = await grantFolder(folder);
    if ('error' in granted) {
      setSending(false);
      setFolderError(granted.error);
      document.getElementById('exchange-send-folder')?.focus();
      return;
    }
    const result = await exportBatch({ recipientId: recipient.deviceId, courseIds, folderId: granted.folder.id, ...(full ? { full: true } : {}) });
    setSending(false);
    if (result.ok) {
      setSent({ batch: result.value, folder: granted.folder.label });
      setFull(false);
    } else {
      if (result.error.code === 'FOLDER_NOT_WRITABLE' || result.error.code === 'FOLDER_NOT_CHOSEN') {
        setFolderError(result.error.message);
        setFolder(noFolder);
      }
      setError(result.error.message);
    }
  };

  return (
    <section className="card" aria-labelledby="exchange-send-title">
      <h2 id="exchange-send-title">{t('exchange.send.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="exchange__send">
        <SelectField
          id="exchange-recipient"
          className="field--narrow"
          label={t('exchange.send.recipient')}
          value={recipient.deviceId}
          onValue={(value) => setRecipientId(value)}
          options={recipients.map((p) => ({ value: p.deviceId, label: `${p.deviceName} (${t(`exchange.roles.${p.role}`)})` }))}
        />
        <fieldset id="exchange-courses" className="fieldset" aria-describedby="exchange-courses-hint">
          <legend>{t('exchange.send.courses')}</legend>
          <p id="exchange-courses-hint" className="field__hint">
            {t('exchange.send.coursesHint')}
          </p>
          {courses.length === 0 ? (
            <p className="muted">{t('exchange.send.noCourses')}</p>
          ) : (
            <>
              <div className="actions actions--top">
                <button type="button" className="button button--ghost" onClick={() => setSelected(new Set(courses.map((c) => c.id)))}>
                  {t('exchange.send.all')}
                </button>
                <button type="button" className="button button--ghost" onClick={() => setSelected(new Set())}>
                  {t('exchange.send.none')}
                </button>
              </div>
              <ul className="exchange__courses">
                {courses.map((course) => (
                  <li key={course.id}>
                    <CheckboxField
                      id={`exchange-course-${course.id}`}
                      label={course.name}
                      checked={selected.has(course.id)}
                      onChecked={(checked) => toggle(course.id, checked)}
                    />
                  </li>
                ))}
              </ul>
            </>
          )}
          {coursesError && (
            <p className="field__error" role="alert">
              {coursesError}
            </p>
          )}
        </fieldset>
        <CheckboxField id="exchange-full" label={t('exchange.send.full')} hint={t('exchange.send.fullHint')} checked={full} onChecked={setFull} />
        <FolderField id="exchange-send-folder" value={folder} onValue={setFolder} error={folderError} onError={setFolderError} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={sending} aria-busy={sending}>
            {sending ? t('exchange.send.sending') : t('exchange.send.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="exchange__slot">
        {error && <Notice kind="error">{error}</Notice>}
        {sent && (
          <Notice kind="success">
            <p className="strong">
              {sent.folder ? t('exchange.send.done', { sequence: sent.batch.sequence, folder: sent.folder }) : t('exchange.send.doneNoFolder', { sequence: sent.batch.sequence })}
            </p>
            <p>{t('exchange.send.files')}</p>
            <ul className="exchange__files">
              <li>
                <bdi>{sent.batch.fileName}</bdi>
              </li>
              <li>
                <bdi>{sent.batch.signatureName}</bdi>
              </li>
            </ul>
            <p>{t('exchange.send.contents', { counts: countsText(sent.batch.counts) })}</p>
          </Notice>
        )}
      </div>
    </section>
  );
}
