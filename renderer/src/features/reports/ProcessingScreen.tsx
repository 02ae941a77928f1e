import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COURSE_TYPES } from '@contract/schemas';
import { DATA_CATEGORIES, processingUpdateInput } from '@contract/privacy-schemas';
import type { ProcessingController, ProcessingRecord } from '@contract/types';
import { TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { formatTimestamp } from '../../format';
import { saveExportedFile } from '../attendance/download';
import { PrivacyTabs } from '../privacy/PrivacyTabs';
import { useProcessing } from './useProcessing';

interface Draft {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  organisationNumber: string;
  contactEmail: string;
  privacyContact: string;
}

/** "974760673" → "974 760 673", as it is usually written. */
const groupOrganisationNumber = (digits: string) => digits.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

const draftOf = (c: ProcessingController): Draft => ({
  name: c.name ?? '',
  street: c.address?.street ?? '',
  postalCode: c.address?.postalCode ?? '',
  city: c.address?.city ?? '',
  organisationNumber: c.organisationNumber ? groupOrganisationNumber(c.organisationNumber) : '',
  contactEmail: c.contactEmail ?? '',
  privacyContact: c.privacyContact ?? '',
});

const TYPES = [...COURSE_TYPES];

/** The record of processing (GDPR art. 30), with the provider's own details editable, and as PDF. */
export function ProcessingScreen() {
  const { t } = useTranslation();
  const { record, loadError, save, pdf, makingPdf } = useProcessing();
  const formRef = useRef<HTMLFormElement>(null);
  const pdfButton = useRef<HTMLButtonElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { errors, setErrors, edit } = useFieldErrors();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [pdfMessage, setPdfMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const head = (
    <div className="page-head">
      <h1 id="processing-title">{t('privacy.tabs.processing')}</h1>
    </div>
  );

  if (!record) {
    return (
      <section aria-labelledby="processing-title">
        {head}
        <PrivacyTabs current="processing" />
        {loadError ? <Notice kind="error">{loadError}</Notice> : <p className="muted">{t('common.loading')}</p>}
      </section>
    );
  }

  // The form starts from what is saved until it is edited.
  const form = draft ?? draftOf(record.controller);
  const set = (key: keyof Draft) => edit((value: string) => setDraft((d) => ({ ...(d ?? form), [key]: value })), key);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setMessage(null);
    const parsed = processingUpdateInput.safeParse(form);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      setMessage({ kind: 'error', text: t('common.formHasErrors') });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSaving(true);
    const result = await save(form);
    setSaving(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setMessage({ kind: 'error', text: result.error.message });
      focusFirstInvalid();
      return;
    }
    setDraft(draftOf(result.value.controller));
    setMessage({ kind: 'success', text: t('processing.saved') });
  };

  const downloadPdf = async () => {
    if (makingPdf) return;
    setPdfMessage(null);
    const result = await pdf();
    // The button was disabled while the PDF was made, which took the keyboard focus away: give it back.
    requestAnimationFrame(() => pdfButton.current?.focus());
    if (!result.ok) {
      setPdfMessage({ kind: 'error', text: result.error.message });
      return;
    }
    saveExportedFile(result.value);
    setPdfMessage({ kind: 'success', text: t('processing.downloaded', { file: result.value.fileName }) });
  };

  return (
    <section aria-labelledby="processing-title">
      {head}
      <PrivacyTabs current="processing" />
      <p className="lead">{t('processing.intro')}</p>

      <div className="actions actions--top">
        <button
          ref={pdfButton}
          type="button"
          className="button button--primary"
          disabled={!record.controllerComplete || makingPdf}
          aria-busy={makingPdf}
          aria-describedby={record.controllerComplete ? undefined : 'processing-missing'}
          onClick={() => void downloadPdf()}
        >
          {makingPdf ? t('processing.makingPdf') : t('processing.pdf')}
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {makingPdf ? t('processing.makingPdf') : ''}
      </p>
      {!record.controllerComplete && (
        <Notice kind="info" id="processing-missing">
          {t('processing.missing')}
        </Notice>
      )}
      {pdfMessage && <Notice kind={pdfMessage.kind}>{pdfMessage.text}</Notice>}

      <div className="stack">
        <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="processing-controller">
          <h2 id="processing-controller">{t('processing.controllerTitle')}</h2>
          <p className="muted">{t('processing.controllerIntro')}</p>
          {message && <Notice kind={message.kind}>{message.text}</Notice>}
          <div className="grid">
            <TextField id="processing-name" className="span-2" label={t('processing.name')} value={form.name} onValue={set('name')} error={errors.name} autoComplete="organization" />
            <TextField id="processing-street" className="span-2" label={t('processing.street')} value={form.street} onValue={set('street')} error={errors.street} autoComplete="street-address" />
            <TextField
              id="processing-postal-code"
              label={t('processing.postalCode')}
              value={form.postalCode}
              onValue={set('postalCode')}
              error={errors.postalCode}
              inputMode="numeric"
              maxLength={4}
              autoComplete="postal-code"
            />
            <TextField id="processing-city" label={t('processing.city')} value={form.city} onValue={set('city')} error={errors.city} autoComplete="address-level2" />
            <TextField
              id="processing-org"
              label={t('processing.organisationNumber')}
              value={form.organisationNumber}
              onValue={set('organisationNumber')}
              error={errors.organisationNumber}
              hint={t('processing.organisationNumberHint')}
              inputMode="numeric"
            />
            <TextField
              id="processing-email"
              type="email"
              label={t('processing.contactEmail')}
              value={form.contactEmail}
              onValue={set('contactEmail')}
              error={errors.contactEmail}
              hint={t('processing.contactEmailHint')}
              autoComplete="email"
            />
            <TextField
              id="processing-contact"
              className="span-2"
              label={`${t('processing.privacyContact')} (${t('common.optional')})`}
              value={form.privacyContact}
              onValue={set('privacyContact')}
              error={errors.privacyContact}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? t('common.saving') : t('processing.save')}
            </button>
          </div>
          {record.updatedAt && <p className="muted small">{t('processing.updatedAt', { when: formatTimestamp(record.updatedAt) })}</p>}
        </form>

        <RecordView record={record} />
      </div>
    </section>
  );
}

/** Everything the app builds itself: purposes, categories, recipients, deletion, security, what is held and disclosed. */
function RecordView({ record }: { record: ProcessingRecord }) {
  const { t } = useTranslation();
  const typeName = (type: (typeof TYPES)[number]) => t(`processing.courseType.${type}`);
  const categories = DATA_CATEGORIES.filter((category) => TYPES.some((type) => record.categoriesByCourseType[type].includes(category)));
  const graceDays = record.retention.find((r) => r.graceDays !== null)?.graceDays ?? 0;
  const autoLock = record.security.find((s) => s.measure === 'autoLock')?.minutes ?? 0;

  return (
    <>
      <section className="card" aria-labelledby="processing-purposes">
        <h2 id="processing-purposes">{t('processing.purposesTitle')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('processing.purposesTitle')}</th>
              <th scope="col">{t('processing.appliesTo')}</th>
            </tr>
          </thead>
          <tbody>
            {record.purposes.map((p) => (
              <tr key={p.purpose}>
                <td>{t(`processing.purpose.${p.purpose}`)}</td>
                <td>{p.courseTypes.length === TYPES.length ? t('processing.allCourses') : p.courseTypes.map(typeName).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="processing-categories">
        <h2 id="processing-categories">{t('processing.categoriesTitle')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('processing.categoryColumn')}</th>
              {TYPES.map((type) => (
                <th scope="col" key={type}>
                  {typeName(type)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category) => (
              <tr key={category}>
                <th scope="row">{t(`processing.category.${category}`)}</th>
                {TYPES.map((type) => (
                  <td key={type}>{record.categoriesByCourseType[type].includes(category) ? t('processing.stored') : t('processing.notStored')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {categories.includes('absenceReasons') && <p className="muted">{t('processing.absenceReasonsNote')}</p>}
      </section>

      <section className="card" aria-labelledby="processing-recipients">
        <h2 id="processing-recipients">{t('processing.recipientsTitle')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('processing.recipientColumn')}</th>
              <th scope="col">{t('processing.roleColumn')}</th>
              <th scope="col">{t('processing.scopeColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {record.recipients.map((r) => (
              <tr key={r.recipient}>
                <td>{t(`processing.recipient.${r.recipient}`)}</td>
                <td>{t(`processing.role.${r.role}`)}</td>
                <td>
                  <ul className="plain-list">
                    {TYPES.flatMap((type) => {
                      const scope = r.scope[type];
                      return scope ? [<li key={type}>{`${typeName(type)}: ${t(`processing.scope.${scope}`)}`}</li>] : [];
                    })}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="processing-retention">
        <h2 id="processing-retention">{t('processing.retentionTitle')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('processing.typeColumn')}</th>
              <th scope="col">{t('processing.ruleColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {record.retention.map((r) => (
              <tr key={r.courseType}>
                <td>{typeName(r.courseType)}</td>
                <td>{r.rule === 'afterEnd' ? t('processing.rule.afterEnd', { count: r.graceDays ?? graceDays }) : t('processing.rule.afterApproval')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t('processing.retentionNote', { count: record.requestDays })}</p>
      </section>

      <section className="card" aria-labelledby="processing-security">
        <h2 id="processing-security">{t('processing.securityTitle')}</h2>
        <ul>
          {record.security.map((s) => (
            <li key={s.measure}>{s.measure === 'autoLock' ? t('processing.security.autoLock', { count: autoLock }) : t(`processing.security.${s.measure}`)}</li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="processing-held">
        <h2 id="processing-held">{t('processing.heldTitle')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('processing.typeColumn')}</th>
              <th scope="col" className="num">
                {t('processing.coursesColumn')}
              </th>
              <th scope="col" className="num">
                {t('processing.participantsColumn')}
              </th>
            </tr>
          </thead>
          <tbody>
            {TYPES.map((type) => (
              <tr key={type}>
                <td>{typeName(type)}</td>
                <td className="num">{record.heldNow[type].courses}</td>
                <td className="num">{record.heldNow[type].participants}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="processing-disclosures">
        <h2 id="processing-disclosures">{t('processing.disclosuresTitle')}</h2>
        {record.disclosures.length === 0 ? (
          <p className="empty empty--small">{t('processing.noDisclosures')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('processing.kindColumn')}</th>
                <th scope="col" className="num">
                  {t('processing.countColumn')}
                </th>
                <th scope="col">{t('processing.lastColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {record.disclosures.map((d) => (
                <tr key={d.kind}>
                  <td>{t(`processing.disclosureKind.${d.kind}`)}</td>
                  <td className="num">{d.count}</td>
                  <td>{formatTimestamp(d.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
