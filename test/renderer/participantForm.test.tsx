// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openCourse, realNeoPerTest, renderUnlocked } from './app';
import type { User } from './app';
import { courseInput, lockedVault, STAFF_NAME } from './realNeo';

/** Opens the registration form of a course from the course list. */
async function openRegistration(user: User, courseName: string): Promise<void> {
  await openCourse(user, courseName);
  await user.click(screen.getByRole('button', { name: 'Registrer deltaker' }));
  await screen.findByRole('heading', { level: 1, name: 'Registrer deltaker' });
}

async function fillPerson(user: User, p: { first: string; last: string; birth: string; email?: string; mobile?: string }) {
  await user.type(screen.getByLabelText('Fornavn'), p.first);
  await user.type(screen.getByLabelText('Etternavn'), p.last);
  await user.type(screen.getByLabelText('Fødselsdato'), p.birth);
  await user.selectOptions(screen.getByLabelText('Kjønn'), 'Kvinne');
  if (p.email) await user.type(screen.getByLabelText('E-post'), p.email);
  if (p.mobile) await user.type(screen.getByLabelText('Mobil'), p.mobile);
}

const optionLabels = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => o.textContent);

describe('participant form', () => {
  const neo = realNeoPerTest(lockedVault);

  it('shows the postal address only for a fagbrev course, and the employer only for Kompetansepluss', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    await neo().ask('courses:create', courseInput('fagbrev', 'Fagbrev helsearbeider'));
    await neo().ask('courses:create', courseInput('kompetansepluss', 'Norsk på jobben'));
    await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();

    await openRegistration(user, 'Fagbrev helsearbeider');
    expect(screen.getByLabelText('Gateadresse')).toBeTruthy();
    expect(screen.getByLabelText('Postnummer')).toBeTruthy();
    expect(screen.getByLabelText('Poststed')).toBeTruthy();
    expect(optionLabels(screen.getByLabelText('Påmeldt av'))).not.toContain('Arbeidsgiver');
    expect(screen.queryByLabelText('Arbeidsgiver')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Kurs' }));
    await openRegistration(user, 'Norsk på jobben');
    expect(screen.queryByLabelText('Gateadresse')).toBeNull();
    expect(screen.queryByLabelText('Postnummer')).toBeNull();
    expect(screen.queryByLabelText('Arbeidsgiver')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Påmeldt av'), 'Arbeidsgiver');
    expect(screen.getByLabelText('Arbeidsgiver')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Kurs' }));
    await openRegistration(user, 'Excel for nybegynnere');
    expect(screen.queryByLabelText('Gateadresse')).toBeNull();
    expect(screen.queryByLabelText('Arbeidsgiver')).toBeNull();
    expect(optionLabels(screen.getByLabelText('Påmeldt av'))).toEqual(['Deltakerens eget skjema', 'Lærer']);
  });

  it('registers a Kompetansepluss participant with employer, and shows the mobile formatted', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('kompetansepluss', 'Norsk på jobben'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openRegistration(user, 'Norsk på jobben');
    await fillPerson(user, { first: 'Kari', last: 'Nordmann', birth: '05.03.1980', mobile: '91234567' });
    await user.selectOptions(screen.getByLabelText('Påmeldt av'), 'Arbeidsgiver');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Oppgi navnet på virksomheten som meldte på deltakeren.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Arbeidsgiver'));

    await user.type(screen.getByLabelText('Arbeidsgiver'), 'Fjordfisk AS');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Deltakeren er registrert.')).toBeTruthy();
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Mobil').value).toBe('912 34 567'));

    const [saved] = await neo().ask('participants:listByCourse', { courseId: course.id });
    expect(saved).toMatchObject({ firstName: 'Kari', lastName: 'Nordmann', birthDate: '1980-03-05', mobile: '+4791234567', source: 'employer' });
  });

  it('shows Norwegian field errors for an invalid mobile, e-mail and birth date, and saves nothing', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openRegistration(user, 'Excel for nybegynnere');
    await fillPerson(user, { first: 'Ola', last: 'Nordmann', birth: '31.02.1990', email: 'ola@', mobile: '812 34 567' });
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));

    const birth = screen.getByLabelText('Fødselsdato');
    const email = screen.getByLabelText('E-post');
    const mobile = screen.getByLabelText('Mobil');
    expect(await screen.findByText('Ugyldig dato. Skriv datoen som dd.mm.åååå.')).toBeTruthy();
    expect(screen.getByText('Ugyldig e-postadresse, for eksempel navn@eksempel.no.')).toBeTruthy();
    expect(screen.getByText(/^Ugyldig mobilnummer\. Norske mobilnumre har 8 siffer/)).toBeTruthy();
    for (const field of [birth, email, mobile]) {
      expect(field.getAttribute('aria-invalid')).toBe('true');
      const described = field.getAttribute('aria-describedby') ?? '';
      expect(document.getElementById(described.split(' ')[0] ?? '')?.textContent).toMatch(/^Ugyldig/);
    }
    // Focus goes to the first invalid field in the form's order.
    await waitFor(() => expect(document.activeElement).toBe(birth));
    expect(await neo().ask('participants:listByCourse', { courseId: course.id })).toEqual([]);

    // A real date that makes the participant 5 years old passes the schema but not the core's rule.
    await user.clear(birth);
    await user.type(birth, '01.01.2020');
    await user.clear(email);
    await user.type(email, 'ola@example.com');
    await user.clear(mobile);
    await user.type(mobile, '412 34 567');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Fødselsdatoen virker ikke riktig: deltakeren må være mellom 15 og 100 år.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(birth));
    expect(await neo().ask('participants:listByCourse', { courseId: course.id })).toEqual([]);
  });

  it('requires the address on a fagbrev course and stores it', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('fagbrev', 'Fagbrev helsearbeider'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openRegistration(user, 'Fagbrev helsearbeider');
    await fillPerson(user, { first: 'Per', last: 'Hansen', birth: '12.12.1975', email: 'per@example.com' });
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    await waitFor(() => expect(screen.getByLabelText('Gateadresse').getAttribute('aria-invalid')).toBe('true'));
    expect(await neo().ask('participants:listByCourse', { courseId: course.id })).toEqual([]);

    await user.type(screen.getByLabelText('Gateadresse'), 'Storgata 1');
    await user.type(screen.getByLabelText('Postnummer'), '60');
    await user.type(screen.getByLabelText('Poststed'), 'Ålesund');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Postnummeret må ha 4 siffer.')).toBeTruthy();

    await user.type(screen.getByLabelText('Postnummer'), '03');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Deltakeren er registrert.')).toBeTruthy();
    const [row] = await neo().ask('participants:listByCourse', { courseId: course.id });
    const detail = await neo().ask('participants:get', { courseId: course.id, participantId: row?.participantId ?? '' });
    expect(detail.address).toEqual({ street: 'Storgata 1', postalCode: '6003', city: 'Ålesund' });
  });

  it('catches a second registration of the same name and birth date and offers the existing participant', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const first = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    const second = await neo().ask('courses:create', courseInput('kompetansepluss', 'Norsk på jobben'));
    await neo().ask('participants:register', {
      courseId: first.id,
      participant: {
        firstName: 'Kari',
        lastName: 'Nordmann',
        birthDate: '1980-03-05',
        email: 'kari@example.com',
        gender: 'female',
        consent: { keepAfterCourse: false },
      },
      enrollment: { source: 'teacher' },
    });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();

    // Same course: the dialog offers to open the participant instead.
    await openRegistration(user, 'Excel for nybegynnere');
    await fillPerson(user, { first: 'kari', last: 'NORDMANN', birth: '5.3.1980', email: 'annen@example.com' });
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    const sameCourse = await screen.findByRole('dialog', { name: 'Er personen allerede registrert?' });
    expect(within(sameCourse).getByRole('group', { name: 'Kari Nordmann' })).toBeTruthy();
    expect(within(sameCourse).getByText('Født 05.03.1980')).toBeTruthy();
    expect(within(sameCourse).queryByRole('button', { name: 'Meld på eksisterende deltaker' })).toBeNull();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await neo().ask('participants:listByCourse', { courseId: first.id })).toHaveLength(1);

    // Another course: enroll the existing participant, no second person is created.
    await user.click(screen.getByRole('button', { name: 'Kurs' }));
    await openRegistration(user, 'Norsk på jobben');
    await fillPerson(user, { first: 'Kari', last: 'Nordmann', birth: '05.03.1980', mobile: '98765432' });
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    const dialog = await screen.findByRole('dialog', { name: 'Er personen allerede registrert?' });
    expect(within(dialog).getByText('Excel for nybegynnere')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Meld på eksisterende deltaker' }));
    expect(await screen.findByText('Den eksisterende deltakeren er meldt på kurset.')).toBeTruthy();

    const enrolled = await neo().ask('participants:listByCourse', { courseId: second.id });
    expect(enrolled).toHaveLength(1);
    expect(await neo().ask('participants:search', { query: 'nordmann' })).toHaveLength(1);
  });

  it('offers the existing person for a near match (Aase for Åse), and registers someone else only when told so', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    await neo().ask('participants:register', {
      courseId: course.id,
      participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1980-03-05', mobile: '91234567', gender: 'female', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openRegistration(user, 'Excel for nybegynnere');
    await fillPerson(user, { first: 'Aase', last: 'Oedegaard', birth: '05.03.1980', mobile: '41234567' });
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    const dialog = await screen.findByRole('dialog', { name: 'Er personen allerede registrert?' });
    const offered = within(dialog).getByRole('group', { name: 'Åse Ødegård' });
    expect(within(offered).getByText('Samme fødselsdato og samme navn.')).toBeTruthy();
    expect(within(offered).getByText('Personen er allerede påmeldt dette kurset.')).toBeTruthy();
    // The name is isolated, so a right-to-left name would not reorder the dialog's text.
    expect(offered.querySelector('.person-name[dir="auto"]')?.textContent).toBe('Åse Ødegård');
    expect(await neo().ask('participants:search', { query: 'aase' })).toHaveLength(1);

    await user.click(within(dialog).getByRole('button', { name: 'Det er en annen person – registrer ny' }));
    expect(await screen.findByText('Deltakeren er registrert.')).toBeTruthy();
    const both = await neo().ask('participants:search', { query: 'aase' });
    expect(both.map((p) => `${p.firstName} ${p.lastName}`).sort()).toEqual(['Aase Oedegaard', 'Åse Ødegård']);
  });

  it('offers someone born the same day with the same mobile number, even under another name', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const first = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    await neo().ask('courses:create', courseInput('other', 'Word for nybegynnere'));
    await neo().ask('participants:register', {
      courseId: first.id,
      participant: { firstName: 'Kari', lastName: 'Nordmann', birthDate: '1980-03-05', mobile: '91234567', gender: 'female', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openRegistration(user, 'Word for nybegynnere');
    await fillPerson(user, { first: 'Kari', last: 'Hansen', birth: '05.03.1980', mobile: '912 34 567' });
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    const dialog = await screen.findByRole('dialog', { name: 'Er personen allerede registrert?' });
    expect(within(dialog).getByText('Samme fødselsdato og samme mobilnummer.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Meld på eksisterende deltaker' }));
    expect(await screen.findByText('Den eksisterende deltakeren er meldt på kurset.')).toBeTruthy();
    expect(await neo().ask('participants:search', { query: 'kari' })).toHaveLength(1);
  });

  it('refuses a name with a bidirectional override or a line break, with the field error, and saves nothing', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openRegistration(user, 'Excel for nybegynnere');
    await fillPerson(user, { first: 'Kari', last: 'Nordmann', birth: '05.03.1980', email: 'kari@bøler.no' });
    // Pasted, as such characters arrive: typing cannot produce them.
    await user.clear(screen.getByLabelText('Etternavn'));
    await user.click(screen.getByLabelText('Etternavn'));
    await user.paste('Nord\u202Emann');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    const lastName = screen.getByLabelText('Etternavn');
    expect(await screen.findByText(/^Teksten har usynlige tegn som snur skriveretningen/)).toBeTruthy();
    expect(lastName.getAttribute('aria-invalid')).toBe('true');
    expect(await neo().ask('participants:listByCourse', { courseId: course.id })).toEqual([]);

    await user.clear(lastName);
    await user.type(lastName, 'Nordmann');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    expect(await screen.findByText('Deltakeren er registrert.')).toBeTruthy();
    const [saved] = await neo().ask('participants:listByCourse', { courseId: course.id });
    // The e-mail address is stored as typed, Norwegian letters in the domain included.
    expect(saved).toMatchObject({ lastName: 'Nordmann', email: 'kari@bøler.no' });
  });

  it('shows names isolated in the course list, so a right-to-left name keeps its neighbours in place', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('other', 'Norsk for nybegynnere'));
    await neo().ask('participants:register', {
      courseId: course.id,
      participant: { firstName: 'محمد', lastName: 'علي', birthDate: '1980-03-05', mobile: '91234567', gender: 'male', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openCourse(user, 'Norsk for nybegynnere');
    await screen.findByRole('table');
    const link = await screen.findByRole('button', { name: 'علي, محمد' });
    // Isolated as <bdi> is: its own direction, and unicode-bidi: isolate from the [dir] user-agent rule.
    expect(link.querySelector('.person-name[dir="auto"]')?.textContent).toBe('علي, محمد');
  });

  it('asks again when a correction makes a participant look like someone else, and saves when told it is someone else', async () => {
    await neo().ask('vault:unlock', { name: STAFF_NAME, passphrase: 'korrekt hest batteri stift' });
    const course = await neo().ask('courses:create', courseInput('other', 'Excel for nybegynnere'));
    const person = (firstName: string, mobile: string) => ({
      courseId: course.id,
      participant: { firstName, lastName: 'Berg', birthDate: '1980-03-05', mobile, gender: 'female' as const, consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' as const },
    });
    await neo().ask('participants:register', person('Aase', '91234567'));
    const asa = await neo().ask('participants:register', person('Åsa', '41234567'));
    await neo().ask('vault:lock', {});
    const user = await renderUnlocked();
    await openCourse(user, 'Excel for nybegynnere');
    await user.click(await screen.findByRole('button', { name: 'Berg, Åsa' }));
    const firstName = await screen.findByLabelText('Fornavn');
    await waitFor(() => expect((firstName as HTMLInputElement).value).toBe('Åsa'));
    await user.clear(firstName);
    await user.type(firstName, 'Åse');
    await user.click(screen.getByRole('button', { name: 'Lagre deltaker' }));
    const dialog = await screen.findByRole('dialog', { name: 'Er personen allerede registrert?' });
    expect(within(dialog).getByRole('group', { name: 'Aase Berg' })).toBeTruthy();
    expect((await neo().ask('participants:get', { courseId: course.id, participantId: asa.participantId })).firstName).toBe('Åsa');

    await user.click(within(dialog).getByRole('button', { name: 'Det er en annen person – lagre' }));
    expect(await screen.findByText('Endringene er lagret.')).toBeTruthy();
    expect((await neo().ask('participants:get', { courseId: course.id, participantId: asa.participantId })).firstName).toBe('Åse');
  });
});
