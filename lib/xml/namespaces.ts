/** Namespace URIs that SAML documents are matched by (never by prefix: prefixes are the sender's choice). */
export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
