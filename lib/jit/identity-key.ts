import type { AssertedIdentity, IdentityKey } from './types';

/**
 * Rule 10: a user is found by ExternalId within the directory when the assertion carries one (so
 * a renamed userName still reaches the same user), else by userName within its domain. Never by
 * email, and never outside the IdP's own directory.
 */
export function identityKey(identity: Pick<AssertedIdentity, 'directoryId' | 'domainId' | 'userName' | 'externalId'>): IdentityKey {
  if (identity.externalId !== null) {
    return { by: 'externalId', directoryId: identity.directoryId, externalId: identity.externalId };
  }
  return { by: 'userName', domainId: identity.domainId, userName: identity.userName };
}
