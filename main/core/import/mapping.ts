import type { ImportField } from '../../contract/import-schemas';
import { plainForm } from '../services/people-keys';

/**
 * Which field a column fills, guessed from its header in Norwegian or English.
 * Headers are compared without case, accents, spaces or punctuation
 * ("Fødselsdato", "fodsels-dato", "Date of birth"). Anything not listed here
 * (fødselsnummer, lønn, stilling ...) is not a statement field and is dropped.
 */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  firstName: ['fornavn', 'fornamn', 'firstname', 'givenname', 'forename', 'fornavnogmellomnavn', 'fornavnmellomnavn'],
  lastName: ['etternavn', 'efternamn', 'lastname', 'surname', 'familyname', 'familienavn'],
  birthDate: ['fodselsdato', 'fodselsdag', 'fodt', 'fdato', 'fodd', 'birthdate', 'dateofbirth', 'birthday', 'dob', 'fodselsdatoddmmaaaa'],
  email: ['epost', 'epostadresse', 'epostadr', 'mail', 'email', 'emailaddress', 'emailadresse', 'mailadresse'],
  mobile: ['mobil', 'mobilnummer', 'mobilnr', 'mobiltelefon', 'mobiltlf', 'telefon', 'telefonnummer', 'telefonnr', 'tlf', 'tlfnr', 'mobile', 'mobilephone', 'mobilenumber', 'phone', 'phonenumber', 'cellphone', 'cell'],
  gender: ['kjonn', 'gender', 'sex'],
  street: ['adresse', 'gateadresse', 'postadresse', 'bostedsadresse', 'address', 'street', 'streetaddress'],
  postalCode: ['postnummer', 'postnr', 'postalcode', 'postcode', 'zip', 'zipcode'],
  city: ['poststed', 'sted', 'by', 'city', 'town', 'postalcity'],
};

const BY_HEADER = new Map<string, ImportField>(
  (Object.entries(SYNONYMS) as [ImportField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [n, field] as const)),
);

/** A header as mappings compare and remember it. */
export const headerKey = (header: string) => plainForm(header).replace(/[^a-z0-9]/g, '');

export const guessField = (header: string): ImportField | null => BY_HEADER.get(headerKey(header)) ?? null;

/** What an employer's mapping remembers: per header key, the field (or null: chosen not to import). */
export type RememberedMapping = Record<string, ImportField | null>;

/**
 * The mapping for these headers: the one given, else per column the
 * employer's remembered choice, else the guess. A field goes to one column
 * only (the first that claims it). Address fields count only where allowed.
 */
export function resolveMapping(
  headers: readonly string[],
  options: { given?: readonly (ImportField | null)[] | undefined; remembered?: RememberedMapping | null; ignored: ReadonlySet<number>; addressAllowed: boolean },
): { fields: (ImportField | null)[]; source: 'remembered' | 'guessed' | 'given' } {
  const allowed = (field: ImportField | null) => (field !== null && !options.addressAllowed && ['street', 'postalCode', 'city'].includes(field) ? null : field);
  if (options.given) return { fields: headers.map((_, i) => (options.ignored.has(i) ? null : allowed(options.given![i] ?? null))), source: 'given' };
  const remembered = options.remembered ?? null;
  let usedMemory = false;
  const taken = new Set<ImportField>();
  const fields = headers.map((header, i) => {
    if (options.ignored.has(i)) return null;
    const key = headerKey(header);
    let field: ImportField | null;
    if (remembered && Object.prototype.hasOwnProperty.call(remembered, key)) {
      field = remembered[key] ?? null;
      usedMemory = true;
    } else field = guessField(header);
    field = allowed(field);
    if (field === null || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
  return { fields, source: usedMemory ? 'remembered' : 'guessed' };
}
