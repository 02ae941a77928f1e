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

export interface EnrollOutcome {
  /** Set when the server refused; fields keyed like the channel input ("address", "enrollment.source"). */
  error?: { message: string; fields: FieldErrors };
}

/**
 * Shown when the person being registered already exists (same name and birth
 * date): enroll that participant instead, or open them if already in this course.
 */
export function DuplicateDialog({
  candidate,
  course,
  initialAddress,
  onEnroll,
  onOpen,
  onClose,
}: {
  candidate: DuplicateCandidate;
  course: Course;
  initialAddress: PostalAddress;
  onEnroll: (address: PostalAddress | null) => Promise<EnrollOutcome>;
  onOpen: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [address, setAddress] = useState<PostalAddress>(initialAddress);
  const [askAddress, setAskAddress] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alreadyInCourse = candidate.alreadyInCourseId !== null;

  const enroll = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || alreadyInCourse) return;
    let toSend: PostalAddress | null = null;
    if (askAddress) {
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
    const outcome = await onEnroll(toSend);
    setBusy(false);
    if (!outcome.error) return;
    const fields = outcome.error.fields;
    if (course.type === 'fagbrev' && fields.address !== undefined) {
      setAskAddress(true);
      setMessage(t('duplicate.addressNeeded'));
      setErrors(Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith('address.'))));
      return;
    }
    setMessage([outcome.error.message, ...Object.values(fields)].join(' '));
  };

  const setField = (key: keyof PostalAddress) => (value: string) => setAddress((a) => ({ ...a, [key]: value }));

  return (
    <Dialog title={t('duplicate.title')} onClose={onClose}>
      <form onSubmit={(e) => void enroll(e)} noValidate>
        <p>{t('duplicate.intro')}</p>
        <div className="card card--inset">
          <p className="strong">
            {candidate.firstName} {candidate.lastName}
          </p>
          <p className="muted">{t('duplicate.born', { date: formatNorwegianDate(candidate.birthDate) })}</p>
          {candidate.courses.length > 0 ? (
            <p className="dup-courses">
              <span className="muted">{t('duplicate.courses')}: </span>
              <span className="inline-list">
                {candidate.courses.map((course) => (
                  <span key={course.id}>{course.name}</span>
                ))}
              </span>
            </p>
          ) : (
            <p className="muted">{t('duplicate.noCourses')}</p>
          )}
        </div>
        {alreadyInCourse && <Notice kind="info">{t('duplicate.alreadyInCourse')}</Notice>}
        {message && <Notice kind={askAddress ? 'info' : 'error'}>{message}</Notice>}
        {askAddress && (
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
          {alreadyInCourse ? (
            <button type="button" className="button button--primary" onClick={onOpen} data-autofocus>
              {t('duplicate.open')}
            </button>
          ) : (
            <button type="submit" className="button button--primary" disabled={busy} data-autofocus>
              {t('duplicate.enroll')}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
