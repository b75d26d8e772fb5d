import { inflateRawSync } from 'node:zlib';
import { parseXmlDocument } from '../xml/parse-xml';
import { SAML_PROTOCOL_NS } from '../xml/namespaces';

/**
 * The ID of the AuthnRequest that the SAML engine put in a redirect URL (HTTP-Redirect binding:
 * deflated, base64) or in a POST form (base64). Gatehouse records it to bind the response to this
 * browser's flow.
 */
export function readAuthnRequestId(samlRequest: string, binding: 'redirect' | 'post'): string {
  const bytes = Buffer.from(samlRequest, 'base64');
  const xml = (binding === 'redirect' ? inflateRawSync(bytes, { maxOutputLength: 256 * 1024 }) : bytes).toString('utf8');
  const root = parseXmlDocument(xml, { maxBytes: 256 * 1024 }).documentElement;
  const id = root?.getAttribute('ID');
  if (!root || root.namespaceURI !== SAML_PROTOCOL_NS || root.localName !== 'AuthnRequest' || !id) {
    throw new Error('The SAML engine produced no AuthnRequest with an ID');
  }
  return id;
}

/** Finds the SAMLRequest of a redirect URL or of an auto-submit form. */
export function extractSamlRequest(result: { redirect_url?: string; authorize_form?: string }): {
  samlRequest: string;
  binding: 'redirect' | 'post';
} {
  if (result.authorize_form) {
    const match =
      /name="SAMLRequest"\s+value="([^"]+)"/.exec(result.authorize_form) ??
      /value="([^"]+)"\s+name="SAMLRequest"/.exec(result.authorize_form);
    if (match?.[1])
      return {
        samlRequest: match[1]
          .replace(/&#x2F;|&#47;/g, '/')
          .replace(/&#x2B;|&#43;/g, '+')
          .replace(/&#x3D;|&#61;/g, '='),
        binding: 'post',
      };
  }
  const param = result.redirect_url ? new URL(result.redirect_url).searchParams.get('SAMLRequest') : null;
  if (param) return { samlRequest: param, binding: 'redirect' };
  throw new Error('The SAML engine returned neither a redirect nor a form with a SAMLRequest');
}
