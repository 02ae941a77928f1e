import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import { requestResolveInput } from '@contract/privacy-schemas';
import type { RequestKind, RequestStatus } from '@contract/privacy-schemas';
import type { Envelope } from '@contract/envelope';
import type { PrivacyRequest } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { TextAreaField } from '../../components/fields';
import { issuesToErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { PersonName, withName, NAME_SLOT } from '../../components/PersonName';
import { formatTimestamp } from '../../format';
import { todayInOslo } from './format';
import './lifecycle.css';

type Resolution = Exclude<RequestStatus, 'open'>;

/** Completed by another feature (the access report, the erasure), or by the edit they ask for (a correction). */
const COMPLETED_ELSEWHERE: ReadonlySet<RequestKind> = new Set(['access', 'erasure']);

const DUE_SOON_DAYS = 7;

/** "Over fristen" / "Snart frist" for an open request, by its due date against today. */
function dueState(request: PrivacyRequest, today: string): 'overdue' | 'soon' | null {
  if (request.status !== 'open') return null;
  if (request.dueOn < today) return 'overdue';
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + DUE_SOON_DAYS);
  return request.dueOn <= soon.toISOString().slice(0, 10) ? 'soon' : null;
}

/**
 * Requests with their deadlines: open ones can be completed or rejected with a
 * short note. On the Forespørsler screen each row names the person and opens
 * their page; on the person's page the person is known.
 */
export function RequestTable({
  requests,
  showPerson,
  onResolve,
  onOpenPerson,
}: {
  requests: readonly PrivacyRequest[];
  showPerson: boolean;
  onResolve: (id: string, status: Resolution, note: string) => Promise<Envelope<PrivacyRequest>>;
  onOpenPerson?: (request: PrivacyRequest) => void;
}) {
  const { t } = useTranslation();
  const [resolving, setResolving] = useState<{ request: PrivacyRequest; status: Resolution } | null>(null);
  const today = todayInOslo();

  return (
    <>
      <table className="table" aria-label={t('requests.tableLabel')}>
        <thead>
          <tr>
            {showPerson && <th scope="col">{t('requests.columns.person')}</th>}
            <th scope="col">{t('requests.columns.kind')}</th>
            <th scope="col">{t('requests.columns.received')}</th>
            <th scope="col">{t('requests.columns.due')}</th>
            <th scope="col">{t('requests.columns.status')}</th>
            <th scope="col">{t('requests.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => {
            const due = dueState(request, today);
            return (
              <tr key={request.id}>
                {showPerson && (
                  <td>
                    {request.person ? (
                      onOpenPerson && request.courses.length > 0 ? (
                        <button type="button" className="link" onClick={() => onOpenPerson(request)}>
                          <PersonName firstName={request.person.firstName} lastName={request.person.lastName} />
                        </button>
                      ) : (
                        <PersonName firstName={request.person.firstName} lastName={request.person.lastName} />
                      )
                    ) : (
                      <span className="muted">{t('requests.personErased')}</span>
                    )}
                  </td>
                )}
                <td>
                  {t(`requests.kinds.${request.kind}`)}
                  {request.note && <p className="muted small prewrap">{request.note}</p>}
                </td>
                <td className="nowrap">
                  {t('requests.receivedVia', { date: formatNorwegianDate(request.receivedOn), channel: t(`requests.channels.${request.channel}`) })}
                </td>
                <td className="nowrap">
                  {formatNorwegianDate(request.dueOn)}
                  {due && <div className={`due--${due} small`}>{due === 'overdue' ? t('requests.overdue') : t('requests.dueSoon')}</div>}
                </td>
                <td className="nowrap">
                  {request.status === 'open'
                    ? t('requests.statuses.open')
                    : t('requests.resolvedOn', {
                        status: t(`requests.statuses.${request.status}`),
                        date: request.resolvedAt ? formatTimestamp(request.resolvedAt) : '',
                      })}
                </td>
                <td>
                  {request.status === 'open' && (
                    <div className="row-actions">
                      {COMPLETED_ELSEWHERE.has(request.kind) && request.person ? (
                        <span className="muted small">{t('requests.answeredElsewhere')}</span>
                      ) : (
                        <button type="button" className="button button--small" onClick={() => setResolving({ request, status: 'completed' })}>
                          {t('requests.complete')}
                        </button>
                      )}
                      <button type="button" className="button button--small" onClick={() => setResolving({ request, status: 'rejected' })}>
                        {t('requests.reject')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {resolving && (
        <ResolveDialog
          request={resolving.request}
          status={resolving.status}
          onResolve={onResolve}
          onClose={() => setResolving(null)}
        />
      )}
    </>
  );
}

function ResolveDialog({
  request,
  status,
  onResolve,
  onClose,
}: {
  request: PrivacyRequest;
  status: Resolution;
  onResolve: (id: string, status: Resolution, note: string) => Promise<Envelope<PrivacyRequest>>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = requestResolveInput.safeParse({ id: request.id, status, note });
    if (!parsed.success) {
      setFieldError(issuesToErrors(parsed.error.issues).note);
      return;
    }
    setBusy(true);
    const result = await onResolve(request.id, status, note);
    setBusy(false);
    if (result.ok) onClose();
    else {
      setError(result.error.message);
      setFieldError(result.error.fields?.note);
    }
  };

  const intro = t('requests.resolveIntro', { kind: t(`requests.kinds.${request.kind}`), date: formatNorwegianDate(request.receivedOn) });
  return (
    <Dialog title={status === 'completed' ? t('requests.completeTitle') : t('requests.rejectTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>
          {request.person
            ? withName(`${NAME_SLOT}: ${intro}`, <PersonName firstName={request.person.firstName} lastName={request.person.lastName} order="firstLast" />)
            : intro}
        </p>
        {error && <Notice kind="error">{error}</Notice>}
        <TextAreaField
          id="request-resolve-note"
          label={t('requests.resolveNote')}
          hint={t('requests.resolveNoteHint')}
          value={note}
          onValue={(value) => {
            setNote(value);
            setFieldError(undefined);
          }}
          error={fieldError}
          maxLength={1000}
          rows={2}
          data-autofocus
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {status === 'completed' ? t('requests.completeConfirm') : t('requests.rejectConfirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
