/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import { Document, Page, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatMobile, formatNorwegianTime } from '../../contract/formats';
import type { Language } from '../../contract/messages';
import type { AttendanceStatus, CourseRetention } from '../../contract/types';
import type { AccessReport } from '../services/access-report';
import { loadPdfFonts } from './fonts';
import { CONTENT_WIDTH, Facts, Footer, Heading, Paragraph, Subheading, Table, formatDay, formatMoment, formatNumber, formatOrganisationNumber, line, lines, osloDay, reportStyles, wrapAt } from './report-layout';

/**
 * The access report (innsyn) as a PDF for the person: what is held about them,
 * in their language (the app's), on A4 with the embedded font. The wording is
 * the document's own, like the certificate's.
 */

const LABELS = {
  nb: {
    title: 'Innsyn i personopplysninger',
    about: (name: string) => `Opplysninger om ${name}`,
    generated: (date: string) => `Laget ${date}`,
    intro: (controller: string, date: string) =>
      `Dette er alle opplysningene ${controller} har om deg i kursadministrasjonen Neo Kurs per ${date}. Du har rett til innsyn etter personvernforordningen (GDPR) artikkel 15.`,
    theProvider: 'kursleverandøren',
    purposes:
      'Opplysningene brukes til å identifisere deg som kursdeltaker, kommunisere med deg om kurset, registrere oppmøte, utstede kursbevis og evaluere kurset. Deltakere på Kompetansepluss-kurs rapporteres til Kompetanse Norge når kurset starter.',
    controller: 'Behandlingsansvarlig',
    orgNr: 'Org.nr.',
    contact: 'Kontakt om personvern',
    personTitle: 'Opplysninger om deg',
    fields: {
      name: 'Navn',
      birthDate: 'Fødselsdato',
      email: 'E-post',
      mobile: 'Mobil',
      gender: 'Kjønn',
      address: 'Adresse',
      interests: 'Registrert interesse for kurs',
      consent: 'Samtykke til å beholde opplysningene etter kurset',
      restricted: 'Begrenset behandling',
      created: 'Registrert',
      updated: 'Sist endret',
    },
    yes: 'Ja',
    no: 'Nei',
    restrictedYes: 'Ja: opplysningene brukes ikke i eksporter, rapporter eller overføringer mens forespørselen din behandles.',
    gender: { female: 'Kvinne', male: 'Mann', other: 'Annet', unspecified: 'Ikke oppgitt' },
    coursesTitle: 'Kurs',
    noCourses: 'Du er ikke påmeldt noen kurs.',
    course: {
      type: 'Kurstype',
      place: 'Sted',
      period: 'Periode',
      enrolled: 'Påmeldt',
      source: 'Påmeldt av',
      withdrawn: 'Meldt av',
      deletion: 'Sletting',
    },
    courseType: { kompetansepluss: 'Kompetansepluss', fagbrev: 'Fagbrevkurs', studieforbund: 'Studieforbundkurs', bedriftsbetalt: 'Bedriftsbetalt kurs', other: 'Annet kurs' },
    source: {
      employer: (employer: string | null) => (employer ? `Virksomheten ${employer}` : 'Virksomheten din'),
      self: () => 'Deg selv, på skjema',
      teacher: () => 'Læreren på kurset',
    },
    withdrawalReason: { illness: 'sykdom', work: 'jobb', moved: 'flytting', personal: 'personlige grunner', courseChange: 'byttet kurs', other: 'annen grunn' },
    withdrawnOn: (date: string, reason: string | null) => (reason ? `${date} (${reason})` : date),
    retention: (r: CourseRetention, date: (iso: string) => string) => {
      const unless = ', med mindre du har samtykket til at vi beholder dem';
      if (r.state === 'erased') return 'Personopplysningene på kurset er slettet.';
      if (r.rule === 'afterApproval') {
        return r.dueOn
          ? `Slettes fra ${date(r.dueOn)}, da Kompetanse Norge godkjente kursets økonomiske rapport${unless}.`
          : `Slettes når kurset er ferdig og Kompetanse Norge har godkjent kursets økonomiske rapport${unless}.`;
      }
      return r.dueOn ? `Slettes fra ${date(r.dueOn)}, etter at kurset er slutt${unless}.` : `Slettes når kurset er slutt${unless}.`;
    },
    attendanceTitle: 'Oppmøte',
    noAttendance: 'Ingen økter er gjennomført eller registrert.',
    attendanceTotal: (hours: string) => `Timer deltatt i alt: ${hours}`,
    attendanceColumns: { date: 'Dato', time: 'Tid', hours: 'Timer', status: 'Oppmøte', attended: 'Timer deltatt', note: 'Merknad' },
    status: { present: 'Møtt', late: 'Forsinket', absent: 'Ikke møtt', excused: 'Gyldig fravær' },
    absenceReason: { illness: 'sykdom', childIllness: 'barns sykdom', work: 'jobb', other: 'annet' },
    notices: 'Fravær meldt på forhånd',
    noticeColumns: { session: 'Økt', reason: 'Årsak', note: 'Merknad' },
    notMarked: 'Ikke registrert',
    cancelled: 'Avlyst',
    changeReasons: 'Begrunnelser for endringer etter at listen var signert',
    reasonColumns: { session: 'Økt', when: 'Når', reason: 'Begrunnelse' },
    certificatesTitle: 'Kursbevis',
    noCertificates: 'Ingen kursbevis er utstedt.',
    certificateColumns: { number: 'Nummer', course: 'Kurs', issued: 'Utstedt', status: 'Status', hours: 'Timer', notes: 'Merknader' },
    certificateStatus: { valid: 'Gyldig', replaced: 'Erstattet av et nyere' },
    code: (code: string) => `Verifiseringskode ${code}`,
    overrideReason: (reason: string) => `Utstedt selv om kravene ikke var oppfylt: ${reason}`,
    replaceReason: (reason: string) => `Erstatter et tidligere kursbevis: ${reason}`,
    consentTitle: 'Samtykke',
    noConsent: 'Du har ikke gitt samtykke til at vi beholder opplysningene etter kurset.',
    consentColumns: { when: 'Når', what: 'Hva', how: 'Hvordan', who: 'Registrert av' },
    consentKind: { given: 'Samtykke gitt', withdrawn: 'Samtykke trukket' },
    consentMethod: { form: 'Skjema', paper: 'Papir', email: 'E-post', verbal: 'Muntlig' },
    role: { teacher: 'Lærer', coordinator: 'Koordinator', headOffice: 'Hovedkontor' },
    unknownRole: 'Ansatt',
    requestsTitle: 'Forespørsler fra deg',
    requestColumns: { kind: 'Gjelder', channel: 'Mottatt via', received: 'Mottatt', due: 'Frist', status: 'Status', note: 'Notat' },
    requestKind: { access: 'Innsyn', correction: 'Retting', objection: 'Protest', restriction: 'Begrensning', erasure: 'Sletting' },
    requestChannel: { email: 'E-post', letter: 'Brev', phone: 'Telefon', inPerson: 'Personlig oppmøte', form: 'Skjema' },
    requestStatus: { open: 'Under behandling', completed: 'Fullført', rejected: 'Avslått' },
    disclosuresTitle: 'Hvem som har fått opplysninger om deg',
    disclosuresIntro: 'Eksporter og rapporter fra Neo Kurs der opplysninger om deg var med.',
    noDisclosures: 'Ingen opplysninger om deg er levert ut fra Neo Kurs.',
    disclosureColumns: { when: 'Når', what: 'Hva', to: 'Til', course: 'Kurs' },
    disclosureKind: {
      attendanceList: 'Oppmøteliste',
      certificates: 'Kursbevis',
      fundingReport: 'Deltakerrapport',
      headOfficeBatch: 'Overføring til hovedkontoret',
      accessReport: 'Innsynsrapport',
    },
    recipient: {
      file: 'Lagret som fil',
      dataSubject: 'Deg selv',
      headOffice: 'Hovedkontoret',
      kompetanseNorge: 'Kompetanse Norge',
    },
    auditTitle: 'Logg over behandlingen',
    auditIntro: 'Hva som er gjort med opplysningene dine, når og i hvilken rolle. Loggen viser aldri verdiene, bare hvilke felt som ble endret.',
    noAudit: 'Ingen hendelser er logget.',
    auditColumns: { when: 'Når', what: 'Hendelse', role: 'Rolle', course: 'Kurs' },
    action: {
      'create/participant': 'Registrert',
      'update/participant': 'Opplysninger endret',
      'update/enrollment': 'Påmelding endret',
      'enroll/enrollment': 'Meldt på kurset',
      'mark/attendance': 'Oppmøte ført',
      'unmark/attendance': 'Oppmøte fjernet',
      'issue/certificate': 'Kursbevis utstedt',
      'reprint/certificate': 'Kursbevis skrevet ut på nytt',
      'consent/participant': 'Samtykke registrert',
      'withdraw-consent/participant': 'Samtykke trukket',
      'not-duplicate/participant': 'Vurdert som en annen person enn en med samme navn',
      'access-report/participant': 'Innsynsrapport laget',
      'withdraw/enrollment': 'Meldt av kurset',
      'reinstate/enrollment': 'Meldt på igjen',
      'merge/participant': 'Slått sammen med en annen registrering av deg',
    } as Record<string, string>,
    change: (date: string, from: string, to: string) => `økt ${date}: fra ${from} til ${to}`,
    time: (start: string, end: string) => `${formatNorwegianTime(start)}–${formatNorwegianTime(end)}`,
    fieldsChanged: (fields: string) => `felt: ${fields}`,
    reasonGiven: 'begrunnelse gitt',
    field: {
      first_name: 'fornavn',
      last_name: 'etternavn',
      birth_date: 'fødselsdato',
      email: 'e-post',
      mobile: 'mobil',
      gender: 'kjønn',
      address_street: 'adresse',
      address_postal_code: 'adresse',
      address_city: 'adresse',
      interests: 'interesser',
      consent_keep: 'samtykke',
      consent_method: 'samtykkemåte',
      source: 'påmeldt av',
      employer_name: 'virksomhet',
      status: 'oppmøte',
      hours: 'timer',
      note: 'merknad',
    } as Record<string, string>,
    rightsTitle: 'Dine rettigheter',
    rights: (contact: string | null) =>
      `Er noe uriktig eller ufullstendig, kan du be oss rette det. Du kan også be oss slette opplysningene, begrense behandlingen eller protestere mot den, og du kan klage til Datatilsynet. Vi svarer innen 30 dager.${contact ? ` Kontakt oss på ${contact}.` : ''}`,
    footer: (name: string, date: string) => `Innsyn for ${name} · ${date}`,
    page: (n: number, total: number) => `Side ${n} av ${total}`,
  },
  en: {
    title: 'Access to personal data',
    about: (name: string) => `Data about ${name}`,
    generated: (date: string) => `Made ${date}`,
    intro: (controller: string, date: string) =>
      `This is all the data ${controller} holds about you in the course administration app Neo Kurs as of ${date}. You have the right of access under the General Data Protection Regulation (GDPR), Article 15.`,
    theProvider: 'the course provider',
    purposes:
      'The data is used to identify you as a course participant, to communicate with you about the course, to record attendance, to issue certificates and to evaluate the course. Participants on Kompetansepluss courses are reported to Kompetanse Norge when the course starts.',
    controller: 'Controller',
    orgNr: 'Org. no.',
    contact: 'Privacy contact',
    personTitle: 'Your details',
    fields: {
      name: 'Name',
      birthDate: 'Birth date',
      email: 'E-mail',
      mobile: 'Mobile',
      gender: 'Gender',
      address: 'Address',
      interests: 'Registered interest in courses',
      consent: 'Consent to keep the data after the course',
      restricted: 'Restricted processing',
      created: 'Registered',
      updated: 'Last changed',
    },
    yes: 'Yes',
    no: 'No',
    restrictedYes: 'Yes: your data is left out of exports, reports and transfers while your request is handled.',
    gender: { female: 'Female', male: 'Male', other: 'Other', unspecified: 'Not given' },
    coursesTitle: 'Courses',
    noCourses: 'You are not enrolled in any course.',
    course: {
      type: 'Course type',
      place: 'Place',
      period: 'Period',
      enrolled: 'Enrolled',
      source: 'Registered by',
      withdrawn: 'Withdrew',
      deletion: 'Deletion',
    },
    courseType: { kompetansepluss: 'Kompetansepluss', fagbrev: 'Trade-certificate course', studieforbund: 'Study-association course', bedriftsbetalt: 'Employer-paid course', other: 'Other course' },
    source: {
      employer: (employer: string | null) => (employer ? `The employer ${employer}` : 'Your employer'),
      self: () => 'Yourself, on a form',
      teacher: () => 'The course teacher',
    },
    withdrawalReason: { illness: 'illness', work: 'work', moved: 'moved', personal: 'personal reasons', courseChange: 'changed course', other: 'other reason' },
    withdrawnOn: (date: string, reason: string | null) => (reason ? `${date} (${reason})` : date),
    retention: (r: CourseRetention, date: (iso: string) => string) => {
      const unless = ', unless you have consented to our keeping it';
      if (r.state === 'erased') return 'The personal data of this course has been erased.';
      if (r.rule === 'afterApproval') {
        return r.dueOn
          ? `Deleted from ${date(r.dueOn)}, when Kompetanse Norge approved the course’s financial report${unless}.`
          : `Deleted once the course has finished and Kompetanse Norge has approved its financial report${unless}.`;
      }
      return r.dueOn ? `Deleted from ${date(r.dueOn)}, after the course has ended${unless}.` : `Deleted once the course has ended${unless}.`;
    },
    attendanceTitle: 'Attendance',
    noAttendance: 'No sessions have been held or recorded.',
    attendanceTotal: (hours: string) => `Hours attended in total: ${hours}`,
    attendanceColumns: { date: 'Date', time: 'Time', hours: 'Hours', status: 'Attendance', attended: 'Hours attended', note: 'Note' },
    status: { present: 'Present', late: 'Late', absent: 'Absent', excused: 'Excused' },
    absenceReason: { illness: 'illness', childIllness: 'child’s illness', work: 'work', other: 'other' },
    notices: 'Absence told in advance',
    noticeColumns: { session: 'Session', reason: 'Reason', note: 'Note' },
    notMarked: 'Not recorded',
    cancelled: 'Cancelled',
    changeReasons: 'Reasons for changes after the list was signed off',
    reasonColumns: { session: 'Session', when: 'When', reason: 'Reason' },
    certificatesTitle: 'Course certificates',
    noCertificates: 'No certificate has been issued.',
    certificateColumns: { number: 'Number', course: 'Course', issued: 'Issued', status: 'Status', hours: 'Hours', notes: 'Notes' },
    certificateStatus: { valid: 'Valid', replaced: 'Replaced by a newer one' },
    code: (code: string) => `Verification code ${code}`,
    overrideReason: (reason: string) => `Issued although the requirements were not met: ${reason}`,
    replaceReason: (reason: string) => `Replaces an earlier certificate: ${reason}`,
    consentTitle: 'Consent',
    noConsent: 'You have not consented to our keeping the data after the course.',
    consentColumns: { when: 'When', what: 'What', how: 'How', who: 'Recorded by' },
    consentKind: { given: 'Consent given', withdrawn: 'Consent withdrawn' },
    consentMethod: { form: 'Form', paper: 'Paper', email: 'E-mail', verbal: 'Verbally' },
    role: { teacher: 'Teacher', coordinator: 'Coordinator', headOffice: 'Head office' },
    unknownRole: 'Staff',
    requestsTitle: 'Your requests',
    requestColumns: { kind: 'About', channel: 'Received by', received: 'Received', due: 'Due', status: 'Status', note: 'Note' },
    requestKind: { access: 'Access', correction: 'Correction', objection: 'Objection', restriction: 'Restriction', erasure: 'Erasure' },
    requestChannel: { email: 'E-mail', letter: 'Letter', phone: 'Phone', inPerson: 'In person', form: 'Form' },
    requestStatus: { open: 'Being handled', completed: 'Completed', rejected: 'Rejected' },
    disclosuresTitle: 'Who has received data about you',
    disclosuresIntro: 'Exports and reports from Neo Kurs that included data about you.',
    noDisclosures: 'No data about you has left Neo Kurs.',
    disclosureColumns: { when: 'When', what: 'What', to: 'To', course: 'Course' },
    disclosureKind: {
      attendanceList: 'Attendance list',
      certificates: 'Course certificates',
      fundingReport: 'Participant report',
      headOfficeBatch: 'Transfer to head office',
      accessReport: 'Access report',
    },
    recipient: {
      file: 'Saved as a file',
      dataSubject: 'You',
      headOffice: 'Head office',
      kompetanseNorge: 'Kompetanse Norge',
    },
    auditTitle: 'Log of the processing',
    auditIntro: 'What has been done with your data, when and in which role. The log never shows the values, only which fields changed.',
    noAudit: 'No events are logged.',
    auditColumns: { when: 'When', what: 'Event', role: 'Role', course: 'Course' },
    action: {
      'create/participant': 'Registered',
      'update/participant': 'Details changed',
      'update/enrollment': 'Enrolment changed',
      'enroll/enrollment': 'Enrolled in the course',
      'mark/attendance': 'Attendance recorded',
      'unmark/attendance': 'Attendance removed',
      'issue/certificate': 'Certificate issued',
      'reprint/certificate': 'Certificate printed again',
      'consent/participant': 'Consent recorded',
      'withdraw-consent/participant': 'Consent withdrawn',
      'not-duplicate/participant': 'Judged to be someone else than a person with the same name',
      'access-report/participant': 'Access report made',
      'withdraw/enrollment': 'Withdrew from the course',
      'reinstate/enrollment': 'Enrolled again',
      'merge/participant': 'Merged with another record of you',
    } as Record<string, string>,
    change: (date: string, from: string, to: string) => `session ${date}: from ${from} to ${to}`,
    time: (start: string, end: string) => `${start}–${end}`,
    fieldsChanged: (fields: string) => `fields: ${fields}`,
    reasonGiven: 'reason given',
    field: {
      first_name: 'first name',
      last_name: 'last name',
      birth_date: 'birth date',
      email: 'e-mail',
      mobile: 'mobile',
      gender: 'gender',
      address_street: 'address',
      address_postal_code: 'address',
      address_city: 'address',
      interests: 'interests',
      consent_keep: 'consent',
      consent_method: 'consent method',
      source: 'registered by',
      employer_name: 'employer',
      status: 'attendance',
      hours: 'hours',
      note: 'note',
    } as Record<string, string>,
    rightsTitle: 'Your rights',
    rights: (contact: string | null) =>
      `If anything is wrong or incomplete, you can ask us to correct it. You can also ask us to erase the data, to restrict its processing or object to it, and you can complain to the Norwegian Data Protection Authority (Datatilsynet). We answer within 30 days.${contact ? ` Contact us at ${contact}.` : ''}`,
    footer: (name: string, date: string) => `Access report for ${name} · ${date}`,
    page: (n: number, total: number) => `Page ${n} of ${total}`,
  },
} as const;

type Labels = (typeof LABELS)[Language];

function AccessReportDocument({ report }: { report: AccessReport }) {
  const language = report.language;
  const L: Labels = LABELS[language];
  const day = (iso: string | null | undefined) => formatDay(iso, language);
  const moment = (iso: string | null | undefined) => formatMoment(iso, language);
  const num = (n: number) => formatNumber(n, language);
  const roleName = (role: AccessReport['consents'][number]['recordedByRole']) => (role ? L.role[role] : L.unknownRole);
  const { person } = report;
  const name = `${line(person.firstName)} ${line(person.lastName)}`;
  const generatedDay = day(osloDay(report.generatedAt));
  const controller = report.controller;

  const courseName = (course: { name: string } | null) => (course ? line(course.name) : '');

  return (
    <Page size="A4" style={reportStyles.page}>
      <Text style={reportStyles.title} hyphenationCallback={wrapAt(CONTENT_WIDTH, 18, 700)}>
        {L.title}
      </Text>
      <Text style={reportStyles.subtitle} hyphenationCallback={wrapAt(CONTENT_WIDTH, 11)}>
        {L.about(name)} · {L.generated(moment(report.generatedAt))}
      </Text>
      <Paragraph>{L.intro(controller?.name ? line(controller.name) : L.theProvider, generatedDay)}</Paragraph>
      <Paragraph>{L.purposes}</Paragraph>
      {controller && (
        <Facts
          rows={[
            [L.controller, [line(controller.name), controller.address ? `${line(controller.address.street)}, ${controller.address.postalCode} ${line(controller.address.city)}` : ''].filter(Boolean)],
            [L.orgNr, controller.organisationNumber ? formatOrganisationNumber(controller.organisationNumber) : null],
            [L.contact, [line(controller.contactEmail), line(controller.privacyContact)].filter(Boolean)],
          ]}
        />
      )}

      <Heading>{L.personTitle}</Heading>
      <Facts
        rows={[
          [L.fields.name, name],
          [L.fields.birthDate, day(person.birthDate)],
          [L.fields.email, line(person.email) || null],
          [L.fields.mobile, person.mobile ? formatMobile(person.mobile) : null],
          [L.fields.gender, L.gender[person.gender]],
          [L.fields.address, person.address ? `${line(person.address.street)}, ${person.address.postalCode} ${line(person.address.city)}` : null],
          [L.fields.interests, lines(person.interests)],
          [L.fields.consent, person.consentToKeepAfterCourse ? L.yes : L.no],
          [L.fields.restricted, person.restricted ? L.restrictedYes : null],
          [L.fields.created, moment(person.createdAt)],
          [L.fields.updated, moment(person.updatedAt)],
        ]}
      />

      <Heading>{L.coursesTitle}</Heading>
      {report.courses.length === 0 && <Paragraph muted>{L.noCourses}</Paragraph>}
      {report.courses.map((course) => (
        <CourseFacts key={course.id} course={course} L={L} day={day} />
      ))}

      <Heading>{L.attendanceTitle}</Heading>
      {report.attendance.length === 0 && <Paragraph muted>{L.noAttendance}</Paragraph>}
      {report.attendance.map((a) => (
        <AttendanceSection key={a.courseId} attendance={a} L={L} day={day} moment={moment} num={num} />
      ))}

      <Heading>{L.certificatesTitle}</Heading>
      <Table
        columns={[
          { title: L.certificateColumns.number, weight: 19 },
          { title: L.certificateColumns.course, weight: 22 },
          { title: L.certificateColumns.issued, weight: 14 },
          { title: L.certificateColumns.status, weight: 13 },
          { title: L.certificateColumns.hours, weight: 9 },
          { title: L.certificateColumns.notes, weight: 30 },
        ]}
        rows={report.certificates.map((c) => [
          c.number,
          line(c.courseName),
          day(osloDay(c.issuedAt)),
          L.certificateStatus[c.status],
          c.hoursAttended === null ? '' : num(c.hoursAttended),
          [
            L.code(c.verificationCode),
            ...(c.overrideReason ? lines(L.overrideReason(c.overrideReason)) : []),
            ...(c.replaceReason ? lines(L.replaceReason(c.replaceReason)) : []),
          ],
        ])}
        empty={L.noCertificates}
      />

      <Heading>{L.consentTitle}</Heading>
      <Table
        columns={[
          { title: L.consentColumns.when, weight: 28 },
          { title: L.consentColumns.what, weight: 28 },
          { title: L.consentColumns.how, weight: 20 },
          { title: L.consentColumns.who, weight: 24 },
        ]}
        rows={report.consents.map((c) => [moment(c.at), L.consentKind[c.kind], c.method ? L.consentMethod[c.method] : '', roleName(c.recordedByRole)])}
        empty={L.noConsent}
      />

      {report.requests.length > 0 && (
        <>
          <Heading>{L.requestsTitle}</Heading>
          <Table
            columns={[
              { title: L.requestColumns.kind, weight: 15 },
              { title: L.requestColumns.channel, weight: 15 },
              { title: L.requestColumns.received, weight: 14 },
              { title: L.requestColumns.due, weight: 14 },
              { title: L.requestColumns.status, weight: 15 },
              { title: L.requestColumns.note, weight: 27 },
            ]}
            rows={report.requests.map((r) => [
              L.requestKind[r.kind],
              L.requestChannel[r.channel],
              day(r.receivedOn),
              day(r.dueOn),
              r.resolvedAt ? `${L.requestStatus[r.status]} ${day(osloDay(r.resolvedAt))}` : L.requestStatus[r.status],
              lines(r.note),
            ])}
          />
        </>
      )}

      <Heading>{L.disclosuresTitle}</Heading>
      {report.disclosures.length > 0 && <Paragraph muted>{L.disclosuresIntro}</Paragraph>}
      <Table
        columns={[
          { title: L.disclosureColumns.when, weight: 26 },
          { title: L.disclosureColumns.what, weight: 24 },
          { title: L.disclosureColumns.to, weight: 20 },
          { title: L.disclosureColumns.course, weight: 30 },
        ]}
        rows={report.disclosures.map((d) => [moment(d.at), L.disclosureKind[d.kind], L.recipient[d.recipient], courseName(d.course)])}
        empty={L.noDisclosures}
      />

      <Heading>{L.auditTitle}</Heading>
      <Paragraph muted>{L.auditIntro}</Paragraph>
      <Table
        columns={[
          { title: L.auditColumns.when, weight: 22 },
          { title: L.auditColumns.what, weight: 44 },
          { title: L.auditColumns.role, weight: 14 },
          { title: L.auditColumns.course, weight: 20 },
        ]}
        rows={report.auditEvents.map((e) => [moment(e.at), describeEvent(e, L, day), roleName(e.role), courseName(e.course)])}
        empty={L.noAudit}
      />

      <View wrap={false}>
        <Heading>{L.rightsTitle}</Heading>
        <Paragraph>{L.rights(controller?.contactEmail ? line(controller.contactEmail) : null)}</Paragraph>
      </View>

      <Footer left={L.footer(name, generatedDay)} page={L.page} />
    </Page>
  );
}

function CourseFacts({ course, L, day }: { course: AccessReport['courses'][number]; L: Labels; day: (iso: string | null) => string }) {
  return (
    <>
      <Subheading>{line(course.name)}</Subheading>
      <Facts
        rows={[
          [L.course.type, L.courseType[course.type]],
          [L.course.place, line(course.place)],
          [L.course.period, `${day(course.startDate)}–${day(course.endDate)}`],
          [L.course.enrolled, day(osloDay(course.enrolledAt))],
          [L.course.source, course.source === 'employer' ? L.source.employer(course.employerName ? line(course.employerName) : null) : L.source[course.source]()],
          [
            L.course.withdrawn,
            course.withdrawnOn ? L.withdrawnOn(day(course.withdrawnOn), course.withdrawalReason ? L.withdrawalReason[course.withdrawalReason] : null) : null,
          ],
          [L.course.deletion, L.retention(course.retention, (iso) => day(iso))],
        ]}
      />
    </>
  );
}

function AttendanceSection({
  attendance,
  L,
  day,
  moment,
  num,
}: {
  attendance: AccessReport['attendance'][number];
  L: Labels;
  day: (iso: string | null) => string;
  moment: (iso: string) => string;
  num: (n: number) => string;
}) {
  return (
    <>
      <Subheading>{line(attendance.courseName)}</Subheading>
      <Table
        columns={[
          { title: L.attendanceColumns.date, weight: 15 },
          { title: L.attendanceColumns.time, weight: 15 },
          { title: L.attendanceColumns.hours, weight: 9 },
          { title: L.attendanceColumns.status, weight: 18 },
          { title: L.attendanceColumns.attended, weight: 12 },
          { title: L.attendanceColumns.note, weight: 31 },
        ]}
        rows={attendance.sessions.map((s) => [
          day(s.date),
          L.time(s.startTime, s.endTime),
          num(s.hours),
          s.cancelled
            ? L.cancelled
            : s.status
              ? `${L.status[s.status]}${s.absenceReason ? ` (${L.absenceReason[s.absenceReason]})` : ''}`
              : L.notMarked,
          s.hoursAttended === null ? '' : num(s.hoursAttended),
          lines(s.note),
        ])}
        empty={L.noAttendance}
      />
      {attendance.sessions.length > 0 && <Paragraph>{L.attendanceTotal(num(attendance.hoursAttended))}</Paragraph>}
      {attendance.notices.length > 0 && (
        <>
          <Paragraph>{L.notices}</Paragraph>
          <Table
            columns={[
              { title: L.noticeColumns.session, weight: 30 },
              { title: L.noticeColumns.reason, weight: 20 },
              { title: L.noticeColumns.note, weight: 50 },
            ]}
            rows={attendance.notices.map((n) => [`${day(n.date)} ${L.time(n.startTime, n.endTime)}`, L.absenceReason[n.reason], lines(n.note)])}
          />
        </>
      )}
      {attendance.changeReasons.length > 0 && (
        <>
          <Paragraph>{L.changeReasons}</Paragraph>
          <Table
            columns={[
              { title: L.reasonColumns.session, weight: 18 },
              { title: L.reasonColumns.when, weight: 24 },
              { title: L.reasonColumns.reason, weight: 58 },
            ]}
            rows={attendance.changeReasons.map((r) => [day(r.sessionDate), moment(r.at), lines(r.reason)])}
          />
        </>
      )}
    </>
  );
}

/** "Oppmøte ført (økt 07.04.2025: Ikke møtt → Møtt; begrunnelse gitt)" from the event's codes. */
function describeEvent(event: AccessReport['auditEvents'][number], L: Labels, day: (iso: string | null) => string): string {
  const base = L.action[`${event.action}/${event.entity}`] ?? `${event.action} (${event.entity})`;
  const details: string[] = [];
  if (event.change) {
    const status = (s: AttendanceStatus | null) => (s ? L.status[s] : L.notMarked).toLowerCase();
    details.push(L.change(day(event.change.sessionDate), status(event.change.from), status(event.change.to)));
  } else if (event.fields.length > 0 && event.action !== 'enroll') {
    details.push(L.fieldsChanged([...new Set(event.fields.map((f) => L.field[f] ?? f))].join(', ')));
  }
  if (event.reasonGiven) details.push(L.reasonGiven);
  return details.length > 0 ? `${base} (${details.join('; ')})` : base;
}

/** The access report as PDF bytes. */
export async function renderAccessReportPdf(report: AccessReport): Promise<Buffer> {
  await loadPdfFonts();
  const L = LABELS[report.language];
  return renderToBuffer(
    <Document title={`${L.title} – ${line(report.person.firstName)} ${line(report.person.lastName)}`} author="Neo Kurs" language={report.language}>
      <AccessReportDocument report={report} />
    </Document>,
  );
}
