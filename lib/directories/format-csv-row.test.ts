import { describe, expect, it } from 'vitest';
import { formatCsvRow } from './format-csv-row';

describe('formatCsvRow', () => {
  it('leaves plain values alone and ends the record with CRLF', () => {
    expect(formatCsvRow(['ada', 'ada@acme.test', 42, null])).toBe('ada,ada@acme.test,42,\r\n');
  });

  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', '" padded "'],
  ])('quotes %j as %j', (value, expected) => {
    expect(formatCsvRow([value])).toBe(`${expected}\r\n`);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
  ])('neutralises the formula %j', (value, expected) => {
    expect(formatCsvRow([value])).toBe(`${expected}\r\n`);
  });

  it('does not touch numbers (they are ours, not user input)', () => {
    expect(formatCsvRow([-3])).toBe('-3\r\n');
  });
});
