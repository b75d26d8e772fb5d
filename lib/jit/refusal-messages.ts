/**
 * The messages of a refused sign-in. They are shown to the end user on the login page and stored
 * as the audit reason (rule 15), so they are plain sentences and never echo invisible characters.
 */

/** A value as it may appear in a message: invisible characters escaped, long values cut. */
export function showValue(value: string): string {
  const escaped = value.replace(
    /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > 100 ? `${escaped.slice(0, 100)}…` : escaped;
}

export const refusalMessages = {
  // Rule 7 (exact wording from PRODUCT.md)
  attributeMissing: (name: string) => `User attribute is missing: ${name}.`,
  // Rule 8 and attribute smuggling
  attributeRepeated: (name: string) => `User attribute ${name} appears more than once in the assertion.`,
  attributeSeveralValues: (name: string) => `User attribute ${name} has several values but accepts only one.`,
  attributeInvisibleCharacters: (name: string) => `User attribute ${name} contains invisible or control characters.`,
  attributeTooLong: (name: string) => `User attribute ${name} is too long.`,
  // Rule 9 (exact wording from PRODUCT.md)
  domainMissing: 'Domain is missing and cannot be inferred.',
  domainNotInDirectory: (domain: string, directory: string) => `Domain ${showValue(domain)} is not a domain of the directory ${directory}.`,
  // Email normalisation (SAML-SECURITY.md)
  emailInvalid: (email: string) => `Email ${showValue(email)} is not a valid email address.`,
  emailNotInDirectory: (email: string, directory: string) => `Email ${showValue(email)} is not in a domain of the directory ${directory}.`,
  // Rule 10: identity consistency
  externalIdDropped: (userName: string) =>
    `The assertion carries no ExternalId, but the user ${showValue(userName)} was provisioned with one.`,
  identityMismatch: 'The user found does not match the identity in the assertion.',
  userNameTaken: (userName: string, domain: string) => `User name ${showValue(userName)} is already used by another user in ${domain}.`,
  userOfAnotherDirectory: 'The user found belongs to another directory.',
  userSuspended: (userName: string) => `The user ${showValue(userName)} is suspended.`,
  // The identity provider and its JIT directory
  idpUnknown: 'The identity provider of this sign-in does not exist.',
  idpNotSaml: (idp: string) => `${idp} is not a third-party SAML identity provider.`,
  idpDisabled: (idp: string) => `The identity provider ${idp} is disabled.`,
  jitOff: (idp: string) => `JIT provisioning is off for ${idp}: no JIT directory.`,
  directoryDeleting: (directory: string, idp: string) =>
    `The directory ${directory} of ${idp} is being deleted; no one can sign in through ${idp} until JIT is set up again.`,
  // Failures that are not the user's
  concurrentSignIn: 'Another sign-in for this user was in progress. Please try again.',
  internalError: 'Sign-in failed because of an internal error. Please try again, or contact your administrator.',
} as const;
