export type ServiceProviderMetadataInput = { entityId: string; acsUrl: string; certificatePem: string };

const NAME_ID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
];

function escapeXmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The base64 body of a PEM certificate (what ds:X509Certificate holds), refusing anything else. */
export function certificateBody(certificatePem: string): string {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(certificatePem);
  const body = match?.[1]?.replace(/\s+/g, '') ?? '';
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new Error('certificatePem is not a PEM certificate');
  return body;
}

// Tells IdPs which encryption to use: AES-GCM (no CBC padding oracle) with RSA-OAEP key transport.
const ENCRYPTION_METHODS = ['http://www.w3.org/2009/xmlenc11#aes256-gcm', 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p'];

function keyDescriptor(use: 'signing' | 'encryption', certificate: string): string {
  return [
    `    <md:KeyDescriptor use="${use}">`,
    '      <ds:KeyInfo>',
    '        <ds:X509Data>',
    `          <ds:X509Certificate>${certificate}</ds:X509Certificate>`,
    '        </ds:X509Data>',
    '      </ds:KeyInfo>',
    ...(use === 'encryption' ? ENCRYPTION_METHODS.map((algorithm) => `      <md:EncryptionMethod Algorithm="${algorithm}"/>`) : []),
    '    </md:KeyDescriptor>',
  ].join('\n');
}

/**
 * SAML 2.0 metadata for Gatehouse as a service provider: what an IdP admin imports. One certificate
 * serves signing (AuthnRequests) and encryption (assertions), announced for both uses.
 */
export function renderServiceProviderMetadata({ entityId, acsUrl, certificatePem }: ServiceProviderMetadataInput): string {
  const certificate = certificateBody(certificatePem);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXmlAttribute(entityId)}">`,
    '  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true" WantAssertionsSigned="true">',
    keyDescriptor('signing', certificate),
    keyDescriptor('encryption', certificate),
    ...NAME_ID_FORMATS.map((format) => `    <md:NameIDFormat>${format}</md:NameIDFormat>`),
    `    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXmlAttribute(acsUrl)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}
