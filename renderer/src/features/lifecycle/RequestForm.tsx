import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate, parseNorwegianDate } from '@contract/formats';
import { REQUEST_CHANNELS, REQUEST_KINDS, requestCreateInput } from '@contract/privacy-schemas';
import type { RequestChannel, RequestKind } from '@contract/privacy-schemas';
import { DateField, SelectField, TextAreaField } from '../../components/fields';
import { issuesToErrors, useFieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { useLifecycle } from '../../stores';
import { todayInOslo } from './format';

/** Records a request from the person whose page this is: what, how it came in and when; due 30 days later. */
export function RequestForm() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<RequestKind | ''>('');
  const [channel, setChannel] = useState<RequestChannel | ''>('');
  const [receivedOn, setReceivedOn] = useState(() => formatNorwegianDate(todayInOslo()));
  const [note, setNote] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [formError, setFormError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setRecorded(null);
    setFormError(null);
    const input = {
      kind: kind === '' ? undefined : kind,
      channel: channel === '' ? undefined : channel,
      receivedOn: parseNorwegianDate(receivedOn) ?? receivedOn.trim(),
      note,
    };
    // The same schema as the core; the participant id is the page's.
    const parsed = requestCreateInput.omit({ participantId: true }).safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      return;
    }
    setBusy(true);
    const result = await useLifecycle.getState().createRequest(parsed.data);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setFormError(result.error.message);
      return;
    }
    setErrors({});
    setKind('');
    setChannel('');
    setNote('');
    setRecorded(t('requests.recorded', { date: formatNorwegianDate(result.value.dueOn) }));
  };

  return (
    <form className="request-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="request-form-title">
      <h3 id="request-form-title">{t('requests.recordTitle')}</h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      {recorded && <Notice kind="success">{recorded}</Notice>}
      <div className="grid grid--3">
        <SelectField<RequestKind>
          id="request-kind"
          label={t('requests.kind')}
          value={kind}
          onValue={edit(setKind, 'kind')}
          error={errors.kind}
          placeholder={t('common.choose')}
          options={REQUEST_KINDS.map((value) => ({ value, label: t(`requests.kinds.${value}`) }))}
        />
        <SelectField<RequestChannel>
          id="request-channel"
          label={t('requests.channel')}
          value={channel}
          onValue={edit(setChannel, 'channel')}
          error={errors.channel}
          placeholder={t('common.choose')}
          options={REQUEST_CHANNELS.map((value) => ({ value, label: t(`requests.channels.${value}`) }))}
        />
        <DateField id="request-received" label={t('requests.receivedOn')} value={receivedOn} onValue={edit(setReceivedOn, 'receivedOn')} error={errors.receivedOn} />
      </div>
      <TextAreaField
        id="request-note"
        label={t('requests.note')}
        hint={t('requests.noteHint')}
        value={note}
        onValue={edit(setNote, 'note')}
        error={errors.note}
        maxLength={1000}
        rows={2}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('requests.record')}
        </button>
      </div>
    </form>
  );
}
