import { z } from 'zod';

/**
 * User attribute definitions (PRODUCT.md rules 7-8): the one schema shared by the console form and
 * the API. A name is compared with SAML attribute names exactly, case included, so it is never
 * trimmed or case-folded: what is typed is what must appear in the assertion.
 */

export const MAX_ATTRIBUTE_NAME_LENGTH = 128;
export const MAX_DISPLAY_NAME_LENGTH = 100;

/** What IdPs put in attribute names: plain names, URIs (`http://schemas…/claims/emailaddress`) and OIDs (`urn:oid:…`). */
const NAME_CHARACTERS = /^[A-Za-z0-9_.:/-]+$/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const ALLOWED_CHARACTERS_TEXT = 'letters A-Z and a-z, digits and _ - . : /';

/** Why a name is not acceptable, or null. One message, the most specific one. */
export function attributeNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter the attribute name, exactly as the identity provider sends it.';
  if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) return `An attribute name has at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters.`;
  if (name.trim() !== name) {
    return 'An attribute name cannot start or end with a space: it must match the name in the assertion exactly.';
  }
  if (CONTROL_CHARACTER.test(name)) return 'An attribute name cannot contain control characters.';
  if (!NAME_CHARACTERS.test(name)) {
    const bad = [...name].find((char) => !NAME_CHARACTERS.test(char)) ?? '';
    const code = bad.codePointAt(0) ?? 0;
    // A look-alike letter (Cyrillic р for Latin p) is named by its code point, or the message would not help.
    const shown = /\s/.test(bad)
      ? 'a space'
      : code > 0x7e
        ? `"${bad}" (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
        : `"${bad}"`;
    return `An attribute name may contain only ${ALLOWED_CHARACTERS_TEXT}; it contains ${shown}.`;
  }
  // Also keeps `.` and `..` out: URLs cannot carry them as a path segment of the API.
  if (!/[A-Za-z0-9]/.test(name)) return 'An attribute name needs at least one letter or digit.';
  return null;
}

export const attributeNameSchema = z.string({ error: 'Enter the attribute name as text.' }).superRefine((name, ctx) => {
  const problem = attributeNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const displayNameSchema = z
  .string({ error: 'Enter a display name as text.' })
  .trim()
  .min(1, 'Give the attribute a display name, e.g. Department.')
  .max(MAX_DISPLAY_NAME_LENGTH, `A display name has at most ${MAX_DISPLAY_NAME_LENGTH} characters.`);

const flag = (label: string) => z.boolean({ error: `${label} is true or false.` });

export const createAttributeSchema = z.strictObject({
  name: attributeNameSchema,
  displayName: displayNameSchema,
  required: flag('required').default(false),
  multiValued: flag('multiValued').default(false),
});
export type CreateAttributeInput = z.input<typeof createAttributeSchema>;

/** `name` is accepted only to say clearly that attributes are not renamed (a client may send the whole resource back). */
export const updateAttributeSchema = z.strictObject({
  name: z.string().optional(),
  displayName: displayNameSchema.optional(),
  required: flag('required').optional(),
  multiValued: flag('multiValued').optional(),
});
export type UpdateAttributeInput = z.input<typeof updateAttributeSchema>;
