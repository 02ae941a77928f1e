import { useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice';
import { useExchange } from '../../stores';
import { readChosenFiles } from './files';
import { FolderField, grantFolder, noFolder } from './FolderField';
import type { FolderValue } from './FolderField';
import { numbersText } from './format';

type Message = { kind: 'success' | 'error' | 'info'; text: string } | null;

/** Kvitteringer: write receipts for what was received here; import receipts for what was sent from here. */
export function ReceiptsPanel() {
  const identity = useExchange((s) => s.identity)!;
  const history = useExchange((s) => s.history);
  const peers = useExchange((s) => s.peers);
  const receives = identity.role !== 'device' || (history ?? []).some((b) => b.direction === 'received');
  const sends = identity.role !== 'head-office' || (peers ?? []).some((p) => p.isRecipient) || (history ?? []).some((b) => b.direction === 'sent');
  return (
    <div className="stack">
      {receives && <WriteReceipts />}
      {sends && <ImportReceipt />}
    </div>
  );
}

function WriteReceipts() {
  const { t } = useTranslation();
  const history = useExchange((s) => s.history);
  const writeReceipt = useExchange((s) => s.writeReceipt);
  const [folder, setFolder] = useState<FolderValue>(noFolder);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [writing, setWriting] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  // Received batches without a receipt, by the device that sent them.
  const pending = new Map<string, { name: string; sequences: number[] }>();
  for (const b of history ?? []) {
    if (b.direction !== 'received' || b.deliveredAt) continue;
    const deviceId = b.peer?.deviceId ?? '';
    const entry = pending.get(deviceId) ?? { name: b.peer?.deviceName ?? t('exchange.history.unknownPeer'), sequences: [] };
    entry.sequences.push(b.sequence);
    pending.set(deviceId, entry);
  }

  const write = async (deviceId: string) => {
    if (writing) return;
    setMessage(null);
    setWriting(deviceId);
    const granted = await grantFolder(folder);
    if ('error' in granted) {
      setWriting(null);
      setFolderError(granted.error);
      document.getElementById('exchange-receipt-folder')?.focus();
      return;
    }
    const result = await writeReceipt(deviceId, granted.folder.id);
    setWriting(null);
    if (result.ok) {
      setMessage({
        kind: 'success',
        text: t('exchange.receipts.written', { count: result.value.batches, file: result.value.fileName, signature: result.value.signatureName }),
      });
    } else {
      if (result.error.code === 'FOLDER_NOT_WRITABLE' || result.error.code === 'FOLDER_NOT_CHOSEN') setFolderError(result.error.message);
      setMessage({ kind: 'error', text: result.error.message });
    }
  };

  return (
    <section className="card" aria-labelledby="exchange-write-receipt-title">
      <h2 id="exchange-write-receipt-title">{t('exchange.receipts.writeTitle')}</h2>
      <p className="muted">{t('exchange.receipts.writeIntro')}</p>
      {history === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : pending.size === 0 ? (
        <p className="empty empty--small">{t('exchange.receipts.nothingPending')}</p>
      ) : (
        <>
          <FolderField id="exchange-receipt-folder" value={folder} onValue={setFolder} error={folderError} onError={setFolderError} />
          <table className="table" aria-label={t('exchange.receipts.pending')}>
            <thead>
              <tr>
                <th scope="col">{t('exchange.history.columns.peer')}</th>
                <th scope="col">{t('exchange.receipts.pending')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('exchange.receipts.write')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...pending.entries()].map(([deviceId, entry]) => (
                <tr key={deviceId}>
                  <td>
                    <bdi>{entry.name}</bdi>
                  </td>
                  <td>{t('exchange.receipts.pendingBatches', { count: entry.sequences.length, numbers: numbersText([...entry.sequences].sort((a, b) => a - b)) })}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      aria-label={t('exchange.receipts.writeFor', { name: entry.name })}
                      disabled={writing !== null}
                      aria-busy={writing === deviceId}
                      onClick={() => void write(deviceId)}
                    >
                      {writing === deviceId ? t('exchange.receipts.writing') : t('exchange.receipts.write')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div aria-live="polite" className="exchange__slot">
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
      </div>
    </section>
  );
}

function ImportReceipt() {
  const { t } = useTranslation();
  const importReceipt = useExchange((s) => s.importReceipt);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    setMessage(null);
    if (!event.target.files?.length) return;
    setBusy(true);
    const read = await readChosenFiles(event.target.files);
    if (!read.ok) {
      setBusy(false);
      setMessage({ kind: 'error', text: read.message });
      return;
    }
    const result = await importReceipt(read.files);
    setBusy(false);
    if (!result.ok) setMessage({ kind: 'error', text: result.error.message });
    else if (result.value.delivered.length === 0) setMessage({ kind: 'info', text: t('exchange.receipts.deliveredNone') });
    else {
      const numbers = result.value.delivered.map((d) => d.sequence).sort((a, b) => a - b);
      setMessage({ kind: 'success', text: t('exchange.receipts.delivered', { count: numbers.length, numbers: numbersText(numbers) }) });
    }
  };

  return (
    <section className="card" aria-labelledby="exchange-import-receipt-title">
      <h2 id="exchange-import-receipt-title">{t('exchange.receipts.importTitle')}</h2>
      <p className="muted">{t('exchange.receipts.importIntro')}</p>
      <div className="field field--narrow">
        <label htmlFor="exchange-receipt-files" className="field__label">
          {t('exchange.receipts.files')}
        </label>
        <input
          ref={input}
          id="exchange-receipt-files"
          type="file"
          multiple
          accept=".json,.minisig"
          className="field__control"
          aria-describedby="exchange-receipt-files-hint"
          disabled={busy}
          onChange={(e) => void choose(e)}
        />
        <p id="exchange-receipt-files-hint" className="field__hint">
          {t('exchange.receipts.filesHint')}
        </p>
      </div>
      <div aria-live="polite" className="exchange__slot">
        {busy && <p className="muted">{t('exchange.receipts.importing')}</p>}
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
      </div>
    </section>
  );
}
