import { z } from 'zod';
import { blankAsMissing, instantSchema } from '../audit/audit-event-query';

export const USER_STATUSES = ['active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_PAGE_DEFAULT_LIMIT = 50;
export const USER_PAGE_MAX_LIMIT = 200;

const id = (what: string) => z.string().trim().max(100, `Unknown ${what} id`);

/**
 * The Users page's search and filters, as query parameters (the console's GET form and `GET /api/v1/users`);
 * an empty parameter means "no filter". `q` is a case-insensitive prefix of the user name, the email, the name
 * ("first last") or the last name. `attribute` and `value` go together: users with that exact value.
 */
export const userFiltersSchema = z
  .object({
    q: blankAsMissing(z.string().trim().max(200, 'Search with at most 200 characters')),
    directoryId: blankAsMissing(id('directory')),
    domain: blankAsMissing(z.string().trim().toLowerCase().max(253, 'A domain has at most 253 characters')),
    groupId: blankAsMissing(id('group')),
    attribute: blankAsMissing(z.string().trim().max(100, 'An attribute name has at most 100 characters')),
    value: blankAsMissing(z.string().max(1000, 'A value has at most 1000 characters')),
    status: blankAsMissing(z.enum(USER_STATUSES, { error: 'The status is active or suspended' })),
    lastSignInAfter: blankAsMissing(instantSchema),
    lastSignInBefore: blankAsMissing(instantSchema),
  })
  .refine((f) => (f.attribute === undefined) === (f.value === undefined), {
    message: 'Filter by an attribute with both its name and a value',
    path: ['value'],
  })
  .refine((f) => !f.lastSignInAfter || !f.lastSignInBefore || f.lastSignInAfter < f.lastSignInBefore, {
    message: 'The end of the sign-in range must be after its start',
    path: ['lastSignInBefore'],
  });

export type UserFilters = z.output<typeof userFiltersSchema>;
export type UserFiltersInput = z.input<typeof userFiltersSchema>;

/** Where a page starts: after this (sort key, search field rank, user id) of the previous page's last row. */
export type UserCursor = { key: string; rank: number; id: string };

/** Opaque to callers: base64url of `[key, rank, id]`. */
export function encodeUserCursor(cursor: UserCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.rank, cursor.id])).toString('base64url');
}

const cursorPayload = z.tuple([z.string().max(2000), z.number().int().min(0).max(3), z.string().min(1).max(100)]);

export function decodeUserCursor(value: string): UserCursor | null {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { key: parsed.data[0], rank: parsed.data[1], id: parsed.data[2] } : null;
  } catch {
    return null;
  }
}

const limitMessage = `Use a whole number between 1 and ${USER_PAGE_MAX_LIMIT}`;

export const userPageSchema = z.object({
  cursor: blankAsMissing(
    z
      .string()
      .max(3000, 'The cursor is not valid; start again from the first page')
      .transform((value, ctx) => {
        const cursor = decodeUserCursor(value);
        if (!cursor) {
          ctx.addIssue({ code: 'custom', message: 'The cursor is not valid; start again from the first page' });
          return z.NEVER;
        }
        return cursor;
      }),
  ),
  limit: blankAsMissing(
    z.coerce.number({ error: limitMessage }).int(limitMessage).min(1, limitMessage).max(USER_PAGE_MAX_LIMIT, limitMessage),
  ),
});

export type UserPageInput = z.input<typeof userPageSchema>;
