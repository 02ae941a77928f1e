import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate, parseNorwegianDate } from '@contract/formats';
import { COURSE_STATUSES, COURSE_TYPES, courseFields } from '@contract/schemas';
import type { Course, CourseStatus, CourseType } from '@contract/types';
import { CheckboxField, DateField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { issuesToErrors, omitErrors, useFocusFirstInvalid } from '../../components/forms';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { validationText } from '../../i18n';
import { useCourses, useNav } from '../../stores';
import { formatDecimalInput } from '../attendance/format';

/** A date typed as dd.mm.åååå becomes ISO; anything else is passed on so the schema reports it. */
export const dateInput = (text: string): string => parseNorwegianDate(text) ?? text.trim();

/** "7,5" or "7.5" → 7.5; blank → undefined so the schema says it is required. */
function hoursInput(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed.replace(',', '.'));
}

interface Draft {
  name: string;
  type: CourseType | '';
  place: string;
  startDate: string;
  endDate: string;
  plannedHours: string;
  requiredAttendancePercent: string;
  teacher: string;
  description: string;
  learningGoals: string;
  signerName: string;
  signerTitle: string;
  englishName: string;
  englishDescription: string;
  englishLearningGoals: string;
  status: CourseStatus | '';
  funderName: string;
  funderReference: string;
  reportApproved: boolean;
  reportApprovedAt: string;
}

const emptyDraft: Draft = {
  name: '',
  type: '',
  place: '',
  startDate: '',
  endDate: '',
  plannedHours: '',
  requiredAttendancePercent: '75',
  teacher: '',
  description: '',
  learningGoals: '',
  signerName: '',
  signerTitle: '',
  englishName: '',
  englishDescription: '',
  englishLearningGoals: '',
  status: 'planned',
  funderName: '',
  funderReference: '',
  reportApproved: false,
  reportApprovedAt: '',
};

const draftOf = (c: Course): Draft => ({
  name: c.name,
  type: c.type,
  place: c.place,
  startDate: formatNorwegianDate(c.startDate),
  endDate: formatNorwegianDate(c.endDate),
  plannedHours: formatDecimalInput(c.plannedHours),
  requiredAttendancePercent: formatDecimalInput(c.requiredAttendancePercent),
  teacher: c.teacher,
  description: c.description ?? '',
  learningGoals: c.learningGoals ?? '',
  signerName: c.signerName ?? '',
  signerTitle: c.signerTitle ?? '',
  englishName: c.englishName ?? '',
  englishDescription: c.englishDescription ?? '',
  englishLearningGoals: c.englishLearningGoals ?? '',
  status: c.status,
  funderName: c.funderName ?? '',
  funderReference: c.funderReference ?? '',
  reportApproved: c.financialReportApprovedAt !== null,
  reportApprovedAt: c.financialReportApprovedAt ? formatNorwegianDate(c.financialReportApprovedAt) : '',
});

/** Errors a field's edit clears, where they are not simply the field's own. */
const ERROR_PATHS: Partial<Record<keyof Draft, string[]>> = {
  startDate: ['startDate', 'endDate'],
  reportApproved: ['financialReportApprovedAt'],
  reportApprovedAt: ['financialReportApprovedAt'],
};

/** Create or edit a course with every field of the contract. */
export function CourseForm({ courseId }: { courseId?: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [draft, setDraft] = useState<Draft | null>(courseId ? null : emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!courseId) return;
    void useCourses.getState().loadCourse(courseId).then((result) => {
      if ('course' in result) setDraft(draftOf(result.course));
      else setFormError(result.error);
    });
  }, [courseId]);

  if (!draft) {
    return formError ? <Notice kind="error">{formError}</Notice> : <p className="muted">{t('common.loading')}</p>;
  }

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) => {
      setDraft((d) => (d ? { ...d, [key]: value } : d));
      setErrors((e) => omitErrors(e, ERROR_PATHS[key] ?? [key]));
    };
  const isKompetansepluss = draft.type === 'kompetansepluss';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const input = {
      name: draft.name,
      type: draft.type === '' ? undefined : draft.type,
      place: draft.place,
      startDate: dateInput(draft.startDate),
      endDate: dateInput(draft.endDate),
      plannedHours: hoursInput(draft.plannedHours),
      // Blank keeps the core's default (75 %, or the course's current value when editing).
      requiredAttendancePercent: hoursInput(draft.requiredAttendancePercent),
      teacher: draft.teacher,
      description: draft.description,
      learningGoals: draft.learningGoals,
      // Blank clears the signature line's name or title.
      signerName: draft.signerName,
      signerTitle: draft.signerTitle,
      // Blank clears an English text.
      englishName: draft.englishName,
      englishDescription: draft.englishDescription,
      englishLearningGoals: draft.englishLearningGoals,
      status: draft.status === '' ? undefined : draft.status,
      funderName: draft.funderName,
      funderReference: draft.funderReference,
      financialReportApprovedAt: isKompetansepluss && draft.reportApproved ? dateInput(draft.reportApprovedAt) : null,
    };
    const parsed = courseFields.safeParse(input);
    const found = parsed.success ? {} : issuesToErrors(parsed.error.issues);
    if (draft.type === '') found.type = validationText('required');
    if (isKompetansepluss && draft.reportApproved && draft.reportApprovedAt.trim() === '') {
      found.financialReportApprovedAt = t('validation.approvalDateRequired');
    }
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) {
      setFormError(t('common.formHasErrors'));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await useCourses.getState().saveCourse(courseId, parsed.data);
    setBusy(false);
    if (result.ok) {
      go({ name: 'course', courseId: result.value.id }, t('courseForm.saved'));
      return;
    }
    // Update errors are keyed "course.name"; the form's fields are keyed "name".
    const serverErrors = Object.fromEntries(Object.entries(result.error.fields ?? {}).map(([k, v]) => [k.replace(/^course\./, ''), v]));
    setErrors(serverErrors);
    setFormError(result.error.message);
    focusFirstInvalid();
  };

  const cancel = () => go(courseId ? { name: 'course', courseId } : { name: 'courses' });

  return (
    <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="course-form-title">
      <div className="page-head">
        <h1 id="course-form-title">{courseId ? t('courseForm.editTitle') : t('courseForm.createTitle')}</h1>
      </div>
      {formError && <Notice kind="error">{formError}</Notice>}
      <div className="grid">
        <TextField id="course-name" className="span-2" label={t('courseForm.name')} value={draft.name} onValue={set('name')} error={errors.name} autoFocus />
        <SelectField<CourseType>
          id="course-type"
          label={t('courseForm.type')}
          value={draft.type}
          onValue={set('type')}
          error={errors.type}
          placeholder={t('common.choose')}
          options={COURSE_TYPES.map((value) => ({ value, label: t(`courseType.${value}`) }))}
        />
        <TextField id="course-place" label={t('courseForm.place')} value={draft.place} onValue={set('place')} error={errors.place} />
        <DateField
          id="course-start"
          label={t('courseForm.startDate')}
          value={draft.startDate}
          onValue={set('startDate')}
          error={errors.startDate}
        />
        <DateField
          id="course-end"
          label={t('courseForm.endDate')}
          value={draft.endDate}
          onValue={set('endDate')}
          error={errors.endDate}
        />
        <TextField
          id="course-hours"
          label={t('courseForm.plannedHours')}
          value={draft.plannedHours}
          onValue={set('plannedHours')}
          error={errors.plannedHours}
          hint={t('courseForm.plannedHoursHint')}
          inputMode="decimal"
        />
        <TextField
          id="course-required-attendance"
          label={t('courseForm.requiredAttendance')}
          value={draft.requiredAttendancePercent}
          onValue={set('requiredAttendancePercent')}
          error={errors.requiredAttendancePercent}
          hint={t('courseForm.requiredAttendanceHint')}
          inputMode="decimal"
        />
        <TextField id="course-teacher" label={t('courseForm.teacher')} value={draft.teacher} onValue={set('teacher')} error={errors.teacher} />
        <SelectField<CourseStatus>
          id="course-status"
          label={t('courseForm.status')}
          value={draft.status}
          onValue={set('status')}
          error={errors.status}
          options={COURSE_STATUSES.map((value) => ({ value, label: t(`courseStatus.${value}`) }))}
        />
        <TextField
          id="course-funder"
          label={t('courseForm.funderName')}
          value={draft.funderName}
          onValue={set('funderName')}
          error={errors.funderName}
          hint={t('courseForm.funderNameHint')}
        />
        <TextField
          id="course-funder-reference"
          label={t('courseForm.funderReference')}
          value={draft.funderReference}
          onValue={set('funderReference')}
          error={errors.funderReference}
          hint={t('courseForm.funderReferenceHint')}
        />
        <TextAreaField
          id="course-description"
          className="span-2"
          label={t('courseForm.description')}
          value={draft.description}
          onValue={set('description')}
          error={errors.description}
        />
        <TextAreaField
          id="course-goals"
          className="span-2"
          label={t('courseForm.learningGoals')}
          value={draft.learningGoals}
          onValue={set('learningGoals')}
          error={errors.learningGoals}
          hint={t('courseForm.learningGoalsHint')}
        />
        <TextField
          id="course-signer-name"
          label={t('courseForm.signerName')}
          value={draft.signerName}
          onValue={set('signerName')}
          error={errors.signerName}
          hint={t('courseForm.signerNameHint')}
        />
        <TextField id="course-signer-title" label={t('courseForm.signerTitle')} value={draft.signerTitle} onValue={set('signerTitle')} error={errors.signerTitle} />
      </div>
      <fieldset className="fieldset" aria-describedby="course-english-hint">
        <legend>{t('courseForm.englishSection')}</legend>
        <p id="course-english-hint" className="field__hint">
          {t('courseForm.englishHint')}
        </p>
        <div className="grid">
          <TextField
            id="course-english-name"
            className="span-2"
            label={t('courseForm.englishName')}
            value={draft.englishName}
            onValue={set('englishName')}
            error={errors.englishName}
            lang="en"
          />
          <TextAreaField
            id="course-english-description"
            className="span-2"
            label={t('courseForm.englishDescription')}
            value={draft.englishDescription}
            onValue={set('englishDescription')}
            error={errors.englishDescription}
            lang="en"
          />
          <TextAreaField
            id="course-english-goals"
            className="span-2"
            label={t('courseForm.englishLearningGoals')}
            value={draft.englishLearningGoals}
            onValue={set('englishLearningGoals')}
            error={errors.englishLearningGoals}
            lang="en"
          />
        </div>
      </fieldset>
      {isKompetansepluss && (
        <fieldset className="fieldset">
          <legend>{t('courseForm.kompetanseplussSection')}</legend>
          <CheckboxField
            id="course-report-approved"
            label={t('courseForm.financialReportApproved')}
            checked={draft.reportApproved}
            onChecked={set('reportApproved')}
          />
          {draft.reportApproved && (
            <DateField
              id="course-report-date"
              label={t('courseForm.financialReportApprovedAt')}
              value={draft.reportApprovedAt}
              onValue={set('reportApprovedAt')}
              error={errors.financialReportApprovedAt}
            />
          )}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : t('courseForm.submit')}
        </button>
        <button type="button" className="button" onClick={cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
