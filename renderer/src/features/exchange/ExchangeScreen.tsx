import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelName } from '@contract/channels';
import { can } from '../../can';
import { Notice } from '../../components/Notice';
import { useExchange, useNav } from '../../stores';
import type { ExchangeTab } from '../../stores/nav';
import { HistoryPanel } from './HistoryPanel';
import { ImportPanel } from './ImportPanel';
import { KeysPanel } from './KeysPanel';
import { ReceiptsPanel } from './ReceiptsPanel';
import { SendPanel } from './SendPanel';
import './exchange.css';

const TABS: ExchangeTab[] = ['keys', 'send', 'import', 'receipts', 'history'];
/** The channel each tab is for: a teacher sends, and neither imports nor handles receipts. */
const TAB_CHANNEL: Record<ExchangeTab, ChannelName> = {
  keys: 'exchange:keyFile',
  send: 'exchange:export',
  import: 'exchange:apply',
  receipts: 'exchange:importReceipt',
  history: 'exchange:history',
};

/**
 * Utveksling: this installation's keys and the installations it trusts,
 * sending batches, importing them with a preview, receipts and the history.
 * One tab at a time, so a long import preview never pushes the rest around.
 */
export function ExchangeScreen({ tab = 'keys' }: { tab?: ExchangeTab | undefined }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const load = useExchange((s) => s.load);
  const identity = useExchange((s) => s.identity);
  const loadError = useExchange((s) => s.loadError);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="exchange-title" className="exchange">
      <div className="page-head">
        <div>
          <h1 id="exchange-title">{t('exchange.title')}</h1>
          <p className="muted">{t('exchange.intro')}</p>
        </div>
      </div>
      <nav className="tabs" aria-label={t('exchange.tabsLabel')}>
        {TABS.filter((name) => can(TAB_CHANNEL[name])).map((name) => (
          <button
            key={name}
            type="button"
            className="tabs__item"
            aria-current={tab === name ? 'page' : undefined}
            onClick={() => go({ name: 'exchange', tab: name })}
          >
            {t(`exchange.tabs.${name}`)}
          </button>
        ))}
      </nav>
      {loadError && <Notice kind="error">{`${t('exchange.loadFailed')} ${loadError}`}</Notice>}
      {!identity && !loadError ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        identity && <Tab tab={tab} />
      )}
    </section>
  );
}

function Tab({ tab }: { tab: ExchangeTab }) {
  switch (tab) {
    case 'keys':
      return <KeysPanel />;
    case 'send':
      return <SendPanel />;
    case 'import':
      return <ImportPanel />;
    case 'receipts':
      return <ReceiptsPanel />;
    case 'history':
      return <HistoryPanel />;
  }
}
