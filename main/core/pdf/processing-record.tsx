/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import { Document, Page, Text, renderToBuffer } from '@react-pdf/renderer';
import type { Language } from '../../contract/messages';
import { COURSE_TYPES } from '../../contract/schemas';
import { DATA_CATEGORIES } from '../../contract/privacy-schemas';
import type { ProcessingRecord } from '../../contract/types';
import { loadPdfFonts } from './fonts';
import { CONTENT_WIDTH, Facts, Footer, Heading, Paragraph, Table, formatDay, formatMoment, formatOrganisationNumber, line, reportStyles, wrapAt } from './report-layout';

/**
 * The record of processing activities (GDPR art. 30) as a PDF, in the app's
 * language. The wording is the document's own; every fact comes from the
 * record the core builds.
 */

const LABELS = {
  nb: {
    title: 'Behandlingsprotokoll',
    subtitle: (date: string) => `Kursdeltakere · protokoll over behandlingsaktiviteter etter personvernforordningen artikkel 30 · ${date}`,
    controllerTitle: 'Behandlingsansvarlig',
    controller: { name: 'Navn', address: 'Adresse', orgNr: 'Organisasjonsnummer', email: 'E-post for personvern', privacyContact: 'Personvernombud eller kontaktperson' },
    processingTitle: 'Behandlingen',
    processing: {
      what: 'Behandling',
      whatText: 'Administrasjon av kurs i Neo Kurs: påmelding, oppmøte, kursbevis og evaluering.',
      subjects: 'Registrerte',
      subjectsText: 'Kursdeltakere på Kompetansepluss-kurs, fagbrevkurs og andre kurs.',
      basis: 'Behandlingsgrunnlag',
      basisText:
        'Avtale med deltakeren om kursdeltakelse, og for Kompetansepluss avtalen med Kompetanse Norge. Opplysningene beholdes etter kurset bare med deltakerens samtykke.',
      transfers: 'Overføring til land utenfor EU/EØS',
      transfersText: 'Ingen fra Neo Kurs.',
    },
    purposesTitle: 'Formål',
    purposeColumns: { purpose: 'Formål', courses: 'Gjelder' },
    purpose: {
      identification: 'Identifisere deltakeren på kurset',
      communication: 'Kommunisere med deltakeren om kurset',
      attendance: 'Registrere oppmøte',
      certificates: 'Utstede kursbevis',
      evaluation: 'Evaluere kurset etter kursdeltakelse',
      fundingReport: 'Rapportere deltakere til Kompetanse Norge ved kursstart',
    },
    allCourses: 'Alle kurs',
    categoriesTitle: 'Kategorier av personopplysninger',
    category: {
      name: 'Fornavn og etternavn',
      birthDate: 'Fødselsdato',
      contact: 'E-postadresse og/eller mobilnummer',
      gender: 'Kjønn',
      address: 'Postadresse',
      courseParticipation: 'Kurs, sted og tidspunkt for faktisk deltakelse (oppmøte)',
      absenceReasons: 'Fraværsårsak',
      interests: 'Registrert interesse for kurs',
      consent: 'Samtykke til å beholde opplysningene (når, hvordan, av hvem)',
      registrationSource: 'Hvor påmeldingen kom fra (virksomhet, skjema eller lærer)',
      employer: 'Virksomheten som meldte på deltakeren',
      certificates: 'Utstedte kursbevis (nummer, dato, timer)',
    },
    categoryColumn: 'Opplysning',
    absenceReasonsNote:
      'Fraværsårsaken (sykdom, barns sykdom, jobb eller annet) kan avsløre helseopplysninger, en særlig kategori av personopplysninger (personvernforordningen artikkel 9). Årsaken lagres bare på maskinen der oppmøtet ble registrert, normalt lærerens bærbare PC, og sendes ikke til hovedkontoret. Den slettes sammen med oppmøteregistreringen; årsaken i et meldt fravær slettes sammen med deltakeren eller økten.',
    courseType: { kompetansepluss: 'Kompetansepluss', fagbrev: 'Fagbrevkurs', studieforbund: 'Studieforbundkurs', bedriftsbetalt: 'Bedriftsbetalte kurs', other: 'Andre kurs' },
    yes: 'Ja',
    no: '–',
    recipientsTitle: 'Mottakere og databehandlere',
    recipientColumns: { who: 'Mottaker', role: 'Rolle', what: 'Hva de får' },
    recipient: { superOffice: 'SuperOffice (CRM-system)', frontCore: 'FrontCore (kurssystem)', kompetanseNorge: 'Kompetanse Norge' },
    role: { processor: 'Databehandler', thirdParty: 'Mottaker (offentlig oppdragsgiver)' },
    scope: {
      allCourseData: 'alle opplysninger om kursdeltakelsen',
      identityAndContact: 'navn, fødselsdato, e-post og telefonnummer',
      requiredByAgreement: 'nødvendige opplysninger etter avtalen, når kurset starter',
    },
    retentionTitle: 'Sletting',
    retentionColumns: { type: 'Kurstype', rule: 'Personopplysningene slettes' },
    rule: {
      afterEnd: (days: number | null) => `når kurset er slutt, etter ${days ?? 0} dager (så kursbevis kan utstedes)`,
      afterApproval: () => 'når kurset er ferdig og Kompetanse Norge har godkjent kursets økonomiske rapport',
    },
    retentionNote: (days: number) =>
      `Unntak: deltakere som har samtykket til at opplysningene beholdes. Et samtykke kan trekkes, og personen slettes da. På forespørsel slettes opplysningene uten ugrunnet opphold. Forespørsler om innsyn, retting, sletting, begrensning og protest besvares innen ${days} dager. Etter sletting står bare tall uten personopplysninger og et kursbevisregister uten navn igjen.`,
    securityTitle: 'Sikkerhetstiltak',
    security: {
      encryptionAtRest: () => 'Databasen er kryptert på disken (SQLCipher, AES-256); ingen personopplysninger lagres ukryptert.',
      passphrase: () => 'Nøkkelen er beskyttet av hver ansatts egen passordfrase (scrypt) og lagres aldri i klartekst.',
      autoLock: (minutes?: number) => `Appen låses automatisk etter ${minutes ?? 0} minutter uten bruk.`,
      auditLog: () => 'Revisjonslogg over hvem som gjorde hva og når, med rolle og feltnavn, uten personopplysninger.',
      secureDelete: () => 'Slettede opplysninger overskrives i databasefilen (secure_delete).',
      privateFiles: () => 'Filer appen skriver, er bare lesbare for brukeren (0600 i en 0700-mappe).',
    },
    heldTitle: 'Omfang nå',
    heldColumns: { type: 'Kurstype', courses: 'Kurs med personopplysninger', participants: 'Deltakere' },
    disclosuresTitle: 'Utleveringer registrert i appen',
    disclosureColumns: { kind: 'Hva', count: 'Antall', last: 'Sist' },
    disclosureKind: {
      attendanceList: 'Oppmøtelister (eksportert til fil)',
      certificates: 'Kursbevis til andre enn deltakeren',
      fundingReport: 'Deltakerrapporter til Kompetanse Norge',
      headOfficeBatch: 'Overføringer til hovedkontoret',
      accessReport: 'Innsynsrapporter til den registrerte',
    },
    noDisclosures: 'Ingen utleveringer er registrert.',
    updated: (when: string) => `Behandlingsansvarliges opplysninger sist endret ${when}.`,
    footer: (name: string, date: string) => `Behandlingsprotokoll · ${name} · ${date}`,
    page: (n: number, total: number) => `Side ${n} av ${total}`,
  },
  en: {
    title: 'Record of processing activities',
    subtitle: (date: string) => `Course participants · record under Article 30 of the General Data Protection Regulation · ${date}`,
    controllerTitle: 'Controller',
    controller: { name: 'Name', address: 'Address', orgNr: 'Organisation number', email: 'Privacy e-mail', privacyContact: 'Data protection officer or contact' },
    processingTitle: 'The processing',
    processing: {
      what: 'Processing',
      whatText: 'Course administration in Neo Kurs: enrolment, attendance, course certificates and evaluation.',
      subjects: 'Data subjects',
      subjectsText: 'Participants on Kompetansepluss courses, trade-certificate courses and other courses.',
      basis: 'Legal basis',
      basisText:
        'The agreement with the participant on taking part in the course, and for Kompetansepluss the agreement with Kompetanse Norge. Data is kept after the course only with the participant’s consent.',
      transfers: 'Transfers outside the EU/EEA',
      transfersText: 'None from Neo Kurs.',
    },
    purposesTitle: 'Purposes',
    purposeColumns: { purpose: 'Purpose', courses: 'Applies to' },
    purpose: {
      identification: 'Identify the participant on the course',
      communication: 'Communicate with the participant about the course',
      attendance: 'Record attendance',
      certificates: 'Issue course certificates',
      evaluation: 'Evaluate the course afterwards',
      fundingReport: 'Report participants to Kompetanse Norge when the course starts',
    },
    allCourses: 'All courses',
    categoriesTitle: 'Categories of personal data',
    category: {
      name: 'First and last name',
      birthDate: 'Birth date',
      contact: 'E-mail address and/or mobile number',
      gender: 'Gender',
      address: 'Postal address',
      courseParticipation: 'Course, place and time of actual participation (attendance)',
      absenceReasons: 'Absence reason',
      interests: 'Registered interest in courses',
      consent: 'Consent to keep the data (when, how, by whom)',
      registrationSource: 'Where the registration came from (employer, form or teacher)',
      employer: 'The employer who registered the participant',
      certificates: 'Issued certificates (number, date, hours)',
    },
    categoryColumn: 'Data',
    absenceReasonsNote:
      'An absence reason (illness, child’s illness, work or other) may reveal health information, a special category of personal data (GDPR Article 9). It is kept only on the computer where attendance was recorded, normally the teacher’s laptop, and is not sent to head office. It is deleted with the attendance mark; the reason in an absence notice is deleted with the participant or the session.',
    courseType: { kompetansepluss: 'Kompetansepluss', fagbrev: 'Trade-certificate', studieforbund: 'Study-association courses', bedriftsbetalt: 'Employer-paid courses', other: 'Other courses' },
    yes: 'Yes',
    no: '–',
    recipientsTitle: 'Recipients and processors',
    recipientColumns: { who: 'Recipient', role: 'Role', what: 'What they receive' },
    recipient: { superOffice: 'SuperOffice (CRM system)', frontCore: 'FrontCore (course system)', kompetanseNorge: 'Kompetanse Norge' },
    role: { processor: 'Processor', thirdParty: 'Recipient (public funder)' },
    scope: {
      allCourseData: 'all data about the course participation',
      identityAndContact: 'name, birth date, e-mail and phone number',
      requiredByAgreement: 'the data the agreement requires, when the course starts',
    },
    retentionTitle: 'Deletion',
    retentionColumns: { type: 'Course type', rule: 'Personal data is deleted' },
    rule: {
      afterEnd: (days: number | null) => `once the course has ended, after ${days ?? 0} days (so that certificates can be issued)`,
      afterApproval: () => 'once the course has finished and Kompetanse Norge has approved its financial report',
    },
    retentionNote: (days: number) =>
      `Except: participants who consented to their data being kept. Consent can be withdrawn, and the person is then deleted. On request, data is deleted without undue delay. Requests for access, correction, erasure, restriction and objection are answered within ${days} days. After deletion only figures without personal data and a certificate register without names remain.`,
    securityTitle: 'Security measures',
    security: {
      encryptionAtRest: () => 'The database is encrypted on disk (SQLCipher, AES-256); no personal data is stored unencrypted.',
      passphrase: () => 'The key is protected by each staff member’s own passphrase (scrypt) and is never stored in the clear.',
      autoLock: (minutes?: number) => `The app locks itself after ${minutes ?? 0} minutes without use.`,
      auditLog: () => 'An audit log of who did what and when, with role and field names, without personal data.',
      secureDelete: () => 'Deleted data is overwritten in the database file (secure_delete).',
      privateFiles: () => 'Files the app writes are readable by the user only (0600 in a 0700 folder).',
    },
    heldTitle: 'Held now',
    heldColumns: { type: 'Course type', courses: 'Courses with personal data', participants: 'Participants' },
    disclosuresTitle: 'Disclosures recorded in the app',
    disclosureColumns: { kind: 'What', count: 'Count', last: 'Latest' },
    disclosureKind: {
      attendanceList: 'Attendance lists (exported to a file)',
      certificates: 'Certificates to others than the participant',
      fundingReport: 'Participant reports to Kompetanse Norge',
      headOfficeBatch: 'Transfers to head office',
      accessReport: 'Access reports to the data subject',
    },
    noDisclosures: 'No disclosures are recorded.',
    updated: (when: string) => `The controller’s details were last changed ${when}.`,
    footer: (name: string, date: string) => `Record of processing · ${name} · ${date}`,
    page: (n: number, total: number) => `Page ${n} of ${total}`,
  },
} as const;

type Printable = ProcessingRecord & { generatedOn: string };

function ProcessingDocument({ record, language }: { record: Printable; language: Language }) {
  const L = LABELS[language];
  const day = (iso: string) => formatDay(iso, language);
  const c = record.controller;
  const controllerName = line(c.name);
  const types = [...COURSE_TYPES];
  const categories = DATA_CATEGORIES.filter((category) => types.some((type) => record.categoriesByCourseType[type].includes(category)));
  const typeList = (courseTypes: readonly string[]) =>
    courseTypes.length === types.length ? L.allCourses : courseTypes.map((type) => L.courseType[type as keyof typeof L.courseType]).join(', ');

  return (
    <Page size="A4" style={reportStyles.page}>
      <Text style={reportStyles.title} hyphenationCallback={wrapAt(CONTENT_WIDTH, 18, 700)}>
        {L.title}
      </Text>
      <Text style={reportStyles.subtitle} hyphenationCallback={wrapAt(CONTENT_WIDTH, 11)}>
        {L.subtitle(day(record.generatedOn))}
      </Text>

      <Heading>{L.controllerTitle}</Heading>
      <Facts
        rows={[
          [L.controller.name, controllerName],
          [L.controller.address, c.address ? `${line(c.address.street)}, ${c.address.postalCode} ${line(c.address.city)}` : null],
          [L.controller.orgNr, c.organisationNumber ? formatOrganisationNumber(c.organisationNumber) : null],
          [L.controller.email, line(c.contactEmail) || null],
          [L.controller.privacyContact, line(c.privacyContact) || null],
        ]}
      />

      <Heading>{L.processingTitle}</Heading>
      <Facts
        rows={[
          [L.processing.what, L.processing.whatText],
          [L.processing.subjects, L.processing.subjectsText],
          [L.processing.basis, L.processing.basisText],
          [L.processing.transfers, L.processing.transfersText],
        ]}
      />

      <Heading>{L.purposesTitle}</Heading>
      <Table
        columns={[
          { title: L.purposeColumns.purpose, weight: 62 },
          { title: L.purposeColumns.courses, weight: 38 },
        ]}
        rows={record.purposes.map((p) => [L.purpose[p.purpose], typeList(p.courseTypes)])}
      />

      <Heading>{L.categoriesTitle}</Heading>
      <Table
        columns={[{ title: L.categoryColumn, weight: 37 }, ...types.map((type) => ({ title: L.courseType[type], weight: 21 }))]}
        rows={categories.map((category) => [
          L.category[category],
          ...types.map((type) => (record.categoriesByCourseType[type].includes(category) ? L.yes : L.no)),
        ])}
      />
      {categories.includes('absenceReasons') && <Paragraph>{L.absenceReasonsNote}</Paragraph>}

      <Heading>{L.recipientsTitle}</Heading>
      <Table
        columns={[
          { title: L.recipientColumns.who, weight: 26 },
          { title: L.recipientColumns.role, weight: 24 },
          { title: L.recipientColumns.what, weight: 50 },
        ]}
        rows={record.recipients.map((r) => [
          L.recipient[r.recipient],
          L.role[r.role],
          types.flatMap((type) => {
            const scope = r.scope[type];
            return scope ? [`${L.courseType[type]}: ${L.scope[scope]}`] : [];
          }),
        ])}
      />

      <Heading>{L.retentionTitle}</Heading>
      <Table
        columns={[
          { title: L.retentionColumns.type, weight: 26 },
          { title: L.retentionColumns.rule, weight: 74 },
        ]}
        rows={record.retention.map((r) => [L.courseType[r.courseType], L.rule[r.rule](r.graceDays)])}
      />
      <Paragraph>{L.retentionNote(record.requestDays)}</Paragraph>

      <Heading>{L.securityTitle}</Heading>
      {record.security.map((s) => (
        <Text key={s.measure} style={reportStyles.paragraph} hyphenationCallback={wrapAt(CONTENT_WIDTH)}>
          • {L.security[s.measure](s.minutes)}
        </Text>
      ))}

      <Heading>{L.heldTitle}</Heading>
      <Table
        columns={[
          { title: L.heldColumns.type, weight: 40 },
          { title: L.heldColumns.courses, weight: 35 },
          { title: L.heldColumns.participants, weight: 25 },
        ]}
        rows={types.map((type) => [L.courseType[type], String(record.heldNow[type].courses), String(record.heldNow[type].participants)])}
      />

      <Heading>{L.disclosuresTitle}</Heading>
      <Table
        columns={[
          { title: L.disclosureColumns.kind, weight: 55 },
          { title: L.disclosureColumns.count, weight: 15 },
          { title: L.disclosureColumns.last, weight: 30 },
        ]}
        rows={record.disclosures.map((d) => [L.disclosureKind[d.kind], String(d.count), formatMoment(d.lastAt, language)])}
        empty={L.noDisclosures}
      />

      {record.updatedAt && <Paragraph muted>{L.updated(formatMoment(record.updatedAt, language))}</Paragraph>}

      <Footer left={L.footer(controllerName, day(record.generatedOn))} page={L.page} />
    </Page>
  );
}

/** "Behandlingsprotokoll – Kompetansehuset Neo – 2025-03-10.pdf". */
export function processingFileName(record: Printable, language: Language): string {
  const name = line(record.controller.name).replace(/[\\/:*?"<>|]/g, '-').slice(0, 120);
  return `${LABELS[language].title} – ${name} – ${record.generatedOn}.pdf`;
}

/** The record of processing as PDF bytes. */
export async function renderProcessingPdf(record: Printable, language: Language): Promise<Buffer> {
  await loadPdfFonts();
  return renderToBuffer(
    <Document title={`${LABELS[language].title} – ${line(record.controller.name)}`} author="Neo Kurs" language={language}>
      <ProcessingDocument record={record} language={language} />
    </Document>,
  );
}
