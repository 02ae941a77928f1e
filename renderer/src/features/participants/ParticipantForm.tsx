import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMobile, formatNorwegianDate, normaliseMobile, parseNorwegianDate } from '@contract/formats';
import { CONSENT_METHODS, GENDERS, enrollmentFields, participantFields, registersEmployer } from '@contract/schemas';
import type { AppErrorShape } from '@contract/envelope';
import type {
  ConsentMethod,
  Course,
  DuplicateCandidate,
  Gender,
  ParticipantDetail,
  PostalAddress,
  PrivacyRequest,
  RegistrationSource,
} from '@contract/types';
import { CheckboxField, DateField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { issuesToErrors, omitErrors, useFocusFirstInvalid } from '../../components/forms';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { formatTimestamp } from '../../format';
import { validationText } from '../../i18n';
import { call, neo } from '../../neo';
import { useLifecycle, useNav } from '../../stores';
import { dateInput } from '../courses/CourseForm';
import { loadCourse } from '../courses/data';
import { ConsentHistory } from '../lifecycle/ConsentHistory';
import { PersonPrivacyPanel } from '../privacy/PersonPrivacyPanel';
import { DuplicateDialog } from './DuplicateDialog';
import type { EnrollOutcome } from './DuplicateDialog';

interface Draft {
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  mobile: string;
  gender: Gender | '';
  street: string;
  postalCode: string;
  city: string;
  interests: string;
  source: RegistrationSource | '';
  employerName: string;
  consentKeep: boolean;
  consentMethod: ConsentMethod | '';
}

const emptyDraft: Draft = {
  firstName: '',
  lastName: '',
  birthDate: '',
  email: '',
  mobile: '',
  gender: '',
  street: '',
  postalCode: '',
  city: '',
  interests: '',
  source: 'teacher',
  employerName: '',
  consentKeep: false,
  consentMethod: '',
};

const draftOf = (p: ParticipantDetail): Draft => ({
  firstName: p.firstName,
  lastName: p.lastName,
  birthDate: formatNorwegianDate(p.birthDate),
  email: p.email ?? '',
  mobile: p.mobile ? formatMobile(p.mobile) : '',
  gender: p.gender,
  street: p.address?.street ?? '',
  postalCode: p.address?.postalCode ?? '',
  city: p.address?.city ?? '',
  interests: p.interests ?? '',
  source: p.enrollment.source,
  employerName: p.enrollment.employerName ?? '',
  consentKeep: p.consent.keepAfterCourse,
  consentMethod: p.consent.method ?? '',
});

const NO_REQUESTS: readonly PrivacyRequest[] = [];

/** Field id of every error path the form can show; anything else goes into the form-level message. */
const FIELD_IDS: Record<string, string> = {
  'participant.firstName': 'p-first-name',
  'participant.lastName': 'p-last-name',
  'participant.birthDate': 'p-birth-date',
  'participant.email': 'p-email',
  'participant.mobile': 'p-mobile',
  'participant.gender': 'p-gender',
  'participant.address': 'p-street',
  'participant.address.street': 'p-street',
  'participant.address.postalCode': 'p-postal-code',
  'participant.address.city': 'p-city',
  'participant.interests': 'p-interests',
  'participant.consent.keepAfterCourse': 'p-consent',
  'participant.consent.method': 'p-consent-method',
  'enrollment.source': 'p-source',
  'enrollment.employerName': 'p-employer',
};

/** The errors an edit of each draft field makes obsolete. */
const ERROR_PATHS: Record<keyof Draft, string[]> = {
  firstName: ['participant.firstName'],
  lastName: ['participant.lastName'],
  birthDate: ['participant.birthDate'],
  email: ['participant.email'],
  mobile: ['participant.mobile'],
  gender: ['participant.gender'],
  street: ['participant.address.street'],
  postalCode: ['participant.address.postalCode'],
  city: ['participant.address.city'],
  interests: ['participant.interests'],
  source: ['enrollment.source', 'enrollment.employerName'],
  employerName: ['enrollment.employerName'],
  consentKeep: ['participant.consent.keepAfterCourse', 'participant.consent.method'],
  consentMethod: ['participant.consent.method'],
};

/**
 * Server field errors come keyed by the channel input path ("participant.mobile");
 * the course rules the core checks itself use bare names ("birthDate", "source").
 */
function normaliseServerKey(key: string): string {
  if (key.startsWith('participant.') || key.startsWith('enrollment.')) return key;
  if (key === 'source' || key === 'employerName') return `enrollment.${key}`;
  return `participant.${key}`;
}

/** Register a participant in a course, or edit one. Only the fields the privacy statement allows. */
export function ParticipantForm({ courseId, participantId }: { courseId: string; participantId?: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [course, setCourse] = useState<Course | null>(null);
  const [detail, setDetail] = useState<ParticipantDetail | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** People the duplicate check offered, and whether for a new registration or a correction. */
  const [duplicates, setDuplicates] = useState<{ candidates: DuplicateCandidate[]; mode: 'register' | 'edit' } | null>(null);
  const editing = participantId !== undefined;
  /** Goes up when the lifecycle panel rewrote the person (a merge): read them again. */
  const revision = useLifecycle((s) => s.revision);
  /** The person's open correction requests (read by the lifecycle panel below): a save can answer one. */
  const personRequests = useLifecycle((s) => (s.participantId === participantId ? s.requests : null));
  const openCorrections = useMemo(
    () => (personRequests ?? NO_REQUESTS).filter((r) => r.kind === 'correction' && r.status === 'open'),
    [personRequests],
  );
  const [correctionId, setCorrectionId] = useState('');

  useEffect(() => {
    let alive = true;
    void (async () => {
      const loaded = await loadCourse(courseId);
      if (!alive) return;
      if ('error' in loaded) {
        setLoadError(loaded.error);
        return;
      }
      if (participantId) {
        const result = await call(() => neo().participants.get({ courseId, participantId }));
        if (!alive) return;
        if (!result.ok) {
          setLoadError(result.error.message);
          return;
        }
        setDetail(result.value);
        setDraft(draftOf(result.value));
      }
      setCourse(loaded.course);
    })();
    return () => {
      alive = false;
    };
  }, [courseId, participantId, revision]);

  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!course) return <p className="muted">{t('common.loading')}</p>;

  const isFagbrev = course.type === 'fagbrev';
  // Kompetansepluss and employer-paid courses take registrations from an employer.
  const byEmployer = registersEmployer(course.type);
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) => {
      setSaved(null);
      setDraft((d) => ({ ...d, [key]: value }));
      setErrors((e) => {
        const rest = omitErrors(e, ERROR_PATHS[key]);
        // "Give an e-mail or a mobile" sits on both fields; filling either answers it.
        const other = key === 'email' ? 'participant.mobile' : key === 'mobile' ? 'participant.email' : null;
        return other && rest[other] === validationText('contactRequired') ? omitErrors(rest, [other]) : rest;
      });
    };
  const errorFor = (path: string): string | undefined => errors[path];
  const address = (): PostalAddress => ({ street: draft.street, postalCode: draft.postalCode, city: draft.city });

  /** The channel input, built the same way for validation and for sending. */
  const buildInput = () => ({
    participant: {
      firstName: draft.firstName,
      lastName: draft.lastName,
      birthDate: dateInput(draft.birthDate),
      email: draft.email,
      mobile: draft.mobile,
      gender: draft.gender === '' ? undefined : draft.gender,
      // The address exists only for trade-certificate courses, and is required there.
      address: isFagbrev ? address() : undefined,
      interests: draft.interests,
      consent: { keepAfterCourse: draft.consentKeep, method: draft.consentKeep && draft.consentMethod !== '' ? draft.consentMethod : undefined },
    },
    enrollment: {
      source: draft.source === '' ? undefined : draft.source,
      employerName: draft.source === 'employer' ? draft.employerName : undefined,
    },
  });

  const showServerError = (error: { message: string; fields?: Record<string, string> }) => {
    const mapped: FieldErrors = {};
    const unplaced: string[] = [];
    for (const [key, text] of Object.entries(error.fields ?? {})) {
      const path = normaliseServerKey(key);
      if (FIELD_IDS[path]) mapped[path === 'participant.address' ? 'participant.address.street' : path] ??= text;
      else unplaced.push(text);
    }
    setErrors(mapped);
    setFormError([error.message, ...unplaced].join(' '));
    focusFirstInvalid();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    setSaved(null);
    const input = buildInput();
    const participant = participantFields.safeParse(input.participant);
    const enrollment = enrollmentFields.safeParse(input.enrollment);
    const found: FieldErrors = {
      ...(participant.success ? {} : issuesToErrors(participant.error.issues, 'participant')),
      ...(enrollment.success ? {} : issuesToErrors(enrollment.error.issues, 'enrollment')),
    };
    setErrors(found);
    if (!participant.success || !enrollment.success) {
      setFormError(t('common.formHasErrors'));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      const { firstName, lastName, birthDate, email, mobile } = participant.data;
      const person = { courseId, firstName, lastName, birthDate, email, mobile };
      if (editing) {
        const outcome = await save([]);
        if (outcome.error?.code !== 'DUPLICATE_PARTICIPANT') {
          if (outcome.error) showServerError(outcome.error);
          return;
        }
        // The corrected name and birth date match someone else: show who, and let the user decide.
        const found = await call(() => neo().participants.findDuplicate({ ...person, participantId }));
        if (!found.ok) return showServerError(found.error);
        if (found.value.length === 0) return showServerError(outcome.error);
        setDuplicates({ candidates: found.value, mode: 'edit' });
        return;
      }
      const found = await call(() => neo().participants.findDuplicate(person));
      if (!found.ok) return showServerError(found.error);
      if (found.value.length > 0) {
        setDuplicates({ candidates: found.value, mode: 'register' });
        return;
      }
      const outcome = await registerNew([]);
      if (outcome.error) showServerError(outcome.error);
    } finally {
      setBusy(false);
    }
  };

  /** The form's input, checked again by the schemas (it was valid when the dialog opened). */
  const parsedInput = () => {
    const input = buildInput();
    const participant = participantFields.safeParse(input.participant);
    const enrollment = enrollmentFields.safeParse(input.enrollment);
    return participant.success && enrollment.success ? { participant: participant.data, enrollment: enrollment.data } : null;
  };

  /** Registers the person; `notDuplicateOf` names the people offered as duplicates that the user said this is not. */
  const registerNew = async (notDuplicateOf: string[]): Promise<{ error?: AppErrorShape }> => {
    const input = parsedInput();
    if (!input) return { error: { code: 'VALIDATION', message: t('common.formHasErrors') } };
    const result = await call(() => neo().participants.register({ courseId, ...input, ...(notDuplicateOf.length ? { notDuplicateOf } : {}) }));
    if (!result.ok) return { error: result.error };
    go({ name: 'participantEdit', courseId, participantId: result.value.participantId }, t('participantForm.registered'));
    return {};
  };

  /** Saves a correction, with the same choice about duplicates as registering. */
  const save = async (notDuplicateOf: string[]): Promise<{ error?: AppErrorShape }> => {
    const input = parsedInput();
    if (!input || !participantId) return { error: { code: 'VALIDATION', message: t('common.formHasErrors') } };
    const requestId = openCorrections.some((r) => r.id === correctionId) ? correctionId : undefined;
    const result = await call(() =>
      neo().participants.update({
        courseId,
        participantId,
        ...input,
        ...(notDuplicateOf.length ? { notDuplicateOf } : {}),
        ...(requestId ? { requestId } : {}),
      }),
    );
    if (!result.ok) return { error: result.error };
    setDetail(result.value);
    setDraft(draftOf(result.value));
    setCorrectionId('');
    useNav.getState().clearNotice();
    setSaved(requestId ? t('lifecycle.correctionCompleted') : t('participantForm.saved'));
    // The panel below shows the enrollment and the requests (the correction is closed now).
    void useLifecycle.getState().saved(result.value);
    return {};
  };

  /** "It is someone else": register or save, naming the people offered. */
  const saveAsDifferent = async (): Promise<{ error?: string }> => {
    if (!duplicates) return {};
    const ids = duplicates.candidates.map((c) => c.participantId);
    const outcome = duplicates.mode === 'register' ? await registerNew(ids) : await save(ids);
    setDuplicates(null);
    if (outcome.error) showServerError(outcome.error);
    return {};
  };

  const enrollExisting = async (candidate: DuplicateCandidate, addressToSend: PostalAddress | null): Promise<EnrollOutcome> => {
    const enrollment = enrollmentFields.safeParse(buildInput().enrollment);
    if (!enrollment.success) {
      // Should not happen (the form was valid), but never send what the schema refuses.
      return { error: { message: t('common.formHasErrors'), fields: issuesToErrors(enrollment.error.issues, 'enrollment') } };
    }
    const result = await call(() =>
      neo().participants.enrollExisting({
        courseId,
        participantId: candidate.participantId,
        enrollment: enrollment.data,
        ...(isFagbrev && addressToSend ? { address: addressToSend } : {}),
      }),
    );
    if (!result.ok) return { error: { message: result.error.message, fields: result.error.fields ?? {} } };
    setDuplicates(null);
    go({ name: 'participantEdit', courseId, participantId: candidate.participantId }, t('duplicate.enrolled'));
    return {};
  };

  const onMobileBlur = () => {
    const normalised = draft.mobile.trim() ? normaliseMobile(draft.mobile) : null;
    if (normalised) setDraft((d) => ({ ...d, mobile: formatMobile(normalised) }));
  };
  const onBirthDateBlur = () => {
    const iso = parseNorwegianDate(draft.birthDate);
    if (iso) setDraft((d) => ({ ...d, birthDate: formatNorwegianDate(iso) }));
  };

  const sourceOptions: RegistrationSource[] = byEmployer ? ['employer', 'self', 'teacher'] : ['self', 'teacher'];

  return (
    <>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="participant-form-title">
        <p className="crumbs">
          <button type="button" className="link" onClick={() => go({ name: 'course', courseId })}>
            ← {course.name}
          </button>
        </p>
        <div className="page-head">
          <div>
            <h1 id="participant-form-title">{editing ? t('participantForm.editTitle') : t('participantForm.registerTitle')}</h1>
            <p className="muted">
              {t('participantForm.inCourse', { name: course.name })} · {t(`courseType.${course.type}`)}
            </p>
          </div>
        </div>
        {formError && <Notice kind="error">{formError}</Notice>}
        {saved && <Notice kind="success">{saved}</Notice>}

        <fieldset className="fieldset">
          <legend>{t('participantForm.personSection')}</legend>
          <div className="grid">
            <TextField
              id="p-first-name"
              label={t('participantForm.firstName')}
              value={draft.firstName}
              onValue={set('firstName')}
              error={errorFor('participant.firstName')}
              autoComplete="off"
              autoFocus={!editing}
            />
            <TextField
              id="p-last-name"
              label={t('participantForm.lastName')}
              value={draft.lastName}
              onValue={set('lastName')}
              error={errorFor('participant.lastName')}
              autoComplete="off"
            />
            <DateField
              id="p-birth-date"
              label={t('participantForm.birthDate')}
              value={draft.birthDate}
              onValue={set('birthDate')}
              onBlur={onBirthDateBlur}
              error={errorFor('participant.birthDate')}
              autoComplete="off"
            />
            <SelectField<Gender>
              id="p-gender"
              label={t('participantForm.gender')}
              value={draft.gender}
              onValue={set('gender')}
              error={errorFor('participant.gender')}
              placeholder={t('common.choose')}
              options={GENDERS.map((value) => ({ value, label: t(`gender.${value}`) }))}
            />
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('participantForm.contactSection')}</legend>
          <p className="field__hint">{t('participantForm.contactHint')}</p>
          <div className="grid">
            <TextField
              id="p-email"
              // Not type="email": Chromium hands such a field's value over with the domain in punycode
              // (kari@xn--bler-gra.no for kari@bøler.no), and the address is stored as typed.
              inputMode="email"
              spellCheck={false}
              label={t('participantForm.email')}
              value={draft.email}
              onValue={set('email')}
              error={errorFor('participant.email')}
              autoComplete="off"
            />
            <TextField
              id="p-mobile"
              type="tel"
              label={t('participantForm.mobile')}
              value={draft.mobile}
              onValue={set('mobile')}
              onBlur={onMobileBlur}
              error={errorFor('participant.mobile')}
              hint={t('participantForm.mobileHint')}
              autoComplete="off"
            />
          </div>
        </fieldset>

        {isFagbrev && (
          <fieldset className="fieldset">
            <legend>{t('participantForm.addressSection')}</legend>
            <p className="field__hint">{t('participantForm.addressHint')}</p>
            <div className="grid grid--address">
              <TextField
                id="p-street"
                className="span-2"
                label={t('participantForm.street')}
                value={draft.street}
                onValue={set('street')}
                error={errorFor('participant.address.street')}
                autoComplete="off"
              />
              <TextField
                id="p-postal-code"
                label={t('participantForm.postalCode')}
                value={draft.postalCode}
                onValue={set('postalCode')}
                error={errorFor('participant.address.postalCode')}
                inputMode="numeric"
                maxLength={4}
                autoComplete="off"
              />
              <TextField
                id="p-city"
                label={t('participantForm.city')}
                value={draft.city}
                onValue={set('city')}
                error={errorFor('participant.address.city')}
                autoComplete="off"
              />
            </div>
          </fieldset>
        )}

        <fieldset className="fieldset">
          <legend>{t('participantForm.enrollmentSection')}</legend>
          <div className="grid">
            <SelectField<RegistrationSource>
              id="p-source"
              label={t('participantForm.source')}
              value={draft.source}
              onValue={set('source')}
              error={errorFor('enrollment.source')}
              options={sourceOptions.map((value) => ({ value, label: t(`source.${value}`) }))}
            />
            {byEmployer && draft.source === 'employer' && (
              <TextField
                id="p-employer"
                label={t('participantForm.employerName')}
                value={draft.employerName}
                onValue={set('employerName')}
                error={errorFor('enrollment.employerName')}
                autoComplete="organization"
              />
            )}
            <TextAreaField
              id="p-interests"
              className="span-2"
              label={t('participantForm.interests')}
              value={draft.interests}
              onValue={set('interests')}
              error={errorFor('participant.interests')}
              hint={t('participantForm.interestsHint')}
              rows={2}
            />
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('participantForm.consentSection')}</legend>
          <CheckboxField
            id="p-consent"
            label={t('participantForm.consent')}
            checked={draft.consentKeep}
            onChecked={set('consentKeep')}
            error={errorFor('participant.consent.keepAfterCourse')}
            hint={t('participantForm.consentHint')}
          />
          {draft.consentKeep && (
            <SelectField<ConsentMethod>
              id="p-consent-method"
              className="field--narrow"
              label={t('participantForm.consentMethod')}
              value={draft.consentMethod}
              onValue={set('consentMethod')}
              error={errorFor('participant.consent.method')}
              placeholder={t('common.choose')}
              options={CONSENT_METHODS.map((value) => ({ value, label: t(`consentMethod.${value}`) }))}
            />
          )}
          {detail?.consent.recordedAt && (
            <p className="muted small">
              {t('participantForm.consentRecorded', {
                when: formatTimestamp(detail.consent.recordedAt),
                who: detail.consent.recordedBy ?? t('participantForm.unknownStaff'),
              })}
            </p>
          )}
          {detail && <ConsentHistory history={detail.consent.history} />}
        </fieldset>

        {editing && openCorrections.length > 0 && (
          <SelectField<string>
            id="p-correction-request"
            className="field--narrow"
            label={t('lifecycle.correctionLabel')}
            hint={t('lifecycle.correctionHint')}
            value={correctionId}
            onValue={(value) => setCorrectionId(value)}
            placeholder={t('lifecycle.correctionNone')}
            options={openCorrections.map((r) => ({ value: r.id, label: t('lifecycle.correctionOption', { date: formatNorwegianDate(r.receivedOn) }) }))}
          />
        )}

        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('participantForm.submit')}
          </button>
          <button type="button" className="button" onClick={() => go({ name: 'course', courseId })}>
            {editing ? t('participantForm.backToCourse') : t('common.cancel')}
          </button>
          {editing && (
            <button type="button" className="button button--ghost" onClick={() => go({ name: 'participantNew', courseId })}>
              {t('participantForm.registerAnother')}
            </button>
          )}
        </div>
      </form>

      {editing && participantId && <PersonPrivacyPanel courseId={courseId} participantId={participantId} />}

      {duplicates && (
        <DuplicateDialog
          candidates={duplicates.candidates}
          course={course}
          mode={duplicates.mode}
          initialAddress={address()}
          onEnroll={(candidate, addr) => enrollExisting(candidate, addr)}
          onOpen={(candidate) => {
            setDuplicates(null);
            const openIn = candidate.alreadyInCourseId ?? candidate.courses[0]?.id ?? courseId;
            go({ name: 'participantEdit', courseId: openIn, participantId: candidate.participantId });
          }}
          onDifferent={saveAsDifferent}
          onClose={() => setDuplicates(null)}
        />
      )}
    </>
  );
}
