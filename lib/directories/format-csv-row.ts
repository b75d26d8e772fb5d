/** Characters that make a spreadsheet read a cell as a formula (CSV injection), including tab and CR as OWASP lists. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One CSV record (RFC 4180) ending in CRLF: a field with a comma, quote, line break or edge space is quoted with its
 * quotes doubled, and a value a spreadsheet would run as a formula is prefixed with an apostrophe. Null is empty.
 */
export function formatCsvRow(values: readonly (string | number | null)[]): string {
  return `${values.map(formatCsvField).join(',')}\r\n`;
}

function formatCsvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
