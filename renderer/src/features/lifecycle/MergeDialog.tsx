import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMobile, formatNorwegianDate } from '@contract/formats';
import type { MergeField } from '@contract/privacy-schemas';
import type { MergePreview, MergeResult, ParticipantDetailCore, ParticipantSearchHit } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { useLifecycle } from '../../stores';
import './lifecycle.css';

/** How long typing may pause before searching. */
const SEARCH_DEBOUNCE_MS = 200;

type Take = Partial<Record<MergeField, 'keep' | 'merge'>>;

/**
 * Merges another record of the same person into this one: find it, see both
 * side by side, pick per differing field which value stays, confirm. Marks,
 * enrollments, certificates, consents and requests move here; the other
 * record is erased.
 */
export function MergeDialog({ onDone, onClose }: { onDone: (result: MergeResult) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ParticipantSearchHit[] | null>(null);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [take, setTake] = useState<Take>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (query.trim() === '') return;
    let alive = true;
    const timer = setTimeout(() => {
      void useLifecycle
        .getState()
        .searchOthers(query)
        .then((result) => {
          if (!alive) return;
          if (result.ok) setHits(result.value);
          else setError(result.error.message);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [query]);

  const choose = async (hit: ParticipantSearchHit) => {
    setError(null);
    setBusy(true);
    const result = await useLifecycle.getState().mergePreview(hit.participantId);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setTake({});
    setPreview(result.value);
  };

  const confirm = async () => {
    if (!preview || busy) return;
    setError(null);
    setBusy(true);
    const result = await useLifecycle.getState().merge(preview.merge.participantId, take);
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setError([result.error.message, ...Object.values(result.error.fields ?? {})].filter((text, i, all) => all.indexOf(text) === i).join(' '));
  };

  return (
    <Dialog title={t('lifecycle.mergeTitle')} onClose={onClose} className="dialog--wide">
      {error && <Notice kind="error">{error}</Notice>}
      {preview ? (
        <MergeChoices preview={preview} take={take} onTake={setTake} />
      ) : (
        <>
          <p>{t('lifecycle.mergeIntro')}</p>
          <div className="field">
            <label htmlFor="merge-search" className="field__label">
              {t('lifecycle.mergeSearch')}
            </label>
            <input
              id="merge-search"
              className="field__control"
              type="search"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                // An emptied field shows no results; typing asks again after a pause.
                if (e.target.value.trim() === '') setHits(null);
              }}
              aria-describedby="merge-search-hint"
              autoComplete="off"
              data-autofocus
            />
            <p id="merge-search-hint" className="field__hint">
              {t('lifecycle.mergeSearchHint')}
            </p>
          </div>
          <div className="merge__hits" role="region" aria-label={t('lifecycle.mergeHitsLabel')} aria-live="polite">
            {hits?.length === 0 && <p className="muted">{t('lifecycle.mergeNoHits')}</p>}
            {hits && hits.length > 0 && (
              <ul className="plain-list">
                {hits.map((hit) => (
                  <li key={hit.participantId} className="merge__hit">
                    <span>
                      <PersonName firstName={hit.firstName} lastName={hit.lastName} />
                      <span className="muted small">
                        {' · '}
                        {t('lifecycle.mergeBorn', { date: formatNorwegianDate(hit.birthDate) })}
                        {' · '}
                        {hit.courses.length > 0 ? hit.courses.map((c) => c.name).join(', ') : t('lifecycle.mergeNoCourses')}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy}
                      aria-label={t('lifecycle.mergeChooseName', { name: `${hit.lastName}, ${hit.firstName}` })}
                      onClick={() => void choose(hit)}
                    >
                      {t('lifecycle.mergeChoose')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      <div className="actions">
        {preview && (
          <>
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void confirm()}>
              {t('lifecycle.mergeConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setPreview(null)}>
              {t('lifecycle.mergeBack')}
            </button>
          </>
        )}
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function MergeChoices({ preview, take, onTake }: { preview: MergePreview; take: Take; onTake: (take: Take) => void }) {
  const { t } = useTranslation();
  const moving = preview.merge.courses.filter((c) => !preview.sharedCourses.some((s) => s.id === c.id));
  return (
    <>
      <h3>{t('lifecycle.mergeCompare')}</h3>
      {preview.differing.length === 0 && <p>{t('lifecycle.mergeAllSame')}</p>}
      {preview.differing.map((field) => (
        <fieldset key={field} className="merge__choice">
          <legend>{t(`lifecycle.fields.${field}`)}</legend>
          {(['keep', 'merge'] as const).map((side) => {
            const id = `merge-${field}-${side}`;
            return (
              <div key={side} className="merge__option">
                <input
                  id={id}
                  type="radio"
                  name={`merge-${field}`}
                  checked={(take[field] ?? 'keep') === side}
                  onChange={() => onTake({ ...take, [field]: side })}
                />
                <label htmlFor={id}>
                  <span className="muted">{side === 'keep' ? t('lifecycle.mergeThis') : t('lifecycle.mergeOther')}: </span>
                  <FieldValue person={side === 'keep' ? preview.keep : preview.merge} field={field} />
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
      <div className="merge__facts">
        {moving.length > 0 && (
          <p>
            {t('lifecycle.mergeCourses')}: {moving.map((c) => c.name).join(', ')}
          </p>
        )}
        {preview.sharedCourses.length > 0 && <p>{t('lifecycle.mergeShared', { courses: preview.sharedCourses.map((c) => c.name).join(', ') })}</p>}
        {preview.conflictingMarks > 0 && <Notice kind="warning">{t('lifecycle.mergeConflicts', { count: preview.conflictingMarks })}</Notice>}
        {preview.keep.consent.keepAfterCourse !== preview.merge.consent.keepAfterCourse && <p className="muted">{t('lifecycle.mergeConsent')}</p>}
      </div>
    </>
  );
}

/** One field of one record as the form would show it. */
function FieldValue({ person, field }: { person: ParticipantDetailCore; field: MergeField }) {
  const { t } = useTranslation();
  const empty = <span className="muted">{t('lifecycle.mergeEmpty')}</span>;
  switch (field) {
    case 'name':
      return <PersonName firstName={person.firstName} lastName={person.lastName} order="firstLast" />;
    case 'birthDate':
      return <>{formatNorwegianDate(person.birthDate)}</>;
    case 'email':
      return person.email ? <span dir="auto">{person.email}</span> : empty;
    case 'mobile':
      return person.mobile ? <>{formatMobile(person.mobile)}</> : empty;
    case 'gender':
      return <>{t(`gender.${person.gender}`)}</>;
    case 'address':
      return person.address ? (
        <span dir="auto">
          {person.address.street}, {person.address.postalCode} {person.address.city}
        </span>
      ) : (
        empty
      );
    case 'interests':
      return person.interests ? <span dir="auto">{person.interests}</span> : empty;
  }
}
