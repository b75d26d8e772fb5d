import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestIdp } from '../../e2e/fixtures/test-idp';
import { generateTestKeyPair } from '../../e2e/fixtures/test-keys';
import { AppError } from '../api/errors';
import { SAML_METADATA_NS, XMLDSIG_NS } from '../xml/namespaces';
import { certificateWarnings, nearestExpiry, parseIdpMetadata } from './parse-idp-metadata';

const MD = SAML_METADATA_NS;
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const SAML2 = 'urn:oasis:names:tc:SAML:2.0:protocol';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

// Keys are shared across tests (each costs ~0.1 s); every test builds its own metadata from them.
const signing = generateTestKeyPair('idp.acme.test');
const rollover = generateTestKeyPair('idp-next.acme.test');
const expired = generateTestKeyPair('old.acme.test', { notBefore: new Date('2020-01-01T00:00:00Z'), validDays: 30 });
const expiringSoon = generateTestKeyPair('soon.acme.test', { notBefore: new Date('2030-01-01T00:00:00Z'), validDays: 40 });

function body(pem: string): string {
  return pem.replace(/-----[^-]+-----|\s+/g, '');
}

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

type KeySpec = { use?: 'signing' | 'encryption' | 'other'; certificates: string[] };

/** Hand-written IdP metadata with the usual `md:` and `ds:` prefixes; every part can be replaced. */
function metadata(
  options: {
    entityId?: string | null;
    sso?: { binding: string; location: string }[];
    keys?: KeySpec[];
    nameIdFormats?: string[];
    protocols?: string;
    entityAttributes?: string;
  } = {},
): string {
  const entityId = options.entityId === undefined ? 'https://idp.acme.test/metadata' : options.entityId;
  const sso = options.sso ?? [
    { binding: REDIRECT, location: 'https://idp.acme.test/sso' },
    { binding: POST, location: 'https://idp.acme.test/sso/post' },
  ];
  const keys = options.keys ?? [{ use: 'signing', certificates: [signing.certificatePem] }];
  const keyXml = keys
    .map(
      (key) =>
        `<md:KeyDescriptor${key.use ? ` use="${key.use}"` : ''}><ds:KeyInfo><ds:X509Data>` +
        key.certificates.map((pem) => `<ds:X509Certificate>${pem.includes('BEGIN') ? body(pem) : pem}</ds:X509Certificate>`).join('') +
        `</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<md:EntityDescriptor xmlns:md="${MD}" xmlns:ds="${XMLDSIG_NS}"${entityId === null ? '' : ` entityID="${entityId}"`}${options.entityAttributes ?? ''}>` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="${options.protocols ?? SAML2}">` +
    keyXml +
    (options.nameIdFormats ?? []).map((format) => `<md:NameIDFormat>${format}</md:NameIDFormat>`).join('') +
    sso.map((s) => `<md:SingleSignOnService Binding="${s.binding}" Location="${s.location}"/>`).join('') +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

function refusal(xml: string, now?: Date): string {
  try {
    parseIdpMetadata(xml, now);
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') return error.message;
    throw error;
  }
  throw new Error('the metadata was accepted');
}

describe('parseIdpMetadata with metadata from a third-party SAML library (samlify)', () => {
  it('reads the entity ID, both bindings and the signing certificate', () => {
    const idp = createTestIdp({ entityId: 'https://okta.acme.test/app/exk1', ssoUrl: 'https://okta.acme.test/sso/saml' });
    const parsed = parseIdpMetadata(idp.metadataXml);

    expect(parsed.entityId).toBe('https://okta.acme.test/app/exk1');
    expect(parsed.ssoEndpoints).toEqual([
      { binding: 'HTTP-Redirect', url: 'https://okta.acme.test/sso/saml' },
      { binding: 'HTTP-POST', url: 'https://okta.acme.test/sso/saml' },
    ]);
    expect(parsed.certificates).toHaveLength(1);
    const [certificate] = parsed.certificates;
    const expected = new X509Certificate(idp.keys.certificatePem);
    expect(certificate?.fingerprintSha256).toBe(expected.fingerprint256);
    expect(certificate?.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificate).toMatchObject({
      use: 'signing',
      subject: 'CN=https://okta.acme.test/app/exk1',
      notBefore: new Date(expected.validFrom),
      notAfter: new Date(expected.validTo),
    });
    expect(certificate?.pem).toBe(expected.toString());
    expect(parsed.warnings).toEqual([]);
  });

  it('reads only the bindings the IdP publishes, its NameID formats, and a given key', () => {
    const idp = createTestIdp({
      entityId: 'https://adfs.acme.test/adfs/services/trust',
      ssoUrl: 'https://adfs.acme.test/adfs/ls/',
      keys: rollover,
      bindings: ['HTTP-POST'],
      nameIdFormats: [EMAIL_FORMAT],
      wantAuthnRequestsSigned: true,
    });
    const parsed = parseIdpMetadata(idp.metadataXml);
    expect(parsed.ssoEndpoints).toEqual([{ binding: 'HTTP-POST', url: 'https://adfs.acme.test/adfs/ls/' }]);
    expect(parsed.nameIdFormats).toEqual([EMAIL_FORMAT]);
    expect(parsed.certificates.map((c) => c.fingerprintSha256)).toEqual([fingerprintOf(rollover.certificatePem)]);
  });
});

describe('parseIdpMetadata', () => {
  it('reads hand-written metadata (positive control for the refusals below)', () => {
    const parsed = parseIdpMetadata(metadata({ nameIdFormats: [EMAIL_FORMAT, ` ${EMAIL_FORMAT} `] }));
    expect(parsed).toMatchObject({
      entityId: 'https://idp.acme.test/metadata',
      ssoEndpoints: [
        { binding: 'HTTP-Redirect', url: 'https://idp.acme.test/sso' },
        { binding: 'HTTP-POST', url: 'https://idp.acme.test/sso/post' },
      ],
      nameIdFormats: [EMAIL_FORMAT],
      warnings: [],
    });
    expect(parsed.certificates.map((c) => c.subject)).toEqual(['CN=idp.acme.test']);
  });

  describe('namespaces, not prefixes', () => {
    it('reads the metadata namespace as the default namespace', () => {
      const xml =
        `<EntityDescriptor xmlns="${MD}" entityID="https://idp.acme.test/metadata">` +
        `<IDPSSODescriptor protocolSupportEnumeration="${SAML2}">` +
        `<KeyDescriptor><KeyInfo xmlns="${XMLDSIG_NS}"><X509Data><X509Certificate>\n${body(signing.certificatePem).replace(/(.{64})/g, '$1\n')}\n</X509Certificate></X509Data></KeyInfo></KeyDescriptor>` +
        `<SingleSignOnService Binding="${REDIRECT}" Location="https://idp.acme.test/sso"/>` +
        `</IDPSSODescriptor></EntityDescriptor>`;
      const parsed = parseIdpMetadata(xml);
      expect(parsed.entityId).toBe('https://idp.acme.test/metadata');
      expect(parsed.certificates.map((c) => c.fingerprintSha256)).toEqual([fingerprintOf(signing.certificatePem)]);
    });

    it('reads unusual prefixes', () => {
      const xml = metadata()
        .replace(/(<\/?)md:/g, '$1saml2md:')
        .replace(/(<\/?)ds:/g, '$1dsig:')
        .replace('xmlns:md=', 'xmlns:saml2md=')
        .replace('xmlns:ds=', 'xmlns:dsig=');
      expect(xml).toContain('<saml2md:EntityDescriptor xmlns:saml2md=');
      expect(parseIdpMetadata(xml).entityId).toBe('https://idp.acme.test/metadata');
    });

    it('does not take an element with the right prefix in the wrong namespace', () => {
      const xml = metadata().replace('<md:IDPSSODescriptor ', '<md:IDPSSODescriptor xmlns:md="urn:evil" ');
      expect(refusal(xml)).toBe("The metadata has no IDPSSODescriptor: is this a service provider's metadata?");
      const wrongDsig = metadata().replace('<ds:KeyInfo>', '<ds:KeyInfo xmlns:ds="urn:evil-dsig">');
      expect(refusal(wrongDsig)).toBe('The IdP metadata has no signing certificate.');
    });

    it('refuses a root element outside the metadata namespace', () => {
      const xml = metadata().replace(`xmlns:md="${MD}"`, 'xmlns:md="urn:oasis:names:tc:SAML:1.0:metadata"');
      expect(refusal(xml)).toMatch(
        /^The metadata's root element is <EntityDescriptor> in the namespace urn:oasis:names:tc:SAML:1\.0:metadata; expected/,
      );
      expect(refusal('<html><body>Sign in</body></html>')).toMatch(/^The metadata's root element is <html> without a namespace/);
    });
  });

  describe('EntitiesDescriptor', () => {
    const entity = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\n/, '');
    const sp = `<md:EntityDescriptor xmlns:md="${MD}" entityID="https://sp.acme.test"><md:SPSSODescriptor protocolSupportEnumeration="${SAML2}"/></md:EntityDescriptor>`;

    it('takes the one IdP in an EntitiesDescriptor, at any depth, next to SPs', () => {
      const xml = `<md:EntitiesDescriptor xmlns:md="${MD}">${sp}<md:EntitiesDescriptor>${entity(metadata())}</md:EntitiesDescriptor></md:EntitiesDescriptor>`;
      expect(parseIdpMetadata(xml).entityId).toBe('https://idp.acme.test/metadata');
    });

    it('refuses several IdPs', () => {
      const xml = `<md:EntitiesDescriptor xmlns:md="${MD}">${entity(metadata())}${entity(metadata({ entityId: 'https://other.test' }))}</md:EntitiesDescriptor>`;
      expect(refusal(xml)).toBe('The metadata describes 2 identity providers (an EntitiesDescriptor); give the metadata of one IdP only.');
    });

    it('refuses an EntitiesDescriptor without an IdP', () => {
      expect(refusal(`<md:EntitiesDescriptor xmlns:md="${MD}">${sp}</md:EntitiesDescriptor>`)).toBe(
        "The metadata has no IDPSSODescriptor: is this a service provider's metadata?",
      );
    });
  });

  describe('refusals', () => {
    it.each([
      ['text', 'not xml at all', /^The metadata is not XML\. /],
      ['empty', '', /^The metadata is not XML\. /],
      ['broken XML', metadata().replace('</md:EntityDescriptor>', ''), /^The metadata is not XML\. .*line 2/],
      [
        'a DOCTYPE',
        `<!DOCTYPE md [<!ENTITY x "y">]>${metadata().replace(/^<\?xml[^>]*\?>\n/, '')}`,
        /^The metadata must not contain a DOCTYPE\.$/,
      ],
      [
        'a processing instruction',
        metadata().replace('<md:IDPSSODescriptor', '<?php echo 1 ?><md:IDPSSODescriptor'),
        /processing instructions/,
      ],
      ['two roots', `${metadata()}<md:EntityDescriptor xmlns:md="${MD}"/>`, /^The metadata has more than one root element\.$/],
      ['deep nesting', `<a>${'<b>'.repeat(100)}${'</b>'.repeat(100)}</a>`, /^The metadata nests elements deeper than 64 levels\.$/],
      ['over 1 MiB', `${metadata()}<!--${'x'.repeat(1024 * 1024)}-->`, /^The metadata is larger than 1 MiB\.$/],
    ])('refuses %s', (_name, xml, message) => {
      expect(refusal(xml)).toMatch(message);
    });

    it("refuses a service provider's metadata", () => {
      const spMetadata = metadata().replaceAll('IDPSSODescriptor', 'SPSSODescriptor');
      expect(refusal(spMetadata)).toBe("The metadata has no IDPSSODescriptor: is this a service provider's metadata?");
    });

    it('refuses metadata without an entityID, or with an empty one', () => {
      expect(refusal(metadata({ entityId: null }))).toBe('The IdP metadata has no entityID.');
      expect(refusal(metadata({ entityId: '  ' }))).toBe('The IdP metadata has no entityID.');
      expect(refusal(metadata({ entityId: `https://idp.test/${'x'.repeat(1024)}` }))).toBe(
        "The IdP metadata's entityID is longer than 1024 characters.",
      );
    });

    it('refuses an IDPSSODescriptor that does not speak SAML 2.0', () => {
      expect(refusal(metadata({ protocols: 'urn:oasis:names:tc:SAML:1.1:protocol' }))).toMatch(/does not support SAML 2\.0/);
      expect(parseIdpMetadata(metadata({ protocols: `urn:oasis:names:tc:SAML:1.1:protocol ${SAML2}` })).entityId).toBeTruthy();
    });

    it('refuses metadata without a Redirect or POST SingleSignOnService', () => {
      const soapOnly = metadata({
        sso: [
          { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP', location: 'https://idp.acme.test/soap' },
          { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact', location: 'https://idp.acme.test/art' },
        ],
      });
      expect(refusal(soapOnly)).toBe('The IdP metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding.');
      expect(refusal(metadata({ sso: [] }))).toBe(
        'The IdP metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding.',
      );
    });

    it.each([
      ['javascript:alert(1)', 'is not an http(s) URL'],
      ['ftp://idp.acme.test/sso', 'is not an http(s) URL'],
      ['/relative/sso', 'is not a URL'],
      ['https://user:secret@idp.acme.test/sso', 'must not contain a user name or password'],
    ])('refuses the SSO URL %s', (location, problem) => {
      expect(refusal(metadata({ sso: [{ binding: POST, location }] }))).toBe(
        `The SingleSignOnService URL ${JSON.stringify(location)} ${problem}.`,
      );
    });

    it('refuses a SingleSignOnService without a Location', () => {
      expect(refusal(metadata({ sso: [{ binding: POST, location: '' }] }))).toBe(
        'A SingleSignOnService with the HTTP-POST binding has no Location.',
      );
    });

    it('refuses metadata with only an encryption certificate', () => {
      expect(refusal(metadata({ keys: [{ use: 'encryption', certificates: [signing.certificatePem] }] }))).toBe(
        'The IdP metadata has no signing certificate.',
      );
      expect(refusal(metadata({ keys: [] }))).toBe('The IdP metadata has no signing certificate.');
    });

    it.each([
      ['not base64', 'this is *not* base64', 'it is not base64'],
      ['base64 of something else', Buffer.from('hello, world').toString('base64'), 'it is not an X.509 certificate'],
      ['empty', '   ', 'it is empty'],
    ])('refuses an unreadable certificate (%s), numbered as in the XML', (_name, text, why) => {
      const xml = metadata({
        keys: [
          { use: 'encryption', certificates: [rollover.certificatePem] },
          { use: 'signing', certificates: [text] },
        ],
      });
      expect(refusal(xml)).toBe(`Certificate 2 in the metadata cannot be read: ${why}.`);
    });
  });

  describe('certificates', () => {
    it('keeps several signing certificates (rollover), counting a KeyDescriptor without use as signing', () => {
      const parsed = parseIdpMetadata(
        metadata({
          keys: [{ use: 'signing', certificates: [signing.certificatePem] }, { certificates: [rollover.certificatePem] }],
        }),
      );
      expect(parsed.certificates.map((c) => c.fingerprintSha256)).toEqual([
        fingerprintOf(signing.certificatePem),
        fingerprintOf(rollover.certificatePem),
      ]);
    });

    it('ignores encryption certificates and deduplicates by fingerprint', () => {
      const parsed = parseIdpMetadata(
        metadata({
          keys: [
            { use: 'encryption', certificates: [rollover.certificatePem] },
            { use: 'signing', certificates: [signing.certificatePem, signing.certificatePem] },
            { certificates: [signing.certificatePem] },
          ],
        }),
      );
      expect(parsed.certificates.map((c) => c.fingerprintSha256)).toEqual([fingerprintOf(signing.certificatePem)]);
    });

    it('ignores a KeyDescriptor with an unknown use, with a warning', () => {
      const parsed = parseIdpMetadata(
        metadata({
          keys: [
            { use: 'other', certificates: [rollover.certificatePem] },
            { use: 'signing', certificates: [signing.certificatePem] },
          ],
        }),
      );
      expect(parsed.certificates).toHaveLength(1);
      expect(parsed.warnings).toEqual(['A KeyDescriptor with the unknown use "other" was ignored.']);
    });

    it('tolerates PEM armour inside X509Certificate', () => {
      const xml = metadata().replace(body(signing.certificatePem), signing.certificatePem);
      expect(parseIdpMetadata(xml).certificates.map((c) => c.fingerprintSha256)).toEqual([fingerprintOf(signing.certificatePem)]);
    });
  });

  describe('warnings', () => {
    it('warns about an expired certificate but still reads the metadata', () => {
      const parsed = parseIdpMetadata(
        metadata({ keys: [{ use: 'signing', certificates: [expired.certificatePem, signing.certificatePem] }] }),
      );
      expect(parsed.certificates).toHaveLength(2);
      expect(parsed.warnings).toEqual(['Certificate CN=old.acme.test expired on 2020-01-31.']);
    });

    it('warns about a certificate expiring within 30 days', () => {
      const xml = metadata({ keys: [{ use: 'signing', certificates: [expiringSoon.certificatePem] }] });
      expect(parseIdpMetadata(xml, new Date('2030-01-31T00:00:00Z')).warnings).toEqual([
        'Certificate CN=soon.acme.test expires on 2030-02-10 (in 10 days).',
      ]);
      expect(parseIdpMetadata(xml, new Date('2030-01-10T00:00:00Z')).warnings).toEqual([]);
    });

    it('warns about a certificate that is not valid yet', () => {
      const xml = metadata({ keys: [{ use: 'signing', certificates: [expiringSoon.certificatePem] }] });
      expect(parseIdpMetadata(xml, new Date('2029-12-01T00:00:00Z')).warnings).toEqual([
        'Certificate CN=soon.acme.test is not valid before 2030-01-01.',
      ]);
    });

    it('warns when every SSO URL is plain http, not when one is https', () => {
      const httpOnly = metadata({ sso: [{ binding: POST, location: 'http://idp.acme.test/sso' }] });
      expect(parseIdpMetadata(httpOnly).warnings).toEqual([
        "The IdP's sign-in URLs use http, not https: sign-in traffic to the IdP would not be encrypted.",
      ]);
      const mixed = metadata({
        sso: [
          { binding: POST, location: 'http://idp.acme.test/sso' },
          { binding: REDIRECT, location: 'https://idp.acme.test/sso' },
        ],
      });
      expect(parseIdpMetadata(mixed).warnings).toEqual([]);
    });

    it('warns when the metadata says it is no longer valid', () => {
      const stale = metadata({ entityAttributes: ' validUntil="2021-06-30T12:00:00Z"' });
      expect(parseIdpMetadata(stale).warnings).toEqual(['The metadata says it was valid until 2021-06-30.']);
      const fresh = metadata({ entityAttributes: ' validUntil="2999-01-01T00:00:00Z"' });
      expect(parseIdpMetadata(fresh).warnings).toEqual([]);
    });
  });
});

describe('certificateWarnings', () => {
  const now = new Date('2030-06-15T12:00:00Z');
  const cert = (subject: string, notAfter: string) => ({ subject, notAfter: new Date(notAfter) });

  it('warns about expired and soon-expiring certificates only', () => {
    expect(
      certificateWarnings(
        [
          cert('CN=expired', '2030-06-15T11:59:59Z'),
          cert('CN=tomorrow', '2030-06-16T00:00:00Z'),
          cert('CN=thirty', '2030-07-15T12:00:00Z'),
          cert('CN=thirty-one', '2030-07-16T12:00:00Z'),
        ],
        now,
      ),
    ).toEqual([
      'Certificate CN=expired expired on 2030-06-15.',
      'Certificate CN=tomorrow expires on 2030-06-16 (in 1 day).',
      'Certificate CN=thirty expires on 2030-07-15 (in 30 days).',
    ]);
  });

  it('names a certificate without a subject by its fingerprint', () => {
    expect(certificateWarnings([{ subject: '', fingerprintSha256: 'AB:CD', notAfter: new Date('2020-01-01') }], now)).toEqual([
      'Certificate SHA-256 AB:CD expired on 2020-01-01.',
    ]);
  });
});

describe('nearestExpiry', () => {
  it('is the earliest notAfter, or null without certificates', () => {
    const dates = ['2031-01-01', '2030-07-01', '2032-01-01'].map((d) => ({ notAfter: new Date(d) }));
    expect(nearestExpiry(dates)).toEqual(new Date('2030-07-01'));
    expect(nearestExpiry([])).toBeNull();
  });
});
