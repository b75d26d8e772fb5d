/**
 * The end-to-end tests' third-party IdP (e2e/fixtures/test-idp-server.ts), checked without a browser against a
 * samlify ServiceProvider — someone else's SAML code on both ends — and, for the signature, against xml-crypto.
 */
import { DOMParser, XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';
import * as samlify from 'samlify';
import { SignedXml } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestIdpServer, wellFormedXmlValidator, type TestIdpServer, type TestIdpUser } from '../../e2e/fixtures/test-idp-server';
import { generateTestKeyPair, type TestKeyPair } from '../../e2e/fixtures/test-keys';
import { renderServiceProviderMetadata } from '../saml/sp-metadata';

const SP_ENTITY_ID = 'http://127.0.0.1:9/metadata';
const ACS_URL = 'http://127.0.0.1:9/acs';
const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

const ADA: TestIdpUser = {
  nameId: 'ada@acme.test',
  attributes: {
    userName: 'ada',
    email: 'ada@acme.test',
    Department: 'Engineering',
    department: 'lower-case twin',
    groups: ['admins', 'staff', 'R&D <core>'],
  },
};

let spKeys: TestKeyPair;
let sp: samlify.ServiceProviderInstance;
let server: TestIdpServer;
let idp: samlify.IdentityProviderInstance;

beforeAll(async () => {
  spKeys = generateTestKeyPair(SP_ENTITY_ID);
  sp = samlify.ServiceProvider({
    entityID: SP_ENTITY_ID,
    authnRequestsSigned: true,
    wantAssertionsSigned: true,
    signingCert: spKeys.certificatePem,
    privateKey: spKeys.privateKeyPem,
    assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: ACS_URL }],
  });
  server = await startTestIdpServer({ spMetadataXml: sp.getMetadata(), users: { ada: ADA }, host: '127.0.0.1', port: 0 });
  // The SP's view of the IdP: only what it publishes.
  idp = samlify.IdentityProvider({ metadata: server.metadataXml });
});

afterAll(async () => {
  await server?.close();
});

function redirectUrl(target: samlify.IdentityProviderInstance, relayState?: string): { id: string; url: string } {
  const { id, context } = sp.createLoginRequest(target, 'redirect', relayState === undefined ? {} : { relayState });
  return { id, url: context };
}

/** Hidden/visible <input> values by name, and the form action, from our own small HTML pages. */
function formOf(html: string): { action: string | null; fields: Record<string, string> } {
  const decode = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decode(match[1] ?? '')] = decode(match[2] ?? '');
  }
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  return { action: action === undefined ? null : decode(action), fields };
}

async function signIn(loginPageHtml: string, username: string): Promise<Response> {
  const { fields } = formOf(loginPageHtml);
  return fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ ...fields, username }) });
}

async function loginResponseFor(
  username: string,
  relayState = 'relay/42?x=1&y=2',
): Promise<{
  requestId: string;
  html: string;
  samlResponse: string;
  postedRelayState: string | undefined;
  action: string | null;
}> {
  const { id, url } = redirectUrl(idp, relayState);
  const loginPage = await fetch(url);
  expect(loginPage.status).toBe(200);
  const response = await signIn(await loginPage.text(), username);
  expect(response.status).toBe(200);
  const html = await response.text();
  const { action, fields } = formOf(html);
  expect(fields.SAMLResponse).toBeTruthy();
  return { requestId: id, html, samlResponse: fields.SAMLResponse ?? '', postedRelayState: fields.RelayState, action };
}

function parseXml(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function only(elements: ArrayLike<XmlElement>): XmlElement {
  expect(elements.length).toBe(1);
  const element = elements[0];
  if (!element) throw new Error('missing element');
  return element;
}

describe('test IdP server', () => {
  test('serves its metadata: HTTP-Redirect SSO at /sso, wants signed AuthnRequests', async () => {
    const response = await fetch(`${server.url}/metadata`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toBe(server.metadataXml);
    expect(server.entityId).toBe(`${server.url}/metadata`);
    expect(server.ssoUrl).toBe(`${server.url}/sso`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.entityMeta.getEntityID()).toBe(server.entityId);
    expect(idp.entityMeta.isWantAuthnRequestsSigned()).toBe(true);
    expect(idp.entityMeta.getSingleSignOnService(samlify.Constants.wording.binding.redirect)).toBe(server.ssoUrl);
  });

  test('a signed AuthnRequest gets a login page carrying the request ID and RelayState; it is recorded', async () => {
    const { id, url } = redirectUrl(idp, 'relay-1');
    expect(url).toContain('Signature=');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toMatch(/<input id="username" name="username" type="text"/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(formOf(html)).toEqual({ action: '/login', fields: { requestId: id, RelayState: 'relay-1' } });
    expect(server.requests).toContainEqual(expect.objectContaining({ id, relayState: 'relay-1' }));
  });

  test('a request without RelayState is recorded with relayState null', async () => {
    const { id, url } = redirectUrl(idp);
    expect((await fetch(url)).status).toBe(200);
    expect(server.requests.at(-1)).toEqual(expect.objectContaining({ id, relayState: null }));
  });

  test('signs in a known user: a valid, signed Response to the request, auto-posted to the ACS', async () => {
    const { requestId, html, samlResponse, postedRelayState, action } = await loginResponseFor('ada');
    expect(action).toBe(ACS_URL);
    expect(postedRelayState).toBe('relay/42?x=1&y=2');
    expect(html).toMatch(/<form id="saml-response" method="post" action="http:\/\/127\.0\.0\.1:9\/acs">/);
    expect(html).toContain('<button type="submit">Continue</button>');
    expect(html).toContain('.submit()');

    // samlify as the SP: signature (by the IdP's published certificate), issuer, timing.
    const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: samlResponse } });
    expect(extract.response).toEqual(expect.objectContaining({ inResponseTo: requestId, destination: ACS_URL }));
    expect(extract.audience).toBe(SP_ENTITY_ID);
    expect(extract.issuer).toBe(server.entityId);
    expect(extract.nameID).toBe('ada@acme.test');
    expect(extract.sessionIndex).toEqual(expect.objectContaining({ sessionIndex: expect.stringMatching(/^_session_/) }));
    expect(extract.attributes).toEqual({
      userName: 'ada',
      email: 'ada@acme.test',
      Department: 'Engineering',
      department: 'lower-case twin',
      groups: ['admins', 'staff', 'R&D <core>'],
    });

    // The XML itself.
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    const document = parseXml(xml);
    const response = document.documentElement;
    if (!response) throw new Error('no document element');
    expect(response.namespaceURI).toBe(SAMLP_NS);
    expect(response.localName).toBe('Response');
    expect(response.getAttribute('Destination')).toBe(ACS_URL);
    expect(response.getAttribute('InResponseTo')).toBe(requestId);
    const subjectConfirmationData = only(document.getElementsByTagNameNS(SAML_NS, 'SubjectConfirmationData'));
    expect(subjectConfirmationData.getAttribute('Recipient')).toBe(ACS_URL);
    expect(subjectConfirmationData.getAttribute('InResponseTo')).toBe(requestId);
    const conditions = only(document.getElementsByTagNameNS(SAML_NS, 'Conditions'));
    const notBefore = Date.parse(conditions.getAttribute('NotBefore') ?? '');
    const notOnOrAfter = Date.parse(conditions.getAttribute('NotOnOrAfter') ?? '');
    expect(Math.abs(notBefore - (Date.now() - 60_000))).toBeLessThan(10_000);
    expect(Math.abs(notOnOrAfter - (Date.now() + 5 * 60_000))).toBeLessThan(10_000);
    only(document.getElementsByTagNameNS(SAML_NS, 'AuthnStatement'));
    only(document.getElementsByTagNameNS(SAML_NS, 'AttributeStatement'));
    const attributes = Array.from(document.getElementsByTagNameNS(SAML_NS, 'Attribute'));
    expect(attributes.map((attribute) => attribute.getAttribute('Name'))).toEqual([
      'userName',
      'email',
      'Department',
      'department',
      'groups',
    ]);
    for (const attribute of attributes) {
      expect(attribute.getAttribute('NameFormat')).toBe('urn:oasis:names:tc:SAML:2.0:attrname-format:basic');
    }
    const groups = attributes.find((attribute) => attribute.getAttribute('Name') === 'groups');
    expect(Array.from(groups?.getElementsByTagNameNS(SAML_NS, 'AttributeValue') ?? []).map((value) => value.textContent)).toEqual([
      'admins',
      'staff',
      'R&D <core>',
    ]);

    // xml-crypto, independently: one signature, on the Assertion, RSA-SHA256 / SHA-256 / exclusive c14n.
    const assertion = only(document.getElementsByTagNameNS(SAML_NS, 'Assertion'));
    const assertionId = assertion.getAttribute('ID');
    expect(assertionId).toBeTruthy();
    const signatureElement = only(document.getElementsByTagNameNS(DS_NS, 'Signature'));
    expect(signatureElement.parentNode).toBe(assertion);
    const signed = new SignedXml({ publicCert: server.keys.certificatePem });
    signed.loadSignature(new XMLSerializer().serializeToString(signatureElement));
    expect(signed.checkSignature(xml)).toBe(true);
    expect(signed.signatureAlgorithm).toBe(RSA_SHA256);
    expect(signed.canonicalizationAlgorithm).toBe(EXC_C14N);
    const references = signed.getReferences();
    expect(references).toHaveLength(1);
    expect(references[0]?.uri).toBe(`#${assertionId}`);
    expect(references[0]?.digestAlgorithm).toBe(SHA256);
    expect(references[0]?.transforms).toContain(EXC_C14N);
    const signedXml = signed.getSignedReferences()[0] ?? '';
    expect(parseXml(signedXml).documentElement?.localName).toBe('Assertion');
    expect(parseXml(signedXml).documentElement?.getAttribute('ID')).toBe(assertionId);

    // A signature by another key does not verify.
    const other = new SignedXml({ publicCert: generateTestKeyPair('someone-else').certificatePem });
    other.loadSignature(new XMLSerializer().serializeToString(signatureElement));
    expect(() => other.checkSignature(xml)).toThrow();
  });

  test('an unknown user gets the login page again with "Unknown user", and can retry', async () => {
    const { id, url } = redirectUrl(idp, 'relay-2');
    const loginPage = await (await fetch(url)).text();
    const response = await signIn(loginPage, 'nobody');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Unknown user');
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(formOf(html).fields).toEqual({ requestId: id, RelayState: 'relay-2' });
    const retry = await signIn(html, 'ada');
    expect(formOf(await retry.text()).fields.SAMLResponse).toBeTruthy();
  });

  test('setUser changes what the next sign-in sends', async () => {
    server.setUser('grace', { nameId: 'grace-7', attributes: { userName: 'grace', Department: ['Ops'] } });
    const { samlResponse } = await loginResponseFor('grace');
    const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: samlResponse } });
    expect(extract.nameID).toBe('grace-7');
    expect(extract.attributes).toEqual({ userName: 'grace', Department: 'Ops' });
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    expect(only(parseXml(xml).getElementsByTagNameNS(SAML_NS, 'NameID')).getAttribute('Format')).toBe(
      'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    );
  });

  test('rejects unsigned and tampered AuthnRequests with 400', async () => {
    const { url } = redirectUrl(idp, 'relay-3');
    const signedUrl = new URL(url);
    const count = server.requests.length;

    const unsigned = new URL(signedUrl);
    unsigned.searchParams.delete('Signature');
    unsigned.searchParams.delete('SigAlg');
    const unsignedResponse = await fetch(unsigned);
    expect(unsignedResponse.status).toBe(400);
    expect(await unsignedResponse.text()).toContain('Invalid SAML request: ERR_MISSING_SIG_ALG');

    // Flip one byte of the signature.
    const signature = Buffer.from(signedUrl.searchParams.get('Signature') ?? '', 'base64');
    signature[10] = (signature[10] ?? 0) ^ 0xff;
    const badSignature = new URL(signedUrl);
    badSignature.searchParams.set('Signature', signature.toString('base64'));
    const badSignatureResponse = await fetch(badSignature);
    expect(badSignatureResponse.status).toBe(400);
    expect(await badSignatureResponse.text()).toContain('ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION');

    // A valid signature, but over a different RelayState.
    const otherRelayState = new URL(signedUrl);
    otherRelayState.searchParams.set('RelayState', 'relay-evil');
    const otherRelayStateResponse = await fetch(otherRelayState);
    expect(otherRelayStateResponse.status).toBe(400);
    expect(await otherRelayStateResponse.text()).toContain('ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION');

    // Signed by a key other than the one in the SP metadata.
    const impostorKeys = generateTestKeyPair(SP_ENTITY_ID);
    const impostor = samlify.ServiceProvider({
      entityID: SP_ENTITY_ID,
      authnRequestsSigned: true,
      signingCert: impostorKeys.certificatePem,
      privateKey: impostorKeys.privateKeyPem,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: ACS_URL }],
    });
    const impostorResponse = await fetch(impostor.createLoginRequest(idp, 'redirect').context);
    expect(impostorResponse.status).toBe(400);
    expect(await impostorResponse.text()).toContain('ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION');

    expect((await fetch(`${server.url}/sso`)).status).toBe(400);
    expect(server.requests.length).toBe(count);
  });

  test('POST /login for a request it never received is refused', async () => {
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ requestId: '_never-sent', username: 'ada' }),
    });
    expect(response.status).toBe(400);
  });

  test('IdP-initiated: an unsolicited Response without InResponseTo', async () => {
    const response = await fetch(`${server.url}/idp-initiated?${new URLSearchParams({ user: 'ada', sp: SP_ENTITY_ID })}`);
    expect(response.status).toBe(200);
    const { action, fields } = formOf(await response.text());
    expect(action).toBe(ACS_URL);
    expect(fields.RelayState).toBeUndefined();
    const samlResponse = fields.SAMLResponse ?? '';
    const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: samlResponse } });
    expect(extract.nameID).toBe('ada@acme.test');
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    expect(xml).not.toContain('InResponseTo');
    expect((await fetch(`${server.url}/idp-initiated?user=nobody`)).status).toBe(404);
    expect((await fetch(`${server.url}/idp-initiated?user=ada&sp=https://other.test`)).status).toBe(400);
  });

  test('signResponse: true signs the Response and the Assertion', async () => {
    const signing = await startTestIdpServer({ spMetadataXml: sp.getMetadata(), users: { ada: ADA }, signResponse: true });
    try {
      const signingIdp = samlify.IdentityProvider({ metadata: signing.metadataXml });
      const loginPage = await (await fetch(redirectUrl(signingIdp).url)).text();
      const response = await fetch(`${signing.url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ ...formOf(loginPage).fields, username: 'ada' }),
      });
      const samlResponse = formOf(await response.text()).fields.SAMLResponse ?? '';
      await sp.parseLoginResponse(signingIdp, 'post', { body: { SAMLResponse: samlResponse } });
      const document = parseXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
      const parents = Array.from(document.getElementsByTagNameNS(DS_NS, 'Signature')).map((signature) =>
        signature.parentNode && 'localName' in signature.parentNode ? signature.parentNode.localName : null,
      );
      expect(parents.sort()).toEqual(['Assertion', 'Response']);
    } finally {
      await signing.close();
    }
  });

  test('the samlify validator only accepts well-formed XML', async () => {
    await expect(wellFormedXmlValidator('<a><b/></a>')).resolves.toBe('well-formed');
    await expect(wellFormedXmlValidator('<a><b></a>')).rejects.toThrow(/not well-formed/);
    await expect(wellFormedXmlValidator('')).rejects.toThrow(/not well-formed/);
  });

  test('refuses SP metadata that does not want signed assertions', async () => {
    const lax = samlify.ServiceProvider({
      entityID: SP_ENTITY_ID,
      authnRequestsSigned: true,
      wantAssertionsSigned: false,
      signingCert: spKeys.certificatePem,
      privateKey: spKeys.privateKeyPem,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: ACS_URL }],
    });
    await expect(startTestIdpServer({ spMetadataXml: lax.getMetadata(), users: {} })).rejects.toThrow(/WantAssertionsSigned/);
  });

  test("accepts Gatehouse's own SP metadata: ACS and entity ID come from it", async () => {
    const gatehouse = await startTestIdpServer({
      spMetadataXml: renderServiceProviderMetadata({
        entityId: 'http://127.0.0.1:9/api/saml/metadata',
        acsUrl: 'http://127.0.0.1:9/api/saml/acs',
        certificatePem: spKeys.certificatePem,
      }),
      users: { ada: ADA },
    });
    try {
      const response = await fetch(`${gatehouse.url}/idp-initiated?user=ada&RelayState=r`);
      const { action, fields } = formOf(await response.text());
      expect(action).toBe('http://127.0.0.1:9/api/saml/acs');
      expect(fields.RelayState).toBe('r');
      const document = parseXml(Buffer.from(fields.SAMLResponse ?? '', 'base64').toString('utf8'));
      expect(only(document.getElementsByTagNameNS(SAML_NS, 'Audience')).textContent).toBe('http://127.0.0.1:9/api/saml/metadata');
      expect(only(document.getElementsByTagNameNS(SAML_NS, 'SubjectConfirmationData')).getAttribute('Recipient')).toBe(
        'http://127.0.0.1:9/api/saml/acs',
      );
    } finally {
      await gatehouse.close();
    }
  });
});
