import type { ErrorCode } from './envelope';

/**
 * Error and validation texts, shared by the main process (which translates
 * every envelope) and the renderer (which validates forms with the same
 * schemas before sending them).
 */
export type Language = 'nb' | 'en';
export const LANGUAGES: readonly Language[] = ['nb', 'en'];

/** Keys used as zod issue messages in the contract's schemas. */
export const validationMessages = {
  nb: {
    required: 'Må fylles ut.',
    tooLong: 'Teksten er for lang.',
    invalidValue: 'Ugyldig verdi.',
    lineBreak: 'Feltet kan bare ha én linje. Fjern linjeskiftet.',
    controlCharacter: 'Teksten har usynlige styretegn, for eksempel fra kopiering. Slett dem, eller skriv teksten inn på nytt.',
    bidiControl:
      'Teksten har usynlige tegn som snur skriveretningen (U+202A–U+202E eller U+2066–U+2069). Slett dem, eller skriv teksten inn på nytt.',
    invalidEmail: 'Ugyldig e-postadresse, for eksempel navn@eksempel.no.',
    invalidMobile:
      'Ugyldig mobilnummer. Norske mobilnumre har 8 siffer og begynner på 4 eller 9; utenlandske skrives med landskode, for eksempel +46 70 123 45 67.',
    invalidDate: 'Ugyldig dato. Skriv datoen som dd.mm.åååå.',
    birthDateImplausible: 'Fødselsdatoen virker ikke riktig: deltakeren må være mellom 15 og 100 år.',
    contactRequired: 'Oppgi e-postadresse eller mobilnummer (minst ett av dem).',
    addressRequired: 'Adresse må fylles ut for fagbrevkurs.',
    addressNotAllowed: 'Adresse lagres bare for deltakere på fagbrevkurs.',
    postalCode: 'Postnummeret må ha 4 siffer.',
    employerRequired: 'Oppgi navnet på virksomheten som meldte på deltakeren.',
    employerOnlyKompetansepluss: 'Påmelding fra virksomhet gjelder bare Kompetansepluss-kurs.',
    passphraseTooShort: 'Passordfrasen må ha minst 12 tegn.',
    passphraseMismatch: 'Passordfrasene er ikke like.',
    endBeforeStart: 'Sluttdato kan ikke være før startdato.',
    hoursRange: 'Timetallet må være mellom 0,5 og 2000.',
    approvalOnlyKompetansepluss: 'Godkjent økonomisk rapport gjelder bare Kompetansepluss-kurs.',
    approvalDateRequired: 'Oppgi datoen rapporten ble godkjent.',
    withdrawalReasonRequired: 'Velg hvorfor deltakeren sluttet.',
    withdrawalOutsideCourse: 'Datoen må ligge i kursperioden.',
    graceRange: 'Velg mellom 0 og 365 dager.',
    selectCourses: 'Velg minst ett kurs.',
    confirmRequired: 'Bekreft at du vil slette.',
    mergeSamePerson: 'Velg to forskjellige personer.',
    approvalBeforeEnd: 'Rapporten kan ikke være godkjent før kurset er slutt.',
    idleRange: 'Velg mellom 1 og 120 minutter.',
    consentMethodRequired: 'Oppgi hvordan samtykket ble gitt.',
    invalidTime: 'Ugyldig klokkeslett. Skriv det som tt:mm, for eksempel 09:00.',
    endTimeBeforeStart: 'Sluttid må være etter starttid.',
    weekdaysRequired: 'Velg minst én ukedag.',
    hoursNegative: 'Timer kan ikke være under 0.',
    hoursAboveSession: 'Timer kan ikke være flere enn øktens timer.',
    hoursWhenAbsent: 'Den som ikke har møtt, har 0 timer.',
    reasonRequired: 'Listen er signert. Oppgi en begrunnelse for endringen.',
    cancelReasonRequired: 'Listen for økten er signert. Oppgi en begrunnelse for å avlyse den.',
    lateHoursRequired: 'Oppgi hvor mange timer deltakeren var til stede.',
    attendanceRateRange: 'Oppmøtekravet må være mellom 0 og 100 %.',
    sessionOutsideCourse: 'Datoen ligger utenfor kursperioden.',
    organisationNumberInvalid: 'Ugyldig organisasjonsnummer. Det har 9 siffer, og kontrollsifferet må stemme.',
    logoType: 'Logoen må være en PNG- eller JPEG-fil.',
    logoTooLarge: 'Logoen er for stor. Den kan være høyst 300 kB.',
    verificationCodeInvalid: 'Ugyldig verifiseringskode. Den har 10 tegn, for eksempel 7K2M-9QX4-TD.',
    folderRequired: 'Velg en mappe.',
    selectParticipants: 'Velg minst én deltaker.',
    tooMany: 'For mange på én gang.',
    duplicateInBatch: 'Deltakeren er valgt to ganger.',
    overrideReasonRequired: 'Deltakeren oppfyller ikke kravene til kursbevis. Oppgi en begrunnelse for å utstede det likevel.',
    nameOutsideFont: 'Navnet «{name}» har tegn som ikke kan skrives ut på kursbeviset ({chars}). Rett navnet først.',
    textOutsideFont: 'Teksten har tegn som ikke kan skrives ut på kursbeviset ({chars}).',
  },
  en: {
    required: 'Required.',
    tooLong: 'The text is too long.',
    invalidValue: 'Invalid value.',
    lineBreak: 'This field takes a single line. Remove the line break.',
    controlCharacter: 'The text contains invisible control characters, for example from copying. Delete them, or type the text again.',
    bidiControl:
      'The text contains invisible characters that change the writing direction (U+202A–U+202E or U+2066–U+2069). Delete them, or type the text again.',
    invalidEmail: 'Invalid e-mail address, for example name@example.com.',
    invalidMobile:
      'Invalid mobile number. Norwegian mobile numbers have 8 digits starting with 4 or 9; write foreign numbers with the country code, for example +46 70 123 45 67.',
    invalidDate: 'Invalid date. Write the date as dd.mm.yyyy.',
    birthDateImplausible: 'The birth date does not look right: the participant must be between 15 and 100 years old.',
    contactRequired: 'Give an e-mail address or a mobile number (at least one).',
    addressRequired: 'An address is required for trade-certificate courses.',
    addressNotAllowed: 'Addresses are only stored for trade-certificate course participants.',
    postalCode: 'The postal code must have 4 digits.',
    employerRequired: 'Give the name of the employer who registered the participant.',
    employerOnlyKompetansepluss: 'Registration by an employer only applies to Kompetansepluss courses.',
    passphraseTooShort: 'The passphrase must be at least 12 characters.',
    passphraseMismatch: 'The passphrases do not match.',
    endBeforeStart: 'The end date cannot be before the start date.',
    hoursRange: 'Hours must be between 0.5 and 2000.',
    approvalOnlyKompetansepluss: 'An approved financial report only applies to Kompetansepluss courses.',
    approvalDateRequired: 'Give the date the report was approved.',
    withdrawalReasonRequired: 'Choose why the participant left.',
    withdrawalOutsideCourse: 'The date must be within the course period.',
    graceRange: 'Choose between 0 and 365 days.',
    selectCourses: 'Choose at least one course.',
    confirmRequired: 'Confirm that you want to delete.',
    mergeSamePerson: 'Choose two different people.',
    approvalBeforeEnd: 'The report cannot be approved before the course has ended.',
    idleRange: 'Choose between 1 and 120 minutes.',
    consentMethodRequired: 'Say how the consent was given.',
    invalidTime: 'Invalid time. Write it as hh:mm, for example 09:00.',
    endTimeBeforeStart: 'The end time must be after the start time.',
    weekdaysRequired: 'Choose at least one weekday.',
    hoursNegative: 'Hours cannot be below 0.',
    hoursAboveSession: 'Hours cannot exceed the session’s hours.',
    hoursWhenAbsent: 'Someone who did not attend has 0 hours.',
    reasonRequired: 'The list is signed off. Give a reason for the change.',
    cancelReasonRequired: 'The session’s list is signed off. Give a reason for cancelling it.',
    lateHoursRequired: 'Give how many hours the participant was present.',
    attendanceRateRange: 'The attendance requirement must be between 0 and 100 %.',
    sessionOutsideCourse: 'The date is outside the course period.',
    organisationNumberInvalid: 'Invalid organisation number. It has 9 digits and the check digit must match.',
    logoType: 'The logo must be a PNG or JPEG file.',
    logoTooLarge: 'The logo is too large. It can be at most 300 kB.',
    verificationCodeInvalid: 'Invalid verification code. It has 10 characters, for example 7K2M-9QX4-TD.',
    folderRequired: 'Choose a folder.',
    selectParticipants: 'Select at least one participant.',
    tooMany: 'Too many at once.',
    duplicateInBatch: 'The participant is selected twice.',
    overrideReasonRequired: 'The participant does not meet the certificate requirements. Give a reason to issue it anyway.',
    nameOutsideFont: 'The name “{name}” has characters that cannot be printed on the certificate ({chars}). Correct the name first.',
    textOutsideFont: 'The text has characters that cannot be printed on the certificate ({chars}).',
  },
} as const;

export type ValidationKey = keyof (typeof validationMessages)['nb'];

export const errorMessages: Record<Language, Record<ErrorCode, string>> = {
  nb: {
    VALIDATION: 'Noen felt er ikke riktig utfylt.',
    UNKNOWN_CHANNEL: 'Ukjent handling.',
    NOT_FOUND: 'Fant ikke det du ba om. Det kan være slettet.',
    DUPLICATE_PARTICIPANT: 'En deltaker med samme navn og fødselsdato er allerede registrert.',
    NOT_ENROLLED: 'Deltakeren er ikke påmeldt dette kurset.',
    SESSION_CANCELLED: 'Økten er avlyst. Oppmøte kan ikke føres for en avlyst økt.',
    CONFIRM_FUTURE: 'Økten har ikke vært ennå. Bekreft at du vil føre oppmøte for den.',
    VAULT_MISSING: 'Fant ikke nøkkelfilen. Databasen kan ikke åpnes uten den; hent den fra sikkerhetskopien.',
    VAULT_EXISTS: 'Appen er allerede satt opp på denne maskinen.',
    VAULT_CORRUPT: 'Nøkkelfilen er skadet og kan ikke leses. Hent den fra sikkerhetskopien.',
    VAULT_LOCKED: 'Appen er låst. Lås opp med passordfrasen.',
    WRONG_PASSPHRASE: 'Feil passordfrase. Prøv igjen.',
    DB_TOO_NEW: 'Databasen er laget av en nyere versjon av Neo Kurs. Oppdater appen for å åpne den.',
    VAULT_TOO_NEW: 'Nøkkelfilen er laget av en nyere versjon av Neo Kurs. Oppdater appen for å åpne den.',
    DB_CORRUPT: 'Databasen er skadet eller passer ikke til nøkkelfilen.',
    DISK_FULL: 'Disken er full. Ingenting ble lagret; frigjør plass og prøv igjen.',
    FORBIDDEN: 'Handlingen er ikke tillatt.',
    INTERNAL: 'Noe gikk galt. Ingenting ble endret.',
    PROVIDER_MISSING: 'Kursbevis trenger opplysninger om kursleverandøren (navn, adresse og organisasjonsnummer). Fyll dem ut under Innstillinger.',
    FOLDER_NOT_WRITABLE: 'Kan ikke skrive til den valgte mappen. Velg en annen mappe, eller sjekk at du har skrivetilgang.',
    BATCH_NOT_READY: 'Kursbevisene er ikke ferdige, eller jobben laget filer i en mappe i stedet for én PDF.',
    BATCH_RUNNING: 'Det lages allerede kursbevis for dette kurset. Vent til det er ferdig, eller avbryt det.',
    FOLDER_NOT_CHOSEN: 'Mappen er ikke valgt i denne økten (appen har vært låst siden). Velg mappen på nytt.',
    CERTIFICATE_REPLACED: 'Dette kursbeviset er erstattet av et nyere og skal ikke skrives ut. Vis det nye kursbeviset i stedet.',
    CERTIFICATE_TAMPERED: 'Innholdet i registeret stemmer ikke med det som ble utstedt, så kursbeviset kan ikke vises eller skrives ut. Kontakt systemansvarlig.',
    COURSE_HAS_RECORDS: 'Kurset har registrert oppmøte eller utstedte kursbevis. Det kan bare slettes gjennom sletting av personopplysninger (Sletting), som beholder tall og kursbevisregister uten navn.',
    REGISTRATION_HAS_RECORDS: 'Deltakeren har oppmøte eller kursbevis på kurset, så påmeldingen kan ikke fjernes som en feil. Meld deltakeren av i stedet.',
    PERSON_PENDING: 'Personen er med på et Kompetansepluss-kurs som ikke er ferdig rapportert. Oppgi en begrunnelse for å slette likevel.',
    COURSE_ERASED: 'Personopplysningene på dette kurset er slettet.',
  },
  en: {
    VALIDATION: 'Some fields are not filled in correctly.',
    UNKNOWN_CHANNEL: 'Unknown action.',
    NOT_FOUND: 'Could not find what you asked for. It may have been deleted.',
    DUPLICATE_PARTICIPANT: 'A participant with the same name and birth date is already registered.',
    NOT_ENROLLED: 'The participant is not enrolled in this course.',
    SESSION_CANCELLED: 'The session is cancelled. Attendance cannot be recorded for it.',
    CONFIRM_FUTURE: 'The session has not taken place yet. Confirm that you want to record attendance for it.',
    VAULT_MISSING: 'The key file is missing. The database cannot be opened without it; restore it from the backup.',
    VAULT_EXISTS: 'The app is already set up on this machine.',
    VAULT_CORRUPT: 'The key file is damaged and cannot be read. Restore it from the backup.',
    VAULT_LOCKED: 'The app is locked. Unlock it with the passphrase.',
    WRONG_PASSPHRASE: 'Wrong passphrase. Try again.',
    DB_TOO_NEW: 'The database was made by a newer version of Neo Kurs. Update the app to open it.',
    VAULT_TOO_NEW: 'The key file was made by a newer version of Neo Kurs. Update the app to open it.',
    DB_CORRUPT: 'The database is damaged or does not match the key file.',
    DISK_FULL: 'The disk is full. Nothing was saved; free some space and try again.',
    FORBIDDEN: 'That action is not allowed.',
    INTERNAL: 'Something went wrong. Nothing was changed.',
    PROVIDER_MISSING: 'Certificates need the course provider’s details (name, address and organisation number). Fill them in under Settings.',
    FOLDER_NOT_WRITABLE: 'Cannot write to the chosen folder. Choose another folder, or check that you have write access.',
    BATCH_NOT_READY: 'The certificates are not finished, or the job wrote files to a folder instead of one PDF.',
    BATCH_RUNNING: 'Certificates are already being made for this course. Wait until it is finished, or cancel it.',
    FOLDER_NOT_CHOSEN: 'The folder has not been chosen in this session (the app has been locked since). Choose the folder again.',
    CERTIFICATE_REPLACED: 'This certificate has been replaced by a newer one and must not be printed. Show the new certificate instead.',
    CERTIFICATE_TAMPERED: 'The register’s content does not match what was issued, so the certificate cannot be shown or printed. Contact the system administrator.',
    COURSE_HAS_RECORDS: 'The course has recorded attendance or issued certificates. It can only be deleted through the erasure of personal data (Deletion), which keeps the figures and a certificate register without names.',
    REGISTRATION_HAS_RECORDS: 'The participant has attendance or a certificate on the course, so the registration cannot be removed as a mistake. Withdraw the participant instead.',
    PERSON_PENDING: 'The person is on a Kompetansepluss course whose report is not finished. Give a reason to erase them anyway.',
    COURSE_ERASED: 'The personal data of this course has been erased.',
  },
};

/**
 * The first message key per input field of a refused input, keyed by dotted
 * path ('_' for the input as a whole): what a VALIDATION envelope names.
 */
export function fieldKeysOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
  return fields;
}

export function translateValidation(language: Language, key: string): string {
  const table: Record<string, string> = validationMessages[language];
  return table[key] ?? table.invalidValue ?? key;
}
