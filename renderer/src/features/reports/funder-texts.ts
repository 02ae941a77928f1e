/**
 * Texts of the funder's reports on the course page (issue 12), spread into
 * nb.ts / en.ts so the shared files change by one line each.
 */
export const funderReportTextsNb = {
  funderReports: {
    title: 'Rapporter',
    intro: 'Rapporter til den som finansierer kurset. Filene lages på denne maskinen og lagres der du velger.',
    csv: 'CSV',
    pdf: 'PDF',
    making: 'Lager …',
    grant: {
      title: 'Tilskudd og timer',
      description: 'Antall deltakere etter kjønn og aldersgruppe, timer gjennomført og møtt, og hvor mange som fullførte. Bare tall, ingen navn.',
    },
    start: {
      title: 'Oppstartsrapport til Kompetanse Norge',
      description: 'Deltakerne med navn, fødselsdato, kjønn, kontaktopplysninger og arbeidsgiver, med kurset og referansen.',
      availableFrom: 'Kan lages fra kursets startdato, {{date}}.',
    },
    completion: {
      title: 'Sluttrapport til Kompetanse Norge',
      description: 'Timer møtt, oppmøte og om deltakeren fullførte, for hver deltaker.',
      availableFrom: 'Kan lages fra kursets sluttdato, {{date}}.',
    },
    onlyKompetansepluss: 'Oppstarts- og sluttrapport lages bare for Kompetansepluss-kurs.',
    warningTitle: 'Filen er ikke kryptert',
    warning:
      'Filen inneholder personopplysninger i klartekst. Lagre den bare der andre ikke har tilgang, send den til Kompetanse Norge på en sikker måte, og slett den når den er levert.',
    recordNotice: 'Utleveringen registreres med dato, mottaker (Kompetanse Norge) og deg, og vises i innsynsrapporten til hver deltaker i filen.',
    save: 'Lagre {{format}}-fil',
    saved: 'Filen {{name}} er laget.',
    savedDisclosed: 'Filen {{name}} er laget, og utleveringen er registrert.',
    reference: 'Referanse: {{reference}}',
    noReference: 'Kurset har ingen referanse hos finansiøren. Legg den inn under Rediger kurs før rapporten sendes.',
  },
};

export const funderReportTextsEn: typeof funderReportTextsNb = {
  funderReports: {
    title: 'Reports',
    intro: 'Reports for whoever funds the course. Files are made on this computer and saved where you choose.',
    csv: 'CSV',
    pdf: 'PDF',
    making: 'Making …',
    grant: {
      title: 'Grant and hours',
      description: 'Participants by gender and age band, hours held and attended, and how many completed. Figures only, no names.',
    },
    start: {
      title: 'Start report to Kompetanse Norge',
      description: 'The participants with name, birth date, gender, contact details and employer, with the course and its reference.',
      availableFrom: 'Can be made from the course’s start date, {{date}}.',
    },
    completion: {
      title: 'Completion report to Kompetanse Norge',
      description: 'Hours attended, attendance and whether each participant completed.',
      availableFrom: 'Can be made from the course’s end date, {{date}}.',
    },
    onlyKompetansepluss: 'Start and completion reports are made for Kompetansepluss courses only.',
    warningTitle: 'The file is not encrypted',
    warning:
      'The file holds personal data in plain text. Save it only where others cannot read it, send it to Kompetanse Norge securely, and delete it once delivered.',
    recordNotice: 'The disclosure is recorded with the date, the recipient (Kompetanse Norge) and you, and shows in the access report of everyone in the file.',
    save: 'Save {{format}} file',
    saved: 'The file {{name}} has been made.',
    savedDisclosed: 'The file {{name}} has been made and the disclosure recorded.',
    reference: 'Reference: {{reference}}',
    noReference: 'The course has no reference from its funder. Add it under Edit course before the report is sent.',
  },
};
