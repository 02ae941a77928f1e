// @vitest-environment happy-dom
/* eslint-disable @typescript-eslint/require-await -- the stand-ins answer like the async channels they replace */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope, ErrorCode } from '../../main/contract/envelope';
import type {
  BatchHistoryItem,
  BatchImportResult,
  BatchInspection,
  Course,
  ExchangeIdentity,
  ExchangePeer,
  KeyFilePreview,
} from '../../main/contract/types';
import '../../renderer/src/i18n';
import { setLanguage } from '../../renderer/src/i18n';
import { ExchangeScreen } from '../../renderer/src/features/exchange/ExchangeScreen';
import { base64OfBytes } from '../../renderer/src/features/exchange/files';
import { formatTimestamp } from '../../renderer/src/format';
import { resetDataStores, useNav } from '../../renderer/src/stores';

/**
 * The Utveksling screen against a stand-in for the exchange channels (the
 * core's side is tested in test/unit/exchange and end to end in
 * test/e2e/exchange.spec.ts): what each tab shows, what it sends to the core,
 * and that files are read into base64 correctly, also large ones.
 */

const ok = <T,>(value: T): Envelope<T> => ({ ok: true, value });
const fail = (code: string, message: string): Envelope<never> => ({ ok: false, error: { code: code as ErrorCode, message } });

const identity: ExchangeIdentity = {
  deviceId: '11111111-1111-4111-8111-111111111111',
  deviceName: 'Kari Lærer, bærbar',
  role: 'device',
  fingerprint: 'K7Q2-9XMD-4TRA-PL3C',
  ageRecipient: 'age1xyz',
  keyId: '0123456789ABCDEF',
};
const headOffice: ExchangePeer = {
  deviceId: '22222222-2222-4222-8222-222222222222',
  deviceName: 'Hovedkontoret',
  role: 'head-office',
  providerName: 'Kompetansehuset Neo',
  fingerprint: 'HQ11-2233-4455-6677',
  isRecipient: true,
  approvedAt: '2025-06-02T09:00:00.000Z',
};
const course = (id: string, name: string) => ({ id, name }) as Course;
const counts = { courses: 1, participants: 2, enrollments: 2, sessions: 3, marks: 6, consents: 2, certificates: 0, tombstones: 0 };
const zero = { courses: 0, participants: 0, enrollments: 0, sessions: 0, marks: 0, consents: 0, certificates: 0 };

function inspection(change: Partial<BatchInspection>): BatchInspection {
  return {
    fileName: 'neo-kurs-2025-06-02-nr1.neokurs',
    status: 'ready',
    batchId: '33333333-3333-4333-8333-333333333333',
    sender: { deviceId: identity.deviceId, deviceName: 'Kari Lærer, bærbar', fingerprint: identity.fingerprint },
    sequence: 1,
    createdAt: '2025-06-02T09:00:00.000Z',
    missingBefore: [],
    counts,
    preview: [],
    error: null,
    ...change,
  };
}

/** A stand-in for window.neo: the exchange channels and the course list, each a mock the test can change. */
function installNeo() {
  const api = {
    exchange: {
      identity: vi.fn(async () => ok(identity)),
      setRole: vi.fn(async (input: { role: ExchangeIdentity['role']; deviceName?: string }) => ok({ ...identity, ...input })),
      keyFile: vi.fn(async () => ok({ fileName: 'neo-kurs-nokkel-enhet.json', mimeType: 'application/json', base64: btoa('{}') })),
      readKeyFile: vi.fn(async (_: unknown): Promise<Envelope<KeyFilePreview>> => fail('X', 'x')),
      addPeer: vi.fn(async (_: unknown): Promise<Envelope<ExchangePeer>> => ok(headOffice)),
      peers: vi.fn(async (): Promise<Envelope<ExchangePeer[]>> => ok([])),
      export: vi.fn(async (_: unknown) =>
        ok({ batchId: 'b', fileName: 'neo-kurs-2025-06-02-nr1.neokurs', signatureName: 'neo-kurs-2025-06-02-nr1.neokurs.minisig', sequence: 1, counts }),
      ),
      inspect: vi.fn(async (_: unknown): Promise<Envelope<BatchInspection[]>> => ok([])),
      approveDevice: vi.fn(async (_: unknown): Promise<Envelope<ExchangePeer>> => ok({ ...headOffice, isRecipient: false })),
      apply: vi.fn(async (_: unknown): Promise<Envelope<BatchImportResult>> => ok({ batchId: 'b', added: 13, changed: 0, erased: 0, conflicts: 0, skipped: 0 })),
      receipt: vi.fn(async (_: unknown) => ok({ fileName: 'neo-kurs-kvittering-2025-06-02.json', signatureName: 'neo-kurs-kvittering-2025-06-02.json.minisig', batches: 2 })),
      importReceipt: vi.fn(async (_: unknown) => ok({ delivered: [{ batchId: 'b', sequence: 1 }] })),
      history: vi.fn(async (): Promise<Envelope<BatchHistoryItem[]>> => ok([])),
    },
    courses: { list: vi.fn(async () => ok([course('c1', 'Norsk på arbeidsplassen'), course('c2', 'Digitale ferdigheter')])) },
  };
  (window as unknown as { neo: unknown }).neo = api;
  return api;
}

function show(tab: 'keys' | 'send' | 'import' | 'receipts' | 'history') {
  useNav.getState().go({ name: 'exchange', tab });
  const user = userEvent.setup();
  render(<ExchangeScreen tab={tab} />);
  return user;
}

const file = (name: string, text: string) => new File([text], name);

/** Local time as the screen shows it (dd.mm.åååå kl. tt.mm); the test machine's time zone decides the hour. */
const at = (iso: string) => {
  const text = formatTimestamp(iso);
  expect(text).toMatch(/^\d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d$/);
  return text;
};

describe('the Utveksling screen', () => {
  let neo: ReturnType<typeof installNeo>;
  beforeEach(() => {
    neo = installNeo();
  });
  afterEach(() => {
    cleanup();
    resetDataStores();
    useNav.getState().reset();
    setLanguage('nb');
    vi.restoreAllMocks();
  });

  it('shows this installation: its name, role and fingerprint, saves a new role and downloads the key file', async () => {
    const clicked: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:neo-test');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const user = show('keys');
    const own = await screen.findByRole('region', { name: 'Denne installasjonen' });
    expect(within(own).getByText('K7Q2-9XMD-4TRA-PL3C').className).toContain('exchange__fingerprint');
    expect(within(own).getByLabelText<HTMLInputElement>('Navn på installasjonen').value).toBe('Kari Lærer, bærbar');
    const role = within(own).getByLabelText<HTMLSelectElement>('Rolle i utvekslingen');
    expect([...role.options].map((o) => o.text)).toEqual(['Bærbar/enhet', 'Koordinator', 'Hovedkontor']);
    await user.selectOptions(role, 'head-office');
    await user.click(within(own).getByRole('button', { name: 'Lagre' }));
    expect(await within(own).findByText('Lagret.')).toBeTruthy();
    expect(neo.exchange.setRole).toHaveBeenCalledWith({ role: 'head-office' });
    expect(role.value).toBe('head-office');

    await user.click(within(own).getByRole('button', { name: 'Last ned nøkkelfil' }));
    expect(await within(own).findByText(/neo-kurs-nokkel-enhet\.json er lastet ned/)).toBeTruthy();
    expect(clicked).toEqual(['neo-kurs-nokkel-enhet.json']);
  });

  it('adds a recipient from its key file only after its fingerprint is shown, and warns when a known key changed', async () => {
    neo.exchange.readKeyFile.mockResolvedValue(
      ok({ deviceId: headOffice.deviceId, deviceName: 'Hovedkontoret', role: 'head-office', providerName: 'Kompetansehuset Neo', organisationNumber: '974760673', fingerprint: 'HQ11-2233-4455-6677', known: 'changed' }),
    );
    const user = show('keys');
    const peers = await screen.findByRole('region', { name: 'Mottakere og enheter' });
    expect(within(peers).getByText('Ingen mottakere eller enheter er lagt inn ennå.')).toBeTruthy();
    const text = '{"format":"neo-kurs-key"}';
    await user.upload(within(peers).getByLabelText('Nøkkelfil'), file('neo-kurs-nokkel-hovedkontor.json', text));
    const preview = await within(peers).findByRole('region', { name: 'Nøkkelfil fra Hovedkontoret' });
    expect(neo.exchange.readKeyFile).toHaveBeenCalledWith({ file: { name: 'neo-kurs-nokkel-hovedkontor.json', base64: btoa(text) } });
    expect(within(preview).getByText('HQ11-2233-4455-6677')).toBeTruthy();
    expect(preview.textContent).toContain('Kompetansehuset Neo (974 760 673)');
    expect(preview.textContent).toContain('Ring Hovedkontoret og be dem lese opp fingeravtrykket');
    expect(within(preview).getByRole('status').textContent).toContain('lagt inn fra før med en annen nøkkel');

    neo.exchange.peers.mockResolvedValue(ok([headOffice]));
    await user.click(within(preview).getByRole('button', { name: 'Fingeravtrykket stemmer – legg til' }));
    expect(await within(peers).findByText('Hovedkontoret er lagt til.')).toBeTruthy();
    expect(neo.exchange.addPeer).toHaveBeenCalledWith({ file: { name: 'neo-kurs-nokkel-hovedkontor.json', base64: btoa(text) }, fingerprint: 'HQ11-2233-4455-6677' });
    const row = within(peers).getByRole('row', { name: /Hovedkontoret/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Hovedkontoret Mottaker', 'Hovedkontor', 'Kompetansehuset Neo', 'HQ11-2233-4455-6677', at('2025-06-02T09:00:00.000Z')]);
  });

  it('says in Norwegian why a key file was refused', async () => {
    neo.exchange.readKeyFile.mockResolvedValue(fail('EXCHANGE_NOT_A_KEY_FILE', 'Filen er ikke en nøkkelfil fra Neo Kurs.'));
    const user = show('keys');
    const peers = await screen.findByRole('region', { name: 'Mottakere og enheter' });
    await user.upload(within(peers).getByLabelText('Nøkkelfil'), file('bilde.json', 'x'));
    expect((await within(peers).findByRole('alert')).textContent).toBe('Filen er ikke en nøkkelfil fra Neo Kurs.');
    expect(neo.exchange.addPeer).not.toHaveBeenCalled();
  });

  it('without a recipient, sending says to import head office’s key file first', async () => {
    show('send');
    expect(await screen.findByText('Importer nøkkelfilen fra hovedkontoret først.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Lag batch' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Gå til Nøkler' }));
    expect(useNav.getState().route).toEqual({ name: 'exchange', tab: 'keys' });
  });

  it('sends the ticked courses to the recipient into the typed folder, and shows the files and counts', async () => {
    neo.exchange.peers.mockResolvedValue(ok([headOffice]));
    const granted = { id: '44444444-4444-4444-8444-444444444444', label: '/tmp/ut' };
    (window as unknown as { neoPlatform: unknown }).neoPlatform = { typedFolder: vi.fn(async () => ok({ folder: granted })) };
    try {
      const user = show('send');
      await screen.findByLabelText('Mottaker');
      // Nothing ticked: refused before anything is sent.
      await user.click(screen.getByRole('button', { name: 'Lag batch' }));
      expect(screen.getByRole('alert').textContent).toBe('Velg minst ett kurs.');
      await user.click(screen.getByLabelText('Norsk på arbeidsplassen'));
      await user.click(screen.getByLabelText('Send alt på nytt, ikke bare det som er endret'));
      await user.type(screen.getByLabelText('Mappe'), '/tmp/ut');
      await user.click(screen.getByRole('button', { name: 'Lag batch' }));
      expect(await screen.findByText('Batch nr. 1 er skrevet til mappen /tmp/ut.')).toBeTruthy();
      expect(neo.exchange.export).toHaveBeenCalledWith({ recipientId: headOffice.deviceId, courseIds: ['c1'], folderId: granted.id, full: true });
      expect(screen.getByText('neo-kurs-2025-06-02-nr1.neokurs.minisig')).toBeTruthy();
      expect(screen.getByText('Innhold: 1 kurs, 2 deltakere, 2 påmeldinger, 3 økter, 6 oppmøteregistreringer, 2 samtykker.')).toBeTruthy();
    } finally {
      delete (window as unknown as { neoPlatform?: unknown }).neoPlatform;
    }
  });

  it('imports: refused in Norwegian, an unknown sender approved by fingerprint, already imported, and a preview taken in with progress', async () => {
    const ready = inspection({
      fileName: 'neo-kurs-2025-06-02-nr3.neokurs',
      batchId: '55555555-5555-4555-8555-555555555555',
      sequence: 3,
      missingBefore: [2],
      preview: [
        {
          courseId: 'c1',
          courseName: 'Norsk på arbeidsplassen',
          added: { ...zero, participants: 2, marks: 6 },
          changed: { ...zero, sessions: 1 },
          erased: 1,
          unchanged: 0,
          skipped: 0,
          conflicts: [{ kind: 'sessions', id: 's1', label: 'Økt 04.03.2025', oursUpdatedAt: '2025-06-01T08:00:00.000Z', theirsUpdatedAt: '2025-06-02T08:00:00.000Z', winner: 'theirs' }],
        },
      ],
    });
    neo.exchange.inspect
      .mockResolvedValueOnce(
        ok([
          inspection({ fileName: 'ødelagt.neokurs', status: 'refused', batchId: null, sender: null, sequence: null, createdAt: null, counts: null, error: { code: 'EXCHANGE_BAD_SIGNATURE', message: 'Signaturen stemmer ikke med filen.' } }),
          inspection({ status: 'unknownDevice', createdAt: null, counts: null }),
        ]),
      )
      .mockResolvedValueOnce(ok([inspection({ status: 'alreadyImported', createdAt: null, counts: null, error: { code: 'EXCHANGE_ALREADY_IMPORTED', message: 'Denne batchen er allerede importert. Ingenting er endret.' } }), ready]));
    let release!: () => void;
    neo.exchange.apply.mockImplementation(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return ok({ batchId: ready.batchId!, added: 8, changed: 1, erased: 1, conflicts: 1, skipped: 2 });
    });
    const user = show('import');
    const input = await screen.findByLabelText('Batchfiler');
    expect(input.getAttribute('accept')).toBe('.neokurs,.minisig');
    expect(input.hasAttribute('multiple')).toBe(true);
    await user.upload(input, [file('neo-kurs-2025-06-02-nr1.neokurs', 'age'), file('neo-kurs-2025-06-02-nr1.neokurs.minisig', 'sig')]);

    const refused = await screen.findByRole('region', { name: 'ødelagt.neokurs' });
    expect(within(refused).getByRole('alert').textContent).toBe('Signaturen stemmer ikke med filen.');
    const unknown = screen.getByRole('region', { name: 'neo-kurs-2025-06-02-nr1.neokurs' });
    expect(unknown.textContent).toContain('Ukjent avsender: Kari Lærer, bærbar');
    expect(within(unknown).getByText('K7Q2-9XMD-4TRA-PL3C')).toBeTruthy();
    await user.click(within(unknown).getByRole('button', { name: 'Godkjenn enhet' }));
    const files = [
      { name: 'neo-kurs-2025-06-02-nr1.neokurs', base64: btoa('age') },
      { name: 'neo-kurs-2025-06-02-nr1.neokurs.minisig', base64: btoa('sig') },
    ];
    expect(neo.exchange.approveDevice).toHaveBeenCalledWith({ files, deviceId: identity.deviceId, fingerprint: identity.fingerprint });

    // Inspected again after the approval.
    await waitFor(() => expect(neo.exchange.inspect).toHaveBeenCalledTimes(2));
    const again = await screen.findByRole('region', { name: 'neo-kurs-2025-06-02-nr1.neokurs' });
    await waitFor(() => expect(again.textContent).toContain('allerede importert'));
    const card = screen.getByRole('region', { name: 'neo-kurs-2025-06-02-nr3.neokurs' });
    expect(card.textContent).toContain(`Batch nr. 3 · Fra Kari Lærer, bærbar · Laget ${at('2025-06-02T09:00:00.000Z')}`);
    expect(within(card).getAllByRole('status')[0]!.textContent).toBe('Batch nr. 2 fra denne enheten er ikke importert ennå. Be avsenderen om den, eller ta inn denne likevel.');
    const table = within(card).getByRole('table', { name: 'Forhåndsvisning: Norsk på arbeidsplassen' });
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual(['HvaNyeEndret', 'Deltakere20', 'Økter01', 'Oppmøte60']);
    expect(card.textContent).toContain('1 person slettes.');
    expect(card.textContent).toContain(`Økt 04.03.2025: her endret ${at('2025-06-01T08:00:00.000Z')}, i batchen ${at('2025-06-02T08:00:00.000Z')}. Tar inn det fra batchen.`);

    await user.click(within(card).getByRole('button', { name: 'Ta inn' }));
    const busy = within(card).getByRole<HTMLButtonElement>('button', { name: 'Tar inn batchen …' });
    expect(busy.disabled).toBe(true);
    expect(within(card).getByRole('progressbar', { name: 'Tar inn batchen …' })).toBeTruthy();
    release();
    expect(await within(card).findByText('Tatt inn: 8 nye, 1 endret, 1 slettet, 1 konflikter. 2 poster ble ikke tatt inn.')).toBeTruthy();
    expect(neo.exchange.apply).toHaveBeenCalledWith({ files, batchId: ready.batchId });
    expect(within(card).queryByRole('button', { name: 'Ta inn' })).toBeNull();
  });

  it('writes a receipt per sending device into a folder, and imports a receipt back', async () => {
    neo.exchange.identity.mockResolvedValue(ok({ ...identity, role: 'coordinator' }));
    const received = (sequence: number, deliveredAt: string | null): BatchHistoryItem => ({
      batchId: `r${sequence}`,
      direction: 'received',
      peer: { deviceId: identity.deviceId, deviceName: 'Lærer Lund', role: 'device' },
      sequence,
      createdAt: '2025-06-02T09:00:00.000Z',
      fileName: 'x.neokurs',
      courses: [{ id: 'c1', name: 'Norsk på arbeidsplassen' }],
      counts,
      deliveredAt,
      appliedAt: '2025-06-02T10:00:00.000Z',
    });
    neo.exchange.history.mockResolvedValue(ok([received(2, null), received(1, null)]));
    const granted = { id: '44444444-4444-4444-8444-444444444444', label: '/tmp/ut' };
    (window as unknown as { neoPlatform: unknown }).neoPlatform = { typedFolder: vi.fn(async () => ok({ folder: granted })) };
    try {
      const user = show('receipts');
      const write = await screen.findByRole('region', { name: 'Skriv kvittering' });
      const row = await within(write).findByRole('row', { name: /Lærer Lund/ });
      expect(row.textContent).toContain('2 batcher (nr. 1 og 2)');
      await user.click(within(row).getByRole('button', { name: 'Skriv kvittering til Lærer Lund' }));
      expect(within(write).getByLabelText('Mappe').getAttribute('aria-invalid')).toBe('true');
      expect(within(write).getByText('Velg en mappe.')).toBeTruthy();
      expect(neo.exchange.receipt).not.toHaveBeenCalled();
      await user.type(within(write).getByLabelText('Mappe'), '/tmp/ut');
      await user.click(within(row).getByRole('button', { name: 'Skriv kvittering til Lærer Lund' }));
      expect(await within(write).findByText(/Kvittering for 2 batcher er skrevet: neo-kurs-kvittering-2025-06-02\.json/)).toBeTruthy();
      expect(neo.exchange.receipt).toHaveBeenCalledWith({ deviceId: identity.deviceId, folderId: granted.id });

      const back = screen.getByRole('region', { name: 'Importer kvittering' });
      await user.upload(within(back).getByLabelText('Kvitteringsfiler'), [file('k.json', '{}'), file('k.json.minisig', 's')]);
      expect(await within(back).findByText('Levert: batch nr. 1.')).toBeTruthy();
    } finally {
      delete (window as unknown as { neoPlatform?: unknown }).neoPlatform;
    }
  });

  it('lists the history: when, direction, to or from whom, courses, counts and delivered', async () => {
    neo.exchange.history.mockResolvedValue(
      ok([
        {
          batchId: 'b2',
          direction: 'sent',
          peer: { deviceId: headOffice.deviceId, deviceName: 'Hovedkontoret', role: 'head-office' },
          sequence: 2,
          createdAt: '2025-06-03T12:05:00.000Z',
          fileName: 'x',
          courses: [{ id: 'c1', name: 'Norsk på arbeidsplassen' }],
          counts: { ...counts, courses: 0, participants: 0, enrollments: 0, sessions: 0, marks: 0, consents: 0, tombstones: 1 },
          deliveredAt: null,
          appliedAt: null,
        },
        {
          batchId: 'b1',
          direction: 'sent',
          peer: { deviceId: headOffice.deviceId, deviceName: 'Hovedkontoret', role: 'head-office' },
          sequence: 1,
          createdAt: '2025-06-02T09:00:00.000Z',
          fileName: 'x',
          courses: [{ id: 'c1', name: 'Norsk på arbeidsplassen' }],
          counts,
          deliveredAt: '2025-06-02T14:30:00.000Z',
          appliedAt: null,
        },
      ]),
    );
    show('history');
    const table = await screen.findByRole('table', { name: 'Historikk' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      [at('2025-06-03T12:05:00.000Z'), 'Sendt', 'Til Hovedkontoret', '2', 'Norsk på arbeidsplassen', '1 sletting', 'Ikke levert'],
      [at('2025-06-02T09:00:00.000Z'), 'Sendt', 'Til Hovedkontoret', '1', 'Norsk på arbeidsplassen', '1 kurs, 2 deltakere, 2 påmeldinger, 3 økter, 6 oppmøteregistreringer, 2 samtykker', `Levert ${at('2025-06-02T14:30:00.000Z')}`],
    ]);
  });
});

describe('reading a chosen file', () => {
  it('gives the same base64 as Node for a file far larger than one piece', () => {
    const bytes = new Uint8Array(1_000_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    expect(base64OfBytes(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64OfBytes(new Uint8Array())).toBe('');
  });
});
