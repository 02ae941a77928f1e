import { stringify } from 'csv-stringify/sync';

/**
 * CSV files for Excel as Norwegian offices set it up: semicolon-separated
 * (Excel's list separator where the decimal mark is a comma), Windows line
 * ends, UTF-8 with a BOM so æøå survive. Numbers are written with a decimal
 * comma and no thousands grouping, so Excel reads each as a number it can sum
 * (Intl's nb-NO format groups with a no-break space, which Excel reads as text).
 */
export function excelCsv(records: readonly (readonly string[])[]): string {
  // escape_formulas: a name such as "=HYPERLINK(…)" must stay text in Excel, not run as a formula.
  return `\uFEFF${stringify(records as string[][], { delimiter: ';', record_delimiter: 'windows', escape_formulas: true })}`;
}

/** 1234.5 → "1234,5"; at most two decimals. */
export const csvNumber = (value: number): string => String(Math.round(value * 100) / 100).replace('.', ',');
