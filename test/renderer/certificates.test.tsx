// @vitest-environment node
// The DOM first: see certificatesDom.ts for why this file does not use the happy-dom environment.
import './certificatesDom';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCourse, renderUnlocked, resetApp } from './app';
import type { User } from './app';
import { coreDatabase } from '../unit/support/storage';
import { COURSE_NAME, TINY_PNG_BASE64, issuedCodes, pdfPages, seedCertificates } from './certificatesSetup';
import type { CertificateSeed } from './certificatesSetup';

let seeded: CertificateSeed | undefined;
const folders: string[] = [];

afterEach(() => {
  vi.restoreAllMocks();
  delete window.neoPlatform;
  resetApp();
  seeded?.neo.close();
  seeded = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Course page → "Kursbevis", as the coordinator goes. */
async function openCertificates(user: User): Promise<HTMLElement> {
  await openCourse(user, COURSE_NAME);
  await user.click(screen.getByRole('button', { name: 'Kursbevis' }));
  await screen.findByRole('heading', { level: 1, name: 'Kursbevis' });
  return screen.findByRole('table', { name: 'Deltakere og kursbevis' });
}

const rowOf = (name: string) => screen.getByRole('row', { name: new RegExp(name) });
const checkbox = (name: string) => screen.getByRole<HTMLInputElement>('checkbox', { name: `Velg ${name}` });

/** Captures what the app downloads through an object URL and a clicked <a download>. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return 'blob:neo-test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

describe('certificate screen', () => {
  it('lists every participant as eligible or not, with the core’s reason, and selects the eligible ones', async () => {
    seeded = await seedCertificates();
    const user = await renderUnlocked();
    const table = await openCertificates(user);

    expect(within(rowOf('Ødegård, Åse')).getByText('Oppfyller kravet')).toBeTruthy();
    expect(within(rowOf('Ødegård, Åse')).getByText('100 % oppmøte, krav 75 %')).toBeTruthy();
    expect(within(rowOf('Hansen, Per')).getByText('50 % oppmøte, krav 75 %')).toBeTruthy();
    expect(within(rowOf('Hansen, Per')).queryByText('Oppfyller kravet')).toBeNull();
    expect(within(rowOf('Æsland, Bjørn')).getByText('Ingen registrert oppmøte')).toBeTruthy();
    // Sorted the Norwegian way (æ after z), and nothing issued yet.
    const names = within(table).getAllByRole('rowheader').map((h) => h.querySelector('label')?.textContent);
    expect(names).toEqual(['Hansen, Per', 'Nordmann, Kari', 'Æsland, Bjørn', 'Ødegård, Åse']);
    expect(within(table).getAllByText('Ikke utstedt')).toHaveLength(4);

    expect(checkbox('Ødegård, Åse').checked).toBe(true);
    expect(checkbox('Nordmann, Kari').checked).toBe(true);
    expect(checkbox('Hansen, Per').checked).toBe(false);
    expect(checkbox('Æsland, Bjørn').checked).toBe(false);
    expect(screen.getByText(/^2 av 4 valgt · 2 nye, 0 skrives ut igjen, 0 erstattes$/)).toBeTruthy();
    expect(within(rowOf('Ødegård, Åse')).getByText('Får nytt kursbevis')).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Én PDF med alle' }).checked).toBe(true);
    // The button comes before the list, so a long list never hides it.
    expect(screen.getByRole('button', { name: 'Lag kursbevis' }).compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Språk for Ødegård, Åse' }).value).toBe('nb');

    // A preview is rendered by the core and opens in the viewer as a draft, from which it can be saved; nothing registered.
    // (happy-dom has no canvas, so the drawing itself is checked in real Chromium by the e2e test.)
    const downloads = captureDownloads();
    await user.click(screen.getByRole('button', { name: 'Forhåndsvis kursbevis for Per Hansen' }));
    const viewer = await screen.findByRole('dialog', { name: 'Forhåndsvisning (utkast): Per Hansen' }, { timeout: 20_000 });
    await user.click(within(viewer).getByRole('button', { name: 'Lagre PDF' }));
    expect(within(viewer).getByText(`Lagrer «Kursbevis – Hansen Per – ${COURSE_NAME} (utkast).pdf». Velg hvor filen skal ligge hvis du blir spurt.`)).toBeTruthy();
    expect(downloads.names).toEqual([`Kursbevis – Hansen Per – ${COURSE_NAME} (utkast).pdf`]);
    const draft = new Uint8Array(await downloads.blobs[0]!.arrayBuffer());
    expect(new TextDecoder().decode(draft.slice(0, 5))).toBe('%PDF-');
    expect(pdfPages(draft)).toBe(1);
    expect(within(table).getAllByText('Ikke utstedt')).toHaveLength(4);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Fjern alle valg' }));
    expect(screen.getByText(/^0 av 4 valgt$/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Velg minst én deltaker.');
  });

  it('selects an ineligible participant only after a written reason, and issues with it', async () => {
    seeded = await seedCertificates();
    const user = await renderUnlocked();
    await openCertificates(user);

    await user.click(checkbox('Hansen, Per'));
    const dialog = await screen.findByRole('dialog', { name: 'Begrunnelse for å utstede likevel' });
    // The name is an isolated element inside the sentence, so the sentence is matched on the dialog's text.
    expect(dialog.textContent).toMatch(/Per Hansen oppfyller ikke kravet: 50 % oppmøte, krav 75 %/);
    const reason = within(dialog).getByLabelText('Begrunnelse');
    expect(document.activeElement).toBe(reason);
    // Blank is refused, and the participant stays unselected.
    await user.type(reason, '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Velg likevel' }));
    expect(within(dialog).getByText('Skriv en begrunnelse.')).toBeTruthy();
    expect(checkbox('Hansen, Per').checked).toBe(false);
    // Escape closes without selecting.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(checkbox('Hansen, Per').checked).toBe(false);

    await user.click(checkbox('Hansen, Per'));
    const again = await screen.findByRole('dialog', { name: 'Begrunnelse for å utstede likevel' });
    await user.type(within(again).getByLabelText('Begrunnelse'), 'Dokumentert sykefravær, tok igjen stoffet');
    await user.click(within(again).getByRole('button', { name: 'Velg likevel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(checkbox('Hansen, Per').checked).toBe(true);
    expect(within(rowOf('Hansen, Per')).getByText(/Begrunnelse: Dokumentert sykefravær, tok igjen stoffet/)).toBeTruthy();
    expect(screen.getByText(/^3 av 4 valgt/)).toBeTruthy();

    const downloads = captureDownloads();
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText(/^3 kursbevis er laget/, {}, { timeout: 20_000 })).toBeTruthy();
    expect(downloads.names).toEqual([`Kursbevis – ${COURSE_NAME}.pdf`]);
    expect(pdfPages(new Uint8Array(await downloads.blobs[0]!.arrayBuffer()))).toBe(3);
    // The reason is stored with Per's certificate, and a verifier never sees it (it may hold health information).
    const codes = Object.values(issuedCodes(seeded.neo));
    expect(codes).toHaveLength(3);
    const stored = coreDatabase(seeded.neo.core).prepare('SELECT override_reason FROM certificates WHERE participant_id = ?').get(seeded.ids.Per);
    expect(stored).toEqual({ override_reason: 'Dokumentert sykefravær, tok igjen stoffet' });
    const verified = await Promise.all(codes.map((code) => seeded!.neo.ask('certificates:verify', { code })));
    expect(JSON.stringify(verified)).not.toContain('sykefravær');
  });

  it('runs a batch with progress to the end, downloads one PDF and shows the new numbers; a second batch issues nothing new', async () => {
    seeded = await seedCertificates();
    const user = await renderUnlocked();
    await openCertificates(user);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Språk for Nordmann, Kari' }), 'English');
    const downloads = captureDownloads();

    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    // While the workers start, it says so (a bar at 0 would look stuck).
    expect(await screen.findByText('Forbereder …', { selector: '[role="status"]' })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Fremdrift for kursbevis' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Avbryt' })).toBeTruthy();
    // While it runs, the selection is locked.
    expect(checkbox('Ødegård, Åse').disabled).toBe(true);

    const done = await screen.findByText(/^2 kursbevis er laget, og «Kursbevis – .*\.pdf» er lastet ned\.$/, {}, { timeout: 20_000 });
    expect(done).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('2 nye kursbevis ble utstedt.')).toBeTruthy();
    expect(screen.getByText(/Nye kursbevis/).parentElement?.textContent).toMatch(/NK-2025-000001, NK-2025-000002/);
    const pdf = new Uint8Array(await downloads.blobs[0]!.arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(2);
    expect(Object.keys(issuedCodes(seeded.neo))).toEqual(['NK-2025-000001', 'NK-2025-000002']);
    // The list now shows each issued certificate.
    await waitFor(() => expect(within(rowOf('Ødegård, Åse')).getByText(/^NK-2025-00000[12]/)).toBeTruthy());
    expect(within(rowOf('Ødegård, Åse')).getByText('gyldig')).toBeTruthy();
    expect(within(rowOf('Hansen, Per')).getByText('Ikke utstedt')).toBeTruthy();

    // An issued certificate opens again from its number, exactly as issued, to print or save.
    const number = within(rowOf('Ødegård, Åse')).getByRole('button', { name: /^Vis kursbevis NK-2025-00000[12] for Åse Ødegård$/ });
    const issuedNumber = number.textContent;
    await user.click(number);
    const viewer = await screen.findByRole('dialog', { name: `Kursbevis ${issuedNumber}: Åse Ødegård` }, { timeout: 20_000 });
    await user.click(within(viewer).getByRole('button', { name: 'Lagre PDF' }));
    expect(downloads.names.at(-1)).toBe(`Kursbevis – Ødegård Åse – ${COURSE_NAME} (${issuedNumber}).pdf`);
    const again = new Uint8Array(await downloads.blobs.at(-1)!.arrayBuffer());
    expect(pdfPages(again)).toBe(1);
    expect(Object.keys(issuedCodes(seeded.neo))).toHaveLength(2);
    await user.keyboard('{Escape}');

    // The code printed on each certificate is beside its number.
    const codes = issuedCodes(seeded.neo);
    const åseCode = codes[issuedNumber]!;
    expect(within(rowOf('Ødegård, Åse')).getByText(åseCode, { selector: 'code' })).toBeTruthy();

    // A second click on "Lag kursbevis" prints the same certificates again and issues nothing new.
    expect(within(rowOf('Ødegård, Åse')).getByText('Skrives ut igjen med samme nummer og kode')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText('Ingen nye kursbevis ble utstedt.', {}, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByText(/Skrevet ut igjen med samme nummer og kode/).parentElement?.textContent).toMatch(/NK-2025-000001, NK-2025-000002/);
    expect(issuedCodes(seeded.neo)).toEqual(codes);
    for (const code of Object.values(codes)) expect((await seeded.neo.ask('certificates:verify', { code })).status).toBe('valid');
  });

  it('replaces a certificate only when asked, with a reason', async () => {
    seeded = await seedCertificates({ issue: [['Åse']] });
    const user = await renderUnlocked();
    await openCertificates(user);
    const before = issuedCodes(seeded.neo);
    expect(checkbox('Ødegård, Åse').checked).toBe(false); // has a valid certificate: not selected by default

    await user.click(within(rowOf('Ødegård, Åse')).getByRole('button', { name: 'Erstatt kursbevis NK-2025-000001 for Åse Ødegård' }));
    const dialog = await screen.findByRole('dialog', { name: 'Erstatte kursbeviset?' });
    await user.click(within(dialog).getByRole('button', { name: 'Erstatt ved neste utskrift' }));
    expect(within(dialog).getByText('Skriv en begrunnelse.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Begrunnelse'), 'Navnet var stavet feil');
    await user.click(within(dialog).getByRole('button', { name: 'Erstatt ved neste utskrift' }));
    expect(checkbox('Ødegård, Åse').checked).toBe(true);
    expect(within(rowOf('Ødegård, Åse')).getByText('Får nytt kursbevis som erstatter det gamle')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Fjern alle valg' }));
    await user.click(screen.getByRole('button', { name: 'Velg alle med gyldig kursbevis (skriv ut igjen)' }));
    expect(within(rowOf('Ødegård, Åse')).getByText('Skrives ut igjen med samme nummer og kode')).toBeTruthy();
    await user.click(within(rowOf('Ødegård, Åse')).getByRole('button', { name: /^Erstatt kursbevis/ }));
    await user.type(within(await screen.findByRole('dialog')).getByLabelText('Begrunnelse'), 'Navnet var stavet feil');
    await user.click(screen.getByRole('button', { name: 'Erstatt ved neste utskrift' }));

    captureDownloads();
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText('1 nytt kursbevis ble utstedt.', {}, { timeout: 20_000 })).toBeTruthy();
    const after = issuedCodes(seeded.neo);
    expect(Object.keys(after)).toEqual(['NK-2025-000001', 'NK-2025-000002']);
    expect((await seeded.neo.ask('certificates:verify', { code: before['NK-2025-000001']! })).status).toBe('replaced');
    // The reason was used by that batch: another click prints the new one again, and replaces nothing.
    await waitFor(() => expect(within(rowOf('Ødegård, Åse')).getByText('Skrives ut igjen med samme nummer og kode')).toBeTruthy());
  });

  it('writes one file per participant to a folder and lists them; an unwritable folder is refused with nothing written', async () => {
    seeded = await seedCertificates();
    // As the browser harness does for a typed path (the desktop app has only the picker).
    const core = seeded.neo.core;
    window.neoPlatform = {
      typedFolder: ({ path: typed }) => {
        try {
          return Promise.resolve({ ok: true, value: { folder: core.grantFolder(typed) } });
        } catch {
          return Promise.resolve({ ok: false, error: { code: 'FOLDER_NOT_WRITABLE', message: 'Kan ikke skrive til den valgte mappen.' } });
        }
      },
    };
    const user = await renderUnlocked();
    await openCertificates(user);
    await user.click(screen.getByRole('radio', { name: 'Én fil per deltaker i en mappe' }));
    const folderField = screen.getByLabelText('Mappe');

    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText('Velg en mappe.')).toBeTruthy();
    expect(document.activeElement).toBe(folderField);

    const missing = path.join(tmpdir(), 'neo-does-not-exist', 'kursbevis');
    await user.type(folderField, missing);
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText(/^Kan ikke skrive til den valgte mappen\./, { selector: '.field__error' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/^Kan ikke skrive til den valgte mappen\./);
    expect(existsSync(missing)).toBe(false);

    const folder = mkdtempSync(path.join(tmpdir(), 'neo-kursbevis-'));
    folders.push(folder);
    await user.clear(folderField);
    await user.type(folderField, folder);
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    const done = await screen.findByText(/^2 kursbevis er skrevet til mappen /, {}, { timeout: 20_000 });
    expect(done.textContent).toContain(folder);
    const expected = [`Kursbevis – Nordmann Kari – ${COURSE_NAME}.pdf`, `Kursbevis – Ødegård Åse – ${COURSE_NAME}.pdf`];
    expect(readdirSync(folder).sort()).toEqual([...expected].sort());
    const list = screen.getByText('Filer som ble skrevet').nextElementSibling as HTMLElement;
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent).sort()).toEqual([...expected].sort());
  });

  it('in the desktop app, takes the folder from the operating system’s folder picker: no path can be typed', async () => {
    seeded = await seedCertificates();
    const folder = mkdtempSync(path.join(tmpdir(), 'neo-kursbevis-picked-'));
    folders.push(folder);
    // The desktop shell's side (main/electron/platform.ts) has its own tests with the mocked electron module;
    // here the picker's answer is granted by the real core, as the shell does.
    const core = seeded.neo.core;
    const answers: (string | null | Error)[] = [null, new Error('dialog failed'), folder];
    const titles: string[] = [];
    window.neoPlatform = {
      print: () => Promise.resolve({ ok: true, value: { outcome: 'printed' } }),
      chooseFolder: ({ title }) => {
        titles.push(title);
        const answer = answers.shift();
        if (answer instanceof Error) return Promise.reject(answer);
        return Promise.resolve({ ok: true, value: { folder: answer ? core.grantFolder(answer) : null } });
      },
    };
    const user = await renderUnlocked();
    await openCertificates(user);
    await user.click(screen.getByRole('radio', { name: 'Én fil per deltaker i en mappe' }));
    expect(screen.queryByRole('textbox', { name: 'Mappe' })).toBeNull();
    expect(screen.getByText('Ingen mappe valgt ennå.')).toBeTruthy();

    // Without a folder, the button asks for one.
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText('Velg en mappe.')).toBeTruthy();
    // Closing the picker chooses nothing; a picker that fails says so.
    await user.click(screen.getByRole('button', { name: 'Velg mappe …' }));
    await waitFor(() => expect(titles).toHaveLength(1));
    expect(screen.getByText('Ingen mappe valgt ennå.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Velg mappe …' }));
    expect(await screen.findByText('Mappevelgeren kunne ikke åpnes. Prøv igjen.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Velg mappe …' }));
    expect(await screen.findByText(folder)).toBeTruthy();
    expect(screen.queryByText(/Mappevelgeren kunne ikke åpnes/)).toBeNull();
    expect(titles).toEqual(['Velg mappe for kursbevisene', 'Velg mappe for kursbevisene', 'Velg mappe for kursbevisene']);

    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    expect(await screen.findByText(/^2 kursbevis er skrevet til mappen /, {}, { timeout: 20_000 })).toBeTruthy();
    expect(readdirSync(folder)).toHaveLength(2);
  });

  it('with neither the desktop shell nor the development harness, says a folder needs the desktop app', async () => {
    seeded = await seedCertificates();
    const user = await renderUnlocked();
    await openCertificates(user);
    await user.click(screen.getByRole('radio', { name: 'Én fil per deltaker i en mappe' }));
    expect(screen.queryByRole('textbox', { name: 'Mappe' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Velg mappe …' })).toBeNull();
    expect(screen.getByText('Én fil per deltaker krever mappevelgeren i skrivebordsappen.')).toBeTruthy();
  });

  it('warns before printing when the course lacks English texts, names them, and refuses a certificate in English', async () => {
    seeded = await seedCertificates({ english: false });
    const user = await renderUnlocked();
    await openCertificates(user);
    // Shown on opening, before anything is chosen or printed.
    const warning = document.getElementById('certificates-english-missing')!;
    expect(warning.className).toContain('notice--warning');
    expect(warning.textContent).toContain('det mangler engelsk kursnavn, innhold og læringsmål');
    expect(within(warning).getByRole('button', { name: 'Fyll ut engelske tekster på kurset' })).toBeTruthy();
    // Choosing English for someone selected makes it an error; the batch is refused and says why, nothing issued.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Språk for Nordmann, Kari' }), 'English');
    await waitFor(() => expect(document.getElementById('certificates-english-missing')!.className).toContain('notice--error'));
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    await waitFor(() => expect(within(rowOf('Nordmann, Kari')).getByText(/Kursbevis på engelsk krever engelske tekster på kurset/)).toBeTruthy());
    expect(screen.getAllByRole('alert').map((a) => a.textContent).join(' ')).toContain('Kurset mangler engelsk kursnavn.');
    expect(Object.keys(issuedCodes(seeded.neo))).toEqual([]);
    // The button leads to the course form's English group.
    await user.click(within(document.getElementById('certificates-english-missing')!).getByRole('button', { name: 'Fyll ut engelske tekster på kurset' }));
    expect(await screen.findByRole('group', { name: 'Engelsk (for kursbevis på engelsk)' })).toBeTruthy();
    expect(screen.getByLabelText('Kursnavn på engelsk')).toBeTruthy();
  });

  it('says clearly when the provider is missing, and refuses the batch', async () => {
    seeded = await seedCertificates({ provider: false });
    const user = await renderUnlocked();
    await openCertificates(user);
    expect(screen.getAllByRole('alert')[0]!.textContent).toMatch(/^Kursbevis trenger opplysninger om tilbyderen/);
    await user.click(screen.getByRole('button', { name: 'Lag kursbevis' }));
    await waitFor(() => expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContainEqual(expect.stringMatching(/Fyll dem ut under Innstillinger\.$/)));
    expect(screen.queryByRole('progressbar')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Fyll ut tilbyder' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Tilbyder' })).toBeTruthy();
  });
});

describe('verification screen', () => {
  it('shows the full certificate as issued for a valid code, "Erstattet av" for a replaced one, and "Ukjent kode" for a wrong one', async () => {
    seeded = await seedCertificates({ issue: [['Åse'], ['Åse']] });
    const replacedCode = seeded.codes['NK-2025-000001'];
    const current = seeded.codes['NK-2025-000002'];
    const user = await renderUnlocked();
    await user.click(screen.getByRole('button', { name: 'Verifiser kursbevis' }));
    await screen.findByRole('heading', { level: 1, name: 'Verifiser kursbevis' });
    const field = screen.getByLabelText('Verifiseringskode');

    // A malformed code is refused at the field.
    await user.type(field, '123');
    await user.click(screen.getByRole('button', { name: 'Verifiser' }));
    expect(await screen.findByText(/^Ugyldig verifiseringskode/)).toBeTruthy();

    await user.clear(field);
    await user.type(field, current!.toLowerCase());
    await user.click(screen.getByRole('button', { name: 'Verifiser' }));
    expect(await screen.findByText(/^Gyldig kursbevis\./)).toBeTruthy();
    const value = (label: string) =>
      within(screen.getByRole('region', { name: 'Kursbeviset slik det ble utstedt' })).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(value('Navn')).toBe('Åse Ødegård');
    expect(value('Fødselsdato')).toBe('03.05.1980');
    expect(value('Kurs')).toBe(COURSE_NAME);
    expect(value('Innhold')).toBe('Praktisk og teoretisk opplæring i helsearbeiderfaget.');
    expect(value('Læringsmål')).toBe('Deltakeren kan planlegge og gjennomføre pleie og omsorg.');
    expect(value('Omfang')).toBe('10 timer');
    expect(value('Timer deltatt')).toBe('10 timer');
    expect(value('Sted')).toBe('Ålesund');
    expect(value('Periode')).toBe('01.04.2025 – 30.04.2025');
    expect(value('Utstedt')).toBe('01.07.2025');
    expect(value('Nummer')).toBe('NK-2025-000002');
    expect(value('Verifiseringskode')).toBe(current);
    expect(value('Signert av')).toBe('Ingrid Løvås, Daglig leder');
    expect(value('Tilbyder')).toBe('Kompetansehuset Neo AS · Storgata 1, 6002 Ålesund · org.nr. 974 760 673');

    // The first certificate was replaced by the reissue: said first, and its own data still shown.
    await user.clear(field);
    await user.type(field, replacedCode!);
    await user.click(screen.getByRole('button', { name: 'Verifiser' }));
    expect(await screen.findByText('Erstattet av NK-2025-000002. Dette kursbeviset er ikke lenger gyldig.')).toBeTruthy();
    expect(value('Nummer')).toBe('NK-2025-000001');

    await user.clear(field);
    await user.type(field, '7K2M-9QX4-TD');
    await user.click(screen.getByRole('button', { name: 'Verifiser' }));
    expect(await screen.findByText('Ukjent kode. Ingen kursbevis er utstedt med denne koden.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Kursbeviset slik det ble utstedt' })).toBeNull();
  });
});

describe('course form', () => {
  it('edits the signature line printed on the course’s certificates', async () => {
    seeded = await seedCertificates();
    const user = await renderUnlocked();
    await openCourse(user, COURSE_NAME);
    await user.click(screen.getByRole('button', { name: 'Rediger kurs' }));
    const name = await screen.findByLabelText<HTMLInputElement>('Signert av');
    expect(name.value).toBe('Ingrid Løvås');
    const title = screen.getByLabelText<HTMLInputElement>('Tittel');
    expect(title.value).toBe('Daglig leder');
    await user.clear(title);
    await user.type(title, 'Fagleder');
    await user.click(screen.getByRole('button', { name: 'Lagre kurs' }));
    expect(await screen.findByText('Kurset er lagret.')).toBeTruthy();
    expect(await seeded.neo.ask('courses:get', { id: seeded.courseId })).toMatchObject({ signerName: 'Ingrid Løvås', signerTitle: 'Fagleder' });
  });
});

describe('provider screen', () => {
  it('is reached from the settings, checks the organisation number, and saves the details with a logo', async () => {
    seeded = await seedCertificates({ provider: false });
    const user = await renderUnlocked();
    await user.click(screen.getByRole('button', { name: 'Innstillinger' }));
    await user.click(await screen.findByRole('button', { name: 'Rediger tilbyder' }));
    await screen.findByRole('heading', { level: 1, name: 'Tilbyder' });
    expect(screen.getByText('Tilbyderen er ikke fylt ut ennå.')).toBeTruthy();

    await user.type(screen.getByLabelText('Navn på tilbyder'), 'Kompetansehuset Neo AS');
    await user.type(screen.getByLabelText('Gateadresse'), 'Storgata 1');
    await user.type(screen.getByLabelText('Postnummer'), '6002');
    await user.type(screen.getByLabelText('Poststed'), 'Ålesund');
    await user.type(screen.getByLabelText('Organisasjonsnummer'), '974 760 674');
    await user.click(screen.getByRole('button', { name: 'Lagre tilbyder' }));
    expect(await screen.findByText(/^Ugyldig organisasjonsnummer/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Organisasjonsnummer')));
    expect(await seeded.neo.ask('provider:get', {})).toBeNull();

    // Not an image: refused before anything is sent.
    await user.upload(screen.getByLabelText('Logo'), new File(['hei'], 'logo.png', { type: 'image/png' }));
    expect(await screen.findByText('Logoen må være en PNG- eller JPEG-fil.')).toBeTruthy();
    const png = Uint8Array.from(atob(TINY_PNG_BASE64), (c) => c.charCodeAt(0));
    await user.upload(screen.getByLabelText('Logo'), new File([png], 'logo.png', { type: 'image/png' }));
    const preview = await screen.findByRole<HTMLImageElement>('img', { name: 'Logo som skrives på kursbevisene' });
    expect(preview.getAttribute('src')).toBe(`data:image/png;base64,${TINY_PNG_BASE64}`);

    await user.clear(screen.getByLabelText('Organisasjonsnummer'));
    await user.type(screen.getByLabelText('Organisasjonsnummer'), '974760673');
    await user.click(screen.getByRole('button', { name: 'Lagre tilbyder' }));
    expect(await screen.findByText('Opplysningene om tilbyderen er lagret.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Organisasjonsnummer').value).toBe('974 760 673');
    expect(await seeded.neo.ask('provider:get', {})).toMatchObject({
      name: 'Kompetansehuset Neo AS',
      address: { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' },
      organisationNumber: '974760673',
      logo: { mimeType: 'image/png', base64: TINY_PNG_BASE64 },
    });
  });
});
