import { z } from 'zod';
import type { Permission } from '../../auth/roles';
import { createAdminSchema, updateAdminSchema } from '../../admins/admin-schemas';
import { createApplicationSchema, setEntitlementsSchema, updateApplicationSchema } from '../../apps/app-schemas';
import { createAttributeSchema, updateAttributeSchema } from '../../attributes/attribute-schemas';
import { auditEventFiltersSchema, auditEventPageSchema } from '../../audit/audit-event-query';
import { addDomainSchema, directoryPageSchema, staleDaysSchema } from '../../directories/directory-schemas';
import { createGroupSchema, groupPageSchema, updateGroupSchema } from '../../groups/group-schemas';
import { createIdpSchema, deleteConfirmationSchema, metadataSourceSchema, setJitSchema, updateIdpSchema } from '../../idp/idp-schemas';
import { groupRulesSchema, ruleSchema } from '../../rules/rule-schemas';
import { createLocalUserSchema, updateLocalUserSchema } from '../../users/local-user-schemas';
import { userFiltersSchema, userPageSchema } from '../../users/user-schemas';
import { createApiTokenSchema } from '../api-tokens';
import {
  adminListSchema,
  adminSchema,
  apiErrorSchema,
  apiTokenListSchema,
  applicationListSchema,
  applicationSchema,
  auditEventListSchema,
  createdApiTokenSchema,
  csvSchema,
  dashboardSchema,
  directoryDeletionSchema,
  directoryDomainSchema,
  directoryListSchema,
  directorySchema,
  entitlementsSchema,
  groupListSchema,
  groupMemberListSchema,
  groupPreviewSchema,
  groupSchema,
  identityProviderListSchema,
  identityProviderSchema,
  identityProviderWithWarningsSchema,
  localUserSchema,
  metadataPreviewSchema,
  openApiDocumentSchema,
  passwordLinkSchema,
  samlMetadataSchema,
  serviceProviderSchema,
  userAttributeListSchema,
  userAttributeSchema,
  userDetailSchema,
  userListSchema,
} from './resources';
import { requestComponent } from './schema-registry';

/*
 * Every operation of the admin API (app/api/v1/**\/route.ts), described once: the OpenAPI document
 * (document.ts), the API reference page and the tests are built from this list. Request bodies, query parameters
 * and path parameters are the very zod schemas the handlers validate with; responses are the schemas of
 * resources.ts. operations.test.ts checks that this list and the route files name the same methods and paths.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const API_TAGS = [
  { name: 'Identity providers', description: 'Third-party SAML identity providers, their metadata and JIT provisioning.' },
  { name: 'Service provider', description: 'What to register at an identity provider: entity ID, ACS URL, certificate, metadata.' },
  { name: 'Directories', description: 'JIT directories and the local directory: domains, deletion, stale users.' },
  { name: 'Users', description: 'Search users; create and change local users (JIT users are read-only).' },
  { name: 'User attributes', description: 'The SAML attributes JIT provisioning keeps on users.' },
  { name: 'Groups', description: 'Rule-based groups: rules, preview, members, membership recompute.' },
  { name: 'Applications', description: 'Applications of the users’ portal and the groups entitled to them.' },
  { name: 'Audit events', description: 'Every sign-in and change, newest first.' },
  { name: 'Administrators', description: 'Console administrators and their roles.' },
  { name: 'API tokens', description: 'Bearer tokens for automation.' },
  { name: 'Dashboard', description: 'The console dashboard’s figures.' },
  { name: 'Meta', description: 'This API description.' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

export type ApiResponseSpec = {
  description: string;
  /** The body's schema; none for 204. */
  schema?: z.ZodType;
  /** application/json unless said otherwise. */
  contentType?: string;
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500;

export type ApiOperation = {
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/groups/{id}`. */
  path: string;
  operationId: string;
  tag: ApiTag;
  summary: string;
  description: string;
  /**
   * read: any admin and tokens of either scope may call it; write: super admins and full-scope tokens only;
   * public: no credentials needed (the API description itself).
   */
  permission: Permission | 'public';
  /** Path parameters, one property per `{name}` of the path. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body, the schema the handler (or the lib function it calls) validates it with. */
  body?: z.ZodType;
  /** Descriptions of path and query parameters, by name. */
  parameterDescriptions?: Readonly<Record<string, string>>;
  /** Every status the operation answers, errors included (each with apiErrorSchema). */
  responses: Readonly<Record<number, ApiResponseSpec>>;
};

/** Errors any operation can give, whatever it does (a public one: 429 and 500 only). */
const ALWAYS: Record<401 | 403 | 429 | 500, string> = {
  401: 'No valid credentials: no API token or session, or the token is unknown or revoked.',
  403: 'The caller may not do this (a read-only admin or token calling an operation that needs write, a cross-origin change with a session cookie, …).',
  429: 'Too many requests: wait and try again.',
  500: 'An unexpected error; it was logged. The message says nothing more.',
};

type OperationInput = Omit<ApiOperation, 'responses'> & {
  responses: Record<number, ApiResponseSpec>;
  /** The operation's own errors, with what they mean here; 401, 403, 429 and 500 are added to every operation. */
  errors?: Partial<Record<400 | 403 | 404 | 409 | 422, string>>;
};

function op({ errors = {}, responses, ...operation }: OperationInput): ApiOperation {
  const all: Record<number, ApiResponseSpec> = { ...responses };
  // An operation's own 403 (a JIT user) comes on top of the permission check every operation makes.
  const merged: Partial<Record<ErrorStatus, string>> =
    operation.permission === 'public'
      ? { 429: ALWAYS[429], 500: ALWAYS[500], ...errors }
      : { ...ALWAYS, ...errors, 403: [ALWAYS[403], errors[403]].filter(Boolean).join(' Also: ') };
  for (const [status, description] of Object.entries(merged)) all[Number(status)] = { description, schema: apiErrorSchema };
  return { ...operation, responses: all };
}

const json = (description: string, schema: z.ZodType): ApiResponseSpec => ({ description, schema });
const noContent = (description: string): ApiResponseSpec => ({ description });
const NOT_JSON = 'The body is not JSON.';
const INVALID = 'The input is invalid: `error.fields` names each invalid field.';

/** A path parameter object; descriptions go in parameterDescriptions. */
const pathParams = <K extends string>(...names: K[]) => z.object(Object.fromEntries(names.map((name) => [name, z.string().min(1)])));

const PAGE_DESCRIPTIONS = {
  cursor: 'The `nextCursor` of the previous page; leave out for the first page.',
  limit: 'Items per page, 1 to 200 (default 50).',
};

// Request bodies under their component names (the schemas themselves are lib's, untouched).
const bodies = {
  createIdp: requestComponent(
    'CreateIdentityProviderRequest',
    createIdpSchema,
    'A name and the metadata: either `metadataXml` or `metadataUrl` (exactly one).',
  ),
  updateIdp: requestComponent(
    'UpdateIdentityProviderRequest',
    updateIdpSchema,
    'Any of these; new metadata as `metadataXml` or `metadataUrl` (not both). The built-in IdP takes only `name` and `enabled`.',
  ),
  metadataSource: requestComponent('MetadataSourceRequest', metadataSourceSchema, 'Either `metadataXml` or `metadataUrl` (exactly one).'),
  setJit: requestComponent(
    'SetJitRequest',
    setJitSchema,
    '`{ enabled: true, directory: { name, domains } }` creates the JIT directory. JIT is turned off only by deleting the directory.',
  ),
  addDomain: requestComponent('AddDomainRequest', addDomainSchema, 'A DNS name, e.g. acme.com (normalised: lower case, punycode).'),
  createLocalUser: requestComponent(
    'CreateLocalUserRequest',
    createLocalUserSchema,
    'The email is required and unique among local users; the user name defaults to it.',
  ),
  updateLocalUser: requestComponent(
    'UpdateLocalUserRequest',
    updateLocalUserSchema,
    'Any of these. Suspending ends the user’s sessions. An empty first or last name clears it.',
  ),
  createAttribute: requestComponent(
    'CreateUserAttributeRequest',
    createAttributeSchema,
    '`name` exactly as the IdP sends it (letters, digits and `_ - . : /`, up to 128 characters).',
  ),
  updateAttribute: requestComponent(
    'UpdateUserAttributeRequest',
    updateAttributeSchema,
    'Any of these. `name` may be sent back unchanged; attributes are not renamed.',
  ),
  rule: requestComponent(
    'GroupRuleInput',
    ruleSchema,
    'One rule: `value` is a string, a list of strings for `oneOf`, and `""` for `present` and `absent`. Values are read as NFKC and trimmed (a `matches` pattern is kept as typed).',
  ),
  groupRules: requestComponent('GroupRulesRequest', groupRulesSchema, 'A match mode and 1 to 50 rules.'),
  createGroup: requestComponent('CreateGroupRequest', createGroupSchema, 'A name, and 1 to 50 rules on defined user attributes.'),
  updateGroup: requestComponent(
    'UpdateGroupRequest',
    updateGroupSchema,
    'Any of these; `rules`, when given, replace the whole list (and queue a recompute).',
  ),
  createApplication: requestComponent(
    'CreateApplicationRequest',
    createApplicationSchema,
    'Both URLs are absolute http(s) URLs without user name or password; an empty `iconUrl` means none.',
  ),
  updateApplication: requestComponent('UpdateApplicationRequest', updateApplicationSchema, 'Any of these; the others stay as they are.'),
  setEntitlements: requestComponent(
    'SetEntitlementsRequest',
    setEntitlementsSchema,
    'The complete set of entitled groups (duplicates ignored); an unknown id refuses the whole set.',
  ),
  createAdmin: requestComponent('CreateAdminRequest', createAdminSchema, 'A new administrator; the role defaults to read_only.'),
  updateAdmin: requestComponent('UpdateAdminRequest', updateAdminSchema, 'The new role.'),
  createApiToken: requestComponent('CreateApiTokenRequest', createApiTokenSchema, 'A name to recognise the token by, and its scope.'),
};

const confirmUsersQuery = deleteConfirmationSchema;
const CONFIRM_USERS = 'The number of users the deletion removes, as the caller saw it: anything else is refused with 409.';

export const API_OPERATIONS: readonly ApiOperation[] = [
  // ------------------------------------------------------------------------------------------------ Identity providers
  op({
    method: 'GET',
    path: '/api/v1/identity-providers',
    operationId: 'listIdentityProviders',
    tag: 'Identity providers',
    summary: 'List identity providers',
    description: 'Every identity provider, the built-in one first, then by name, in one list (`nextCursor` is always null).',
    permission: 'read',
    responses: { 200: json('The identity providers.', identityProviderListSchema) },
  }),
  op({
    method: 'POST',
    path: '/api/v1/identity-providers',
    operationId: 'createIdentityProvider',
    tag: 'Identity providers',
    summary: 'Add an identity provider',
    description:
      'Adds a third-party SAML IdP from its metadata, pasted (`metadataXml`) or fetched from a URL (`metadataUrl`), and registers it with the SAML engine. JIT provisioning is set up afterwards (`PUT …/{id}/jit`).',
    permission: 'write',
    body: bodies.createIdp,
    responses: { 201: json('The identity provider, with the warnings of its metadata.', identityProviderWithWarningsSchema) },
    errors: {
      400: NOT_JSON,
      409: 'Another identity provider has this name or entity ID.',
      422: `${INVALID} Also: the metadata is not valid SAML IdP metadata, or its URL could not be read.`,
    },
  }),
  op({
    method: 'POST',
    path: '/api/v1/identity-providers/metadata-preview',
    operationId: 'previewIdentityProviderMetadata',
    tag: 'Identity providers',
    summary: 'Read metadata without saving it',
    description: 'Parses IdP metadata (XML or URL) and answers what would be stored: entity ID, SSO endpoints, certificates, warnings.',
    permission: 'write',
    body: bodies.metadataSource,
    responses: { 200: json('What the metadata says.', metadataPreviewSchema) },
    errors: { 400: NOT_JSON, 422: `${INVALID} Also: the metadata is not valid, or its URL could not be read.` },
  }),
  op({
    method: 'GET',
    path: '/api/v1/identity-providers/{id}',
    operationId: 'getIdentityProvider',
    tag: 'Identity providers',
    summary: 'Read an identity provider',
    description: 'The identity provider with its SSO endpoints, certificates, JIT directory (and its deletion, while one runs) and status.',
    permission: 'read',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The identity provider id.' },
    responses: { 200: json('The identity provider.', identityProviderSchema) },
    errors: { 404: 'No such identity provider.' },
  }),
  op({
    method: 'PATCH',
    path: '/api/v1/identity-providers/{id}',
    operationId: 'updateIdentityProvider',
    tag: 'Identity providers',
    summary: 'Change an identity provider',
    description: 'Renames, enables or disables, toggles IdP-initiated sign-in, or replaces the metadata (XML or URL).',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The identity provider id.' },
    body: bodies.updateIdp,
    responses: { 200: json('The identity provider, with the warnings of new metadata (else none).', identityProviderWithWarningsSchema) },
    errors: {
      400: NOT_JSON,
      404: 'No such identity provider.',
      409: 'The name or entity ID belongs to another identity provider, or this one is being deleted.',
      422: `${INVALID} Also: invalid metadata, or metadata for the built-in IdP.`,
    },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/identity-providers/{id}',
    operationId: 'deleteIdentityProvider',
    tag: 'Identity providers',
    summary: 'Delete an identity provider',
    description:
      'Deletes a third-party IdP with its JIT directory and that directory’s users. Without users it is gone at once (`status: deleted`); with users they are deleted by a background job and the IdP goes when it ends (`status: deleting`), disabled meanwhile. Idempotent: an unknown id answers `deleted` with 0 users.',
    permission: 'write',
    params: pathParams('id'),
    query: confirmUsersQuery,
    parameterDescriptions: { id: 'The identity provider id.', confirmUsers: CONFIRM_USERS },
    responses: { 200: json('What the deletion did.', directoryDeletionSchema) },
    errors: {
      409: '`confirmUsers` is not the number of users the deletion removes, the IdP is the built-in one, or its directory is already being deleted on its own.',
      422: '`confirmUsers` is missing or not a whole number.',
    },
  }),
  op({
    method: 'POST',
    path: '/api/v1/identity-providers/{id}/refresh',
    operationId: 'refreshIdentityProviderMetadata',
    tag: 'Identity providers',
    summary: 'Re-read the metadata URL',
    description: 'Fetches the metadata from the identity provider’s metadata URL again and stores what it says now.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The identity provider id.' },
    responses: { 200: json('The identity provider, with the warnings of the metadata.', identityProviderWithWarningsSchema) },
    errors: {
      404: 'No such identity provider.',
      409: 'The new metadata’s entity ID belongs to another identity provider.',
      422: 'The identity provider has no metadata URL, or what it answers is not valid metadata.',
    },
  }),
  op({
    method: 'PUT',
    path: '/api/v1/identity-providers/{id}/jit',
    operationId: 'setIdentityProviderJit',
    tag: 'Identity providers',
    summary: 'Enable JIT provisioning',
    description:
      'Enables Just-in-Time provisioning: creates the IdP’s one JIT directory with a name and at least one domain. Idempotent: asking again for the directory JIT already has (or for none) changes nothing. JIT is turned off only by deleting the directory.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The identity provider id.' },
    body: bodies.setJit,
    responses: { 200: json('The identity provider, with its directory.', identityProviderSchema) },
    errors: {
      400: NOT_JSON,
      404: 'No such identity provider.',
      409: 'A directory of this name exists, a domain belongs to another directory, JIT is already on with another directory (change its domains instead), `enabled: false` (delete the directory instead), or the directory is being deleted.',
      422: `${INVALID} Also: no directory or domain given, an invalid domain, or the built-in IdP.`,
    },
  }),

  // ------------------------------------------------------------------------------------------------ Service provider
  op({
    method: 'GET',
    path: '/api/v1/service-provider',
    operationId: 'getServiceProvider',
    tag: 'Service provider',
    summary: 'Read the SAML service provider settings',
    description: 'What to register Gatehouse with at an identity provider: entity ID, ACS URL, metadata URL and certificate.',
    permission: 'read',
    responses: { 200: json('The service provider settings.', serviceProviderSchema) },
  }),
  op({
    method: 'GET',
    path: '/api/v1/service-provider/metadata',
    operationId: 'getServiceProviderMetadata',
    tag: 'Service provider',
    summary: 'Download the SP metadata',
    description: 'Gatehouse’s SAML 2.0 SP metadata XML, the same document as the public `/api/saml/metadata`.',
    permission: 'read',
    responses: { 200: { description: 'The metadata XML.', schema: samlMetadataSchema, contentType: 'application/samlmetadata+xml' } },
  }),

  // ------------------------------------------------------------------------------------------------ Directories
  op({
    method: 'GET',
    path: '/api/v1/directories',
    operationId: 'listDirectories',
    tag: 'Directories',
    summary: 'List directories',
    description: 'Every directory (JIT and local) by name, a page at a time, with its IdP, domains, users, last sign-in and state.',
    permission: 'read',
    query: directoryPageSchema,
    parameterDescriptions: PAGE_DESCRIPTIONS,
    responses: { 200: json('A page of directories.', directoryListSchema) },
    errors: { 422: 'An invalid `cursor` or `limit`.' },
  }),
  op({
    method: 'GET',
    path: '/api/v1/directories/{id}',
    operationId: 'getDirectory',
    tag: 'Directories',
    summary: 'Read a directory',
    description: 'The directory; while it is being deleted, `state.deletion` has the job’s status, `done`, `total` and `error`.',
    permission: 'read',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The directory id.' },
    responses: { 200: json('The directory.', directorySchema) },
    errors: { 404: 'No such directory.' },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/directories/{id}',
    operationId: 'deleteDirectory',
    tag: 'Directories',
    summary: 'Delete a directory and its users',
    description:
      'Turns JIT off for its IdP and ends its users’ sessions at once, then deletes the users in the background (`status: deleting`, `jobId`); an empty directory is gone at once (`status: deleted`). Called again while it runs: the same job; after a failure: queued again. An unknown id answers 204.',
    permission: 'write',
    params: pathParams('id'),
    query: confirmUsersQuery,
    parameterDescriptions: { id: 'The directory id.', confirmUsers: CONFIRM_USERS },
    responses: {
      200: json('What the deletion did.', directoryDeletionSchema),
      204: noContent('There is no such directory (already deleted).'),
    },
    errors: {
      409: '`confirmUsers` is not the number of users in the directory.',
      422: '`confirmUsers` is missing or not a whole number.',
    },
  }),
  op({
    method: 'GET',
    path: '/api/v1/directories/{id}/stale-users.csv',
    operationId: 'exportStaleUsers',
    tag: 'Directories',
    summary: 'Export stale users as CSV',
    description:
      'The directory’s users who have not signed in for `days` days (a user who never signed in counts from their creation), as a CSV download with a header: userName, email, firstName, lastName, domain, status, lastSignInAt, createdAt, inactiveDays.',
    permission: 'read',
    params: pathParams('id'),
    query: z.object({ days: staleDaysSchema }),
    parameterDescriptions: { id: 'The directory id.', days: 'Whole days without a sign-in, 1 to 3650 (default 90).' },
    responses: { 200: { description: 'The stale users.', schema: csvSchema, contentType: 'text/csv' } },
    errors: { 404: 'No such directory.', 422: '`days` is not a whole number from 1 to 3650.' },
  }),
  op({
    method: 'POST',
    path: '/api/v1/directories/{id}/domains',
    operationId: 'addDirectoryDomain',
    tag: 'Directories',
    summary: 'Add a domain to a directory',
    description: 'Adds a domain (unique across all directories). Adding one the directory already has changes nothing.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The directory id.' },
    body: bodies.addDomain,
    responses: { 201: json('The domain as stored.', directoryDomainSchema) },
    errors: {
      400: NOT_JSON,
      404: 'No such directory.',
      409: 'The domain belongs to another directory, or the directory is being deleted.',
      422: 'Not a valid domain name.',
    },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/directories/{id}/domains/{domain}',
    operationId: 'removeDirectoryDomain',
    tag: 'Directories',
    summary: 'Remove a domain from a directory',
    description: 'Removes a domain that has no users. Idempotent: a domain the directory does not have answers 204 too.',
    permission: 'write',
    params: pathParams('id', 'domain'),
    parameterDescriptions: { id: 'The directory id.', domain: 'The domain, URL-encoded.' },
    responses: { 204: noContent('The domain is not in the directory (any more).') },
    errors: {
      404: 'No such directory.',
      409: 'The domain still has users, it is the last domain of a JIT directory, or the directory is being deleted.',
    },
  }),

  // ------------------------------------------------------------------------------------------------ Users
  op({
    method: 'GET',
    path: '/api/v1/users',
    operationId: 'listUsers',
    tag: 'Users',
    summary: 'Search and filter users',
    description:
      'Users a page at a time: by user name, or with `q` by the matching field. Filters are ANDed; an empty parameter means no filter. `attribute` and `value` go together.',
    permission: 'read',
    query: z.object({ ...userFiltersSchema.shape, ...userPageSchema.shape }),
    parameterDescriptions: {
      q: 'A case-insensitive prefix of the user name, email, name ("first last") or last name.',
      directoryId: 'Users of this directory.',
      domain: 'Users of this domain.',
      groupId: 'Members of this group.',
      attribute: 'With `value`: users with this exact attribute value.',
      value: 'The value of `attribute`.',
      status: 'active or suspended.',
      lastSignInAfter: 'Signed in at or after this instant (ISO 8601; no offset means UTC).',
      lastSignInBefore: 'Signed in before this instant.',
      ...PAGE_DESCRIPTIONS,
    },
    responses: { 200: json('A page of users.', userListSchema) },
    errors: { 422: 'An invalid filter, `cursor` or `limit`.' },
  }),
  op({
    method: 'POST',
    path: '/api/v1/users',
    operationId: 'createLocalUser',
    tag: 'Users',
    summary: 'Create a local user',
    description:
      'Creates a user in the local directory (created on first use), without a password: send them a one-time link (`POST …/{id}/password-link`). JIT users are never created here.',
    permission: 'write',
    body: bodies.createLocalUser,
    responses: { 201: json('The local user.', localUserSchema) },
    errors: { 400: NOT_JSON, 409: 'A local user has this email or user name.', 422: INVALID },
  }),
  op({
    method: 'GET',
    path: '/api/v1/users/{id}',
    operationId: 'getUser',
    tag: 'Users',
    summary: 'Read a user',
    description: 'The user with its attributes, source, groups (and the rule that placed it), applications, sign-ins and audit trail.',
    permission: 'read',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The user id.' },
    responses: { 200: json('The user.', userDetailSchema) },
    errors: { 404: 'No such user.' },
  }),
  op({
    method: 'PATCH',
    path: '/api/v1/users/{id}',
    operationId: 'updateLocalUser',
    tag: 'Users',
    summary: 'Change a local user',
    description: 'Changes a local user. JIT users are managed by their identity provider and are refused.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The user id.' },
    body: bodies.updateLocalUser,
    responses: { 200: json('The local user.', localUserSchema) },
    errors: {
      400: NOT_JSON,
      403: 'The user was provisioned Just-in-Time: it is managed by its identity provider.',
      404: 'No such user.',
      409: 'Another local user has this email or user name.',
      422: INVALID,
    },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/users/{id}',
    operationId: 'deleteLocalUser',
    tag: 'Users',
    summary: 'Delete a local user',
    description:
      'Deletes a local user with its memberships, sessions and password links. Idempotent. A JIT user is refused: delete its directory instead.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The user id.' },
    responses: { 204: noContent('The user is gone (or never was).') },
    errors: { 403: 'The user was provisioned Just-in-Time: delete its directory instead.' },
  }),
  op({
    method: 'POST',
    path: '/api/v1/users/{id}/password-link',
    operationId: 'createPasswordLink',
    tag: 'Users',
    summary: 'Create a one-time password link',
    description: 'A link for a local user to set a password, valid 24 hours and shown once; it replaces the user’s unused links.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The user id.' },
    responses: { 201: json('The link.', passwordLinkSchema) },
    errors: { 403: 'The user was provisioned Just-in-Time and has no password here.', 404: 'No such user.' },
  }),

  // ------------------------------------------------------------------------------------------------ User attributes
  op({
    method: 'GET',
    path: '/api/v1/user-attributes',
    operationId: 'listUserAttributes',
    tag: 'User attributes',
    summary: 'List user attributes',
    description: 'Every attribute in display order (the order sign-ins read them), with the groups whose rules use it.',
    permission: 'read',
    responses: { 200: json('The attributes.', userAttributeListSchema) },
  }),
  op({
    method: 'POST',
    path: '/api/v1/user-attributes',
    operationId: 'createUserAttribute',
    tag: 'User attributes',
    summary: 'Add a user attribute',
    description: 'Adds a custom attribute, last in display order; JIT provisioning keeps it from the next sign-in on.',
    permission: 'write',
    body: bodies.createAttribute,
    responses: { 201: json('The attribute.', userAttributeSchema) },
    errors: {
      400: NOT_JSON,
      409: 'An attribute has this name, or one that differs only by case.',
      422: `${INVALID} Also: a single-field attribute cannot be multi-valued.`,
    },
  }),
  op({
    method: 'GET',
    path: '/api/v1/user-attributes/{name}',
    operationId: 'getUserAttribute',
    tag: 'User attributes',
    summary: 'Read a user attribute',
    description: 'One attribute by its exact name.',
    permission: 'read',
    params: pathParams('name'),
    parameterDescriptions: { name: 'The exact attribute name, URL-encoded (e.g. `urn%3Aoid%3A2.5.4.42`).' },
    responses: { 200: json('The attribute.', userAttributeSchema) },
    errors: { 404: 'No attribute has this name.' },
  }),
  op({
    method: 'PATCH',
    path: '/api/v1/user-attributes/{name}',
    operationId: 'updateUserAttribute',
    tag: 'User attributes',
    summary: 'Change a user attribute',
    description:
      'Changes the display name, `required` or `multiValued` (built-in attributes included); it applies from each user’s next sign-in.',
    permission: 'write',
    params: pathParams('name'),
    parameterDescriptions: { name: 'The exact attribute name, URL-encoded.' },
    body: bodies.updateAttribute,
    responses: { 200: json('The attribute.', userAttributeSchema) },
    errors: {
      400: NOT_JSON,
      404: 'No attribute has this name.',
      422: `${INVALID} Also: a rename, making userName optional, or a single-field attribute multi-valued.`,
    },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/user-attributes/{name}',
    operationId: 'deleteUserAttribute',
    tag: 'User attributes',
    summary: 'Delete a user attribute',
    description: 'Deletes a custom attribute that no group rule uses. Idempotent: an unknown name answers 204 too.',
    permission: 'write',
    params: pathParams('name'),
    parameterDescriptions: { name: 'The exact attribute name, URL-encoded.' },
    responses: { 204: noContent('The attribute is gone (or never was).') },
    errors: { 409: 'The attribute is built in, or group rules use it.' },
  }),

  // ------------------------------------------------------------------------------------------------ Groups
  op({
    method: 'GET',
    path: '/api/v1/groups',
    operationId: 'listGroups',
    tag: 'Groups',
    summary: 'List groups',
    description: 'Groups by name, a page at a time, with their rules, member count and running recompute.',
    permission: 'read',
    query: groupPageSchema,
    parameterDescriptions: PAGE_DESCRIPTIONS,
    responses: { 200: json('A page of groups.', groupListSchema) },
    errors: { 422: 'An invalid `cursor` or `limit`.' },
  }),
  op({
    method: 'POST',
    path: '/api/v1/groups',
    operationId: 'createGroup',
    tag: 'Groups',
    summary: 'Add a group',
    description: 'Adds a group; its members are computed from the rules by a background recompute queued at once (see `recompute`).',
    permission: 'write',
    body: bodies.createGroup,
    responses: { 201: json('The group.', groupSchema) },
    errors: {
      400: NOT_JSON,
      409: 'A group has this name.',
      422: `${INVALID} Also: a rule on an undefined attribute, or an invalid regular expression.`,
    },
  }),
  op({
    method: 'POST',
    path: '/api/v1/groups/preview',
    operationId: 'previewGroupRules',
    tag: 'Groups',
    summary: 'Preview rules',
    description:
      'How many users these rules would match and up to 10 of them, with the rule that matched. Stops after about 2 seconds and then gives a lower bound (`complete: false`). Saves nothing.',
    permission: 'write',
    body: bodies.groupRules,
    responses: { 200: json('The preview.', groupPreviewSchema) },
    errors: { 400: NOT_JSON, 422: `${INVALID} Also: a rule on an undefined attribute, or an invalid regular expression.` },
  }),
  op({
    method: 'GET',
    path: '/api/v1/groups/{id}',
    operationId: 'getGroup',
    tag: 'Groups',
    summary: 'Read a group',
    description: 'The group with its rules, member count and, while one runs (or after it failed), the membership recompute.',
    permission: 'read',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The group id.' },
    responses: { 200: json('The group.', groupSchema) },
    errors: { 404: 'No such group.' },
  }),
  op({
    method: 'PATCH',
    path: '/api/v1/groups/{id}',
    operationId: 'updateGroup',
    tag: 'Groups',
    summary: 'Change a group',
    description: 'Changes the name, description, match mode or rules. New rules or match mode queue a recompute of every membership.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The group id.' },
    body: bodies.updateGroup,
    responses: { 200: json('The group.', groupSchema) },
    errors: {
      400: NOT_JSON,
      404: 'No such group.',
      409: 'Another group has this name.',
      422: `${INVALID} Also: a rule on an undefined attribute, or an invalid regular expression.`,
    },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/groups/{id}',
    operationId: 'deleteGroup',
    tag: 'Groups',
    summary: 'Delete a group',
    description: 'Deletes the group with its rules, memberships and entitlements. Idempotent.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The group id.' },
    responses: { 204: noContent('The group is gone (or never was).') },
  }),
  op({
    method: 'POST',
    path: '/api/v1/groups/{id}/recompute',
    operationId: 'rerunGroupRecompute',
    tag: 'Groups',
    summary: 'Run the recompute again',
    description:
      'Runs the membership recompute of the current rules again: a failed one resumes where it stopped; a running one is left as it is.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The group id.' },
    responses: { 200: json('The group, with its recompute.', groupSchema) },
    errors: { 404: 'No such group.' },
  }),
  op({
    method: 'GET',
    path: '/api/v1/groups/{id}/members',
    operationId: 'listGroupMembers',
    tag: 'Groups',
    summary: 'List members',
    description: 'The members in user-id order, a page at a time, each with the rule that placed them.',
    permission: 'read',
    params: pathParams('id'),
    query: groupPageSchema,
    parameterDescriptions: { id: 'The group id.', ...PAGE_DESCRIPTIONS },
    responses: { 200: json('A page of members.', groupMemberListSchema) },
    errors: { 404: 'No such group.', 422: 'An invalid `cursor` or `limit`.' },
  }),

  // ------------------------------------------------------------------------------------------------ Applications
  op({
    method: 'GET',
    path: '/api/v1/applications',
    operationId: 'listApplications',
    tag: 'Applications',
    summary: 'List applications',
    description: 'Every application by name, with the number of entitled groups (`nextCursor` is always null).',
    permission: 'read',
    responses: { 200: json('The applications.', applicationListSchema) },
  }),
  op({
    method: 'POST',
    path: '/api/v1/applications',
    operationId: 'createApplication',
    tag: 'Applications',
    summary: 'Add an application',
    description: 'Adds an application to the portal. Nobody sees it until groups are entitled to it (`PUT …/{id}/entitlements`).',
    permission: 'write',
    body: bodies.createApplication,
    responses: { 201: json('The application.', applicationSchema) },
    errors: { 400: NOT_JSON, 409: 'An application has this name (ignoring case).', 422: INVALID },
  }),
  op({
    method: 'GET',
    path: '/api/v1/applications/{id}',
    operationId: 'getApplication',
    tag: 'Applications',
    summary: 'Read an application',
    description: 'The application with its entitled groups.',
    permission: 'read',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The application id.' },
    responses: { 200: json('The application.', applicationSchema) },
    errors: { 404: 'No such application.' },
  }),
  op({
    method: 'PATCH',
    path: '/api/v1/applications/{id}',
    operationId: 'updateApplication',
    tag: 'Applications',
    summary: 'Change an application',
    description: 'Changes any of name, description, launch URL and icon.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The application id.' },
    body: bodies.updateApplication,
    responses: { 200: json('The application.', applicationSchema) },
    errors: { 400: NOT_JSON, 404: 'No such application.', 409: 'Another application has this name (ignoring case).', 422: INVALID },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/applications/{id}',
    operationId: 'deleteApplication',
    tag: 'Applications',
    summary: 'Delete an application',
    description: 'Deletes the application and its entitlements: it leaves every portal at once. Idempotent.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The application id.' },
    responses: { 204: noContent('The application is gone (or never was).') },
  }),
  op({
    method: 'GET',
    path: '/api/v1/applications/{id}/entitlements',
    operationId: 'getApplicationEntitlements',
    tag: 'Applications',
    summary: 'Read the entitled groups',
    description: 'The groups whose members see and may launch the application.',
    permission: 'read',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The application id.' },
    responses: { 200: json('The entitled groups.', entitlementsSchema) },
    errors: { 404: 'No such application.' },
  }),
  op({
    method: 'PUT',
    path: '/api/v1/applications/{id}/entitlements',
    operationId: 'setApplicationEntitlements',
    tag: 'Applications',
    summary: 'Set the entitled groups',
    description: 'Replaces the set of entitled groups. Sending the same set again changes nothing.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The application id.' },
    body: bodies.setEntitlements,
    responses: { 200: json('The entitled groups.', entitlementsSchema) },
    errors: {
      400: NOT_JSON,
      404: 'No such application.',
      409: 'The groups changed while saving: reload and try again.',
      422: `${INVALID} Also: an unknown group id.`,
    },
  }),

  // ------------------------------------------------------------------------------------------------ Audit events
  op({
    method: 'GET',
    path: '/api/v1/audit-events',
    operationId: 'listAuditEvents',
    tag: 'Audit events',
    summary: 'List audit events',
    description: 'Audit events, newest first, a page at a time. Events recorded while paging do not shift later pages.',
    permission: 'read',
    query: z.object({ ...auditEventFiltersSchema.shape, ...auditEventPageSchema.shape }),
    parameterDescriptions: {
      type: 'A set of actions: admin-signin, admin, idp, directory, user, signin-refused.',
      action: 'An exact action, e.g. idp.create.',
      idpId: 'Events of this identity provider.',
      user: 'A case-insensitive part of the actor’s or target’s label.',
      outcome: 'success or failure.',
      from: 'At or after this instant (ISO 8601; no offset means UTC).',
      to: 'Before this instant.',
      ...PAGE_DESCRIPTIONS,
    },
    responses: { 200: json('A page of audit events.', auditEventListSchema) },
    errors: { 422: 'An invalid filter, `cursor` or `limit`.' },
  }),

  // ------------------------------------------------------------------------------------------------ Dashboard
  op({
    method: 'GET',
    path: '/api/v1/dashboard',
    operationId: 'getDashboard',
    tag: 'Dashboard',
    summary: 'Read the dashboard',
    description:
      'Counts of identity providers, directories, users, groups, applications, administrators, the last day’s events, and the latest events.',
    permission: 'read',
    responses: { 200: json('The dashboard.', dashboardSchema) },
  }),

  // ------------------------------------------------------------------------------------------------ Administrators
  op({
    method: 'GET',
    path: '/api/v1/admins',
    operationId: 'listAdmins',
    tag: 'Administrators',
    summary: 'List administrators',
    description: 'Every administrator by email (`nextCursor` is always null).',
    permission: 'read',
    responses: { 200: json('The administrators.', adminListSchema) },
  }),
  op({
    method: 'POST',
    path: '/api/v1/admins',
    operationId: 'createAdmin',
    tag: 'Administrators',
    summary: 'Add an administrator',
    description: 'Adds an administrator who signs in to the console with this email and password.',
    permission: 'write',
    body: bodies.createAdmin,
    responses: { 201: json('The administrator.', adminSchema) },
    errors: { 400: NOT_JSON, 409: 'An administrator has this email.', 422: INVALID },
  }),
  op({
    method: 'PATCH',
    path: '/api/v1/admins/{id}',
    operationId: 'updateAdminRole',
    tag: 'Administrators',
    summary: 'Change a role',
    description: 'Changes an administrator’s role. Gatehouse always keeps at least one super admin.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The administrator id.' },
    body: bodies.updateAdmin,
    responses: { 200: json('The administrator.', adminSchema) },
    errors: { 400: NOT_JSON, 404: 'No such administrator.', 409: 'This is the last super admin.', 422: INVALID },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/admins/{id}',
    operationId: 'deleteAdmin',
    tag: 'Administrators',
    summary: 'Remove an administrator',
    description: 'Removes an administrator. Idempotent. Nobody can delete themselves, nor the last super admin.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The administrator id.' },
    responses: { 204: noContent('The administrator is gone (or never was).') },
    errors: { 409: 'The caller’s own account, or the last super admin.' },
  }),

  // ------------------------------------------------------------------------------------------------ API tokens
  op({
    method: 'GET',
    path: '/api/v1/api-tokens',
    operationId: 'listApiTokens',
    tag: 'API tokens',
    summary: 'List API tokens',
    description: 'Every token, newest first and revoked ones last: never their values, only the prefix shown to recognise them.',
    permission: 'read',
    responses: { 200: json('The tokens.', apiTokenListSchema) },
  }),
  op({
    method: 'POST',
    path: '/api/v1/api-tokens',
    operationId: 'createApiToken',
    tag: 'API tokens',
    summary: 'Create an API token',
    description: 'Creates a token. Its value is in `token` in this answer only: it is stored as a hash and cannot be shown again.',
    permission: 'write',
    body: bodies.createApiToken,
    responses: { 201: json('The token, with its value.', createdApiTokenSchema) },
    errors: { 400: NOT_JSON, 422: INVALID },
  }),
  op({
    method: 'DELETE',
    path: '/api/v1/api-tokens/{id}',
    operationId: 'revokeApiToken',
    tag: 'API tokens',
    summary: 'Revoke an API token',
    description: 'Revokes the token at once: its next request is refused with 401. Idempotent.',
    permission: 'write',
    params: pathParams('id'),
    parameterDescriptions: { id: 'The token id.' },
    responses: { 204: noContent('The token is revoked (or does not exist).') },
  }),

  // ------------------------------------------------------------------------------------------------ Meta
  op({
    method: 'GET',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Meta',
    summary: 'This API description',
    description:
      'The OpenAPI 3.1 description of this API, built from the schemas the handlers validate with. Public: tools fetch it without a token.',
    permission: 'public',
    responses: { 200: json('The OpenAPI document.', openApiDocumentSchema) },
  }),
];

/** The operation at a method and OpenAPI path, if any. */
export function findOperation(method: string, path: string): ApiOperation | undefined {
  const wanted = method.toUpperCase();
  return API_OPERATIONS.find((operation) => operation.method === wanted && operation.path === path);
}
