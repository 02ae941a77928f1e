import type { ChannelInput } from '../../main/contract/channels';

/**
 * Deterministic, realistic Norwegian participants (æøå included) for the
 * benchmarks: the same seed always gives the same people, and no two share
 * name and birth date (which the core would refuse as a duplicate).
 */

type Registration = Omit<ChannelInput<'participants:register'>, 'courseId'>;

const FIRST_NAMES = [
  'Ola', 'Kari', 'Åse', 'Bjørn', 'Øystein', 'Håkon', 'Sølvi', 'Jørgen', 'Kåre', 'Mette', 'Ingrid', 'Lars',
  'Sigrid', 'Nils', 'Astrid', 'Per', 'Solveig', 'Tor', 'Ragnhild', 'Knut', 'Marit', 'Eirik', 'Liv', 'Arne',
  'Hege', 'Geir', 'Tone', 'Trond', 'Randi', 'Odd', 'Bente', 'Svein', 'Grethe', 'Jon', 'Åsmund', 'Gro',
  'Magnus', 'Nora', 'Emma', 'Jakob', 'Olav', 'Sofie', 'Mohammed', 'Aisha', 'Piotr', 'Agnieszka', 'Linh', 'Amir',
  'Frøydis', 'Dagfinn', 'Ståle', 'Torbjørn', 'Bjørg', 'Halvard', 'Gøril', 'Ove', 'Ellen', 'Rune', 'Vigdis', 'Terje',
];

const LAST_NAMES = [
  'Nordmann', 'Ødegård', 'Løvås', 'Bjørnstad', 'Sæther', 'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen',
  'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Johnsen', 'Pettersen', 'Eriksen', 'Berg', 'Haugen',
  'Hagen', 'Johannessen', 'Andreassen', 'Jacobsen', 'Dahl', 'Jørgensen', 'Halvorsen', 'Henriksen', 'Lund', 'Sørensen',
  'Moen', 'Gundersen', 'Iversen', 'Strand', 'Solberg', 'Svendsen', 'Eide', 'Knutsen', 'Martinsen', 'Paulsen',
  'Bakken', 'Mathisen', 'Lie', 'Amundsen', 'Nguyen', 'Rasmussen', 'Ali', 'Lunde', 'Solheim', 'Nygård',
  'Bakke', 'Holm', 'Lien', 'Hauge', 'Myhre', 'Aas', 'Haugland', 'Sandvik', 'Rønning', 'Næss',
  'Vik', 'Strøm', 'Myklebust', 'Tangen', 'Hovland', 'Kvæfjord', 'Grønli', 'Fjær', 'Bråten', 'Årdal',
  'Sætre', 'Hølaas', 'Kowalski', 'Nowak', 'Ahmed', 'Tveit', 'Øverland', 'Kvåle', 'Stenersen', 'Fløtten',
];

const CITIES = [
  ['Oslo', '0150'], ['Bergen', '5003'], ['Trondheim', '7010'], ['Tromsø', '9008'], ['Bodø', '8006'], ['Ålesund', '6002'],
] as const;

const INTERESTS = ['Truckførerkurs', 'Norsk for arbeidslivet', 'Digitale ferdigheter', 'Regning i hverdagen', 'Sveising'];

/** mulberry32: a tiny seeded PRNG, so the data set is identical on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (text: string) =>
  text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a');

export function generatePeople(count: number, options: { seed?: number; withAddress?: boolean } = {}): Registration[] {
  const random = prng(options.seed ?? 2025);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const seen = new Set<string>();
  const people: Registration[] = [];
  while (people.length < count) {
    const firstName = pick(FIRST_NAMES);
    const lastName = pick(LAST_NAMES);
    // Born 1960-2004: plausible adult learners.
    const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(random() * 45 * 365) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const identity = `${firstName}|${lastName}|${birthDate}`.toLowerCase();
    if (seen.has(identity)) continue;
    seen.add(identity);

    const n = people.length;
    const digits = String(Math.floor(random() * 10_000_000)).padStart(7, '0');
    const prefix = random() < 0.8 ? '9' : '4';
    const local = `${prefix}${digits}`;
    const mobileStyles = [local, `${local.slice(0, 3)} ${local.slice(3, 5)} ${local.slice(5)}`, `+47 ${local}`];
    const contact = random();
    const email = contact < 0.85 ? `${ascii(firstName)}.${ascii(lastName)}${n}@eksempel.no` : undefined;
    const mobile = contact > 0.15 ? pick(mobileStyles) : undefined;
    const [city, postalCode] = pick(CITIES);
    people.push({
      participant: {
        firstName,
        lastName,
        birthDate,
        ...(email ? { email } : {}),
        ...(mobile ? { mobile } : {}),
        gender: pick(['female', 'male', 'other', 'unspecified'] as const),
        ...(options.withAddress ? { address: { street: `${pick(LAST_NAMES)}vegen ${1 + (n % 120)}`, postalCode, city } } : {}),
        ...(random() < 0.3 ? { interests: pick(INTERESTS) } : {}),
        consent: random() < 0.4 ? { keepAfterCourse: true, method: pick(['paper', 'email', 'form'] as const) } : { keepAfterCourse: false },
      },
      enrollment: { source: pick(['self', 'teacher'] as const) },
    });
  }
  return people;
}
