import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/fields';
import { useNav, useRequests } from '../../stores';
import type { RequestFilter } from '../../stores/requests';
import { PrivacyTabs } from '../privacy/PrivacyTabs';
import { RequestTable } from './RequestTable';
import './lifecycle.css';

const FILTERS: readonly RequestFilter[] = ['open', 'all', 'completed', 'rejected'];

/** Requests from people (access, correction, objection, restriction, erasure) and their deadlines. */
export function RequestsScreen() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const filter = useRequests((s) => s.filter);
  const items = useRequests((s) => s.items);
  const error = useRequests((s) => s.error);
  const summary = useRequests((s) => s.summary);

  useEffect(() => {
    void useRequests.getState().load();
    void useRequests.getState().fetchSummary();
  }, []);

  return (
    <section aria-labelledby="requests-title">
      <div className="page-head">
        <h1 id="requests-title">{t('privacy.tabs.requests')}</h1>
      </div>
      <PrivacyTabs current="requests" />
      <p className="lead">{t('requests.intro')}</p>
      {summary && (
        <p className="strong" role="status">
          {t('requests.summary', { count: summary.open, dueSoon: summary.dueSoon, overdue: summary.overdue })}
        </p>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <div className="toolbar requests__filter">
        <SelectField<RequestFilter>
          id="requests-filter"
          className="field--inline"
          label={t('requests.filter')}
          value={filter}
          onValue={(value) => value !== '' && useRequests.getState().setFilter(value)}
          options={FILTERS.map((value) => ({ value, label: t(`requests.filters.${value}`) }))}
        />
      </div>
      {items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <div className="empty empty--small">
          <p>{filter === 'open' ? t('requests.emptyOpen') : t('requests.empty')}</p>
          <p className="muted small">{t('requests.emptyHint')}</p>
        </div>
      ) : (
        <RequestTable
          requests={items}
          showPerson
          onResolve={(id, status, note) => useRequests.getState().resolve(id, status, note)}
          onOpenPerson={(request) => {
            const courseId = request.courses[0]?.id;
            if (request.person && courseId) go({ name: 'participantEdit', courseId, participantId: request.person.participantId });
          }}
        />
      )}
    </section>
  );
}
