import { z } from 'zod';

export const DIRECTORY_PAGE_DEFAULT_LIMIT = 50;

/** `?cursor=&limit=` of the directory list (by name). */
export const directoryPageSchema = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type DirectoryPageInput = z.input<typeof directoryPageSchema>;

export const STALE_DAYS_DEFAULT = 90;

/** `?days=N` of the stale-user report: whole days, 1 to 10 years; empty means the default. */
export const staleDaysSchema = z.preprocess(
  (value) => (value === undefined || value === null || value === '' ? STALE_DAYS_DEFAULT : value),
  z.coerce
    .number({ error: 'Enter a number of days' })
    .int('Enter a whole number of days')
    .min(1, 'Enter at least 1 day')
    .max(3650, 'Enter at most 3650 days (10 years)'),
);

/**
 * The body of POST …/directories/{id}/domains, for the API's documentation: addDirectoryDomain reads `domain`
 * itself and normalises it (NFKC, lower case, punycode, no trailing dot), refusing anything that is not a DNS
 * name of two labels or more with 422.
 */
export const addDomainSchema = z.object({ domain: z.string().min(1) });
