import { z } from 'zod';

export const idpNameSchema = z.string().trim().min(1, 'Give the identity provider a name').max(100, 'Use at most 100 characters');

const metadataXml = z
  .string()
  .trim()
  .min(1, 'Paste the IdP metadata XML')
  .max(1024 * 1024, 'The metadata is larger than 1 MiB');
const metadataUrl = z.url({ protocol: /^https?$/, error: 'Enter the http(s) URL of the IdP metadata' }).max(2048);

/** Metadata comes as XML (pasted or uploaded) or as a URL that the server fetches. */
export const metadataSourceSchema = z
  .object({ metadataXml: metadataXml.optional(), metadataUrl: metadataUrl.optional() })
  .refine((v) => Boolean(v.metadataXml) !== Boolean(v.metadataUrl), {
    message: 'Give the metadata either as XML or as a URL',
    path: ['metadataXml'],
  });
export type MetadataSource = z.infer<typeof metadataSourceSchema>;

export const createIdpSchema = z
  .object({
    name: idpNameSchema,
    metadataXml: metadataXml.optional(),
    metadataUrl: metadataUrl.optional(),
    allowIdpInitiated: z.boolean().default(false),
  })
  .refine((v) => Boolean(v.metadataXml) !== Boolean(v.metadataUrl), {
    message: 'Give the metadata either as XML or as a URL',
    path: ['metadataXml'],
  });
export type CreateIdpInput = z.input<typeof createIdpSchema>;

export const updateIdpSchema = z
  .object({
    name: idpNameSchema.optional(),
    enabled: z.boolean().optional(),
    allowIdpInitiated: z.boolean().optional(),
    metadataXml: metadataXml.optional(),
    metadataUrl: metadataUrl.optional(),
  })
  .strict()
  .refine((v) => !(v.metadataXml && v.metadataUrl), {
    message: 'Give the metadata either as XML or as a URL',
    path: ['metadataXml'],
  });
export type UpdateIdpInput = z.input<typeof updateIdpSchema>;

export const domainListSchema = z.array(z.string()).max(100, 'At most 100 domains per directory');

export const directoryNameSchema = z.string().trim().min(1, 'Give the directory a name').max(100, 'Use at most 100 characters');

/** PUT …/jit: rule 3 — enabling JIT needs a directory (given here, or already there). */
export const setJitSchema = z.object({
  enabled: z.boolean(),
  directory: z.object({ name: directoryNameSchema, domains: domainListSchema }).optional(),
});
export type SetJitInput = z.input<typeof setJitSchema>;

export const deleteConfirmationSchema = z.object({
  confirmUsers: z.coerce.number({ error: 'Confirm with the number of users that will be deleted' }).int().min(0),
});
