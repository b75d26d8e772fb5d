/**
 * How every assertion value is read: NFKC (so full-width and compatibility forms compare equal to
 * their plain forms, SAML-SECURITY.md "Email/name normalization"), then trimmed. Invisible
 * characters are refused rather than stripped: stripping would let `ad\u200bmin` become `admin`.
 */

/** Identity values (userName, ExternalId, domain, email): no control, format (zero-width, bidi), separator or filler characters. */
// Combining invisibles (grapheme joiner, jungseong filler, variation selectors) stay outside the class: in one they would read as combined characters.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\u115f\u1680\u3164\uffa0]|\u034f|\u1160|\p{Variation_Selector}/u;

/** Other values may hold line breaks or joiners (names in many scripts need ZWJ/ZWNJ), but nothing a database or log cannot hold. */
const UNSTORABLE = /[\p{Cs}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

export const MAX_IDENTITY_VALUE_LENGTH = 256;

/** Trims spaces and line breaks only (NFKC has made other spaces U+0020): a BOM or other invisible edge is refused, not trimmed. */
export function normalizeAttributeValue(value: string): string {
  return value.normalize('NFKC').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

export function hasInvisibleCharacters(value: string): boolean {
  return INVISIBLE.test(value);
}

export function hasUnstorableCharacters(value: string): boolean {
  return UNSTORABLE.test(value);
}
