/** Twelve participants with æøå, in a deterministic order (not alphabetical, so sorting shows). */
export const PEOPLE: readonly (readonly [firstName: string, lastName: string])[] = [
  ['Åse', 'Ødegård'],
  ['Per', 'Hansen'],
  ['Bjørn', 'Æsland'],
  ['Kari', 'Nordmann'],
  ['Ola', 'Berg'],
  ['Ingrid', 'Løvås'],
  ['Håkon', 'Dahl'],
  ['Sigrid', 'Strøm'],
  ['Even', 'Aas'],
  ['Tone', 'Lie'],
  ['Geir', 'Moe'],
  ['Liv', 'Haugen'],
];
