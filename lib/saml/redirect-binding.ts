import { createSign } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { XMLSerializer } from '@xmldom/xmldom';
import { parseXmlDocument } from '../xml/parse-xml';
import { XMLDSIG_NS } from '../xml/namespaces';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/**
 * The SAML engine signs an AuthnRequest inside the XML even for the HTTP-Redirect binding, which the
 * binding forbids (SAML Bindings §3.4.4.1: the XML signature is removed; the query is signed) and
 * conforming IdPs refuse. This turns its redirect URL into a conforming one: the embedded signature is
 * removed and `SAMLRequest`, `RelayState` and `SigAlg` are signed with RSA-SHA256 by the SP key.
 */
export function signRedirectBinding(redirectUrl: string, privateKeyPem: string): string {
  const url = new URL(redirectUrl);
  const samlRequest = url.searchParams.get('SAMLRequest');
  if (!samlRequest) throw new Error('No SAMLRequest in the redirect URL');
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64'), { maxOutputLength: 256 * 1024 }).toString('utf8');
  const doc = parseXmlDocument(xml, { maxBytes: 256 * 1024 });
  const root = doc.documentElement;
  if (!root) throw new Error('Empty AuthnRequest');
  for (const child of Array.from(root.childNodes)) {
    const element = child as unknown as { namespaceURI?: string | null; localName?: string | null };
    if (element.namespaceURI === XMLDSIG_NS && element.localName === 'Signature') root.removeChild(child);
  }
  const unsigned = new XMLSerializer().serializeToString(doc);
  const parts = [`SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(unsigned, 'utf8')).toString('base64'))}`];
  const relayState = url.searchParams.get('RelayState');
  if (relayState !== null) parts.push(`RelayState=${encodeURIComponent(relayState)}`);
  parts.push(`SigAlg=${encodeURIComponent(RSA_SHA256)}`);
  const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(privateKeyPem, 'base64');
  parts.push(`Signature=${encodeURIComponent(signature)}`);
  url.search = parts.join('&');
  return url.toString();
}
