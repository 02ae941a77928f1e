import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../format';
import { useExchange } from '../../stores';
import { countsText } from './format';

/** Historikk: batches sent and received, newest first, with whether they were delivered. */
export function HistoryPanel() {
  const { t } = useTranslation();
  const history = useExchange((s) => s.history);
  return (
    <section className="card" aria-labelledby="exchange-history-title">
      <h2 id="exchange-history-title">{t('exchange.history.title')}</h2>
      <p className="muted">{t('exchange.history.intro')}</p>
      {history === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : history.length === 0 ? (
        <div className="empty empty--small">
          <p className="strong">{t('exchange.history.empty')}</p>
        </div>
      ) : (
        <div className="exchange__scroll">
          <table className="table" aria-labelledby="exchange-history-title">
            <thead>
              <tr>
                <th scope="col">{t('exchange.history.columns.when')}</th>
                <th scope="col">{t('exchange.history.columns.direction')}</th>
                <th scope="col">{t('exchange.history.columns.peer')}</th>
                <th scope="col" className="num">
                  {t('exchange.history.columns.sequence')}
                </th>
                <th scope="col">{t('exchange.history.columns.courses')}</th>
                <th scope="col">{t('exchange.history.columns.counts')}</th>
                <th scope="col">{t('exchange.history.columns.delivered')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((b) => {
                const name = b.peer?.deviceName ?? t('exchange.history.unknownPeer');
                const sent = b.direction === 'sent';
                return (
                  <tr key={`${b.direction}-${b.batchId}`}>
                    <td className="nowrap">{formatTimestamp(b.appliedAt && !sent ? b.appliedAt : b.createdAt)}</td>
                    <td>{sent ? t('exchange.history.sent') : t('exchange.history.received')}</td>
                    <td className="exchange__peer">
                      <bdi>{sent ? t('exchange.history.to', { name }) : t('exchange.history.from', { name })}</bdi>
                    </td>
                    <td className="num">{b.sequence}</td>
                    <td>
                      {b.courses.map((c, i) => (
                        <span key={c.id}>
                          {i > 0 && ', '}
                          <bdi>{c.name}</bdi>
                        </span>
                      ))}
                    </td>
                    <td>{countsText(b.counts)}</td>
                    <td className="exchange__delivered">
                      {sent
                        ? b.deliveredAt
                          ? t('exchange.history.deliveredAt', { when: formatTimestamp(b.deliveredAt) })
                          : t('exchange.history.notDelivered')
                        : b.deliveredAt
                          ? t('exchange.history.receiptAt', { when: formatTimestamp(b.deliveredAt) })
                          : t('exchange.history.noReceipt')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
