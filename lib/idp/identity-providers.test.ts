import { beforeAll, describe, expect, it } from 'vitest';
import { createTestIdp } from '../../e2e/fixtures/test-idp';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import type { Db } from '../db';
import { seedDefaults } from '../setup/seed-defaults';
import { deleteDirectory } from '../directories/delete-directory';
import { addDirectoryDomain, removeDirectoryDomain } from '../directories/manage-domains';
import { JIT_NEEDS_DIRECTORY, JIT_NOT_FOR_BUILTIN, setJit } from '../directories/set-jit';
import { createIdentityProvider } from './create-identity-provider';
import { deleteIdentityProvider } from './delete-identity-provider';
import { getIdentityProvider, listIdentityProviders } from './get-identity-provider';
import type { IdpDeps } from './idp-deps';
import { JOB_HANDLERS } from '../jobs/job-handlers';
import { runNextJob } from '../jobs/run-next-job';
import { refreshIdpMetadata } from './refresh-idp-metadata';
import { updateIdentityProvider } from './update-identity-provider';

const actor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;

/** Fakes for the SAML engine and the metadata fetch, recording what they were asked. */
function fakeDeps(documents: Record<string, string> = {}) {
  const calls = { upserts: [] as string[], removes: [] as string[] };
  const deps: IdpDeps & { failNextUpsert?: boolean } = {
    fetchMetadata: async (url) => {
      const doc = documents[url];
      if (!doc) throw new Error(`unexpected fetch of ${url}`);
      return doc;
    },
    connections: {
      upsert: async (idp) => {
        if (deps.failNextUpsert) {
          deps.failNextUpsert = false;
          throw new Error('engine refused the connection');
        }
        calls.upserts.push(idp.id);
        return { clientId: idp.samlClientId ?? `client-${idp.id}` };
      },
      remove: async (clientId) => {
        calls.removes.push(clientId);
      },
    },
  };
  return { deps, calls };
}

function metadata(name = uniqueName('idp')) {
  return createTestIdp({ entityId: `https://${name}.idp.test/metadata`, ssoUrl: `https://${name}.idp.test/sso` });
}

/** Adds a second signing certificate to IdP metadata, as an IdP does during a key rollover. */
function withExtraCertificate(xml: string, certificatePem: string): string {
  const body = certificatePem.replace(/-----[^-]+-----|\s+/g, '');
  const descriptor =
    `<KeyDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" use="signing">` +
    `<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${body}</X509Certificate></X509Data></KeyInfo>` +
    `</KeyDescriptor>`;
  return xml.replace(/(<(?:[\w-]+:)?IDPSSODescriptor\b[^>]*>)/, `$1${descriptor}`);
}

function domain(prefix = 'acme') {
  return `${uniqueName(prefix).replace(/_/g, '-')}.test`;
}

async function addUser(db: Db, directoryId: string, domainName: string) {
  const d = await db.domain.findUniqueOrThrow({ where: { name: domainName } });
  return db.user.create({
    data: {
      directoryId,
      domainId: d.id,
      userName: uniqueName('user'),
      attributes: { create: [{ name: 'department', value: 'Sales' }] },
      sessions: { create: [{ expiresAt: new Date(Date.now() + 3_600_000) }] },
    },
  });
}

/** Runs every queued job to the end, as the background worker does. */
async function runJobs(db: Db) {
  while (await runNextJob(db, JOB_HANDLERS, { workerId: 'test-worker' }));
}

describe.each(TEST_PROVIDERS)('identity providers and JIT directories on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  beforeAll(async () => seedDefaults(ctx.db));

  async function newIdp(deps = fakeDeps().deps) {
    const idpMeta = metadata();
    const { id } = await createIdentityProvider(ctx.db, actor, { name: uniqueName('Okta'), metadataXml: idpMeta.metadataXml }, deps);
    return { id, idpMeta };
  }

  it('adds a third-party IdP from pasted metadata and registers it with the SAML engine', async () => {
    const { deps, calls } = fakeDeps();
    const idpMeta = metadata();
    const { id, warnings } = await createIdentityProvider(
      ctx.db,
      actor,
      { name: 'Acme Okta ' + uniqueName('x'), metadataXml: idpMeta.metadataXml },
      deps,
    );
    expect(warnings).toEqual([]);
    const idp = await getIdentityProvider(ctx.db, id);
    expect(idp.type).toBe('saml');
    expect(idp.entityId).toBe(idpMeta.entityId);
    expect(idp.ssoEndpoints.length).toBeGreaterThan(0);
    expect(idp.certificates).toHaveLength(1);
    expect(idp.jitEnabled).toBe(false);
    expect(idp.status.label).toBe('No JIT directory');
    expect(calls.upserts).toEqual([id]);
    const row = await ctx.db.identityProvider.findUniqueOrThrow({ where: { id } });
    expect(row.samlClientId).toBe(`client-${id}`);
    const event = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'idp.create', targetId: id } });
    expect(event.actorLabel).toBe('admin@example.test');
    expect(JSON.parse(event.details ?? '{}').after.entityId).toBe(idpMeta.entityId);
  });

  it('adds an IdP from a metadata URL and refreshes it (certificate rollover)', async () => {
    const url = `https://${uniqueName('meta')}.test/metadata.xml`;
    const first = metadata();
    const documents: Record<string, string> = { [url]: first.metadataXml };
    const { deps } = fakeDeps(documents);
    const { id } = await createIdentityProvider(ctx.db, actor, { name: uniqueName('ADFS'), metadataUrl: url }, deps);
    const before = await getIdentityProvider(ctx.db, id);
    expect(before.metadataUrl).toBe(url);
    expect(before.metadataFetchedAt).not.toBeNull();

    // The IdP publishes a new certificate next to the old one (rollover).
    const next = metadata();
    documents[url] = withExtraCertificate(first.metadataXml, next.keys.certificatePem);
    await refreshIdpMetadata(ctx.db, actor, id, deps);
    const after = await getIdentityProvider(ctx.db, id);
    expect(after.certificates.map((c) => c.fingerprintSha256)).toContain(before.certificates[0]?.fingerprintSha256);
    expect(after.certificates).toHaveLength(2);
    expect(await ctx.db.auditEvent.count({ where: { action: 'idp.metadata.refresh', targetId: id } })).toBe(1);
  });

  it('refuses a duplicate name or entity ID, naming the IdP that has it', async () => {
    const { deps } = fakeDeps();
    const idpMeta = metadata();
    const name = uniqueName('Entra');
    await createIdentityProvider(ctx.db, actor, { name, metadataXml: idpMeta.metadataXml }, deps);
    await expect(createIdentityProvider(ctx.db, actor, { name, metadataXml: metadata().metadataXml }, deps)).rejects.toThrow(
      `An identity provider named "${name}" already exists.`,
    );
    await expect(
      createIdentityProvider(ctx.db, actor, { name: uniqueName('Other'), metadataXml: idpMeta.metadataXml }, deps),
    ).rejects.toThrow(`The identity provider "${name}" already uses the entity ID ${idpMeta.entityId}.`);
  });

  it('refuses bad metadata and leaves nothing behind, also when the SAML engine refuses', async () => {
    const { deps } = fakeDeps();
    const name = uniqueName('Bad');
    await expect(createIdentityProvider(ctx.db, actor, { name, metadataXml: 'not xml at all' }, deps)).rejects.toThrow(
      'The metadata is not XML.',
    );
    await expect(createIdentityProvider(ctx.db, actor, { name, metadataXml: '<!DOCTYPE x><x/>' }, deps)).rejects.toThrow('DOCTYPE');
    await expect(createIdentityProvider(ctx.db, actor, { name }, deps)).rejects.toThrow('Give the metadata either as XML or as a URL');
    deps.failNextUpsert = true;
    await expect(createIdentityProvider(ctx.db, actor, { name, metadataXml: metadata().metadataXml }, deps)).rejects.toThrow(
      'engine refused',
    );
    expect(await ctx.db.identityProvider.findUnique({ where: { name } })).toBeNull();
  });

  it('renames, disables and allows IdP-initiated sign-in, auditing before and after', async () => {
    const { deps, calls } = fakeDeps();
    const { id } = await newIdp(deps);
    const name = uniqueName('Renamed');
    await updateIdentityProvider(ctx.db, actor, id, { name, enabled: false, allowIdpInitiated: true }, deps);
    const idp = await getIdentityProvider(ctx.db, id);
    expect(idp).toMatchObject({ name, enabled: false, allowIdpInitiated: true });
    expect(idp.status.label).toBe('Disabled');
    expect(calls.upserts).toContain(id);
    const event = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'idp.update', targetId: id } });
    expect(JSON.parse(event.details ?? '{}')).toMatchObject({
      before: { enabled: true, allowIdpInitiated: false },
      after: { name, enabled: false, allowIdpInitiated: true },
    });
    await expect(refreshIdpMetadata(ctx.db, actor, id, deps)).rejects.toThrow('has no metadata URL');
  });

  it('rule 1: the built-in IdP refuses JIT, metadata and deletion', async () => {
    const { deps } = fakeDeps();
    const builtin = await ctx.db.identityProvider.findFirstOrThrow({ where: { type: 'builtin' } });
    await expect(
      setJit(ctx.db, actor, builtin.id, { enabled: true, directory: { name: uniqueName('d'), domains: [domain()] } }),
    ).rejects.toThrow(JIT_NOT_FOR_BUILTIN);
    await expect(updateIdentityProvider(ctx.db, actor, builtin.id, { metadataXml: metadata().metadataXml }, deps)).rejects.toThrow(
      /built-in/,
    );
    await expect(deleteIdentityProvider(ctx.db, actor, builtin.id, { confirmUsers: 0 }, deps)).rejects.toThrow('cannot be deleted');
    expect((await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: builtin.id } })).jitEnabled).toBe(false);
  });

  it('rule 3: enabling JIT without a directory is refused with the exact message', async () => {
    const { id } = await newIdp();
    await expect(setJit(ctx.db, actor, id, { enabled: true })).rejects.toThrow(JIT_NEEDS_DIRECTORY);
    await expect(setJit(ctx.db, actor, id, { enabled: true, directory: { name: uniqueName('d'), domains: [] } })).rejects.toThrow(
      JIT_NEEDS_DIRECTORY,
    );
    expect(JIT_NEEDS_DIRECTORY).toBe(
      'If JIT user provisioning is enabled, at least one directory must be associated with the identity provider.',
    );
    expect((await getIdentityProvider(ctx.db, id)).jitEnabled).toBe(false);
  });

  it('rule 2: enabling JIT creates one JIT directory with lower-case domains, unique across directories', async () => {
    const { id } = await newIdp();
    const [a, b] = [domain(), domain()];
    const name = uniqueName('ACME');
    await setJit(ctx.db, actor, id, { enabled: true, directory: { name, domains: [a.toUpperCase(), ` ${b} `] } });
    const idp = await getIdentityProvider(ctx.db, id);
    expect(idp.jitEnabled).toBe(true);
    expect(idp.directory).toMatchObject({ name, domains: [a, b].sort(), userCount: 0 });
    expect(idp.status.label).toBe('Active');
    const directory = await ctx.db.directory.findUniqueOrThrow({ where: { name } });
    expect(directory.type).toBe('jit');

    // Another IdP claiming one of these domains is refused, naming the owner.
    const other = await newIdp();
    await expect(
      setJit(ctx.db, actor, other.id, { enabled: true, directory: { name: uniqueName('Other'), domains: [domain(), a] } }),
    ).rejects.toThrow(`The domain ${a} already belongs to the directory "${name}".`);
    expect((await getIdentityProvider(ctx.db, other.id)).directory).toBeNull();
    await expect(
      setJit(ctx.db, actor, other.id, { enabled: true, directory: { name: uniqueName('Other'), domains: ['not a domain'] } }),
    ).rejects.toThrow('contains spaces or invisible characters');
    // Exactly one JIT directory per IdP, and JIT is turned off only by deleting it.
    await expect(
      setJit(ctx.db, actor, id, { enabled: true, directory: { name: uniqueName('Second'), domains: [domain()] } }),
    ).rejects.toThrow('JIT is already enabled');
    await expect(setJit(ctx.db, actor, id, { enabled: false })).rejects.toThrow(
      `JIT is turned off by deleting the directory "${name}", which deletes its 0 users.`,
    );
    expect(await setJit(ctx.db, actor, id, { enabled: true })).toMatchObject({ jitEnabled: true });
    // PUT is idempotent: the same directory again (any case or order of its domains) changes nothing.
    const events = await ctx.db.auditEvent.count({ where: { action: 'idp.jit.enable', idpId: id } });
    expect(await setJit(ctx.db, actor, id, { enabled: true, directory: { name, domains: [b, a.toUpperCase()] } })).toMatchObject({
      jitEnabled: true,
      directoryId: directory.id,
    });
    expect(await ctx.db.auditEvent.count({ where: { action: 'idp.jit.enable', idpId: id } })).toBe(events);
    await expect(setJit(ctx.db, actor, id, { enabled: true, directory: { name, domains: [a] } })).rejects.toThrow('JIT is already enabled');
  });

  it('two directories claiming one domain at the same moment: exactly one wins', async () => {
    const [first, second] = [await newIdp(), await newIdp()];
    const contested = domain('race');
    const results = await Promise.allSettled([
      setJit(ctx.db, actor, first.id, { enabled: true, directory: { name: uniqueName('A'), domains: [contested] } }),
      setJit(ctx.db, actor, second.id, { enabled: true, directory: { name: uniqueName('B'), domains: [contested] } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(String((rejected as PromiseRejectedResult).reason)).toContain(`The domain ${contested} already belongs to the directory`);
    expect(await ctx.db.domain.count({ where: { name: contested } })).toBe(1);
  });

  it('adds and removes domains; a domain with users, or the last one, stays', async () => {
    const { id } = await newIdp();
    const [a, b] = [domain(), domain()];
    await setJit(ctx.db, actor, id, { enabled: true, directory: { name: uniqueName('Dir'), domains: [a] } });
    const directoryId = (await getIdentityProvider(ctx.db, id)).directory!.id;
    await expect(removeDirectoryDomain(ctx.db, actor, directoryId, a)).rejects.toThrow(`${a} is the last domain`);
    await addDirectoryDomain(ctx.db, actor, directoryId, { domain: b.toUpperCase() });
    await addDirectoryDomain(ctx.db, actor, directoryId, { domain: b }); // idempotent
    await expect(addDirectoryDomain(ctx.db, actor, directoryId, { domain: 'acme' })).rejects.toThrow('not a valid domain name');
    await addUser(ctx.db, directoryId, b);
    await addUser(ctx.db, directoryId, b);
    await expect(removeDirectoryDomain(ctx.db, actor, directoryId, b)).rejects.toThrow(
      `The domain ${b} still has 2 users; it cannot be removed.`,
    );
    await ctx.db.user.deleteMany({ where: { directoryId } });
    await removeDirectoryDomain(ctx.db, actor, directoryId, b);
    expect((await getIdentityProvider(ctx.db, id)).directory?.domains).toEqual([a]);
    expect(await ctx.db.auditEvent.count({ where: { action: { startsWith: 'directory.domain' }, targetId: directoryId } })).toBe(2);
  });

  it('rule 4: deleting the JIT directory deletes its users and turns JIT off', async () => {
    const { id } = await newIdp();
    const a = domain();
    await setJit(ctx.db, actor, id, { enabled: true, directory: { name: uniqueName('Doomed'), domains: [a] } });
    const directoryId = (await getIdentityProvider(ctx.db, id)).directory!.id;
    const users = [await addUser(ctx.db, directoryId, a), await addUser(ctx.db, directoryId, a)];
    await expect(deleteDirectory(ctx.db, actor, directoryId, 1)).rejects.toThrow('deletes 2 users; confirm with that number');
    expect(await ctx.db.user.count({ where: { directoryId } })).toBe(2);
    const { jobId } = await deleteDirectory(ctx.db, actor, directoryId, 2);
    expect((await getIdentityProvider(ctx.db, id)).directory).toMatchObject({ deletingAt: expect.any(Date), deletion: { id: jobId } });
    expect((await getIdentityProvider(ctx.db, id)).status).toEqual({ tone: 'warning', label: 'Directory being deleted' });
    await runJobs(ctx.db);
    const ids = users.map((u) => u.id);
    expect(await ctx.db.user.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await ctx.db.userSession.count({ where: { userId: { in: ids } } })).toBe(0);
    expect(await ctx.db.userAttributeValue.count({ where: { userId: { in: ids } } })).toBe(0);
    expect(await ctx.db.domain.count({ where: { name: a } })).toBe(0);
    const idp = await getIdentityProvider(ctx.db, id);
    expect(idp.jitEnabled).toBe(false);
    expect(idp.directory).toBeNull();
    // A new JIT directory can be created for it again (and may reuse the freed domain).
    await setJit(ctx.db, actor, id, { enabled: true, directory: { name: uniqueName('Again'), domains: [a] } });
  });

  it('deletes an IdP only together with its directory, after confirming the user count', async () => {
    const { deps, calls } = fakeDeps();
    const { id } = await newIdp(deps);
    const a = domain();
    await setJit(ctx.db, actor, id, { enabled: true, directory: { name: uniqueName('Gone'), domains: [a] } });
    const directoryId = (await getIdentityProvider(ctx.db, id)).directory!.id;
    await addUser(ctx.db, directoryId, a);
    await expect(deleteIdentityProvider(ctx.db, actor, id, { confirmUsers: 0 }, deps)).rejects.toThrow(
      'deletes 1 user; confirm with that number',
    );
    expect(await ctx.db.identityProvider.count({ where: { id } })).toBe(1);
    const deletion = await deleteIdentityProvider(ctx.db, actor, id, { confirmUsers: 1 }, deps);
    expect(deletion).toEqual({ status: 'deleting', usersDeleted: 1, jobId: expect.any(String) });
    // The IdP stays (disabled) until its directory's users are gone, then goes with it.
    expect(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: false });
    await runJobs(ctx.db);
    expect(await ctx.db.identityProvider.count({ where: { id } })).toBe(0);
    expect(await ctx.db.directory.count({ where: { id: directoryId } })).toBe(0);
    expect(calls.removes).toEqual([`client-${id}`]);
    expect(await deleteIdentityProvider(ctx.db, actor, id, { confirmUsers: 1 }, deps)).toEqual({
      status: 'deleted',
      usersDeleted: 0,
      jobId: null,
    });
    expect(await ctx.db.auditEvent.count({ where: { action: 'idp.delete', targetId: id } })).toBe(1);
  });

  it('lists IdPs with directory, domains, nearest certificate expiry and status', async () => {
    const { id } = await newIdp();
    const list = await listIdentityProviders(ctx.db);
    const item = list.find((i) => i.id === id);
    expect(item?.nearestCertificateExpiry).toBeInstanceOf(Date);
    expect(list.some((i) => i.type === 'builtin')).toBe(true);
  });
});
