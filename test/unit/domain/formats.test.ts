import { describe, expect, it } from 'vitest';
import { formatMobile, formatNorwegianDate, normaliseMobile, parseNorwegianDate } from '../../../main/contract/formats';

describe('Norwegian dates', () => {
  it('parses dd.mm.åååå into ISO', () => {
    expect(parseNorwegianDate('05.03.1980')).toBe('1980-03-05');
    expect(parseNorwegianDate(' 5.3.1980 ')).toBe('1980-03-05');
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseNorwegianDate('29.02.2024')).toBe('2024-02-29');
    expect(parseNorwegianDate('29.02.2023')).toBeNull();
  });

  it.each(['31.02.2000', '31.04.2021', '00.01.2000', '01.13.2000', '2000-01-01', '1.1.80', '', 'i går'])(
    'refuses %j',
    (text) => {
      expect(parseNorwegianDate(text)).toBeNull();
    },
  );

  it('formats ISO as dd.mm.åååå and round-trips', () => {
    expect(formatNorwegianDate('2024-02-29')).toBe('29.02.2024');
    expect(parseNorwegianDate(formatNorwegianDate('1999-12-31'))).toBe('1999-12-31');
  });
});

describe('mobile numbers', () => {
  it.each(['91234567', '912 34 567', '+47 912 34 567', '0047 91234567', '+4791234567', '912-34-567'])(
    'normalises Norwegian %j to E.164',
    (input) => {
      expect(normaliseMobile(input)).toBe('+4791234567');
    },
  );

  it('accepts numbers starting with 4', () => {
    expect(normaliseMobile('412 34 567')).toBe('+4741234567');
  });

  it.each(['81234567', '1234567', '+47 812 34 567', '912345678', '+47 912 34 56', 'abc', '', '+', '++4791234567', '91234567x'])(
    'refuses %j',
    (input) => {
      expect(normaliseMobile(input)).toBeNull();
    },
  );

  it('accepts a valid foreign number in international form', () => {
    expect(normaliseMobile('+46 70 123 45 67')).toBe('+46701234567');
    expect(normaliseMobile('0046 70 123 45 67')).toBe('+46701234567');
  });

  it('refuses an impossible foreign number', () => {
    expect(normaliseMobile('+46 1')).toBeNull();
    expect(normaliseMobile('+999 123456789')).toBeNull();
  });

  it('shows Norwegian numbers as "912 34 567" and foreign ones in international form', () => {
    expect(formatMobile('+4791234567')).toBe('912 34 567');
    expect(formatMobile('+46701234567')).toBe('+46 70 123 45 67');
  });
});
