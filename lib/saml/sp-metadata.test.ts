import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import * as samlify from 'samlify';
import { describe, expect, it } from 'vitest';
import { generateSpKeyPair } from './generate-sp-key-pair';
import { getServiceProviderInfo } from './service-provider';
import { certificateBody, renderServiceProviderMetadata } from './sp-metadata';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const { certificatePem } = generateSpKeyPair('https://sso.acme.test', { modulusLength: 2048 });
const sp = getServiceProviderInfo('https://sso.acme.test');
const xml = renderServiceProviderMetadata({ entityId: sp.entityId, acsUrl: sp.acsUrl, certificatePem });

describe('renderServiceProviderMetadata', () => {
  it('is well-formed SAML 2.0 SP metadata (xmldom, namespace-aware)', () => {
    const doc = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(xml, 'text/xml');
    const root = doc.documentElement;
    expect(root?.namespaceURI).toBe(MD);
    expect(root?.localName).toBe('EntityDescriptor');
    expect(root?.getAttribute('entityID')).toBe(sp.entityId);
    const spsso = doc.getElementsByTagNameNS(MD, 'SPSSODescriptor')[0];
    expect(spsso?.getAttribute('protocolSupportEnumeration')).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
    expect(spsso?.getAttribute('AuthnRequestsSigned')).toBe('true');
    expect(spsso?.getAttribute('WantAssertionsSigned')).toBe('true');
    const uses = Array.from(doc.getElementsByTagNameNS(MD, 'KeyDescriptor')).map((k) => k.getAttribute('use'));
    expect(uses).toEqual(['signing', 'encryption']);
    const certs = Array.from(doc.getElementsByTagNameNS(DS, 'X509Certificate')).map((c) => c.textContent);
    expect(certs).toEqual([certificateBody(certificatePem), certificateBody(certificatePem)]);
    expect(new X509Certificate(Buffer.from(certs[0] ?? '', 'base64')).fingerprint256).toBe(
      new X509Certificate(certificatePem).fingerprint256,
    );
    expect(Array.from(doc.getElementsByTagNameNS(MD, 'NameIDFormat')).map((n) => n.textContent)).toEqual([
      'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    ]);
    const acs = doc.getElementsByTagNameNS(MD, 'AssertionConsumerService');
    expect(acs.length).toBe(1);
    expect(acs[0]?.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(acs[0]?.getAttribute('Location')).toBe(sp.acsUrl);
    expect(acs[0]?.getAttribute('index')).toBe('0');
    expect(acs[0]?.getAttribute('isDefault')).toBe('true');
  });

  it('is read back by a third-party SAML library (samlify)', () => {
    const reader = samlify.ServiceProvider({ metadata: xml });
    expect(reader.entityMeta.getEntityID()).toBe(sp.entityId);
    expect(reader.entityMeta.getAssertionConsumerService(samlify.Constants.wording.binding.post)).toBe(sp.acsUrl);
    expect(reader.entityMeta.isWantAssertionsSigned()).toBe(true);
    expect(reader.entityMeta.isAuthnRequestSigned()).toBe(true);
    expect(reader.entityMeta.getX509Certificate('signing')).toBe(certificateBody(certificatePem));
    expect(reader.entityMeta.getX509Certificate('encryption')).toBe(certificateBody(certificatePem));
  });

  it('escapes attribute values', () => {
    const odd = renderServiceProviderMetadata({
      entityId: 'https://x.test/?a=1&b="2"<',
      acsUrl: "https://x.test/acs?x='y'",
      certificatePem,
    });
    const doc = new DOMParser().parseFromString(odd, 'text/xml');
    expect(doc.documentElement?.getAttribute('entityID')).toBe('https://x.test/?a=1&b="2"<');
    expect(doc.getElementsByTagNameNS(MD, 'AssertionConsumerService')[0]?.getAttribute('Location')).toBe("https://x.test/acs?x='y'");
  });

  it('refuses something that is not a PEM certificate', () => {
    expect(() => renderServiceProviderMetadata({ entityId: 'e', acsUrl: 'a', certificatePem: '<evil/>' })).toThrow(/not a PEM/);
  });
});
