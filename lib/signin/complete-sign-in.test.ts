import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTestKeyPair } from '../../e2e/fixtures/test-keys';
import { hashToken } from '../auth/tokens';
import { buildSignedResponse, newId } from '../saml/gate/testing/sign-response';
import { seedDefaults } from '../setup/seed-defaults';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import type { Db } from '../db';
import { completeSignIn, SIGN_IN_FAILED } from './complete-sign-in';

const SP = { spEntityId: 'https://sso.gatehouse.test/api/saml/metadata', acsUrl: 'https://sso.gatehouse.test/api/saml/acs' };
const idpKeys = generateTestKeyPair('idp.example');

async function createIdp(db: Db, options: { allowIdpInitiated?: boolean } = {}) {
  const entityId = `https://${uniqueName('idp')}.example/metadata`;
  const domain = `${uniqueName('corp').replace(/_/g, '-')}.example`;
  const cert = new X509Certificate(idpKeys.certificatePem);
  const idp = await db.identityProvider.create({
    data: {
      name: uniqueName('IdP'),
      type: 'saml',
      entityId,
      jitEnabled: true,
      allowIdpInitiated: options.allowIdpInitiated ?? false,
      certificates: {
        create: [
          {
            pem: idpKeys.certificatePem,
            fingerprintSha256: cert.fingerprint256,
            subject: cert.subject,
            notBefore: new Date(cert.validFrom),
            notAfter: new Date(cert.validTo),
          },
        ],
      },
    },
  });
  await db.directory.create({
    data: { name: uniqueName('dir'), type: 'jit', idpId: idp.id, jitIdpId: idp.id, domains: { create: [{ name: domain }] } },
  });
  return { idp, entityId, domain };
}

async function startRequest(db: Db, idpId: string, flowNonce: string) {
  const id = newId();
  await db.samlRequest.create({ data: { id, idpId, browserHash: hashToken(flowNonce), expiresAt: new Date(Date.now() + 600_000) } });
  return id;
}

function respond(entityId: string, inResponseTo: string | null, userName = uniqueName('user')) {
  return buildSignedResponse({
    keys: idpKeys,
    issuer: entityId,
    ...SP,
    inResponseTo,
    nameId: userName,
    attributes: [{ name: 'userName', values: [userName] }],
  });
}

describe.each(TEST_PROVIDERS)('completeSignIn (the ACS) on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  beforeAll(async () => seedDefaults(ctx.db));

  it('accepts a response to the request this browser started, once, and provisions the user', async () => {
    const { idp, entityId } = await createIdp(ctx.db);
    const requestId = await startRequest(ctx.db, idp.id, 'browser-a');
    const response = respond(entityId, requestId);
    const result = await completeSignIn(ctx.db, { samlResponse: response.base64, flowNonce: 'browser-a', ...SP });
    expect(result).toMatchObject({ ok: true, idpId: idp.id });
    if (!result.ok) return;
    expect(await ctx.db.userSession.count({ where: { id: result.sessionId } })).toBe(1);
    expect((await ctx.db.samlRequest.findUniqueOrThrow({ where: { id: requestId } })).consumedAt).not.toBeNull();

    // The same response again: refused, and audited with the reason.
    const again = await completeSignIn(ctx.db, { samlResponse: response.base64, flowNonce: 'browser-a', ...SP });
    expect(again).toEqual({ ok: false, message: SIGN_IN_FAILED });
  });

  it('refuses a response posted into another browser (login CSRF), and an unsolicited one', async () => {
    const { idp, entityId } = await createIdp(ctx.db);
    const requestId = await startRequest(ctx.db, idp.id, 'victim-or-attacker');
    const response = respond(entityId, requestId);
    expect(await completeSignIn(ctx.db, { samlResponse: response.base64, flowNonce: 'other-browser', ...SP })).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
    expect(await completeSignIn(ctx.db, { samlResponse: response.base64, flowNonce: null, ...SP })).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
    const refusal = await ctx.db.auditEvent.findFirst({
      where: { action: 'signin.refused', reason: { contains: 'No sign-in was started' } },
    });
    expect(refusal).not.toBeNull();
    // Positive control: the right browser is accepted.
    expect(await completeSignIn(ctx.db, { samlResponse: response.base64, flowNonce: 'victim-or-attacker', ...SP })).toMatchObject({
      ok: true,
    });
  });

  it('binds to the request ID: a response for another request of the same IdP is refused', async () => {
    const { idp, entityId } = await createIdp(ctx.db);
    await startRequest(ctx.db, idp.id, 'browser-b');
    const forOther = respond(entityId, newId());
    const result = await completeSignIn(ctx.db, { samlResponse: forOther.base64, flowNonce: 'browser-b', ...SP });
    expect(result).toEqual({ ok: false, message: SIGN_IN_FAILED });
    const event = await ctx.db.auditEvent.findFirst({ where: { action: 'signin.refused', idpId: idp.id }, orderBy: { createdAt: 'desc' } });
    expect(event?.reason).toMatch(/^in_response_to_mismatch/);
  });

  it('takes the IdP from server state: another IdP’s valid response cannot complete this browser’s sign-in', async () => {
    const a = await createIdp(ctx.db);
    const b = await createIdp(ctx.db);
    const requestId = await startRequest(ctx.db, a.idp.id, 'browser-c');
    // Signed with the same key material but issued as IdP B: the issuer does not match the IdP chosen from state.
    const asB = respond(b.entityId, requestId);
    expect(await completeSignIn(ctx.db, { samlResponse: asB.base64, flowNonce: 'browser-c', ...SP })).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
  });

  it('IdP-initiated sign-in only for an IdP that allows it', async () => {
    const closed = await createIdp(ctx.db);
    expect(await completeSignIn(ctx.db, { samlResponse: respond(closed.entityId, null).base64, flowNonce: null, ...SP })).toMatchObject({
      ok: false,
    });
    const open = await createIdp(ctx.db, { allowIdpInitiated: true });
    expect(await completeSignIn(ctx.db, { samlResponse: respond(open.entityId, null).base64, flowNonce: null, ...SP })).toMatchObject({
      ok: true,
      idpId: open.idp.id,
    });
  });

  it('shows the provisioning refusal to the person (rule 7)', async () => {
    const { idp, entityId } = await createIdp(ctx.db);
    const requestId = await startRequest(ctx.db, idp.id, 'browser-d');
    const response = buildSignedResponse({
      keys: idpKeys,
      issuer: entityId,
      ...SP,
      inResponseTo: requestId,
      nameId: 'x',
      attributes: [{ name: 'firstName', values: ['X'] }],
    });
    expect(await completeSignIn(ctx.db, { samlResponse: response.base64, flowNonce: 'browser-d', ...SP })).toEqual({
      ok: false,
      message: 'User attribute is missing: userName.',
    });
  });
});
