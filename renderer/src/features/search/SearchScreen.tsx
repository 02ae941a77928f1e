import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import { Notice } from '../../components/Notice';
import { useNav, useSearch } from '../../stores';
import { PersonName } from '../../components/PersonName';

const SEARCH_DEBOUNCE_MS = 150;

/** Type-ahead search for a participant across every course. */
export function SearchScreen() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [query, setQuery] = useState('');
  const hits = useSearch((s) => s.hits);
  const error = useSearch((s) => s.error);

  // What was found is forgotten when the screen goes.
  useEffect(() => () => useSearch.getState().reset(), []);

  useEffect(() => {
    const { search, cancel } = useSearch.getState();
    if (query.trim() === '') {
      cancel();
      return;
    }
    const timer = setTimeout(() => void search(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) void useSearch.getState().search(query);
  };

  const shown = query.trim() === '' ? null : hits;

  return (
    <section aria-labelledby="search-title">
      <div className="page-head">
        <h1 id="search-title">{t('search.title')}</h1>
      </div>
      <form className="toolbar" role="search" onSubmit={submit}>
        <div className="field field--inline field--grow">
          <label htmlFor="search-query" className="field__label">
            {t('search.label')}
          </label>
          <input
            id="search-query"
            className="field__control"
            type="search"
            autoFocus
            value={query}
            maxLength={100}
            placeholder={t('search.placeholder')}
            aria-describedby="search-hint"
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('search.button')}
        </button>
      </form>
      <p id="search-hint" className="muted small">
        {t('search.hint')}
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <p className="muted count" role="status" aria-live="polite">
        {shown ? t('search.results', { count: shown.length }) : ''}
      </p>
      {shown?.length === 0 && <p className="empty empty--small">{t('search.empty')}</p>}
      {shown && shown.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('search.columns.name')}</th>
              <th scope="col">{t('search.columns.birthDate')}</th>
              <th scope="col">{t('search.columns.courses')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((hit) => (
              <tr key={hit.participantId}>
                <td>
                  {hit.courses[0] ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => go({ name: 'participantEdit', courseId: hit.courses[0]!.id, participantId: hit.participantId })}
                    >
                      <PersonName firstName={hit.firstName} lastName={hit.lastName} />
                    </button>
                  ) : (
                    <PersonName firstName={hit.firstName} lastName={hit.lastName} />
                  )}
                </td>
                <td className="nowrap">{formatNorwegianDate(hit.birthDate)}</td>
                <td>
                  <ul className="inline-list">
                    {hit.courses.map((course) => (
                      <li key={course.id}>
                        <button type="button" className="link" onClick={() => go({ name: 'course', courseId: course.id })}>
                          {course.name}
                        </button>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
