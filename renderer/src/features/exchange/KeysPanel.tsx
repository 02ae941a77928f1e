import { useRef, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXCHANGE_ROLES } from '@contract/exchange-schemas';
import type { ExchangeRole, KeyFilePreview } from '@contract/types';
import { SelectField, TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { formatTimestamp } from '../../format';
import { useExchange } from '../../stores';
import type { ChosenFile } from '../../stores/exchange';
import { saveExportedFile } from '../attendance/download';
import { readChosenFiles } from './files';
import { Fingerprint } from './Fingerprint';

type Message = { kind: 'success' | 'error'; text: string } | null;

/** Denne installasjonen (name, role, fingerprint, key file) and Mottakere og enheter (list, add from a key file). */
export function KeysPanel() {
  return (
    <div className="stack">
      <ThisInstallation />
      <Peers />
    </div>
  );
}

function ThisInstallation() {
  const { t } = useTranslation();
  const identity = useExchange((s) => s.identity)!;
  const setRole = useExchange((s) => s.setRole);
  const keyFile = useExchange((s) => s.keyFile);
  const [name, setName] = useState<string | null>(null);
  const [role, setRoleDraft] = useState<ExchangeRole | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [downloading, setDownloading] = useState(false);
  const [downloadMessage, setDownloadMessage] = useState<Message>(null);

  const shownName = name ?? identity.deviceName;
  const shownRole = role ?? identity.role;
  const roleOptions = EXCHANGE_ROLES.map((value) => ({ value, label: t(`exchange.roles.${value}`) }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setMessage(null);
    setNameError(undefined);
    const trimmed = shownName.trim();
    const result = await setRole(shownRole, trimmed !== '' && trimmed !== identity.deviceName ? trimmed : undefined);
    setSaving(false);
    if (result.ok) {
      setName(null);
      setRoleDraft(null);
      setMessage({ kind: 'success', text: t('exchange.keys.saved') });
    } else {
      setNameError(result.error.fields?.deviceName);
      setMessage({ kind: 'error', text: result.error.message });
    }
  };

  const download = async () => {
    if (downloading) return;
    setDownloading(true);
    setDownloadMessage(null);
    const result = await keyFile();
    setDownloading(false);
    if (result.ok) {
      saveExportedFile(result.value);
      setDownloadMessage({ kind: 'success', text: t('exchange.keys.downloaded', { file: result.value.fileName }) });
    } else setDownloadMessage({ kind: 'error', text: result.error.message });
  };

  return (
    <section className="card" aria-labelledby="exchange-this-title">
      <h2 id="exchange-this-title">{t('exchange.keys.thisTitle')}</h2>
      <div className="exchange__this">
        <form className="exchange__identity" onSubmit={(e) => void save(e)} noValidate>
          <TextField
            id="exchange-device-name"
            label={t('exchange.keys.deviceName')}
            hint={t('exchange.keys.deviceNameHint')}
            value={shownName}
            onValue={(value) => {
              setName(value);
              setMessage(null);
            }}
            error={nameError}
            maxLength={120}
            autoComplete="off"
          />
          <SelectField
            id="exchange-role"
            label={t('exchange.keys.role')}
            hint={t('exchange.keys.roleHint')}
            value={shownRole}
            onValue={(value) => {
              if (value) setRoleDraft(value);
              setMessage(null);
            }}
            options={roleOptions}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={saving} aria-busy={saving}>
              {saving ? t('common.saving') : t('exchange.keys.save')}
            </button>
            <span role="status" className={message?.kind === 'error' ? 'field__error' : 'muted'}>
              {message?.text}
            </span>
          </div>
        </form>
        <div className="exchange__key">
          <h3 id="exchange-own-fingerprint">{t('exchange.keys.fingerprint')}</h3>
          <Fingerprint value={identity.fingerprint} />
          <p className="field__hint">{t('exchange.keys.fingerprintHint')}</p>
          <div className="actions">
            <button type="button" className="button button--primary" disabled={downloading} aria-busy={downloading} onClick={() => void download()}>
              {t('exchange.keys.download')}
            </button>
          </div>
          <div className="exchange__slot" aria-live="polite">
            {downloadMessage && <Notice kind={downloadMessage.kind}>{downloadMessage.text}</Notice>}
          </div>
        </div>
      </div>
    </section>
  );
}

function Peers() {
  const { t } = useTranslation();
  const peers = useExchange((s) => s.peers);
  return (
    <section className="card" aria-labelledby="exchange-peers-title">
      <h2 id="exchange-peers-title">{t('exchange.keys.peersTitle')}</h2>
      {peers === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : peers.length === 0 ? (
        <div className="empty empty--small">
          <p className="strong">{t('exchange.keys.noPeers')}</p>
          <p className="muted">{t('exchange.keys.noPeersHint')}</p>
        </div>
      ) : (
        <table className="table" aria-labelledby="exchange-peers-title">
          <thead>
            <tr>
              <th scope="col">{t('exchange.keys.columns.name')}</th>
              <th scope="col">{t('exchange.keys.columns.role')}</th>
              <th scope="col">{t('exchange.keys.columns.provider')}</th>
              <th scope="col">{t('exchange.keys.columns.fingerprint')}</th>
              <th scope="col">{t('exchange.keys.columns.approved')}</th>
            </tr>
          </thead>
          <tbody>
            {peers.map((peer) => (
              <tr key={peer.deviceId}>
                <td>
                  <bdi>{peer.deviceName}</bdi>{' '}
                  <span className="marker">{peer.isRecipient ? t('exchange.keys.recipient') : t('exchange.keys.sender')}</span>
                </td>
                <td>{t(`exchange.roles.${peer.role}`)}</td>
                <td>{peer.providerName ? <bdi>{peer.providerName}</bdi> : t('common.none')}</td>
                <td className="exchange__mono" translate="no">
                  {peer.fingerprint}
                </td>
                <td>{formatTimestamp(peer.approvedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddPeer />
    </section>
  );
}

function AddPeer() {
  const { t } = useTranslation();
  const readKeyFile = useExchange((s) => s.readKeyFile);
  const addPeer = useExchange((s) => s.addPeer);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [preview, setPreview] = useState<KeyFilePreview | null>(null);
  const [reading, setReading] = useState(false);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    setPreview(null);
    setFile(null);
    setMessage(null);
    if (!event.target.files?.length) return;
    setReading(true);
    const read = await readChosenFiles(event.target.files);
    if (!read.ok || !read.files[0]) {
      setReading(false);
      if (!read.ok) setMessage({ kind: 'error', text: read.message });
      return;
    }
    const result = await readKeyFile(read.files[0]);
    setReading(false);
    if (result.ok) {
      setFile(read.files[0]);
      setPreview(result.value);
    } else setMessage({ kind: 'error', text: result.error.message });
  };

  const confirm = async () => {
    if (!file || !preview || adding) return;
    setAdding(true);
    const result = await addPeer(file, preview.fingerprint);
    setAdding(false);
    if (result.ok) {
      setMessage({ kind: 'success', text: t('exchange.keys.added', { name: result.value.deviceName }) });
      setPreview(null);
      setFile(null);
      if (input.current) input.current.value = '';
      input.current?.focus();
    } else setMessage({ kind: 'error', text: result.error.message });
  };

  const cancel = () => {
    setPreview(null);
    setFile(null);
    setMessage(null);
    if (input.current) input.current.value = '';
    input.current?.focus();
  };

  return (
    <div className="exchange__add">
      <h3 id="exchange-add-title">{t('exchange.keys.addTitle')}</h3>
      <div className="field field--narrow">
        <label htmlFor="exchange-key-file" className="field__label">
          {t('exchange.keys.keyFile')}
        </label>
        <input
          ref={input}
          id="exchange-key-file"
          type="file"
          accept=".json,application/json"
          className="field__control"
          aria-describedby="exchange-key-file-hint"
          onChange={(e) => void choose(e)}
        />
        <p id="exchange-key-file-hint" className="field__hint">
          {t('exchange.keys.keyFileHint')}
        </p>
      </div>
      <div aria-live="polite">
        {reading && <p className="muted">{t('exchange.keys.reading')}</p>}
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
      </div>
      {preview && (
        <section className="card card--inset exchange__preview" aria-labelledby="exchange-key-preview-title">
          <h4 id="exchange-key-preview-title">{t('exchange.keys.previewTitle', { name: preview.deviceName })}</h4>
          <dl className="exchange__facts">
            <dt>{t('exchange.keys.columns.role')}</dt>
            <dd>{t(`exchange.roles.${preview.role}`)}</dd>
            <dt>{t('exchange.keys.provider')}</dt>
            <dd>
              {preview.providerName ? <bdi>{preview.providerName}</bdi> : t('common.none')}
              {preview.organisationNumber ? ` (${preview.organisationNumber.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3')})` : ''}
            </dd>
          </dl>
          {preview.known === 'changed' && <Notice kind="warning">{t('exchange.keys.changed')}</Notice>}
          {preview.known === 'same' && <Notice kind="info">{t('exchange.keys.same')}</Notice>}
          <p>{t('exchange.keys.compare', { name: preview.deviceName })}</p>
          <Fingerprint value={preview.fingerprint} />
          <div className="actions">
            <button type="button" className="button button--primary" disabled={adding} aria-busy={adding} onClick={() => void confirm()}>
              {adding ? t('exchange.keys.adding') : t('exchange.keys.confirm')}
            </button>
            <button type="button" className="button button--ghost" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
