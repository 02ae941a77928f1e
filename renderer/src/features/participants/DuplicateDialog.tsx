import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import { postalAddress } from '@contract/schemas';
import type { Course, DuplicateCandidate, PostalAddress } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/fields';
import { issuesToErrors } from '../../components/forms';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { currentLanguage } from '../../i18n';

export interface EnrollOutcome {
  /** Set when the server refused; fields keyed like the channel input ("address", "enrollment.source"). */
  error?: { message: string; fields: FieldErrors };
}

/**
 * Shown when the person being registered (or corrected) may already exist:
 * someone born the same day with the same name, near enough (case, accents,
 * Aa for Å, Oe for Ø, Ae for Æ, the names swapped), or with the same e-mail
 * address or mobile number. Enroll that participant instead, open them if
 * already in this course, or say that this is someone else: a choice the core
 * records with the new record.
 */
export function DuplicateDialog({
  candidates,
  course,
  mode,
  initialAddress,
  onEnroll,
  onOpen,
  onDifferent,
  onClose,
}: {
  candidates: DuplicateCandidate[];
  course: Course;
  /** Registering a new person, or saving a correction of one on file. */
  mode: 'register' | 'edit';
  initialAddress: PostalAddress;
  onEnroll: (candidate: DuplicateCandidate, address: PostalAddress | null) => Promise<EnrollOutcome>;
  onOpen: (candidate: DuplicateCandidate) => void;
  /** Register or save anyway: the person is not any of the candidates. */
  onDifferent: () => Promise<{ error?: string }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [address, setAddress] = useState<PostalAddress>(initialAddress);
  /** The candidate whose enrollment into a trade-certificate course needs a postal address first. */
  const [askAddressFor, setAskAddressFor] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = new Intl.ListFormat(currentLanguage(), { type: 'conjunction' });

  const enroll = async (candidate: DuplicateCandidate) => {
    if (busy || candidate.alreadyInCourseId !== null) return;
    let toSend: PostalAddress | null = null;
    if (askAddressFor === candidate.participantId) {
      const parsed = postalAddress.safeParse(address);
      if (!parsed.success) {
        setErrors(issuesToErrors(parsed.error.issues, 'address'));
        return;
      }
      toSend = parsed.data;
    } else if (course.type === 'fagbrev' && address.street.trim() && address.postalCode.trim() && address.city.trim()) {
      // The form already had an address: the core stores it only if the person has none on file.
      toSend = address;
    }
    setBusy(true);
    const outcome = await onEnroll(candidate, toSend);
    setBusy(false);
    if (!outcome.error) return;
    const fields = outcome.error.fields;
    if (course.type === 'fagbrev' && fields.address !== undefined) {
      setAskAddressFor(candidate.participantId);
      setMessage(t('duplicate.addressNeeded'));
      setErrors(Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith('address.'))));
      return;
    }
    setMessage([outcome.error.message, ...Object.values(fields)].join(' '));
  };

  const different = async () => {
    if (busy) return;
    setBusy(true);
    const outcome = await onDifferent();
    setBusy(false);
    if (outcome.error) setMessage(outcome.error);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Enter enrolls the only candidate, as the dialog's first action; with several, the user picks one.
    const [only] = candidates;
    if (mode === 'register' && candidates.length === 1 && only) void enroll(only);
  };

  const setField = (key: keyof PostalAddress) => (value: string) => setAddress((a) => ({ ...a, [key]: value }));

  return (
    <Dialog title={t('duplicate.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{mode === 'register' ? t('duplicate.intro') : t('duplicate.introEdit')}</p>
        {candidates.map((candidate, index) => {
          const nameId = `dup-name-${candidate.participantId}`;
          const alreadyInCourse = candidate.alreadyInCourseId !== null;
          return (
            <div key={candidate.participantId} className="card card--inset" role="group" aria-labelledby={nameId}>
              <p className="strong" id={nameId}>
                <PersonName firstName={candidate.firstName} lastName={candidate.lastName} order="firstLast" />
              </p>
              <p className="muted">{t('duplicate.born', { date: formatNorwegianDate(candidate.birthDate) })}</p>
              <p className="muted">{t('duplicate.matches', { what: list.format(candidate.reasons.map((r) => t(`duplicate.reason.${r}`))) })}</p>
              {candidate.courses.length > 0 ? (
                <p className="dup-courses">
                  <span className="muted">{t('duplicate.courses')}: </span>
                  <span className="inline-list">
                    {candidate.courses.map((c) => (
                      <span key={c.id}>{c.name}</span>
                    ))}
                  </span>
                </p>
              ) : (
                <p className="muted">{t('duplicate.noCourses')}</p>
              )}
              {alreadyInCourse && <Notice kind="info">{t('duplicate.alreadyInCourse')}</Notice>}
              {askAddressFor === candidate.participantId && (
                <div className="grid">
                  <TextField
                    id="dup-street"
                    className="span-2"
                    label={t('participantForm.street')}
                    value={address.street}
                    onValue={setField('street')}
                    error={errors['address.street']}
                    autoComplete="street-address"
                    autoFocus
                  />
                  <TextField
                    id="dup-postal-code"
                    label={t('participantForm.postalCode')}
                    value={address.postalCode}
                    onValue={setField('postalCode')}
                    error={errors['address.postalCode']}
                    inputMode="numeric"
                    autoComplete="postal-code"
                  />
                  <TextField
                    id="dup-city"
                    label={t('participantForm.city')}
                    value={address.city}
                    onValue={setField('city')}
                    error={errors['address.city']}
                    autoComplete="address-level2"
                  />
                </div>
              )}
              <div className="actions">
                {alreadyInCourse || mode === 'edit' ? (
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => onOpen(candidate)}
                    data-autofocus={index === 0 ? true : undefined}
                  >
                    {t('duplicate.open')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={busy}
                    onClick={() => void enroll(candidate)}
                    data-autofocus={index === 0 ? true : undefined}
                  >
                    {t('duplicate.enroll')}
                  </button>
                )}
              </div>
            </div>
          );
        })}
        {message && <Notice kind={askAddressFor ? 'info' : 'error'}>{message}</Notice>}
        <p className="muted small">{t('duplicate.differentHint')}</p>
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => void different()}>
            {mode === 'register' ? t('duplicate.different') : t('duplicate.differentEdit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
