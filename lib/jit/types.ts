/**
 * The shapes of JIT provisioning (PRODUCT.md rules 7-11): what the SAML layer hands over once a
 * response has passed every check, the configuration the pure core needs, and what it decides.
 */

/** A SAML assertion that passed every security check (rule 6). Identity comes only from here. */
export type ValidatedAssertion = {
  idpId: string;
  nameId: string;
  nameIdFormat?: string;
  assertionId: string;
  sessionIndex?: string;
  /** Names exactly as in the assertion, values in document order; an attribute may carry no value. */
  attributes: { name: string; values: string[] }[];
};

export type AttributeDefinition = { name: string; required: boolean; multiValued: boolean };

export type JitConfig = {
  idp: { id: string; name: string };
  directory: { id: string; name: string; domains: { id: string; name: string }[] };
  /** In display order; the decision lists attributes in this order. */
  attributeDefinitions: AttributeDefinition[];
};

/** One attribute as stored: every value, in order. */
export type UserAttribute = { name: string; values: string[] };

/** The user the caller found by `identityKey`, with its stored attribute values. */
export type ExistingUser = {
  id: string;
  directoryId: string;
  domainId: string | null;
  userName: string;
  externalId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** "active" or "suspended" */
  status: string;
  attributes: UserAttribute[];
  /** Current group memberships (rule 12 recomputes them at every sign-in). */
  memberships: { groupId: string; ruleId: string | null }[];
};

export type AttributeChange = { before: string[]; after: string[] };

export type ProvisionedUser = {
  userName: string;
  externalId: string | null;
  domainId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /**
   * The final attribute map (normalised values, definition order). It is what is stored as
   * UserAttributeValue rows and what the group evaluator (rule 12, a later issue) will consume.
   */
  attributes: UserAttribute[];
};

export type ProvisioningDecision =
  | { kind: 'refuse'; reason: string }
  | {
      kind: 'create' | 'update';
      user: ProvisionedUser;
      /** attribute name → before/after (multi-valued compared as ordered lists); on create, before is []. */
      changes: Record<string, AttributeChange>;
      /** Attribute names of the assertion that were not used (undefined, or without a value). */
      ignored: string[];
    };

/** The identity derived from an assertion (rule 10), before any user is looked up. */
export type AssertedIdentity = {
  directoryId: string;
  domainId: string;
  domainName: string;
  userName: string;
  externalId: string | null;
};

/** How to look the user up (rule 10): by ExternalId within the directory, else by userName within the domain. */
export type IdentityKey =
  { by: 'externalId'; directoryId: string; externalId: string } | { by: 'userName'; domainId: string; userName: string };
