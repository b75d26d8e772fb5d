import { z } from 'zod';
import { httpUrlProblem } from './http-url';

const APPLICATION_NAME_MAX = 100;
const APPLICATION_DESCRIPTION_MAX = 500;
const URL_MAX = 2048;

export const applicationNameSchema = z
  .string({ error: 'Give the application a name' })
  .trim()
  .min(1, 'Give the application a name')
  .max(APPLICATION_NAME_MAX, `Use at most ${APPLICATION_NAME_MAX} characters`);

const descriptionSchema = z.string().trim().max(APPLICATION_DESCRIPTION_MAX, `Use at most ${APPLICATION_DESCRIPTION_MAX} characters`);

/** An absolute http(s) URL without credentials, stored as the browser will read it (normalised). */
function httpUrl(missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(URL_MAX, `Use at most ${URL_MAX} characters`)
    .superRefine((value, ctx) => {
      const problem = httpUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => new URL(value).href);
}

const launchUrlSchema = httpUrl('Enter the URL that opens the application');

/** No icon is null; an empty field means no icon too. */
const iconUrlSchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
  httpUrl('Enter the URL of the icon').nullable(),
);

export const createApplicationSchema = z
  .object({
    name: applicationNameSchema,
    description: descriptionSchema.default(''),
    launchUrl: launchUrlSchema,
    iconUrl: iconUrlSchema.optional().transform((value) => value ?? null),
  })
  .strict();
export type CreateApplicationInput = z.input<typeof createApplicationSchema>;

export const updateApplicationSchema = z
  .object({
    name: applicationNameSchema.optional(),
    description: descriptionSchema.optional(),
    launchUrl: launchUrlSchema.optional(),
    iconUrl: iconUrlSchema.optional(),
  })
  .strict();
export type UpdateApplicationInput = z.input<typeof updateApplicationSchema>;

/** PUT …/entitlements: the complete set of groups the application is entitled to. */
export const setEntitlementsSchema = z
  .object({
    groupIds: z
      .array(z.string({ error: 'A group id is a string' }).trim().min(1, 'A group id cannot be empty').max(100), {
        error: 'Give groupIds as a list of group ids',
      })
      .max(1000, 'At most 1000 groups per application')
      .transform((ids) => [...new Set(ids)]),
  })
  .strict();
export type SetEntitlementsInput = z.input<typeof setEntitlementsSchema>;
