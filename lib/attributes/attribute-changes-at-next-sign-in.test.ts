import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { seedDefaults } from '../setup/seed-defaults';
import { provisionUser } from '../jit/provision-user';
import type { ValidatedAssertion } from '../jit/types';
import { createAttribute } from './create-attribute';
import { deleteAttribute } from './delete-attribute';
import { updateAttribute } from './update-attribute';

/**
 * JIT provisioning reads the attribute definitions at every sign-in (lib/jit/load-jit-config.ts,
 * inside the sign-in transaction, nothing cached), so a change on the User Attributes page applies
 * from the next sign-in. This checks it end to end through the services the page and API call.
 */

const actor = { type: 'admin', id: 'admin-1', label: 'ops@example.test' } as const;

async function createJitIdp(db: Db) {
  const domain = `${uniqueName('acme').replace(/_/g, '-')}.test`;
  const idp = await db.identityProvider.create({ data: { name: uniqueName('IdP'), type: 'saml', jitEnabled: true } });
  await db.directory.create({
    data: { name: uniqueName('Dir'), type: 'jit', idpId: idp.id, jitIdpId: idp.id, domains: { create: [{ name: domain }] } },
  });
  return { idpId: idp.id, domain };
}

function assertion(idpId: string, attributes: Record<string, string[]>): ValidatedAssertion {
  return {
    idpId,
    nameId: 'someone@idp.test',
    assertionId: uniqueName('_assertion'),
    attributes: Object.entries(attributes).map(([name, values]) => ({ name, values })),
  };
}

async function storedValues(db: Db, userId: string, name: string) {
  const rows = await db.userAttributeValue.findMany({ where: { userId, name }, orderBy: { position: 'asc' } });
  return rows.map((row) => row.value);
}

describe.each(TEST_PROVIDERS)('attribute changes at the next sign-in on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  beforeAll(async () => {
    await seedDefaults(ctx.db);
  });

  it('a custom attribute marked required refuses the next sign-in without it, and optional again lets it in', async () => {
    const { idpId } = await createJitIdp(ctx.db);
    const name = uniqueName('costCenter');
    await createAttribute(ctx.db, actor, { name, displayName: 'Cost center' });
    const signIn = () => provisionUser(ctx.db, assertion(idpId, { userName: ['carol'], firstName: ['Carol'] }));

    expect((await signIn()).outcome).toBe('created');

    await updateAttribute(ctx.db, actor, name, { required: true });
    expect(await signIn()).toEqual({ outcome: 'refused', reason: `User attribute is missing: ${name}.` });
    const refusal = await ctx.db.auditEvent.findFirst({ where: { action: 'signin.refused', idpId }, orderBy: { createdAt: 'desc' } });
    expect(refusal?.reason).toBe(`User attribute is missing: ${name}.`);

    await updateAttribute(ctx.db, actor, name, { required: false });
    expect((await signIn()).outcome).toBe('updated');
  });

  it('a new attribute is stored from the next sign-in; once deleted, values stay until the next sign-in drops them', async () => {
    const { idpId } = await createJitIdp(ctx.db);
    const name = uniqueName('badge');
    const signIn = (badges: string[]) =>
      provisionUser(ctx.db, assertion(idpId, { userName: ['dave'], [name]: badges })).then((result) => {
        if (result.outcome === 'refused') throw new Error(result.reason);
        return result;
      });

    const first = await signIn(['B-1']);
    expect(await storedValues(ctx.db, first.userId, name)).toEqual([]);

    await createAttribute(ctx.db, actor, { name, displayName: 'Badge', multiValued: true });
    await signIn(['B-1', 'B-2']);
    expect(await storedValues(ctx.db, first.userId, name)).toEqual(['B-1', 'B-2']);

    // Deleting the definition leaves the stored values alone…
    await deleteAttribute(ctx.db, actor, name);
    expect(await storedValues(ctx.db, first.userId, name)).toEqual(['B-1', 'B-2']);
    // …and the user's next sign-in, which keeps only defined attributes, removes them and records it.
    await signIn(['B-3']);
    expect(await storedValues(ctx.db, first.userId, name)).toEqual([]);
    const update = await ctx.db.auditEvent.findFirst({
      where: { action: 'user.update', targetId: first.userId },
      orderBy: { createdAt: 'desc' },
    });
    expect(JSON.parse(update?.details ?? '{}')).toMatchObject({ changes: { [name]: { before: ['B-1', 'B-2'], after: [] } } });
  });
});
