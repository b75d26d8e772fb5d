import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { findSignInIdp } from './find-sign-in-idp';

describe.each(TEST_PROVIDERS)('findSignInIdp on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const acme = `${uniqueName('acme').replace(/_/g, '-')}.test`;
  const off = `${uniqueName('off').replace(/_/g, '-')}.test`;
  const local = `${uniqueName('local').replace(/_/g, '-')}.test`;
  let idpId = '';

  beforeAll(async () => {
    const idp = await ctx.db.identityProvider.create({
      data: { name: uniqueName('ACME'), type: 'saml', jitEnabled: true, samlClientId: uniqueName('c') },
    });
    idpId = idp.id;
    await ctx.db.directory.create({
      data: { name: uniqueName('acme-dir'), type: 'jit', idpId: idp.id, jitIdpId: idp.id, domains: { create: [{ name: acme }] } },
    });
    const disabled = await ctx.db.identityProvider.create({
      data: { name: 'Disabled IdP ' + uniqueName('x'), type: 'saml', enabled: false, jitEnabled: true, samlClientId: uniqueName('c') },
    });
    await ctx.db.directory.create({
      data: { name: uniqueName('off-dir'), type: 'jit', idpId: disabled.id, jitIdpId: disabled.id, domains: { create: [{ name: off }] } },
    });
    await ctx.db.directory.create({ data: { name: uniqueName('local-dir'), type: 'local', domains: { create: [{ name: local }] } } });
  });

  it('routes an email to the IdP whose JIT directory owns its domain, whatever the case', async () => {
    const target = await findSignInIdp(ctx.db, `Alice.Smith@${acme.toUpperCase()}`);
    expect(target).toMatchObject({ ok: true, domain: acme, idp: { id: idpId } });
    expect(await findSignInIdp(ctx.db, acme)).toMatchObject({ ok: true, idp: { id: idpId } });
  });

  it('gives a clear message for unknown domains, disabled IdPs and bad input', async () => {
    expect(await findSignInIdp(ctx.db, 'bob@unknown-domain.test')).toEqual({
      ok: false,
      message: 'Single sign-on is not set up for unknown-domain.test. Check the address, or ask your administrator.',
    });
    expect(await findSignInIdp(ctx.db, `carol@${off}`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Sign-in through Disabled IdP .* is turned off/),
    });
    expect(await findSignInIdp(ctx.db, `dave@${local}`)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Single sign-on is not set up'),
    });
    expect(await findSignInIdp(ctx.db, '')).toEqual({ ok: false, message: 'Enter your work email address.' });
    expect(await findSignInIdp(ctx.db, 'not an email')).toMatchObject({
      ok: false,
      message: expect.stringContaining('e.g. name@company.com'),
    });
    // Look-alike and invisible characters never reach another domain.
    expect(await findSignInIdp(ctx.db, `eve@${acme}\u200b`)).toMatchObject({ ok: false });
  });
});
