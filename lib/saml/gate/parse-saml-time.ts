// SAML 2.0 Core §1.3.3: time values are xs:dateTime in UTC, "with no time zone component" beyond the `Z`.
// Anything else (offsets, missing `Z`, out-of-range fields, `Date.parse` leniency such as "2026-02-30" rolling over
// to March or a bare date) is refused rather than guessed at.
const UTC_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** The instant an SAML xs:dateTime stands for, or null when it is not a strict UTC xs:dateTime. */
export function parseSamlTime(value: string): Date | null {
  const match = UTC_DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const date = new Date(time);
  // Date.UTC rolls day 31 of a 30-day month into the next month: refuse instead.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}
