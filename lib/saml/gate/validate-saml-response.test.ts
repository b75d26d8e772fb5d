import * as samlify from 'samlify';
import { describe, expect, test } from 'vitest';
import { generateTestKeyPair } from '../../../e2e/fixtures/test-keys';
import { createTestIdp } from '../../../e2e/fixtures/test-idp';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from '../../xml/namespaces';
import type { ReplayStore } from './replay-store';
import { EC_P256_TEST_KEYS, EC_P384_TEST_KEYS } from './testing/ec-test-keys';
import {
  ALG,
  buildSignedResponse,
  child,
  descendant,
  editXml,
  insertIntoNameId,
  isoAfter,
  resignSignedInfo,
  toBase64,
  wrapSignature,
  type SignResponseOptions,
  type WrapPlacement,
} from './testing/sign-response';
import {
  MAX_XML_BYTES,
  validateSamlResponse,
  type GateExpectations,
  type GateFailureCode,
  type GateResult,
} from './validate-saml-response';

const IDP_ENTITY_ID = 'https://idp.acme.test/saml';
const OTHER_IDP_ENTITY_ID = 'https://idp.other.test/saml';
const SP_ENTITY_ID = 'https://gatehouse.test/saml';
const ACS_URL = 'https://gatehouse.test/api/saml/acs';
const REQUEST_ID = '_request-7f3a9c';

const idpKeys = generateTestKeyPair(IDP_ENTITY_ID);
const otherIdpKeys = generateTestKeyPair(OTHER_IDP_ENTITY_ID);
const attackerKeys = generateTestKeyPair('attacker.evil.test');

function memoryReplay(): ReplayStore {
  const used = new Set<string>();
  return {
    consume: async (idpId, assertionId) => {
      const key = `${idpId}\u0000${assertionId}`;
      if (used.has(key)) return false;
      used.add(key);
      return true;
    },
  };
}

function expectations(
  overrides: Omit<Partial<GateExpectations>, 'idp'> & { idp?: Partial<GateExpectations['idp']> } = {},
): GateExpectations {
  const { idp, ...rest } = overrides;
  return {
    idp: { id: 'idp_acme', entityId: IDP_ENTITY_ID, certificatesPem: [idpKeys.certificatePem], allowIdpInitiated: false, ...idp },
    spEntityId: SP_ENTITY_ID,
    acsUrl: ACS_URL,
    inResponseTo: REQUEST_ID,
    ...rest,
  };
}

function build(overrides: Partial<SignResponseOptions> = {}) {
  return buildSignedResponse({
    keys: idpKeys,
    issuer: IDP_ENTITY_ID,
    spEntityId: SP_ENTITY_ID,
    acsUrl: ACS_URL,
    inResponseTo: REQUEST_ID,
    ...overrides,
  });
}

type CheckOptions = { expect?: GateExpectations; now?: Date; replay?: ReplayStore };

function check(samlResponse: string, options: CheckOptions = {}): Promise<GateResult> {
  return validateSamlResponse({ samlResponse }, options.expect ?? expectations(), {
    replay: options.replay ?? memoryReplay(),
    ...(options.now ? { now: options.now } : {}),
  });
}

async function expectAccepted(samlResponse: string, options: CheckOptions = {}) {
  const result = await check(samlResponse, options);
  if (!result.ok) throw new Error(`expected acceptance, got ${result.code}: ${result.reason}`);
  return result.assertion;
}

/** The attack is refused with `code`, and the untouched control is accepted under the same expectations. */
async function expectRefused(
  attack: string,
  code: GateFailureCode,
  control: string,
  options: CheckOptions & { controlOptions?: CheckOptions; reason?: RegExp } = {},
) {
  await expectAccepted(control, options.controlOptions ?? options);
  const result = await check(attack, options);
  expect(result.ok ? 'accepted' : `${result.code}: ${result.reason}`).toMatch(new RegExp(`^${code}: `));
  if (!result.ok && options.reason) expect(result.reason).toMatch(options.reason);
  return result;
}

function edit(xml: string, change: Parameters<typeof editXml>[1]): string {
  return toBase64(editXml(xml, change));
}

describe('accepts genuine responses', () => {
  test('a response signed by samlify (a third-party IdP implementation), assertion-only and assertion + message', async () => {
    const testIdp = createTestIdp({ entityId: IDP_ENTITY_ID, ssoUrl: 'https://idp.acme.test/sso', keys: idpKeys });
    for (const wantMessageSigned of [false, true]) {
      const sp = samlify.ServiceProvider({
        entityID: SP_ENTITY_ID,
        wantAssertionsSigned: true,
        wantMessageSigned,
        assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: ACS_URL }],
      });
      const now = new Date();
      const ids = { response: `_sf${Date.now()}r${Number(wantMessageSigned)}`, assertion: `_sf${Date.now()}a${Number(wantMessageSigned)}` };
      const { context } = await testIdp.idp.createLoginResponse(
        sp,
        { extract: { request: { id: REQUEST_ID } } },
        'post',
        { email: 'ada@acme.test' },
        (template: string) => ({
          id: ids.response,
          context: samlify.SamlLib.replaceTagsByValue(SAMLIFY_TEMPLATE, {
            ID: ids.response,
            AssertionID: ids.assertion,
            Destination: ACS_URL,
            Audience: SP_ENTITY_ID,
            SubjectRecipient: ACS_URL,
            Issuer: IDP_ENTITY_ID,
            IssueInstant: now.toISOString(),
            StatusCode: samlify.Constants.StatusCode.Success,
            ConditionsNotBefore: now.toISOString(),
            ConditionsNotOnOrAfter: isoAfter(now, 300),
            SubjectConfirmationDataNotOnOrAfter: isoAfter(now, 300),
            NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
            NameID: 'ada@acme.test',
            InResponseTo: REQUEST_ID,
            Template: template.length,
          }),
        }),
      );
      const assertion = await expectAccepted(context);
      expect(assertion).toMatchObject({
        assertionId: ids.assertion,
        nameId: 'ada@acme.test',
        issuer: IDP_ENTITY_ID,
        inResponseTo: REQUEST_ID,
      });
      expect(Buffer.from(context, 'base64').toString().includes('<ds:Signature')).toBe(true);
    }
  });

  test('returns the identity from the signed assertion: NameID, format, session, bounds, attributes in order', async () => {
    const now = new Date('2026-11-28T10:00:00.000Z');
    const response = build({
      now,
      nameId: 'ada@acme.test',
      sessionIndex: '_s-42',
      attributes: [
        { name: 'userName', values: ['ada'] },
        { name: 'groups', values: ['vpn-users', 'engineering', 'sales', 'engineering'] },
        { name: 'empty', values: [] },
      ],
      notOnOrAfter: '2026-11-28T10:05:00Z',
      confirmationNotOnOrAfter: '2026-11-28T10:03:00.5Z',
    });
    const assertion = await expectAccepted(response.base64, { now });
    expect(assertion).toEqual({
      assertionId: response.assertionId,
      issuer: IDP_ENTITY_ID,
      nameId: 'ada@acme.test',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      sessionIndex: '_s-42',
      notOnOrAfter: new Date('2026-11-28T10:03:00.500Z'),
      inResponseTo: REQUEST_ID,
      attributes: [
        { name: 'userName', values: ['ada'] },
        { name: 'groups', values: ['vpn-users', 'engineering', 'sales', 'engineering'] },
        { name: 'empty', values: [] },
      ],
    });
  });

  test.each([
    ['RSA-SHA256 / SHA-256', idpKeys, ALG.rsaSha256, ALG.sha256],
    ['RSA-SHA384 / SHA-384', idpKeys, ALG.rsaSha384, ALG.sha384],
    ['RSA-SHA512 / SHA-512', idpKeys, ALG.rsaSha512, ALG.sha512],
    ['ECDSA P-256 SHA-256', EC_P256_TEST_KEYS, ALG.ecdsaSha256, ALG.sha256],
    ['ECDSA P-384 SHA-384', EC_P384_TEST_KEYS, ALG.ecdsaSha384, ALG.sha384],
    ['ECDSA P-256 SHA-512', EC_P256_TEST_KEYS, ALG.ecdsaSha512, ALG.sha512],
  ])('allowlisted algorithm %s', async (_label, keys, signatureAlgorithm, digestAlgorithm) => {
    const response = build({ keys, signatureAlgorithm, digestAlgorithm });
    await expectAccepted(response.base64, { expect: expectations({ idp: { certificatesPem: [keys.certificatePem] } }) });
  });

  test('certificate rollover: any of the stored certificates verifies; an EC key is not tried for RSA', async () => {
    const response = build();
    await expectAccepted(response.base64, {
      expect: expectations({
        idp: { certificatesPem: [otherIdpKeys.certificatePem, EC_P256_TEST_KEYS.certificatePem, idpKeys.certificatePem] },
      }),
    });
  });

  test('a signed Response and a signed Assertion, both verified', async () => {
    await expectAccepted(build({ signResponse: true }).base64);
  });

  test('an InclusiveNamespaces PrefixList on the transform (Okta/Shibboleth style), also with a signed Response', async () => {
    const response = build({ inclusiveNamespacesPrefixList: ['xs'] });
    expect(response.xml).toContain('PrefixList="xs"');
    await expectAccepted(response.base64);
    await expectAccepted(build({ inclusiveNamespacesPrefixList: ['xs', 'saml'], signResponse: true }).base64);
  });

  test('base64 wrapped in CRLF lines is accepted; Destination may be absent on an unsigned Response', async () => {
    const wrapped = build().base64.replace(/.{76}/g, '$&\r\n');
    await expectAccepted(wrapped);
    await expectAccepted(build({ destination: null }).base64);
  });

  test('clock skew: up to 180 s past NotOnOrAfter is accepted, and a larger configured skew is capped at 180 s', async () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const response = build({ now });
    // NotOnOrAfter is now + 300 s.
    await expectAccepted(response.base64, { now: new Date(now.getTime() + 470_000) });
    const late = await check(response.base64, { now: new Date(now.getTime() + 490_000), expect: expectations({ maxSkewSeconds: 3600 }) });
    expect(late.ok ? 'ok' : late.code).toBe('expired');
  });
});

describe('signature wrapping (XSW)', () => {
  test.each<[WrapPlacement, GateFailureCode]>([
    ['XSW1', 'response_malformed'],
    ['XSW2', 'response_malformed'],
  ])('%s (wrapped signed Response) is refused with %s', async (placement, code) => {
    const response = build({ signResponse: true });
    await expectRefused(toBase64(wrapSignature(response.xml, placement)), code, response.base64);
  });

  test.each<[WrapPlacement]>([['XSW3'], ['XSW4'], ['XSW5'], ['XSW6'], ['XSW7'], ['XSW8']])(
    '%s (second assertion placed around the signed one) is refused as multiple_assertions',
    async (placement) => {
      const response = build();
      const attack = wrapSignature(response.xml, placement);
      expect(attack).toContain('mallory@evil.test');
      await expectRefused(toBase64(attack), 'multiple_assertions', response.base64);
    },
  );

  test('the only Assertion moved out of place (into Extensions) is refused', async () => {
    const response = build();
    const attack = edit(response.xml, (document, { response: root, assertion }) => {
      const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      root.removeChild(assertion);
      extensions.appendChild(assertion);
      root.insertBefore(extensions, child(root, SAML_PROTOCOL_NS, 'Status') ?? null);
    });
    await expectRefused(attack, 'assertion_misplaced', response.base64);
  });

  test('a signature elsewhere than on the Response or Assertion is refused', async () => {
    const response = build();
    const attack = edit(response.xml, (document, { response: root, assertionSignature }) => {
      const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      extensions.appendChild(assertionSignature!.cloneNode(true));
      root.insertBefore(extensions, child(root, SAML_PROTOCOL_NS, 'Status') ?? null);
    });
    await expectRefused(attack, 'unexpected_signature', response.base64);
  });

  test('a Reference re-pointed (and validly re-signed) at another element is refused', async () => {
    const response = build();
    const attack = edit(response.xml, (document, { response: root, assertionSignature }) => {
      const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      const decoy = document.createElementNS('urn:decoy', 'd:Decoy');
      decoy.setAttribute('ID', '_decoy');
      extensions.appendChild(decoy);
      root.insertBefore(extensions, child(root, SAML_PROTOCOL_NS, 'Status') ?? null);
      descendant(assertionSignature!, XMLDSIG_NS, 'Reference')!.setAttribute('URI', '#_decoy');
      resignSignedInfo(assertionSignature!, idpKeys);
    });
    await expectRefused(attack, 'signature_reference', response.base64);
  });
});

describe('signature exclusion, key and algorithm attacks', () => {
  test('signature removed from the assertion (signature exclusion)', async () => {
    const response = build();
    const attack = edit(response.xml, (_document, { assertion, assertionSignature }) => {
      assertion.removeChild(assertionSignature!);
    });
    await expectRefused(attack, 'assertion_not_signed', response.base64);
  });

  test('unsigned assertion inside a validly signed Response: a Response signature alone is not enough', async () => {
    const control = build({ signResponse: true });
    const attack = build({ signAssertion: false, signResponse: true });
    await expectRefused(attack.base64, 'assertion_not_signed', control.base64, { reason: /WantAssertionsSigned/ });
  });

  test('nothing signed at all', async () => {
    await expectRefused(build({ signAssertion: false }).base64, 'assertion_not_signed', build().base64);
  });

  test('a value changed after signing breaks the digest', async () => {
    const response = build();
    const attack = toBase64(response.xml.replace('>ada@acme.test</saml:NameID>', '>admin@acme.test</saml:NameID>'));
    await expectRefused(attack, 'signature_invalid', response.base64, { reason: /digest/ });
  });

  test("attacker's key with the attacker's certificate in KeyInfo: KeyInfo is ignored", async () => {
    const attack = build({ keys: attackerKeys, keyInfoCertificatePem: attackerKeys.certificatePem });
    expect(attack.xml).toContain('<ds:X509Certificate>');
    await expectRefused(attack.base64, 'signature_invalid', build().base64);
  });

  test("attacker's key with the IdP's own certificate in KeyInfo", async () => {
    const attack = build({ keys: attackerKeys, keyInfoCertificatePem: idpKeys.certificatePem });
    await expectRefused(attack.base64, 'signature_invalid', build().base64);
  });

  test('IdP with no certificate (or an unusable one) fails closed', async () => {
    const response = build();
    await expectRefused(response.base64, 'no_idp_certificate', response.base64, {
      expect: expectations({ idp: { certificatesPem: [] } }),
      controlOptions: {},
    });
    const garbage = await check(response.base64, {
      expect: expectations({ idp: { certificatesPem: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] } }),
    });
    expect(garbage.ok ? 'ok' : garbage.code).toBe('no_idp_certificate');
  });

  test('RSA-SHA1 (genuinely signed) is refused', async () => {
    await expectRefused(
      build({ signatureAlgorithm: ALG.rsaSha1, digestAlgorithm: ALG.sha1 }).base64,
      'signature_algorithm',
      build().base64,
    );
  });

  test('SHA-1 digest under RSA-SHA256 (genuinely signed) is refused', async () => {
    await expectRefused(build({ digestAlgorithm: ALG.sha1 }).base64, 'signature_algorithm', build().base64, { reason: /digest/ });
  });

  test("HMAC-SHA1 keyed with the IdP's public certificate (key confusion) is refused", async () => {
    const attack = build({ hmacSecret: idpKeys.certificatePem });
    expect(attack.xml).toContain(ALG.hmacSha1);
    await expectRefused(attack.base64, 'signature_algorithm', build().base64);
  });

  test('ECDSA labelled signature verified only against EC keys (an RSA-only IdP refuses it)', async () => {
    const attack = build({ keys: EC_P256_TEST_KEYS, signatureAlgorithm: ALG.ecdsaSha256 });
    await expectRefused(attack.base64, 'signature_invalid', build().base64, { reason: /EC key/ });
  });

  test('inclusive C14N for SignedInfo (genuinely signed) is refused', async () => {
    await expectRefused(build({ canonicalization: ALG.c14n }).base64, 'signature_algorithm', build().base64);
  });
});

describe('transforms and references', () => {
  test('exc-C14N WithComments (genuinely signed) is refused', async () => {
    const attack = build({ transforms: [ALG.envelopedSignature, ALG.excC14nWithComments] });
    await expectRefused(attack.base64, 'signature_transforms', build().base64);
  });

  test.each([
    ['XPath', ALG.xpath],
    ['XSLT', ALG.xslt],
  ])('%s transform added (SignedInfo validly re-signed) is refused', async (_label, algorithm) => {
    const response = build();
    const attack = edit(response.xml, (document, { assertionSignature }) => {
      const transforms = descendant(assertionSignature!, XMLDSIG_NS, 'Transforms')!;
      const transform = document.createElementNS(XMLDSIG_NS, 'ds:Transform');
      transform.setAttribute('Algorithm', algorithm);
      const xpath = document.createElementNS(XMLDSIG_NS, 'ds:XPath');
      xpath.appendChild(document.createTextNode('not(ancestor-or-self::saml:NameID)'));
      transform.appendChild(xpath);
      transforms.insertBefore(transform, transforms.firstChild);
      resignSignedInfo(assertionSignature!, idpKeys);
    });
    await expectRefused(attack, 'signature_transforms', response.base64);
  });

  test('only enveloped-signature (no exc-C14N) is refused', async () => {
    await expectRefused(build({ transforms: [ALG.envelopedSignature] }).base64, 'signature_transforms', build().base64);
  });

  test('two References (genuinely signed) are refused', async () => {
    const attack = build({ secondReference: true });
    expect(attack.xml.match(/<ds:Reference /g)).toHaveLength(2);
    await expectRefused(attack.base64, 'signature_reference', build().base64);
  });

  test('an Object inside the Signature is refused', async () => {
    const response = build();
    const attack = edit(response.xml, (document, { assertionSignature }) => {
      const object = document.createElementNS(XMLDSIG_NS, 'ds:Object');
      object.appendChild(document.createTextNode('x'));
      assertionSignature!.appendChild(object);
    });
    await expectRefused(attack, 'signature_malformed', response.base64);
  });
});

describe('parser attacks', () => {
  test('comment truncation: the whole signed text is read, not the part before the comment', async () => {
    const response = build({
      nameId: 'user@acme.test.evil.test',
      attributes: [{ name: 'email', values: ['user@acme.test.evil.test', 'second'] }],
    });
    const attack = insertIntoNameId(response.xml, 'user@acme.test'.length, '<!---->').replace(
      '>user@acme.test.evil.test</saml:AttributeValue>',
      '>user@acme.test<!-- -->.evil.test</saml:AttributeValue>',
    );
    expect(attack).toContain('user@acme.test<!---->.evil.test</saml:NameID>');
    expect(attack).toContain('user@acme.test<!-- -->.evil.test</saml:AttributeValue>');
    const assertion = await expectAccepted(toBase64(attack));
    expect(assertion.nameId).toBe('user@acme.test.evil.test');
    expect(assertion.attributes).toEqual([{ name: 'email', values: ['user@acme.test.evil.test', 'second'] }]);
  });

  test('a processing instruction inside the NameID is refused', async () => {
    const response = build();
    await expectRefused(toBase64(insertIntoNameId(response.xml, 3, '<?evil truncate?>')), 'xml_processing_instruction', response.base64);
  });

  test('DOCTYPE with an external entity (XXE) is refused', async () => {
    const response = build();
    const attack = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${response.xml.replace('>ada@acme.test<', '>&xxe;<')}`;
    await expectRefused(toBase64(attack), 'xml_doctype', response.base64);
  });

  test('billion laughs is refused', async () => {
    const response = build();
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const attack = `<!DOCTYPE r [<!ENTITY lol0 "lol">${entities}]>${response.xml.replace('>ada@acme.test<', '>&lol10;<')}`;
    await expectRefused(toBase64(attack), 'xml_doctype', response.base64);
  });

  test('a decoded document over 256 KiB is refused (size bomb)', async () => {
    const response = build();
    const padding = ' '.repeat(MAX_XML_BYTES + 1 - Buffer.byteLength(response.xml));
    const attack = toBase64(response.xml.replace('<samlp:Status>', `${padding}<samlp:Status>`));
    await expectRefused(attack, 'input_too_large', response.base64, { reason: /decoded/ });
  });

  test('a depth bomb is refused', async () => {
    const response = build();
    const deep = `${'<x:a xmlns:x="urn:x">'.repeat(100)}${'</x:a>'.repeat(100)}`;
    const attack = toBase64(response.xml.replace('<samlp:Status>', `<samlp:Extensions>${deep}</samlp:Extensions><samlp:Status>`));
    await expectRefused(attack, 'xml_too_deep', response.base64);
  });

  test('multiple root elements are refused', async () => {
    const response = build();
    await expectRefused(
      toBase64(`${response.xml}<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}"/>`),
      'xml_multiple_roots',
      response.base64,
    );
  });

  test.each([
    ['ID', 'urn:decoy', 'ID'],
    ['id in a foreign namespace', 'urn:decoy', 'x:id'],
  ])('duplicate IDs (%s) are refused', async (_label, ns, attributeName) => {
    const response = build();
    const attack = edit(response.xml, (document, { response: root }) => {
      const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
      const decoy = document.createElementNS(ns, 'd:Decoy');
      if (attributeName.includes(':')) decoy.setAttributeNS('urn:other', attributeName, response.assertionId);
      else decoy.setAttribute(attributeName, response.assertionId);
      extensions.appendChild(decoy);
      root.insertBefore(extensions, child(root, SAML_PROTOCOL_NS, 'Status') ?? null);
    });
    await expectRefused(attack, 'duplicate_id', response.base64);
  });

  test('namespace prefix trick: an extra Assertion under another prefix bound to the SAML namespace counts', async () => {
    const response = build();
    const attack = response.xml.replace(
      '</samlp:Response>',
      `<evil:Assertion xmlns:evil="${SAML_ASSERTION_NS}" ID="_evil" Version="2.0"><evil:Subject><evil:NameID>mallory@evil.test</evil:NameID></evil:Subject></evil:Assertion></samlp:Response>`,
    );
    await expectRefused(toBase64(attack), 'multiple_assertions', response.base64);
  });

  test('namespace prefix trick: "saml:Assertion" with the prefix rebound to another namespace is not an Assertion', async () => {
    const response = build();
    const attack = response.xml.replace('<samlp:Status>', `<saml:Assertion xmlns:saml="urn:evil" ID="_evil"/><samlp:Status>`);
    await expectRefused(toBase64(attack), 'response_malformed', response.base64);
  });

  test('namespace prefix trick: a root "samlp:Response" in another namespace is not a Response', async () => {
    const response = build();
    const attack = response.xml.replace(`xmlns:samlp="${SAML_PROTOCOL_NS}"`, 'xmlns:samlp="urn:evil"');
    await expectRefused(toBase64(attack), 'not_a_response', response.base64);
  });

  test('invalid base64, non-canonical base64, invalid UTF-8 and a non-string are refused without throwing', async () => {
    const control = build().base64;
    await expectRefused('PHNhbWxwOlJlc3BvbnNlPg==!', 'invalid_base64', control);
    await expectRefused('PHg+PC94Pj5=', 'invalid_base64', control);
    await expectRefused(
      Buffer.from([0x3c, 0x78, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x78, 0x3e]).toString('base64'),
      'invalid_encoding',
      control,
    );
    await expectRefused(undefined as unknown as string, 'invalid_base64', control);
  });

  test('another SAML message is not a Response', async () => {
    const request = `<samlp:AuthnRequest xmlns:samlp="${SAML_PROTOCOL_NS}" ID="_x" Version="2.0"/>`;
    await expectRefused(toBase64(request), 'not_a_response', build().base64);
  });

  test('an EncryptedAssertion is refused with a clear reason', async () => {
    const response = build();
    const attack = response.xml.replace(
      '</samlp:Response>',
      `<saml:EncryptedAssertion><x:EncryptedData xmlns:x="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion></samlp:Response>`,
    );
    await expectRefused(toBase64(attack), 'encrypted_assertion_unsupported', response.base64, { reason: /not supported/ });
  });
});

describe('replay', () => {
  test('the same response twice is refused the second time', async () => {
    const replay = memoryReplay();
    const response = build();
    await expectAccepted(response.base64, { replay });
    const again = await check(response.base64, { replay });
    expect(again.ok ? 'ok' : again.code).toBe('replay');
  });

  test('only a fully valid assertion uses up its ID; the expiry is NotOnOrAfter + skew', async () => {
    const calls: { assertionId: string; expiresAt: Date }[] = [];
    const replay: ReplayStore = {
      consume: async (_idpId, assertionId, expiresAt) => {
        calls.push({ assertionId, expiresAt });
        return true;
      },
    };
    const now = new Date('2026-11-28T10:00:00Z');
    await check(build({ now, audiences: ['https://other.test'] }).base64, { now, replay });
    expect(calls).toEqual([]);
    const response = build({ now, notOnOrAfter: '2026-11-28T10:05:00Z', confirmationNotOnOrAfter: '2026-11-28T10:04:00Z' });
    await expectAccepted(response.base64, { now, replay });
    expect(calls).toEqual([{ assertionId: response.assertionId, expiresAt: new Date('2026-11-28T10:08:00Z') }]);
  });

  test('a failing replay store fails closed, without throwing', async () => {
    const broken: ReplayStore = { consume: () => Promise.reject(new Error('database is down')) };
    const result = await check(build().base64, { replay: broken });
    expect(result.ok ? 'ok' : result.code).toBe('internal_error');
  });
});

describe('binding to our request (InResponseTo)', () => {
  const control = () => build().base64;

  test('answering another request is refused', async () => {
    await expectRefused(build({ inResponseTo: '_someone-elses-request' }).base64, 'in_response_to_mismatch', control());
  });

  test('no InResponseTo anywhere, while we started this sign-in, is refused', async () => {
    await expectRefused(build({ inResponseTo: null }).base64, 'in_response_to_missing', control());
  });

  test('InResponseTo only on the unsigned Response is refused', async () => {
    const attack = build({ inResponseTo: null, responseInResponseTo: REQUEST_ID });
    await expectRefused(attack.base64, 'in_response_to_missing', control(), { reason: /unsigned/ });
  });

  test('the unsigned Response InResponseTo may not disagree with the signed one', async () => {
    await expectRefused(build({ responseInResponseTo: '_other' }).base64, 'in_response_to_mismatch', control());
  });

  test('unsolicited (IdP-initiated) is refused unless the IdP allows it', async () => {
    const unsolicited = build({ inResponseTo: null });
    await expectRefused(unsolicited.base64, 'idp_initiated_disabled', unsolicited.base64, {
      expect: expectations({ inResponseTo: null }),
      controlOptions: { expect: expectations({ inResponseTo: null, idp: { allowIdpInitiated: true } }) },
    });
  });

  test('with IdP-initiated allowed, a response that claims to answer a request is still refused', async () => {
    const allowed = expectations({ inResponseTo: null, idp: { allowIdpInitiated: true } });
    await expectRefused(build().base64, 'in_response_to_unexpected', build({ inResponseTo: null }).base64, { expect: allowed });
    await expectRefused(
      build({ inResponseTo: null, responseInResponseTo: REQUEST_ID }).base64,
      'in_response_to_unexpected',
      build({ inResponseTo: null }).base64,
      {
        expect: allowed,
      },
    );
  });
});

describe('audience, recipient, destination, issuer', () => {
  test('audience prefix match is not enough (…/saml-other-app)', async () => {
    await expectRefused(build({ audiences: [`${SP_ENTITY_ID}-other-app`] }).base64, 'audience_mismatch', build().base64);
    await expectRefused(build({ audiences: ['https://gatehouse.test/sam'] }).base64, 'audience_mismatch', build().base64);
  });

  test('no AudienceRestriction is refused', async () => {
    await expectRefused(build({ audiences: [] }).base64, 'audience_mismatch', build().base64);
  });

  test('wrong or missing Recipient is refused', async () => {
    await expectRefused(build({ recipient: 'https://other-sp.test/acs' }).base64, 'recipient_mismatch', build().base64);
    await expectRefused(build({ recipient: `${ACS_URL}/x` }).base64, 'recipient_mismatch', build().base64);
    await expectRefused(build({ recipient: null }).base64, 'recipient_mismatch', build().base64);
  });

  test('wrong Destination is refused; a signed Response without Destination is refused', async () => {
    await expectRefused(build({ destination: 'https://other-sp.test/acs' }).base64, 'destination_mismatch', build().base64);
    await expectRefused(
      build({ destination: null, signResponse: true }).base64,
      'destination_missing',
      build({ signResponse: true }).base64,
    );
  });

  test('wrong Issuer signed with the right key (issuer confusion) is refused', async () => {
    await expectRefused(build({ issuer: OTHER_IDP_ENTITY_ID, responseIssuer: null }).base64, 'issuer_mismatch', build().base64);
    await expectRefused(build({ responseIssuer: OTHER_IDP_ENTITY_ID }).base64, 'issuer_mismatch', build().base64);
  });

  test("IdP A's key with IdP B's Issuer is refused (the key must be B's)", async () => {
    const attack = build({ keys: otherIdpKeys });
    await expectRefused(attack.base64, 'signature_invalid', build().base64);
  });
});

describe('time', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  test('expired by 4 minutes (beyond the 180 s skew) is refused', async () => {
    const response = build({ now, notOnOrAfter: isoAfter(now, 60), confirmationNotOnOrAfter: isoAfter(now, 60) });
    await expectRefused(response.base64, 'expired', response.base64, { now: at(60 + 240), controlOptions: { now: at(30) } });
  });

  test('SubjectConfirmationData expired alone is refused', async () => {
    const response = build({ now, confirmationNotOnOrAfter: isoAfter(now, -240) });
    await expectRefused(response.base64, 'expired', build({ now }).base64, { now });
  });

  test('not yet valid (NotBefore 4 minutes ahead) is refused; IssueInstant in the future too', async () => {
    await expectRefused(build({ now, notBefore: isoAfter(now, 240) }).base64, 'not_yet_valid', build({ now }).base64, { now });
    await expectRefused(build({ now, issueInstant: isoAfter(now, 240) }).base64, 'not_yet_valid', build({ now }).base64, { now });
  });

  test('missing NotOnOrAfter (Conditions or SubjectConfirmationData) is refused', async () => {
    await expectRefused(build({ now, notOnOrAfter: null }).base64, 'time_missing', build({ now }).base64, { now });
    await expectRefused(build({ now, confirmationNotOnOrAfter: null }).base64, 'time_missing', build({ now }).base64, { now });
  });

  test.each([
    '2026-13-01T00:00:00Z',
    '2026-11-31T10:00:00Z',
    '2026-11-28T10:05:00+01:00',
    '2026-11-28T10:05:00',
    '2026-11-28 10:05:00Z',
    'tomorrow',
    '',
  ])('unparseable date %j is refused', async (value) => {
    await expectRefused(build({ now, notOnOrAfter: value }).base64, 'time_invalid', build({ now }).base64, { now });
  });
});

describe('statements and status', () => {
  test('non-success status is refused with the status code in the reason', async () => {
    const attack = build({ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' });
    await expectRefused(attack.base64, 'status_not_success', build().base64, { reason: /status:Responder/ });
  });

  test('duplicate AttributeStatements are refused', async () => {
    await expectRefused(build({ attributeStatements: 2 }).base64, 'attribute_statement_duplicate', build().base64);
  });

  test('the same Attribute twice is refused', async () => {
    const attack = build({
      attributes: [
        { name: 'userName', values: ['ada'] },
        { name: 'userName', values: ['admin'] },
      ],
    });
    await expectRefused(attack.base64, 'attribute_duplicate', build().base64);
  });

  test('missing AuthnStatement, missing Conditions and an unknown condition are refused', async () => {
    await expectRefused(build({ authnStatement: false }).base64, 'authn_statement_missing', build().base64);
    await expectRefused(build({ omitConditions: true }).base64, 'conditions_missing', build().base64);
    await expectRefused(
      build({ extraConditionsXml: '<saml:Condition xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x:Custom"/>' }).base64,
      'condition_unsupported',
      build().base64,
    );
  });

  test('expectations with an empty required field are refused, not matched against empty values', async () => {
    const result = await check(build().base64, { expect: expectations({ idp: { entityId: '' } }) });
    expect(result.ok ? 'ok' : result.code).toBe('gate_misconfigured');
  });
});

/** samlify's default login-response template plus the AuthnStatement and attributes a real IdP sends. */
const SAMLIFY_TEMPLATE =
  `<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" xmlns:saml="${SAML_ASSERTION_NS}" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">` +
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{StatusCode}"/></samlp:Status>' +
  `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:saml="${SAML_ASSERTION_NS}" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">` +
  '<saml:Issuer>{Issuer}</saml:Issuer><saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID>' +
  '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{SubjectConfirmationDataNotOnOrAfter}" Recipient="{SubjectRecipient}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>' +
  '<saml:Conditions NotBefore="{ConditionsNotBefore}" NotOnOrAfter="{ConditionsNotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
  '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{AssertionID}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>' +
  '<saml:AttributeStatement><saml:Attribute Name="userName"><saml:AttributeValue xsi:type="xs:string">{NameID}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>' +
  '</saml:Assertion></samlp:Response>';
