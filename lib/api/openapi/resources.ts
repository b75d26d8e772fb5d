import { z } from 'zod';
import { API_TOKEN_SCOPES } from '../api-tokens';
import { ERROR_STATUS } from '../errors';
import { ADMIN_ROLES } from '../../auth/roles';
import { AUDIT_OUTCOMES } from '../../audit/audit-event-query';
import { JOB_STATUSES } from '../../jobs/job-types';
import { MATCH_MODES, RULE_OPERATORS } from '../../rules/rule-schemas';
import { USER_STATUSES } from '../../users/user-schemas';
import { described, responseComponent } from './schema-registry';

/*
 * The resources the admin API answers, as JSON on the wire (a Date is its ISO string), read off what the lib
 * functions return: getIdentityProvider, toDirectoryViews, listUsers, getUser, getGroup, getGroupMembers,
 * previewGroupRules, getApplication, listAuditEvents, getDashboard … Every field they return is listed and
 * required (null where the value may be absent), and objects admit no other field: a test that validates real
 * responses against these catches a field added, removed or retyped. resources.test.ts also checks at compile time
 * that each schema's type is one the lib function's return type can be.
 */

const dateTime = (description: string) => described(z.iso.datetime(), `${description} (ISO 8601, UTC).`);
const nullableDateTime = (description: string) => described(z.iso.datetime().nullable(), `${description} (ISO 8601, UTC), or null.`);
const text = (description: string) => described(z.string(), description);
const count = (description: string) => described(z.number().int().min(0), description);
const ref = () => z.object({ id: z.string(), name: z.string() });

/** Lists that are not paginated answer everything at once: `nextCursor` is always null. */
function wholeList<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: described(z.null(), 'Always null: the whole list is in `data`.'),
  });
}

/** A page of a cursor-paginated list. */
function page<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: described(
      z.string().nullable(),
      'Pass it as `cursor` to get the next page; null on the last page. Opaque: do not build or change it.',
    ),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

const ERROR_CODES = Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]];

export const apiErrorSchema = responseComponent(
  'Error',
  z.object({
    error: z.object({
      code: described(z.enum(ERROR_CODES), 'A short code; each HTTP status has one (e.g. 404 is always not_found).'),
      message: text('What went wrong, meant for people.'),
      fields: described(
        z.record(z.string(), z.string()).optional(),
        'On 422 from input validation: the first problem of each invalid field, by its path (`rules.0.value`); `_` for the whole input.',
      ),
    }),
  }),
  'The one error body of every admin API error.',
);

// ---------------------------------------------------------------------------------------------------------------
// Background jobs and directories

export const jobProgressSchema = responseComponent(
  'JobProgress',
  z.object({
    id: text('The job id.'),
    type: text('The job type, e.g. directory.delete.'),
    status: z.enum(JOB_STATUSES),
    done: count('Items done so far.'),
    total: count('Items in all.'),
    error: described(z.string().nullable(), 'Why the job failed (status failed), else null.'),
    createdAt: dateTime('When the job was queued'),
    finishedAt: nullableDateTime('When the job ended'),
  }),
  'Where a background job stands.',
);

export const directoryDeletionProgressSchema = responseComponent(
  'DirectoryDeletionProgress',
  jobProgressSchema.extend({
    directoryId: z.string(),
    deleteIdpId: described(z.string().nullable(), 'The identity provider deleted with the directory at the end, if any.'),
  }),
  'The progress of a directory deletion job.',
);

export const directoryStateSchema = responseComponent(
  'DirectoryState',
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('active'), label: text('"Active".') }),
    z.object({
      kind: z.literal('deleting'),
      label: text('E.g. "Deleting… 1,000 of 5,000".'),
      since: dateTime('When the deletion started'),
      deletion: described(
        directoryDeletionProgressSchema.nullable(),
        'The deletion job (null for the moment between marking the directory and queueing the job).',
      ),
    }),
  ]),
  'Active, or being deleted (with the deletion job).',
);

export const directorySchema = responseComponent(
  'Directory',
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(['jit', 'local']),
    idp: described(ref().nullable(), 'The IdP that provisions it (JIT) or signs its users in (local).'),
    domains: described(z.array(z.string()), 'Its domains, lower-case, by name.'),
    userCount: count('Users in the directory.'),
    lastSignInAt: nullableDateTime('The most recent sign-in of any of its users'),
    createdAt: dateTime('When the directory was created'),
    state: directoryStateSchema,
  }),
  'A directory of users: a JIT directory of a third-party IdP, or the local directory.',
);

export const directoryListSchema = responseComponent('DirectoryPage', page(directorySchema), 'Directories by name, a page at a time.');

export const directoryDeletionSchema = responseComponent(
  'DirectoryDeletion',
  z.object({
    status: described(z.enum(['deleted', 'deleting']), 'deleted: gone at once (no users); deleting: its users are deleted by `jobId`.'),
    usersDeleted: count('The users the deletion removes.'),
    jobId: described(z.string().nullable(), 'The directory.delete job, while deleting.'),
  }),
  'What a deletion did.',
);

export const directoryDomainSchema = responseComponent(
  'DirectoryDomain',
  z.object({ domain: text('The domain as stored (lower-case, normalised).') }),
  'A domain added to a directory.',
);

// ---------------------------------------------------------------------------------------------------------------
// Identity providers and the service provider

const ssoEndpointSchema = z.object({ binding: z.enum(['HTTP-Redirect', 'HTTP-POST']), url: z.string() });

const certificateFields = {
  use: described(z.enum(['signing', 'encryption']), 'What the IdP uses the certificate for.'),
  fingerprintSha256: text('SHA-256 of the DER, upper-case hex pairs joined by colons.'),
  subject: text('The subject DN on one line.'),
  notBefore: dateTime('Valid from'),
  notAfter: dateTime('Valid until'),
};

export const identityProviderSchema = responseComponent(
  'IdentityProvider',
  z.object({
    id: z.string(),
    name: z.string(),
    type: described(z.enum(['saml', 'builtin']), 'saml: a third-party SAML IdP; builtin: password sign-in of local users.'),
    enabled: z.boolean(),
    entityId: described(z.string().nullable(), 'The SAML entity ID (null for the built-in IdP).'),
    nameIdFormat: z.string().nullable(),
    metadataUrl: described(z.string().nullable(), 'Where the metadata is fetched from, when it was given as a URL.'),
    metadataFetchedAt: nullableDateTime('When the metadata was last fetched from its URL'),
    jitEnabled: z.boolean(),
    allowIdpInitiated: z.boolean(),
    createdAt: dateTime('Created'),
    updatedAt: dateTime('Last changed'),
    ssoEndpoints: z.array(ssoEndpointSchema),
    certificates: z.array(z.object({ id: z.string(), ...certificateFields, pem: text('The certificate, PEM-encoded (public).') })),
    nearestCertificateExpiry: nullableDateTime('The earliest expiry among its signing certificates'),
    certificateWarnings: described(z.array(z.string()), 'Expired certificates, and ones expiring within 30 days.'),
    directory: described(
      z
        .object({
          id: z.string(),
          name: z.string(),
          domains: z.array(z.string()),
          userCount: count('Users in the directory.'),
          deletingAt: nullableDateTime('When its deletion started'),
          deletion: described(directoryDeletionProgressSchema.nullable(), 'While it is being deleted: the job.'),
          state: directoryStateSchema,
        })
        .nullable(),
      'Its JIT directory, once JIT is enabled.',
    ),
    status: z.object({ tone: z.enum(['success', 'warning', 'error', 'neutral']), label: text('E.g. "Active", "Certificate expired".') }),
  }),
  'An identity provider with its SSO endpoints, certificates, JIT directory and status.',
);

export const identityProviderListSchema = responseComponent(
  'IdentityProviderList',
  wholeList(identityProviderSchema),
  'Every identity provider: the built-in one first, then by name.',
);

export const identityProviderWithWarningsSchema = responseComponent(
  'IdentityProviderWithWarnings',
  identityProviderSchema.extend({
    warnings: described(z.array(z.string()), 'What the admin should know about the metadata just read (e.g. an expiring certificate).'),
  }),
  'An identity provider after a change of its metadata, with the warnings of that metadata.',
);

export const metadataPreviewSchema = responseComponent(
  'MetadataPreview',
  z.object({
    entityId: z.string(),
    ssoEndpoints: z.array(ssoEndpointSchema),
    certificates: z.array(z.object(certificateFields)),
    nameIdFormats: z.array(z.string()),
    warnings: z.array(z.string()),
    metadataUrl: described(z.string().nullable(), 'The URL it was read from, or null for pasted XML.'),
  }),
  'What the metadata says, as it would be stored. Nothing is saved.',
);

export const serviceProviderSchema = responseComponent(
  'ServiceProvider',
  z.object({
    entityId: text("Gatehouse's SP entity ID (its metadata URL)."),
    acsUrl: text('The Assertion Consumer Service URL (HTTP-POST).'),
    metadataUrl: text('Where the SP metadata is published (public).'),
    certificatePem: text('The SP signing and encryption certificate, PEM-encoded.'),
    certificateFingerprintSha256: z.string(),
    certificateNotAfter: dateTime('When the certificate expires'),
  }),
  'What an IdP administrator needs to register Gatehouse.',
);

// ---------------------------------------------------------------------------------------------------------------
// Audit events

export const auditEventSchema = responseComponent(
  'AuditEvent',
  z.object({
    id: z.string(),
    createdAt: dateTime('When it happened'),
    actorType: z.enum(['admin', 'user', 'api', 'system', 'anonymous']),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: text('E.g. idp.create, user.signin, signin.refused.'),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetLabel: z.string().nullable(),
    outcome: z.enum(AUDIT_OUTCOMES),
    idpId: z.string().nullable(),
    reason: described(z.string().nullable(), 'Why it failed, for people.'),
    details: described(z.unknown(), 'Before/after values and other details (JSON, shape by action), or null.'),
  }),
  'One audit event.',
);

export const auditEventListSchema = responseComponent('AuditEventPage', page(auditEventSchema), 'Audit events, newest first.');

// ---------------------------------------------------------------------------------------------------------------
// Users

const userDirectorySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: described(z.string(), 'jit or local.'),
});

export const userListItemSchema = responseComponent(
  'UserListItem',
  z.object({
    id: z.string(),
    userName: z.string(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    name: described(z.string().nullable(), '"First Last", or null when the user has neither.'),
    status: z.enum(USER_STATUSES),
    lastSignInAt: nullableDateTime('The last sign-in'),
    createdAt: dateTime('Created'),
    directory: userDirectorySchema,
    domain: z.string().nullable(),
  }),
  'A user as the user list shows it.',
);

export const userListSchema = responseComponent('UserPage', page(userListItemSchema), 'Users, a page at a time.');

export const userDetailSchema = responseComponent(
  'User',
  z.object({
    id: z.string(),
    userName: z.string(),
    externalId: z.string().nullable(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    lastSignInAt: nullableDateTime('The last sign-in'),
    createdAt: dateTime('Created'),
    updatedAt: dateTime('Last changed'),
    name: z.string().nullable(),
    domain: z.string().nullable(),
    directory: userDirectorySchema,
    source: described(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('jit'), idp: ref().nullable(), label: text('E.g. "Managed by Okta".') }),
        z.object({ kind: z.literal('local'), label: text('"Local user".') }),
      ]),
      'Who manages the user: its IdP (JIT users are read-only here) or the console (local users).',
    ),
    attributes: z.array(
      z.object({
        name: z.string(),
        displayName: z.string(),
        defined: described(z.boolean(), 'False for values of an attribute no longer defined (dropped at the next sign-in).'),
        values: z.array(z.string()),
      }),
    ),
    groups: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        memberSince: dateTime('Member since'),
        rule: described(z.object({ id: z.string(), text: z.string() }).nullable(), 'The rule that placed the user.'),
      }),
    ),
    applications: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        iconUrl: z.string().nullable(),
        via: described(z.array(ref()), 'The groups that entitle the user.'),
      }),
    ),
    signIns: described(z.array(auditEventSchema), 'The latest sign-ins (at most 20), newest first.'),
    auditTrail: described(z.array(auditEventSchema), 'The latest other events about the user (at most 50), newest first.'),
  }),
  'Everything about one user.',
);

export const localUserSchema = responseComponent(
  'LocalUser',
  z.object({
    id: z.string(),
    directoryId: z.string(),
    userName: z.string(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    createdAt: dateTime('Created'),
    updatedAt: dateTime('Last changed'),
  }),
  'A local user (of the local directory), as created or changed.',
);

export const passwordLinkSchema = responseComponent(
  'PasswordLink',
  z.object({
    url: text('The one-time link to set a password. Shown once: only its hash is stored.'),
    expiresAt: dateTime('When the link stops working (24 hours)'),
  }),
  'A one-time password link for a local user.',
);

// ---------------------------------------------------------------------------------------------------------------
// User attributes

export const userAttributeSchema = responseComponent(
  'UserAttribute',
  z.object({
    name: text('The exact SAML attribute name, case included.'),
    displayName: z.string(),
    required: z.boolean(),
    multiValued: z.boolean(),
    builtIn: z.boolean(),
    position: described(z.number().int(), 'Its place in the order sign-ins read attributes.'),
    usedByGroups: described(z.array(z.string()), 'Names of the groups whose rules use it (it cannot be deleted while any do).'),
    createdAt: dateTime('Created'),
    updatedAt: dateTime('Last changed'),
  }),
  'A user attribute definition.',
);

export const userAttributeListSchema = responseComponent(
  'UserAttributeList',
  wholeList(userAttributeSchema),
  'Every user attribute, in display order.',
);

// ---------------------------------------------------------------------------------------------------------------
// Groups

export const groupRuleSchema = responseComponent(
  'GroupRule',
  z.object({
    id: z.string(),
    attribute: z.string(),
    operator: z.enum(RULE_OPERATORS),
    value: described(z.union([z.string(), z.array(z.string())]), 'A string; a list for oneOf; "" for present and absent.'),
    caseSensitive: z.boolean(),
    text: text('The rule as people read it, e.g. `department equals "Sales"`.'),
  }),
  'A stored group rule.',
);

export const recomputeProgressSchema = responseComponent(
  'RecomputeProgress',
  z.object({
    jobId: z.string(),
    status: z.enum(JOB_STATUSES),
    done: count('Users done.'),
    total: count('Users in all.'),
    rulesVersion: described(z.number().int(), 'The rules version the job applies.'),
    error: described(z.string().nullable(), 'Why it failed (status failed).'),
  }),
  "The membership recompute of the group's rules: queued, running, or failed.",
);

export const groupSchema = responseComponent(
  'Group',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    matchMode: described(z.enum(MATCH_MODES), 'all: every rule must hold; any: one is enough.'),
    rulesVersion: described(z.number().int(), 'Bumped at every change of the rules or match mode.'),
    rules: z.array(groupRuleSchema),
    rulesSummary: text('The rules as one line.'),
    memberCount: count('Members now.'),
    recompute: described(recomputeProgressSchema.nullable(), 'The running (or failed) recompute of its memberships, else null.'),
    createdAt: dateTime('Created'),
    updatedAt: dateTime('Last changed'),
  }),
  'A group: its rules, member count and recompute.',
);

export const groupListSchema = responseComponent('GroupPage', page(groupSchema), 'Groups by name, a page at a time.');

export const groupMemberSchema = responseComponent(
  'GroupMember',
  z.object({
    userId: z.string(),
    userName: z.string(),
    email: z.string().nullable(),
    directory: ref(),
    memberSince: dateTime('Member since'),
    rule: described(
      z.object({ id: z.string(), position: z.number().int(), text: z.string() }).nullable(),
      'The rule that placed the member; null while a recompute has yet to reach a member whose rule was removed.',
    ),
  }),
  'A member of a group, with why.',
);

export const groupMemberListSchema = responseComponent('GroupMemberPage', page(groupMemberSchema), 'Members in user-id order.');

export const groupPreviewSchema = responseComponent(
  'GroupPreview',
  z.object({
    matching: count('Users matching among the scanned ones.'),
    scanned: count('Users scanned (the first ones in id order).'),
    total: count('Users in all.'),
    complete: described(z.boolean(), 'Every user was scanned; otherwise `matching` is a lower bound.'),
    sample: described(
      z.array(
        z.object({
          id: z.string(),
          userName: z.string(),
          email: z.string().nullable(),
          directory: text('The directory name.'),
          ruleIndex: described(z.number().int().min(0), 'The index of the rule that matched.'),
        }),
      ),
      'Up to 10 matching users.',
    ),
  }),
  'Who would match the rules. Nothing is saved.',
);

// ---------------------------------------------------------------------------------------------------------------
// Applications

const applicationFields = {
  id: z.string(),
  name: z.string(),
  description: z.string(),
  launchUrl: text('An absolute http(s) URL.'),
  iconUrl: z.string().nullable(),
  createdAt: dateTime('Created'),
  updatedAt: dateTime('Last changed'),
};

export const applicationSchema = responseComponent(
  'Application',
  z.object({ ...applicationFields, groups: described(z.array(ref()), 'The entitled groups, by name.') }),
  'An application of the users’ portal, with its entitled groups.',
);

export const applicationListSchema = responseComponent(
  'ApplicationList',
  wholeList(z.object({ ...applicationFields, entitledGroupCount: count('Entitled groups.') })),
  'Every application, by name.',
);

export const entitlementsSchema = responseComponent(
  'Entitlements',
  z.object({ groupIds: z.array(z.string()), groups: z.array(ref()) }),
  'The groups entitled to an application, by name.',
);

// ---------------------------------------------------------------------------------------------------------------
// Administrators, API tokens, dashboard

export const adminSchema = responseComponent(
  'Admin',
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ADMIN_ROLES),
    lastLoginAt: nullableDateTime('The last console sign-in'),
    createdAt: dateTime('Created'),
  }),
  'An administrator of the console.',
);

export const adminListSchema = responseComponent('AdminList', wholeList(adminSchema), 'Every administrator, by email.');

export const apiTokenSchema = responseComponent(
  'ApiToken',
  z.object({
    id: z.string(),
    name: z.string(),
    prefix: text('The first characters of the token, to recognise it.'),
    scope: described(z.enum(API_TOKEN_SCOPES), 'read: operations that need the read permission; full: every operation.'),
    createdAt: dateTime('Created'),
    lastUsedAt: nullableDateTime('Last used'),
    revokedAt: nullableDateTime('Revoked'),
    createdBy: described(
      z.object({ id: z.string(), email: z.string() }).nullable(),
      'The administrator who created it (null once deleted).',
    ),
  }),
  'An API token (never the token itself).',
);

export const apiTokenListSchema = responseComponent('ApiTokenList', wholeList(apiTokenSchema), 'Every API token.');

export const createdApiTokenSchema = responseComponent(
  'CreatedApiToken',
  apiTokenSchema.extend({ token: text('The token. Shown this once: only its hash is stored.') }),
  'A new API token, with the token itself.',
);

export const dashboardSchema = responseComponent(
  'Dashboard',
  z.object({
    counts: z.object({
      identityProviders: count('Third-party identity providers.'),
      directories: count('Directories.'),
      users: count('Users.'),
      groups: count('Groups.'),
      applications: count('Applications.'),
      admins: count('Administrators.'),
      events24h: count('Audit events in the last 24 hours.'),
      failures24h: count('Failed events in the last 24 hours.'),
    }),
    recent: described(
      z.array(
        z.object({
          id: z.string(),
          createdAt: dateTime('When it happened'),
          action: z.string(),
          outcome: z.enum(AUDIT_OUTCOMES),
          actorLabel: z.string().nullable(),
          targetLabel: z.string().nullable(),
          reason: z.string().nullable(),
        }),
      ),
      'The 8 latest audit events.',
    ),
  }),
  "The console dashboard's figures.",
);

export const openApiDocumentSchema = responseComponent(
  'OpenApiDocument',
  z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.looseObject({}) }),
  'This document.',
);

// ---------------------------------------------------------------------------------------------------------------
// Non-JSON bodies

export const csvSchema = described(z.string(), 'CSV (RFC 4180) with a header row.');
export const samlMetadataSchema = described(z.string(), 'SAML 2.0 metadata XML.');

/** The JSON of a lib result: what `NextResponse.json` sends (dates as ISO strings, undefined fields left out). */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends (...args: never[]) => unknown
      ? never
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;
