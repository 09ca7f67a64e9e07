// CSV as spreadsheets read it (RFC 4180, UTF-8 with a BOM so Excel shows Cyrillic), with cells
// that would start a formula neutralised (CSV injection).
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: CsvCell[]): string => `${cells.map(csvCell).join(',')}\r\n`;
export const CSV_BOM = '\uFEFF';
