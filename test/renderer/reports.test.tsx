// @vitest-environment node
// The DOM first: the real core renders the PDFs in this process, as in production (see certificatesDom.ts).
import './certificatesDom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../renderer/src/i18n';
import { AccessReportPanel } from '../../renderer/src/features/reports/AccessReportPanel';
import { ProcessingScreen } from '../../renderer/src/features/reports/ProcessingScreen';
import { realNeoPerTest } from './app';
import { courseInput, createVault } from './realNeo';

/**
 * The access report panel and the Behandlingsprotokoll screen on the real core:
 * progress while a file is made, the result or a translated error, and the
 * controller form validated with the contract's own schema.
 */

/** Captures what the app downloads through an object URL and a clicked <a download>. */
function captureDownloads() {
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:neo-test');
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return names;
}

/** Today in Norway, as the file names say it. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());

describe('access report panel', () => {
  const neo = realNeoPerTest(createVault);
  afterEach(() => vi.restoreAllMocks());

  async function seed() {
    const course = await neo().ask('courses:create', courseInput('other', 'Norsk for voksne'));
    const person = await neo().ask('participants:register', {
      courseId: course.id,
      participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1980-05-03', mobile: '91234567', gender: 'female', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    return { courseId: course.id, participantId: person.participantId };
  }

  it('shows progress while the PDF is made, then that it was downloaded and recorded', async () => {
    const { courseId, participantId } = await seed();
    const downloads = captureDownloads();
    // Held until released, so what the panel shows meanwhile can be checked.
    const original = window.neo.privacy.accessReport;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    window.neo.privacy.accessReport = async (input) => {
      await gate;
      return original(input);
    };
    const user = userEvent.setup();
    render(<AccessReportPanel courseId={courseId} participantId={participantId} />);
    const panel = screen.getByRole('region', { name: 'Innsyn' });

    await user.click(within(panel).getByRole('button', { name: 'Last ned innsyn (PDF)' }));
    const busy = within(panel).getByRole<HTMLButtonElement>('button', { name: 'Lager innsynsrapporten …' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(busy.disabled).toBe(true);
    expect(within(panel).getByRole<HTMLButtonElement>('button', { name: 'Last ned innsyn (JSON)' }).disabled).toBe(true);
    expect(within(panel).getAllByText('Lager innsynsrapporten …')).toHaveLength(2); // the button and the live region

    release();
    const fileName = `Innsyn – Ødegård, Åse – ${today()}.pdf`;
    expect(await within(panel).findByText(`${fileName} er lastet ned. Utleveringen er registrert.`, {}, { timeout: 20_000 })).toBeTruthy();
    expect(downloads).toEqual([fileName]);
    expect(within(panel).getByRole<HTMLButtonElement>('button', { name: 'Last ned innsyn (PDF)' }).disabled).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('button', { name: 'Last ned innsyn (PDF)' })));
  });

  it('says in the user’s language why a report could not be made, and downloads nothing', async () => {
    const { courseId } = await seed();
    const downloads = captureDownloads();
    setLanguage('en');
    await neo().ask('settings:update', { language: 'en' });
    const user = userEvent.setup();
    render(<AccessReportPanel courseId={courseId} participantId="7b0d5c1e-0000-4000-8000-000000000000" />);
    await user.click(screen.getByRole('button', { name: 'Download access report (JSON)' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not find what you asked for. It may have been deleted.');
    expect(downloads).toEqual([]);
  });
});

describe('Behandlingsprotokoll screen', () => {
  const neo = realNeoPerTest(createVault);
  afterEach(() => vi.restoreAllMocks());

  it('shows the record the app builds, and keeps the PDF until the controller is saved', async () => {
    await neo().ask('settings:update', { retentionGraceDays: 21, idleLockMinutes: 7 });
    render(<ProcessingScreen />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Behandlingsprotokoll' })).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Last ned protokollen (PDF)' }).disabled).toBe(true);
    expect(screen.getByText(/Fyll ut og lagre behandlingsansvarlig/)).toBeTruthy();
    expect(screen.getAllByRole('cell', { name: 'når kurset er slutt, etter 21 dager (så kursbevis kan utstedes)' })).toHaveLength(4);
    expect(screen.getByText('Appen låses etter 7 minutter uten bruk.')).toBeTruthy();
    const address = screen.getByRole('row', { name: /Postadresse/ });
    expect(within(address).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Lagres ikke', 'Lagres', 'Lagres ikke', 'Lagres ikke', 'Lagres ikke']);
    expect(screen.getByText('Ingen utleveringer er registrert ennå.')).toBeTruthy();
  });

  it('checks the controller form with the contract’s schema before sending, then saves and enables the PDF', async () => {
    const update = vi.spyOn(window.neo.processing, 'update');
    const downloads = captureDownloads();
    const user = userEvent.setup();
    render(<ProcessingScreen />);
    const form = await screen.findByRole('form', { name: 'Behandlingsansvarlig' });
    await user.type(within(form).getByLabelText('Navn'), 'Kompetansehuset Neo');
    await user.type(within(form).getByLabelText('Gateadresse'), 'Fredrik Selmers vei 6');
    await user.type(within(form).getByLabelText('Postnummer'), '663');
    await user.type(within(form).getByLabelText('Poststed'), 'Oslo');
    await user.type(within(form).getByLabelText('Organisasjonsnummer'), '974 760 673');
    await user.click(within(form).getByRole('button', { name: 'Lagre behandlingsansvarlig' }));
    expect(within(form).getByText('Postnummeret må ha 4 siffer.')).toBeTruthy();
    expect(within(form).getByText('Må fylles ut.')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Postnummer')));

    await user.clear(within(form).getByLabelText('Postnummer'));
    await user.type(within(form).getByLabelText('Postnummer'), '0663');
    await user.type(within(form).getByLabelText('E-post for personvern'), 'post@kompetansehusetneo.no{Enter}');
    expect(await within(form).findByText('Behandlingsansvarlig er lagret.')).toBeTruthy();
    expect(update).toHaveBeenCalledTimes(1);
    const pdf = screen.getByRole<HTMLButtonElement>('button', { name: 'Last ned protokollen (PDF)' });
    expect(pdf.disabled).toBe(false);
    expect(await neo().ask('provider:get', {})).toMatchObject({ name: 'Kompetansehuset Neo', organisationNumber: '974760673' });

    await user.click(pdf);
    expect(await screen.findByText(/^Behandlingsprotokoll – Kompetansehuset Neo – .*\.pdf er lastet ned\.$/, {}, { timeout: 20_000 })).toBeTruthy();
    expect(downloads).toHaveLength(1);
  });

  it('is in English when the app is', async () => {
    setLanguage('en');
    render(<ProcessingScreen />);
    expect(await screen.findByRole('heading', { level: 2, name: 'Controller' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Report participants to Kompetanse Norge when the course starts' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'SuperOffice (CRM system)' })).toBeTruthy();
  });
});
