import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { logoInput, logoTypeOf, providerUpdateInput } from '@contract/certificate-schemas';
import type { ProviderSettings } from '@contract/types';
import { TextField } from '../../components/fields';
import { issuesToErrors, omitErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { useNav, useProvider } from '../../stores';

type Logo = NonNullable<ProviderSettings['logo']>;

interface Draft {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  organisationNumber: string;
}

const emptyDraft: Draft = { name: '', street: '', postalCode: '', city: '', organisationNumber: '' };

/** "974760673" → "974 760 673", as it is usually written. */
const groupOrganisationNumber = (digits: string) => digits.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

/** Reads a chosen file as base64 (without the data: prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = typeof reader.result === 'string' ? reader.result : '';
      resolve(result.slice(result.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** Errors on logo.base64 / logo.mimeType belong to the one logo field. */
const withLogoErrors = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([key, text]) => [key.startsWith('logo') ? 'logo' : key, text]));

/** The course provider printed on every certificate: name, address, organisation number and logo. */
export function ProviderScreen() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [logo, setLogo] = useState<Logo | null>(null);
  // Only a changed logo is sent: omitted keeps the one on file.
  const [logoChanged, setLogoChanged] = useState(false);
  const { errors, setErrors, edit } = useFieldErrors();
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void useProvider.getState().load().then((result) => {
      if (!result.ok) {
        setDraft(emptyDraft);
        setMessage({ kind: 'error', text: result.error.message });
        return;
      }
      const provider = result.value;
      if (!provider) {
        setDraft(emptyDraft);
        setMessage({ kind: 'info', text: t('provider.missing') });
        return;
      }
      setDraft({
        name: provider.name,
        street: provider.address.street,
        postalCode: provider.address.postalCode,
        city: provider.address.city,
        organisationNumber: groupOrganisationNumber(provider.organisationNumber),
      });
      setLogo(provider.logo);
    });
  }, [t]);

  if (!draft) return <p className="muted">{t('common.loading')}</p>;

  const set = (key: keyof Draft) => edit((value: string) => setDraft((d) => (d ? { ...d, [key]: value } : d)), key);

  const chooseLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setErrors((e) => omitErrors(e, ['logo']));
    let base64: string;
    try {
      base64 = await readBase64(file);
    } catch {
      setErrors((e) => ({ ...e, logo: t('provider.logoUnreadable') }));
      return;
    }
    const parsed = logoInput.safeParse({ base64 });
    const mimeType = logoTypeOf(base64);
    if (!parsed.success || !mimeType) {
      setErrors((e) => ({ ...e, ...withLogoErrors(issuesToErrors(parsed.error?.issues ?? [], 'logo')) }));
      if (fileRef.current) fileRef.current.value = '';
      return;
    }
    setErrors((e) => omitErrors(e, ['logo']));
    setLogo({ mimeType, base64: parsed.data.base64 });
    setLogoChanged(true);
  };

  const removeLogo = () => {
    setLogo(null);
    setLogoChanged(true);
    setErrors((e) => omitErrors(e, ['logo']));
    if (fileRef.current) fileRef.current.value = '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setMessage(null);
    const input = { ...draft, ...(logoChanged ? { logo: logo && { base64: logo.base64 } } : {}) };
    const parsed = providerUpdateInput.safeParse(input);
    if (!parsed.success) {
      setErrors(withLogoErrors(issuesToErrors(parsed.error.issues)));
      setMessage({ kind: 'error', text: t('common.formHasErrors') });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await useProvider.getState().save(input);
    setBusy(false);
    if (!result.ok) {
      setErrors(withLogoErrors(result.error.fields ?? {}));
      setMessage({ kind: 'error', text: result.error.message });
      focusFirstInvalid();
      return;
    }
    setDraft((d) => (d ? { ...d, organisationNumber: groupOrganisationNumber(result.value.organisationNumber) } : d));
    setLogo(result.value.logo);
    setLogoChanged(false);
    setMessage({ kind: 'success', text: t('provider.saved') });
  };

  const logoError = errors.logo;

  return (
    <section aria-labelledby="provider-title">
      <p className="crumbs">
        <button type="button" className="link" onClick={() => go({ name: 'settings' })}>
          ← {t('provider.backToSettings')}
        </button>
      </p>
      <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="provider-title">
        <h1 id="provider-title">{t('provider.title')}</h1>
        <p className="muted">{t('provider.intro')}</p>
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
        <div className="grid">
          <TextField id="provider-name" className="span-2" label={t('provider.name')} value={draft.name} onValue={set('name')} error={errors.name} autoComplete="organization" />
          <TextField id="provider-street" className="span-2" label={t('provider.street')} value={draft.street} onValue={set('street')} error={errors.street} autoComplete="street-address" />
          <TextField
            id="provider-postal-code"
            label={t('provider.postalCode')}
            value={draft.postalCode}
            onValue={set('postalCode')}
            error={errors.postalCode}
            inputMode="numeric"
            maxLength={4}
            autoComplete="postal-code"
          />
          <TextField id="provider-city" label={t('provider.city')} value={draft.city} onValue={set('city')} error={errors.city} autoComplete="address-level2" />
          <TextField
            id="provider-org"
            label={t('provider.organisationNumber')}
            value={draft.organisationNumber}
            onValue={set('organisationNumber')}
            error={errors.organisationNumber}
            hint={t('provider.organisationNumberHint')}
            inputMode="numeric"
          />
        </div>
        <div className={`field${logoError ? ' field--invalid' : ''}`}>
          <label htmlFor="provider-logo" className="field__label">
            {t('provider.logo')}
          </label>
          <input
            ref={fileRef}
            id="provider-logo"
            type="file"
            accept="image/png,image/jpeg"
            className="field__control provider__file"
            aria-invalid={logoError ? true : undefined}
            aria-describedby={logoError ? 'provider-logo-error provider-logo-hint' : 'provider-logo-hint'}
            onChange={(e) => void chooseLogo(e)}
          />
          <p id="provider-logo-hint" className="field__hint">
            {t('provider.logoHint')}
          </p>
          {logoError && (
            <p id="provider-logo-error" className="field__error">
              {logoError}
            </p>
          )}
        </div>
        <div className="provider__logo">
          {logo ? (
            <>
              <img className="provider__logo-image" src={`data:${logo.mimeType};base64,${logo.base64}`} alt={t('provider.logoPreview')} />
              <button type="button" className="button button--small" onClick={removeLogo}>
                {t('provider.removeLogo')}
              </button>
            </>
          ) : (
            <p className="muted small">{t('provider.noLogo')}</p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('provider.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The way to the provider screen from the settings. */
export function ProviderSettingsLink() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  return (
    <section className="card" aria-labelledby="settings-provider">
      <h2 id="settings-provider">{t('provider.settingsCardTitle')}</h2>
      <p className="muted">{t('provider.settingsCardText')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => go({ name: 'provider' })}>
          {t('provider.settingsCardButton')}
        </button>
      </div>
    </section>
  );
}
