import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { createTestIdp } from '../../../e2e/fixtures/test-idp';
import { createAdmin } from '../../admins/create-admin';
import { listAdmins, updateAdminRole } from '../../admins/manage-admins';
import { createApplication } from '../../apps/create-application';
import { getApplication, listApplications, type ApplicationListItem, type ApplicationView } from '../../apps/get-application';
import { getApplicationEntitlements, setApplicationEntitlements, type EntitlementsView } from '../../apps/set-application-entitlements';
import { createAttribute } from '../../attributes/create-attribute';
import { getAttribute, listAttributes, type AttributeView } from '../../attributes/list-attributes';
import { listAuditEvents, type AuditEventView } from '../../audit/list-audit-events';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { getDashboard, type Dashboard } from '../../dashboard/get-dashboard';
import type { Db } from '../../db';
import { deleteDirectory, type DirectoryDeletion } from '../../directories/delete-directory';
import type { DirectoryView } from '../../directories/directory-view';
import { getDirectory } from '../../directories/get-directory';
import { listDirectories } from '../../directories/list-directories';
import { addDirectoryDomain } from '../../directories/manage-domains';
import { setJit } from '../../directories/set-jit';
import { createGroup } from '../../groups/create-group';
import { getGroup, listGroups, type GroupView } from '../../groups/get-group';
import { getGroupMembers, type GroupMembersPage } from '../../groups/get-group-members';
import { previewGroupRules, type GroupPreview } from '../../groups/preview-group-rules';
import { createIdentityProvider } from '../../idp/create-identity-provider';
import { deleteIdentityProvider } from '../../idp/delete-identity-provider';
import { getIdentityProvider, listIdentityProviders, type IdentityProviderView } from '../../idp/get-identity-provider';
import type { IdpDeps } from '../../idp/idp-deps';
import { JOB_HANDLERS } from '../../jobs/job-handlers';
import { runNextJob } from '../../jobs/run-next-job';
import { seedDefaults } from '../../setup/seed-defaults';
import { TEST_PROVIDERS, uniqueName } from '../../testing/databases';
import { useTestDatabase } from '../../testing/use-test-database';
import { createLocalUser } from '../../users/create-local-user';
import { createPasswordSetupLink } from '../../users/create-password-setup-link';
import { getUser, type UserView } from '../../users/get-user';
import { listUsers, type UserListItem } from '../../users/list-users';
import { updateLocalUser } from '../../users/update-local-user';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from '../api-tokens';
import { buildOpenApiDocument } from './document';
import type {
  Json,
  adminSchema,
  apiTokenSchema,
  applicationListSchema,
  applicationSchema,
  auditEventSchema,
  createdApiTokenSchema,
  dashboardSchema,
  directoryDeletionSchema,
  directorySchema,
  entitlementsSchema,
  groupMemberSchema,
  groupPreviewSchema,
  groupSchema,
  identityProviderSchema,
  localUserSchema,
  passwordLinkSchema,
  userAttributeSchema,
  userDetailSchema,
  userListItemSchema,
} from './resources';
import { validateResponse } from './validate-response';

/*
 * Real results of the lib functions, as the routes send them (JSON), validated against the response schemas of the
 * OpenAPI document on both databases; then mutated copies, which must fail. The type assertions below check at
 * compile time that each schema describes a value the lib function's return type can be.
 */

const document = buildOpenApiDocument();
const actor = { type: 'admin', id: 'admin-openapi', label: 'openapi@example.test' } as const;

const toJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function problems(method: string, path: string, status: number, value: unknown): string[] {
  return validateResponse(document, method, path, status, toJson(value));
}

const deps: IdpDeps = {
  fetchMetadata: async (url) => {
    throw new Error(`unexpected fetch of ${url}`);
  },
  connections: { upsert: async (idp) => ({ clientId: `client-${idp.id}` }), remove: async () => {} },
};

async function addIdpWithDirectory(db: Db, users: number) {
  const name = uniqueName('OpenAPI IdP');
  const host = uniqueName('idp').replace(/_/g, '-').toLowerCase();
  const metadata = createTestIdp({ entityId: `https://${host}.test/metadata`, ssoUrl: `https://${host}.test/sso` });
  const { id, warnings } = await createIdentityProvider(db, actor, { name, metadataXml: metadata.metadataXml }, deps);
  const domain = `${host}.example`;
  const { directoryId } = await setJit(db, actor, id, { enabled: true, directory: { name: `${name} users`, domains: [domain] } });
  if (!directoryId) throw new Error('no JIT directory');
  const { id: domainId } = await db.domain.findUniqueOrThrow({ where: { name: domain }, select: { id: true } });
  const userIds: string[] = [];
  for (let i = 0; i < users; i++) {
    const userName = `${host}-user-${i}`;
    const user = await db.user.create({
      data: {
        directoryId,
        domainId,
        userName,
        externalId: `ext-${userName}`,
        email: `${userName}@${domain}`,
        firstName: i === 0 ? 'Ada' : null,
        lastName: 'Lovelace',
        lastSignInAt: i === 0 ? new Date() : null,
        attributes: {
          create: [
            { name: 'userName', value: userName, position: 0 },
            { name: 'department', value: 'Sales', position: 0 },
            { name: 'retired-attribute', value: 'kept until the next sign-in', position: 0 },
          ],
        },
      },
      select: { id: true },
    });
    userIds.push(user.id);
  }
  return { id, warnings, directoryId, domain, userIds };
}

for (const provider of TEST_PROVIDERS) {
  describe(`real responses on ${provider} match the OpenAPI document`, () => {
    const ctx = useTestDatabase(provider);
    let idp: Awaited<ReturnType<typeof addIdpWithDirectory>>;
    let groupId: string;
    let applicationId: string;
    let localUserId: string;
    let attributeName: string;
    let queuedGroup: GroupView;

    beforeAll(async () => {
      const db = ctx.db;
      await seedDefaults(db);
      idp = await addIdpWithDirectory(db, 2);
      const [signedIn] = idp.userIds;
      await recordAuditEvent(db, {
        actor: { type: 'user', id: signedIn ?? '', label: 'ada' },
        action: 'user.signin',
        outcome: 'success',
        target: { type: 'user', id: signedIn, label: 'ada' },
        idpId: idp.id,
        details: { attributes: { department: ['Sales'] } },
      });
      attributeName = uniqueName('costCenter');
      await createAttribute(db, actor, { name: attributeName, displayName: 'Cost center', multiValued: true });
      ({ id: groupId } = await createGroup(db, actor, {
        name: uniqueName('Sales'),
        matchMode: 'any',
        rules: [
          { attribute: 'department', operator: 'equals', value: 'Sales' },
          { attribute: 'department', operator: 'oneOf', value: ['Sales', 'Marketing'], caseSensitive: true },
          { attribute: attributeName, operator: 'present', value: '' },
        ],
      }));
      queuedGroup = await getGroup(db, groupId);
      while (await runNextJob(db, JOB_HANDLERS, { workerId: 'openapi-test' }));
      ({ id: applicationId } = await createApplication(db, actor, {
        name: uniqueName('CRM'),
        description: 'Customers',
        launchUrl: 'https://crm.example.test/',
        iconUrl: 'https://crm.example.test/icon.png',
      }));
      await setApplicationEntitlements(db, actor, applicationId, { groupIds: [groupId] });
      ({ id: localUserId } = await createLocalUser(db, actor, { email: `${uniqueName('local')}@example.test`, firstName: 'Grace' }));
    });

    it('identity providers: list, one, one with warnings, JIT directory being deleted, the deletion', async () => {
      const db = ctx.db;
      expect(problems('GET', '/api/v1/identity-providers', 200, { data: await listIdentityProviders(db), nextCursor: null })).toEqual([]);
      const view = await getIdentityProvider(db, idp.id);
      expect(view.directory?.userCount).toBe(2);
      expect(problems('GET', '/api/v1/identity-providers/{id}', 200, view)).toEqual([]);
      expect(problems('PUT', '/api/v1/identity-providers/{id}/jit', 200, view)).toEqual([]);
      const withWarnings = { ...view, warnings: idp.warnings };
      for (const [method, path, status] of [
        ['POST', '/api/v1/identity-providers', 201],
        ['PATCH', '/api/v1/identity-providers/{id}', 200],
        ['POST', '/api/v1/identity-providers/{id}/refresh', 200],
      ] as const) {
        expect(problems(method, path, status, withWarnings)).toEqual([]);
      }

      const doomed = await addIdpWithDirectory(db, 1);
      const deletion = await deleteIdentityProvider(db, actor, doomed.id, { confirmUsers: 1 }, deps);
      expect(deletion).toMatchObject({ status: 'deleting', usersDeleted: 1 });
      expect(problems('DELETE', '/api/v1/identity-providers/{id}', 200, deletion)).toEqual([]);
      const deleting = await getIdentityProvider(db, doomed.id);
      expect(deleting.directory?.deletion?.status).toBe('queued');
      expect(problems('GET', '/api/v1/identity-providers/{id}', 200, deleting)).toEqual([]);
      const directory = await getDirectory(db, doomed.directoryId);
      expect(directory.state.kind).toBe('deleting');
      expect(problems('GET', '/api/v1/directories/{id}', 200, directory)).toEqual([]);
    });

    it('directories: a page, one, the local directory, a deletion, a domain', async () => {
      const db = ctx.db;
      const first = await listDirectories(db, { limit: 1 });
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(problems('GET', '/api/v1/directories', 200, first)).toEqual([]);
      const all = await listDirectories(db, { limit: 200 });
      expect(all.data.map((directory) => directory.type)).toEqual(expect.arrayContaining(['jit', 'local']));
      expect(problems('GET', '/api/v1/directories', 200, all)).toEqual([]);
      expect(problems('GET', '/api/v1/directories/{id}', 200, await getDirectory(db, idp.directoryId))).toEqual([]);
      const domain = await addDirectoryDomain(db, actor, idp.directoryId, { domain: `${uniqueName('more').replace(/_/g, '-')}.example` });
      expect(problems('POST', '/api/v1/directories/{id}/domains', 201, domain)).toEqual([]);

      const empty = await addIdpWithDirectory(db, 0);
      const deleted = await deleteDirectory(db, actor, empty.directoryId, 0);
      expect(deleted).toEqual({ status: 'deleted', usersDeleted: 0, jobId: null });
      expect(problems('DELETE', '/api/v1/directories/{id}', 200, deleted)).toEqual([]);
    });

    it('users: a search page, a JIT user with groups, applications and sign-ins, a local user and its link', async () => {
      const db = ctx.db;
      const page = await listUsers(db, {}, { limit: 1 });
      expect(page.nextCursor).toEqual(expect.any(String));
      expect(problems('GET', '/api/v1/users', 200, page)).toEqual([]);
      expect(problems('GET', '/api/v1/users', 200, await listUsers(db, { q: 'ada', directoryId: idp.directoryId }))).toEqual([]);

      const jitUser = await getUser(db, idp.userIds[0] ?? '');
      expect(jitUser.source.kind).toBe('jit');
      expect(jitUser.groups).toHaveLength(1);
      expect(jitUser.applications).toHaveLength(1);
      expect(jitUser.signIns).toHaveLength(1);
      expect(jitUser.attributes.some((attribute) => !attribute.defined)).toBe(true);
      expect(problems('GET', '/api/v1/users/{id}', 200, jitUser)).toEqual([]);
      const localUser = await getUser(db, localUserId);
      expect(localUser.source.kind).toBe('local');
      expect(localUser.auditTrail.length).toBeGreaterThan(0);
      expect(problems('GET', '/api/v1/users/{id}', 200, localUser)).toEqual([]);

      const created = await createLocalUser(db, actor, { email: `${uniqueName('new')}@example.test` });
      expect(problems('POST', '/api/v1/users', 201, created)).toEqual([]);
      const updated = await updateLocalUser(db, actor, created.id, { status: 'suspended', lastName: 'Hopper' });
      expect(problems('PATCH', '/api/v1/users/{id}', 200, updated)).toEqual([]);
      const link = await createPasswordSetupLink(db, actor, created.id, 'https://sso.acme.test');
      expect(problems('POST', '/api/v1/users/{id}/password-link', 201, link)).toEqual([]);
    });

    it('user attributes, groups (queued and done), members, a preview', async () => {
      const db = ctx.db;
      expect(problems('GET', '/api/v1/user-attributes', 200, { data: await listAttributes(db), nextCursor: null })).toEqual([]);
      const attribute = await getAttribute(db, attributeName);
      expect(attribute.usedByGroups).toHaveLength(1);
      expect(problems('GET', '/api/v1/user-attributes/{name}', 200, attribute)).toEqual([]);
      expect(problems('POST', '/api/v1/user-attributes', 201, attribute)).toEqual([]);

      expect(queuedGroup.recompute?.status).toBe('queued');
      expect(problems('POST', '/api/v1/groups', 201, queuedGroup)).toEqual([]);
      const group = await getGroup(db, groupId);
      expect(group.memberCount).toBe(2);
      expect(problems('GET', '/api/v1/groups/{id}', 200, group)).toEqual([]);
      expect(problems('GET', '/api/v1/groups', 200, await listGroups(db, {}))).toEqual([]);
      const members = await getGroupMembers(db, groupId, { limit: 1 });
      expect(members.nextCursor).toEqual(expect.any(String));
      expect(members.data[0]?.rule?.text).toBe('department equals "Sales"');
      expect(problems('GET', '/api/v1/groups/{id}/members', 200, members)).toEqual([]);
      const preview = await previewGroupRules(db, { rules: [{ attribute: 'department', operator: 'startsWith', value: 'sal' }] });
      expect(preview.sample.length).toBeGreaterThan(0);
      expect(problems('POST', '/api/v1/groups/preview', 200, preview)).toEqual([]);
    });

    it('applications and entitlements', async () => {
      const db = ctx.db;
      const application = await getApplication(db, applicationId);
      expect(application.groups).toHaveLength(1);
      for (const [method, path, status] of [
        ['GET', '/api/v1/applications/{id}', 200],
        ['PATCH', '/api/v1/applications/{id}', 200],
        ['POST', '/api/v1/applications', 201],
      ] as const) {
        expect(problems(method, path, status, application)).toEqual([]);
      }
      expect(problems('GET', '/api/v1/applications', 200, { data: await listApplications(db), nextCursor: null })).toEqual([]);
      const entitlements = await getApplicationEntitlements(db, applicationId);
      expect(problems('GET', '/api/v1/applications/{id}/entitlements', 200, entitlements)).toEqual([]);
      expect(problems('PUT', '/api/v1/applications/{id}/entitlements', 200, entitlements)).toEqual([]);
    });

    it('audit events, the dashboard, administrators and API tokens', async () => {
      const db = ctx.db;
      const events = await listAuditEvents(db, {}, { limit: 3 });
      expect(events.nextCursor).toEqual(expect.any(String));
      expect(problems('GET', '/api/v1/audit-events', 200, events)).toEqual([]);
      expect(problems('GET', '/api/v1/audit-events', 200, await listAuditEvents(db, { type: 'idp' }, { limit: 200 }))).toEqual([]);
      expect(problems('GET', '/api/v1/dashboard', 200, await getDashboard(db))).toEqual([]);

      const admin = await createAdmin(db, actor, { email: `${uniqueName('admin')}@example.test`, password: 'correct horse battery' });
      expect(problems('POST', '/api/v1/admins', 201, admin)).toEqual([]);
      expect(problems('PATCH', '/api/v1/admins/{id}', 200, await updateAdminRole(db, actor, admin.id, { role: 'super_admin' }))).toEqual(
        [],
      );
      expect(problems('GET', '/api/v1/admins', 200, { data: await listAdmins(db), nextCursor: null })).toEqual([]);

      const creator = await createAdmin(db, actor, { email: `${uniqueName('creator')}@example.test`, password: 'correct horse battery' });
      const token = await createApiToken(db, { type: 'admin', id: creator.id, label: creator.email }, { name: 'CI', scope: 'read' });
      expect(problems('POST', '/api/v1/api-tokens', 201, token)).toEqual([]);
      await revokeApiToken(db, actor, token.id);
      const tokens = await listApiTokens(db);
      expect(tokens.find((entry) => entry.id === token.id)?.revokedAt).toEqual(expect.any(Date));
      expect(problems('GET', '/api/v1/api-tokens', 200, { data: tokens, nextCursor: null })).toEqual([]);
      // The list never carries the token itself.
      expect(problems('GET', '/api/v1/api-tokens', 200, { data: [token], nextCursor: null })).toEqual([
        'GET /api/v1/api-tokens 200: /data/0 must NOT have additional properties: token',
      ]);
    });

    it('fails when a real response changes shape', async () => {
      const db = ctx.db;
      const directory = toJson(await getDirectory(db, idp.directoryId)) as Record<string, unknown>;
      const { userCount: _userCount, ...withoutCount } = directory;
      expect(problems('GET', '/api/v1/directories/{id}', 200, withoutCount)).toEqual([
        "GET /api/v1/directories/{id} 200: (body) must have required property 'userCount'",
      ]);
      expect(problems('GET', '/api/v1/directories/{id}', 200, { ...directory, userCount: '2' })).toEqual([
        'GET /api/v1/directories/{id} 200: /userCount must be integer',
      ]);
      expect(problems('GET', '/api/v1/directories/{id}', 200, { ...directory, lastSignInAt: 'yesterday' })).toContain(
        'GET /api/v1/directories/{id} 200: /lastSignInAt must match format "date-time"',
      );
      expect(problems('GET', '/api/v1/directories/{id}', 200, { ...directory, ownerEmail: 'x@example.test' })).toEqual([
        'GET /api/v1/directories/{id} 200: (body) must NOT have additional properties: ownerEmail',
      ]);

      const group = toJson(await getGroup(db, groupId)) as { rules: Record<string, unknown>[] };
      const renamed = { ...group, rules: group.rules.map(({ caseSensitive, ...rule }) => ({ ...rule, case_sensitive: caseSensitive })) };
      expect(problems('GET', '/api/v1/groups/{id}', 200, renamed)).toContain(
        "GET /api/v1/groups/{id} 200: /rules/0 must have required property 'caseSensitive'",
      );

      const user = toJson(await getUser(db, idp.userIds[0] ?? '')) as { signIns: Record<string, unknown>[] };
      const leaky = { ...user, signIns: user.signIns.map((event) => ({ ...event, createdAt: 1_700_000_000_000 })) };
      expect(problems('GET', '/api/v1/users/{id}', 200, leaky)).toContain(
        'GET /api/v1/users/{id} 200: /signIns/0/createdAt must be string',
      );
      // The same body under a status the operation does not answer.
      expect(problems('GET', '/api/v1/users/{id}', 201, user)[0]).toMatch(/does not document status 201/);
    });
  });
}

describe('response schemas and lib return types', () => {
  it('describe values the lib functions can return (checked by the type checker)', () => {
    expectTypeOf<z.output<typeof identityProviderSchema>>().toExtend<Json<IdentityProviderView>>();
    expectTypeOf<z.output<typeof directorySchema>>().toExtend<Json<DirectoryView>>();
    expectTypeOf<z.output<typeof directoryDeletionSchema>>().toExtend<Json<DirectoryDeletion>>();
    expectTypeOf<z.output<typeof userListItemSchema>>().toExtend<Json<UserListItem>>();
    expectTypeOf<z.output<typeof userDetailSchema>>().toExtend<Json<UserView>>();
    expectTypeOf<z.output<typeof localUserSchema>>().toExtend<Json<Awaited<ReturnType<typeof createLocalUser>>>>();
    expectTypeOf<z.output<typeof passwordLinkSchema>>().toExtend<Json<Awaited<ReturnType<typeof createPasswordSetupLink>>>>();
    expectTypeOf<z.output<typeof userAttributeSchema>>().toExtend<Json<AttributeView>>();
    expectTypeOf<z.output<typeof groupSchema>>().toExtend<Json<GroupView>>();
    expectTypeOf<z.output<typeof groupMemberSchema>>().toExtend<Json<GroupMembersPage['data'][number]>>();
    expectTypeOf<z.output<typeof groupPreviewSchema>>().toExtend<Json<GroupPreview>>();
    expectTypeOf<z.output<typeof applicationSchema>>().toExtend<Json<ApplicationView>>();
    expectTypeOf<z.output<typeof applicationListSchema>['data'][number]>().toExtend<Json<ApplicationListItem>>();
    expectTypeOf<z.output<typeof entitlementsSchema>>().toExtend<Json<EntitlementsView>>();
    expectTypeOf<z.output<typeof auditEventSchema>>().toExtend<Json<AuditEventView>>();
    expectTypeOf<z.output<typeof dashboardSchema>>().toExtend<Json<Dashboard>>();
    expectTypeOf<z.output<typeof adminSchema>>().toExtend<Json<Awaited<ReturnType<typeof listAdmins>>[number]>>();
    expectTypeOf<z.output<typeof apiTokenSchema>>().toExtend<Json<ApiTokenView>>();
    expectTypeOf<z.output<typeof createdApiTokenSchema>>().toExtend<Json<Awaited<ReturnType<typeof createApiToken>>>>();
    // The check has teeth: a schema missing a field the lib returns does not pass.
    expectTypeOf<Omit<z.output<typeof directorySchema>, 'userCount'>>().not.toExtend<Json<DirectoryView>>();
  });
});
