/**
 * Names in the scripts and languages participants bring, written as people
 * type them (NFC), with letters Noto Sans builds from composite glyphs (Å is
 * A plus a ring) and letters its shaping splits (ị is i plus a dot), next to
 * the plain letters inside them (A, C, z, i).
 */
export const NAMES_IN_MANY_SCRIPTS: readonly (readonly [firstName: string, lastName: string])[] = [
  // Norwegian
  ['Åse', 'Ødegård'],
  ['Bjørn', 'Æsland'],
  ['Håkon', 'Løvås'],
  // Sámi (North, Inari, Skolt)
  ['Áilu', 'Ŋuolla'],
  ['Máret', 'Čeavčča'],
  ['Niillas', 'Đuođâ'],
  ['Ánte', 'Šiŧŧa'],
  ['Ǩiurâ', 'Ǥuõʒʒ'],
  // Polish
  ['Zdzisław', 'Żółć'],
  ['Grzegorz', 'Brzęczyszczykiewicz'],
  ['Łucja', 'Ślązak'],
  ['Agnieszka', 'Wiśniewska'],
  // Czech and Slovak
  ['Jiří', 'Čapek'],
  ['Zdeněk', 'Dvořák'],
  ['Růžena', 'Šťastná'],
  ['Ľubomír', 'Ďuriš'],
  // Vietnamese
  ['Nguyễn Thị', 'Ánh'],
  ['Trần Ngọc', 'Ẩn'],
  ['Phạm Đức', 'Huỳnh'],
  ['Lê Thị Hồng', 'Nhụy'],
  ['Võ Quốc', 'Việt'],
  ['Đặng Thụy', 'Vũ'],
  // Greek
  ['Ελένη', 'Παπαδοπούλου'],
  ['Γιώργος', 'Ζαχαρίου'],
  ['Ξανθή', 'Ψαρρά'],
  ['Αϊσέ', 'Χατζηδάκη'],
  // Cyrillic (Russian, Serbian, Ukrainian, Kazakh)
  ['Алёна', 'Йовович'],
  ['Юрий', 'Щукин'],
  ['Ђорђе', 'Џаковић'],
  ['Їжак', 'Ґудзь'],
  ['Әлия', 'Нұрланқызы'],
  // Turkish, Azerbaijani
  ['Şükrü', 'Güneş'],
  ['İlkay', 'Çağlar'],
  ['Əli', 'Xəlilov'],
  // Icelandic, Romanian, Baltic, Hungarian, Croatian, Maltese, Welsh, Esperanto
  ['Þóra', 'Guðmundsdóttir'],
  ['Ștefan', 'Țiriac'],
  ['Žydrūnas', 'Ąžuolas'],
  ['Ņina', 'Ļaviņa'],
  ['Őrs', 'Ürögdi'],
  ['Đurđica', 'Ćosić'],
  ['Ġużeppi', 'Ħabib'],
  ['Siân', 'Ŵyn'],
  ['Ĉiro', 'Ĝenevo'],
  // Western European
  ['Jürgen', 'Groß'],
  ['François', 'Lefèvre'],
  ['Íñigo', 'Muñoz'],
  // Yoruba: ọ̀ has no precomposed form (ọ and a combining grave)
  ['Ọlá', 'Adébáyọ̀'],
  // Plain letters that other letters above are built from
  ['Cecilie', 'Zachariassen'],
  ['Axel', 'Quist'],
];
