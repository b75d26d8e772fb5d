/**
 * The SAML gate: the strict check every SAML response passes before Jackson's ACS sees it and before anything is
 * provisioned from it (PRODUCT.md rule 6; /work/shared/SAML-SECURITY.md). Everything here treats the POST as
 * hostile; identity is read only from the bytes the IdP's signature covers.
 *
 * Checks, in order (each refusal has its own code, see GateFailureCode):
 *  1. Size: at most MAX_BASE64_CHARS of base64 and MAX_XML_BYTES (256 KiB) decoded — a real response is a few
 *     KiB; the caps bound the work before any parsing.                                   → input_too_large
 *  2. Strict base64 (alphabet, padding, canonical trailing bits; only CR/LF line breaks) → invalid_base64;
 *     strict UTF-8                                                                        → invalid_encoding
 *  3. One fail-closed parse (lib/xml/parse-xml.ts): DOCTYPE/entities (XXE, billion laughs), processing
 *     instructions, depth (32) and element (4,000) caps refused before the DOM is built; malformed or multiple
 *     roots refused                                                                        → xml_*
 *     Then a bound on the size of its exclusive-C14N form (1 MiB): exc-C14N repeats namespace declarations per
 *     element, so a small document can canonicalize to megabytes                          → input_too_large
 *  4. Root is samlp:Response (namespace URI + local name, never prefix), Version 2.0      → not_a_response
 *     and only SAML children (Issuer, Signature, Extensions, Status, Assertion); no Response nested anywhere
 *     (XSW1/2 wrap a copy of the Response)                                                 → response_malformed
 *  5. Status is Success; otherwise the status codes go in the reason                     → status_not_success
 *  6. Destination, if present, equals our ACS URL exactly; it is required when the Response is signed (SAML
 *     Profiles §4.1.4.5 / Bindings §3.5.5.2: a signed message must say where it is going) → destination_*
 *  7. Response Issuer, if present, equals the IdP's entity ID                           → issuer_mismatch
 *  8. Every ID/Id/id attribute value in the document is unique: a relying party resolving references by any of
 *     them (as xml-crypto does) could be pointed at one copy while another is read — refused outright
 *                                                                                           → duplicate_id
 *  9. No EncryptedAssertion (not supported yet: refused, not skipped)          → encrypted_assertion_unsupported
 * 10. Exactly one saml:Assertion in the whole document, counted by namespace + local name anywhere (so Extensions,
 *     Signature/Object, Advice and prefix tricks all count), and it is a direct child of the Response
 *     (XSW3–8 need a second assertion somewhere)            → assertion_missing / multiple_assertions / assertion_misplaced
 * 11. ds:Signature only as a direct child of the Response or of the Assertion          → unexpected_signature
 * 12. The IdP has at least one usable certificate in OUR stored metadata (RSA ≥ 2048 bits or EC); none → fail
 *     closed, never "no certificate, no check"                                           → no_idp_certificate
 * 13. The Assertion is signed — a signed Response alone is not enough (we behave as WantAssertionsSigned="true":
 *     the assertion is what is stored, replay-checked and provisioned from)             → assertion_not_signed
 *     The signature (verify-enveloped-signature.ts): one Reference to "#" + the Assertion's ID; transforms exactly
 *     enveloped-signature + exc-C14N without comments (no XPath/XSLT); RSA/ECDSA with SHA-256/384/512 only (no
 *     SHA-1, no HMAC); verified using only the stored certificates (KeyInfo ignored: an attacker's certificate
 *     there changes nothing). Cheap checks first — SignatureValue over SignedInfo with each stored key, then the
 *     Reference digest over the canonical Assertion on the same tree (one parse: nothing read later can differ
 *     from what was verified)                                                            → signature_*
 *     If the Response is signed too, that signature must verify under the same rules.
 * 14. From here on, only the canonical bytes whose digest was verified are read, re-parsed with
 *     the same strict parser: wrapping cannot swap in unsigned content, and `user@acme.test<!---->.evil.test`
 *     reads as the whole signed text (comments are not in the canonical form).
 * 15. Assertion: Version 2.0, ID well-formed, IssueInstant strict and not in the future  → assertion_malformed /
 *     time_invalid / not_yet_valid
 * 16. Assertion Issuer equals the IdP's entity ID exactly. The IdP comes from server state and its key verified
 *     the signature, so IdP A's key cannot speak for IdP B, nor B's key with A's name  → issuer_mismatch
 * 17. Subject: one NameID (no EncryptedID/BaseID), non-empty                             → name_id_missing
 * 18. Exactly one bearer SubjectConfirmation with one SubjectConfirmationData         → subject_confirmation_invalid
 *     Recipient equals our ACS URL exactly                                               → recipient_mismatch
 *     NotOnOrAfter required, strict UTC, in the future within the skew (NotBefore honoured if present)
 * 19. Conditions: exactly one, NotOnOrAfter required (an assertion without an upper bound is valid forever),
 *     NotBefore honoured; unknown condition types refused (Core §2.5.1.5)         → conditions_missing / time_* /
 *     expired / not_yet_valid / condition_unsupported
 *     Every AudienceRestriction contains our SP entity ID exactly (not a prefix)     → audience_mismatch
 *     Clock skew: maxSkewSeconds, default and maximum 180 s.
 * 20. InResponseTo, from the SIGNED SubjectConfirmationData only: equals the AuthnRequest ID we issued for this
 *     browser (server state) → in_response_to_missing / in_response_to_mismatch. The unsigned Response attribute
 *     may only agree, never substitute. No pending request: accepted only if the admin allowed IdP-initiated
 *     sign-in for this IdP and nothing claims to answer a request → idp_initiated_disabled / in_response_to_unexpected
 * 21. Exactly one AuthnStatement (SessionNotOnOrAfter honoured)                        → authn_statement_missing
 * 22. At most one AttributeStatement; no EncryptedAttribute; each Attribute Name once; all values kept in order
 *     → attribute_statement_duplicate / attribute_invalid / attribute_duplicate
 * 23. Replay, last, so only a fully valid assertion uses up its ID: the database store (shared by all instances)
 *     records (IdP, Assertion ID) until the latest NotOnOrAfter + skew; a second use is refused        → replay
 * Any unexpected exception becomes internal_error: the gate never throws on input.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { childElements, descendantElements, textContent } from '../../xml/find-elements';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from '../../xml/namespaces';
import { parseXmlDocument } from '../../xml/parse-xml';
import { XmlError, type XmlErrorReason } from '../../xml/xml-error';
import { parseSamlTime } from './parse-saml-time';
import type { ReplayStore } from './replay-store';
import { quote, verifyEnvelopedSignature, type SignatureFailureCode } from './verify-enveloped-signature';

/** Decoded XML cap. Real responses are 4–30 KiB; 256 KiB leaves room for hundreds of group values. */
export const MAX_XML_BYTES = 256 * 1024;
/** Base64 of MAX_XML_BYTES plus CR/LF line breaks every 64 characters. */
export const MAX_BASE64_CHARS = Math.ceil((Math.ceil(MAX_XML_BYTES / 3) * 4 * 66) / 64);
/** Bound on the canonical (exc-C14N) form of any part of the document, and on the signed bytes re-parsed. */
export const MAX_CANONICAL_BYTES = 1024 * 1024;
export const DEFAULT_MAX_SKEW_SECONDS = 180;
const XML_LIMITS = { maxBytes: MAX_XML_BYTES, maxDepth: 32, maxElements: 4000 };

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/;
const MIN_RSA_BITS = 2048;

export type GateExpectations = {
  idp: {
    id: string;
    entityId: string;
    /** From OUR stored metadata; several during a key rollover. Never from the response. */
    certificatesPem: string[];
    allowIdpInitiated: boolean;
  };
  spEntityId: string;
  acsUrl: string;
  /** The AuthnRequest ID we issued for this browser's flow (server state); null only when considering IdP-initiated. */
  inResponseTo: string | null;
  /** Default 180; values above 180 are lowered to 180. */
  maxSkewSeconds?: number;
};

export type GateAssertion = {
  assertionId: string;
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  /** When the assertion stops being acceptable: the earliest of its NotOnOrAfter bounds (without skew). */
  notOnOrAfter: Date;
  inResponseTo: string | null;
  attributes: { name: string; values: string[] }[];
};

export type GateFailureCode =
  | 'gate_misconfigured'
  | 'input_too_large'
  | 'invalid_base64'
  | 'invalid_encoding'
  | 'xml_malformed'
  | 'xml_doctype'
  | 'xml_processing_instruction'
  | 'xml_too_deep'
  | 'xml_too_many_elements'
  | 'xml_multiple_roots'
  | 'not_a_response'
  | 'response_malformed'
  | 'status_not_success'
  | 'destination_missing'
  | 'destination_mismatch'
  | 'duplicate_id'
  | 'encrypted_assertion_unsupported'
  | 'assertion_missing'
  | 'multiple_assertions'
  | 'assertion_misplaced'
  | 'unexpected_signature'
  | 'no_idp_certificate'
  | 'assertion_not_signed'
  | SignatureFailureCode
  | 'assertion_malformed'
  | 'issuer_mismatch'
  | 'name_id_missing'
  | 'subject_confirmation_invalid'
  | 'recipient_mismatch'
  | 'conditions_missing'
  | 'condition_unsupported'
  | 'audience_mismatch'
  | 'time_missing'
  | 'time_invalid'
  | 'expired'
  | 'not_yet_valid'
  | 'in_response_to_missing'
  | 'in_response_to_mismatch'
  | 'in_response_to_unexpected'
  | 'idp_initiated_disabled'
  | 'authn_statement_missing'
  | 'attribute_statement_duplicate'
  | 'attribute_invalid'
  | 'attribute_duplicate'
  | 'replay'
  | 'internal_error';

export type GateResult =
  | { ok: true; assertion: GateAssertion }
  | { ok: false; code: GateFailureCode; /** Admin-readable, for the audit log; never shown to the end user. */ reason: string };

class Refusal extends Error {
  constructor(
    readonly code: GateFailureCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function refuse(code: GateFailureCode, reason: string): never {
  throw new Refusal(code, reason);
}

export async function validateSamlResponse(
  input: { samlResponse: string },
  expect: GateExpectations,
  deps: { replay: ReplayStore; now?: Date },
): Promise<GateResult> {
  try {
    return { ok: true, assertion: await validate(input, expect, deps) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, reason: error.reason };
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    return { ok: false, code: 'internal_error', reason: `Unexpected error while checking the SAML response (${quote(detail)}).` };
  }
}

async function validate(
  input: { samlResponse: string },
  expect: GateExpectations,
  deps: { replay: ReplayStore; now?: Date },
): Promise<GateAssertion> {
  checkExpectations(expect);
  const now = (deps.now ?? new Date()).getTime();
  const skewMs = skewSeconds(expect.maxSkewSeconds) * 1000;

  const xml = decode(input.samlResponse);
  const document = parse(xml, 'response');
  checkCanonicalSize(xml, document);
  const response = checkResponse(document, expect);
  const assertion = checkAssertionPlacement(document, response);
  const keys = usableKeys(expect.idp.certificatesPem);

  // Signatures: the Assertion's is required; the Response's, if any, must be valid too.
  const assertionId = assertion.getAttribute('ID') ?? '';
  if (!NCNAME.test(assertionId)) refuse('assertion_malformed', `The Assertion ID ${quote(assertionId)} is missing or not a valid XML ID.`);
  const [assertionSignature] = childElements(assertion, XMLDSIG_NS, 'Signature');
  if (assertionSignature === undefined) {
    refuse(
      'assertion_not_signed',
      childElements(response, XMLDSIG_NS, 'Signature').length > 0
        ? 'Only the Response is signed; Gatehouse requires the Assertion itself to be signed (WantAssertionsSigned). Configure the IdP to sign the assertion.'
        : 'The Assertion is not signed.',
    );
  }
  const signed = verifyEnvelopedSignature({
    element: assertion,
    elementId: assertionId,
    signature: assertionSignature,
    keys,
    what: 'Assertion',
  });
  if (!signed.ok) refuse(signed.code, signed.reason);
  const [responseSignature] = childElements(response, XMLDSIG_NS, 'Signature');
  if (responseSignature !== undefined) {
    const responseId = response.getAttribute('ID') ?? '';
    const checked = verifyEnvelopedSignature({
      element: response,
      elementId: responseId,
      signature: responseSignature,
      keys,
      what: 'Response',
    });
    if (!checked.ok) refuse(checked.code, checked.reason);
  }

  // From here on, only the signed bytes.
  const signedDocument = parse(signed.signedXml, 'signed assertion', MAX_CANONICAL_BYTES);
  const signedAssertion = signedDocument.documentElement;
  if (
    signedAssertion === null ||
    signedAssertion.namespaceURI !== SAML_ASSERTION_NS ||
    signedAssertion.localName !== 'Assertion' ||
    signedAssertion.getAttribute('ID') !== assertionId
  ) {
    refuse('signature_reference', 'The signed content is not the Assertion that was checked.');
  }
  const parsed = readSignedAssertion(signedAssertion, assertionId, expect, now, skewMs);
  checkInResponseTo(parsed.inResponseTo, response.getAttribute('InResponseTo'), expect);

  const expiresAt = new Date(parsed.latestBound.getTime() + skewMs);
  if (!(await deps.replay.consume(expect.idp.id, assertionId, expiresAt))) {
    refuse('replay', `The Assertion ${quote(assertionId)} has already been used (replay).`);
  }
  return parsed.assertion;
}

function checkExpectations(expect: GateExpectations): void {
  const { idp, spEntityId, acsUrl } = expect;
  if (!idp.id || !idp.entityId || !spEntityId || !acsUrl || !Array.isArray(idp.certificatesPem)) {
    refuse('gate_misconfigured', 'The gate was called without the IdP id, IdP entity ID, SP entity ID or ACS URL.');
  }
  if (expect.inResponseTo !== null && !expect.inResponseTo) {
    refuse('gate_misconfigured', 'The expected InResponseTo is empty; pass null when no request is pending.');
  }
}

function skewSeconds(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_MAX_SKEW_SECONDS;
  return Math.min(Math.max(requested, 0), DEFAULT_MAX_SKEW_SECONDS);
}

// ---- 1–3: bytes ----------------------------------------------------------------------------------------------

function decode(samlResponse: unknown): string {
  if (typeof samlResponse !== 'string') refuse('invalid_base64', 'The SAMLResponse is missing.');
  if (samlResponse.length > MAX_BASE64_CHARS) {
    refuse('input_too_large', `The SAMLResponse is ${samlResponse.length} characters of base64; the limit is ${MAX_BASE64_CHARS}.`);
  }
  const compact = samlResponse.replace(/[\r\n]/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    refuse('invalid_base64', 'The SAMLResponse is not valid base64.');
  }
  const bytes = Buffer.from(compact, 'base64');
  // Node ignores stray trailing bits; canonical base64 round-trips exactly.
  if (bytes.toString('base64') !== compact) refuse('invalid_base64', 'The SAMLResponse is not canonical base64.');
  if (bytes.length > MAX_XML_BYTES) {
    refuse('input_too_large', `The decoded SAML response is ${bytes.length} bytes; the limit is ${MAX_XML_BYTES}.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse('invalid_encoding', 'The SAML response is not valid UTF-8.');
  }
}

const XML_CODES: Record<XmlErrorReason, GateFailureCode> = {
  too_large: 'input_too_large',
  too_many_elements: 'xml_too_many_elements',
  doctype: 'xml_doctype',
  processing_instruction: 'xml_processing_instruction',
  malformed: 'xml_malformed',
  depth: 'xml_too_deep',
  multiple_roots: 'xml_multiple_roots',
};

function parse(xml: string, what: string, maxBytes = MAX_XML_BYTES): Document {
  try {
    return parseXmlDocument(xml, { ...XML_LIMITS, maxBytes });
  } catch (error) {
    if (error instanceof XmlError) {
      refuse(XML_CODES[error.reason], `The ${what} XML was refused: ${error.detail ?? error.message}`);
    }
    throw error;
  }
}

/**
 * Exclusive C14N re-declares a namespace on every output element that uses it, so a long namespace URI used by
 * thousands of small elements canonicalizes to many megabytes — work done before the digest can be found wrong. This bounds the output of canonicalizing any part of the document (text escaping adds at most 5
 * bytes per character, each element at most one declaration per prefix it uses) and refuses what could exceed it.
 */
function checkCanonicalSize(xml: string, document: Document): void {
  let bound = xml.length + 5 * (xml.match(/[>\r\t\n"]/g)?.length ?? 0);
  const root = document.documentElement;
  for (const element of root ? [root, ...allDescendants(root)] : []) {
    bound += (element.namespaceURI ?? '').length + (element.prefix ?? '').length + 10;
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.prefix && attribute.prefix !== 'xmlns') bound += (attribute.namespaceURI ?? '').length + attribute.prefix.length + 10;
    }
  }
  if (bound > MAX_CANONICAL_BYTES) {
    refuse(
      'input_too_large',
      `The response's canonical form could reach ${bound} bytes (limit ${MAX_CANONICAL_BYTES}): too many namespace-qualified elements or escapes.`,
    );
  }
}

// ---- 4–11: the unsigned envelope and the document's shape ----------------------------------------------------

const RESPONSE_CHILDREN = new Set([
  `${SAML_ASSERTION_NS} Issuer`,
  `${XMLDSIG_NS} Signature`,
  `${SAML_PROTOCOL_NS} Extensions`,
  `${SAML_PROTOCOL_NS} Status`,
  `${SAML_ASSERTION_NS} Assertion`,
  `${SAML_ASSERTION_NS} EncryptedAssertion`,
]);

function checkResponse(document: Document, expect: GateExpectations): Element {
  const response = document.documentElement;
  if (response === null || response.namespaceURI !== SAML_PROTOCOL_NS || response.localName !== 'Response') {
    refuse('not_a_response', `The document is not a SAML 2.0 Response (its root is ${describe(response)}).`);
  }
  if (response.getAttribute('Version') !== '2.0') {
    refuse('not_a_response', `The Response Version is ${quote(response.getAttribute('Version') ?? '(none)')}, not "2.0".`);
  }
  for (const child of elementChildren(response)) {
    if (!RESPONSE_CHILDREN.has(`${child.namespaceURI ?? ''} ${child.localName ?? ''}`)) {
      refuse('response_malformed', `The Response contains an unexpected element ${describe(child)}.`);
    }
  }
  if (descendantElements(response, SAML_PROTOCOL_NS, 'Response').length > 0) {
    refuse('response_malformed', 'The Response contains another Response element (signature wrapping).');
  }

  const [status, ...moreStatus] = childElements(response, SAML_PROTOCOL_NS, 'Status');
  const [statusCode] = status ? childElements(status, SAML_PROTOCOL_NS, 'StatusCode') : [];
  const value = statusCode?.getAttribute('Value') ?? '';
  if (moreStatus.length > 0 || value !== SUCCESS) {
    const nested = statusCode ? (childElements(statusCode, SAML_PROTOCOL_NS, 'StatusCode')[0]?.getAttribute('Value') ?? null) : null;
    const message = status ? childElements(status, SAML_PROTOCOL_NS, 'StatusMessage')[0] : undefined;
    refuse(
      'status_not_success',
      `The IdP answered with status ${quote(value || '(none)')}${nested ? ` / ${quote(nested)}` : ''}${message ? `: ${quote(textContent(message))}` : ''}.`,
    );
  }

  const destination = response.getAttribute('Destination');
  const responseSigned = childElements(response, XMLDSIG_NS, 'Signature').length > 0;
  if (destination === null || destination === '') {
    if (responseSigned) refuse('destination_missing', 'The Response is signed but has no Destination.');
  } else if (destination !== expect.acsUrl) {
    refuse(
      'destination_mismatch',
      `The Response Destination ${quote(destination)} is not this service provider's ACS URL ${quote(expect.acsUrl)}.`,
    );
  }

  const issuers = childElements(response, SAML_ASSERTION_NS, 'Issuer');
  if (issuers.length > 1) refuse('response_malformed', 'The Response has more than one Issuer.');
  const [issuer] = issuers;
  if (issuer !== undefined) checkIssuer(issuer, expect, 'Response');
  return response;
}

function checkAssertionPlacement(document: Document, response: Element): Element {
  checkUniqueIds(document);
  if (descendantElements(document, SAML_ASSERTION_NS, 'EncryptedAssertion').length > 0) {
    refuse(
      'encrypted_assertion_unsupported',
      'The Response carries an EncryptedAssertion; encrypted assertions are not supported yet. Configure the IdP to send a signed, unencrypted assertion.',
    );
  }
  const assertions = descendantElements(document, SAML_ASSERTION_NS, 'Assertion');
  const [assertion] = assertions;
  if (assertion === undefined) refuse('assertion_missing', 'The Response contains no Assertion.');
  if (assertions.length > 1) {
    refuse(
      'multiple_assertions',
      `The Response contains ${assertions.length} Assertion elements; exactly one is accepted (signature wrapping defence).`,
    );
  }
  if (assertion.parentNode !== response) {
    refuse('assertion_misplaced', `The Assertion is inside ${describe(assertion.parentNode)}, not a direct child of the Response.`);
  }
  for (const signature of descendantElements(document, XMLDSIG_NS, 'Signature')) {
    if (signature.parentNode !== response && signature.parentNode !== assertion) {
      refuse(
        'unexpected_signature',
        `A signature is inside ${describe(signature.parentNode)}; signatures are accepted only on the Response and the Assertion.`,
      );
    }
  }
  if (childElements(response, XMLDSIG_NS, 'Signature').length > 1 || childElements(assertion, XMLDSIG_NS, 'Signature').length > 1) {
    refuse('unexpected_signature', 'The Response or the Assertion carries more than one signature.');
  }
  return assertion;
}

/** Every ID-like attribute (ID, Id, id — any namespace, as xml-crypto resolves references) has a unique value. */
function checkUniqueIds(document: Document): void {
  const seen = new Set<string>();
  const root = document.documentElement;
  if (root === null) return;
  for (const element of [root, ...allDescendants(root)]) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.localName ?? attribute.name;
      // Namespace declarations (xmlns:id="…") are not attributes to xml-crypto's XPath lookup.
      if (attribute.namespaceURI === XMLNS_NS || (name !== 'ID' && name !== 'Id' && name !== 'id')) continue;
      if (seen.has(attribute.value)) {
        refuse('duplicate_id', `The ID ${quote(attribute.value)} appears more than once in the document (signature wrapping).`);
      }
      seen.add(attribute.value);
    }
  }
}

/** Parsed stored certificates (PEM → usable key, or null): the same few certificates sign every response. */
const keyCache = new Map<string, KeyObject | null>();
const KEY_CACHE_LIMIT = 256;

function usableKey(pem: string): KeyObject | null {
  const cached = keyCache.get(pem);
  if (cached !== undefined) return cached;
  let usable: KeyObject | null = null;
  try {
    const key = new X509Certificate(pem).publicKey;
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (key.asymmetricKeyType === 'ec' || (key.asymmetricKeyType === 'rsa' && bits !== undefined && bits >= MIN_RSA_BITS)) usable = key;
  } catch {
    // Not a certificate: unusable, like a missing one.
  }
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(pem, usable);
  return usable;
}

function usableKeys(certificatesPem: string[]): KeyObject[] {
  const keys = certificatesPem.map(usableKey).filter((key): key is KeyObject => key !== null);
  if (keys.length === 0) {
    refuse(
      'no_idp_certificate',
      `The IdP has no usable signing certificate in its stored metadata (${certificatesPem.length} given; RSA keys need ≥ ${MIN_RSA_BITS} bits). Nothing from it can be accepted.`,
    );
  }
  return keys;
}

// ---- 15–22: the signed assertion -------------------------------------------------------------------------------

type ParsedAssertion = { assertion: GateAssertion; inResponseTo: string | null; latestBound: Date };

function readSignedAssertion(
  assertion: Element,
  assertionId: string,
  expect: GateExpectations,
  now: number,
  skewMs: number,
): ParsedAssertion {
  if (assertion.getAttribute('Version') !== '2.0') {
    refuse('assertion_malformed', `The Assertion Version is ${quote(assertion.getAttribute('Version') ?? '(none)')}, not "2.0".`);
  }
  const issueInstant = requiredTime(assertion, 'IssueInstant', 'Assertion');
  if (issueInstant.getTime() > now + skewMs) {
    refuse('not_yet_valid', `The Assertion was issued in the future (${issueInstant.toISOString()}).`);
  }

  const issuer = one(assertion, SAML_ASSERTION_NS, 'Issuer', 'issuer_mismatch', 'The Assertion must have exactly one Issuer.');
  const issuerValue = checkIssuer(issuer, expect, 'Assertion');

  // Subject and its bearer confirmation.
  const subject = one(assertion, SAML_ASSERTION_NS, 'Subject', 'name_id_missing', 'The Assertion must have exactly one Subject.');
  if (
    childElements(subject, SAML_ASSERTION_NS, 'EncryptedID').length > 0 ||
    childElements(subject, SAML_ASSERTION_NS, 'BaseID').length > 0
  ) {
    refuse('name_id_missing', 'The Subject identifies the user with an EncryptedID or BaseID; only a plain NameID is supported.');
  }
  const nameIdElement = one(subject, SAML_ASSERTION_NS, 'NameID', 'name_id_missing', 'The Subject must have exactly one NameID.');
  const nameId = textContent(nameIdElement);
  if (nameId.trim() === '') refuse('name_id_missing', 'The NameID is empty.');
  const nameIdFormat = nameIdElement.getAttribute('Format') || undefined;

  const bearers = childElements(subject, SAML_ASSERTION_NS, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === BEARER);
  const [bearer] = bearers;
  if (bearer === undefined || bearers.length > 1) {
    refuse('subject_confirmation_invalid', `The Subject must have exactly one bearer SubjectConfirmation; it has ${bearers.length}.`);
  }
  const data = one(
    bearer,
    SAML_ASSERTION_NS,
    'SubjectConfirmationData',
    'subject_confirmation_invalid',
    'The bearer SubjectConfirmation must have exactly one SubjectConfirmationData.',
  );
  const recipient = data.getAttribute('Recipient');
  if (recipient !== expect.acsUrl) {
    refuse(
      'recipient_mismatch',
      recipient === null
        ? 'The SubjectConfirmationData has no Recipient.'
        : `The SubjectConfirmationData Recipient ${quote(recipient)} is not this service provider's ACS URL ${quote(expect.acsUrl)}.`,
    );
  }
  const confirmationEnd = checkWindow(data, 'SubjectConfirmationData', now, skewMs);
  const inResponseTo = data.getAttribute('InResponseTo') || null;

  // Conditions.
  const conditionsList = childElements(assertion, SAML_ASSERTION_NS, 'Conditions');
  const [conditions] = conditionsList;
  if (conditions === undefined) refuse('conditions_missing', 'The Assertion has no Conditions (no audience and no expiry).');
  if (conditionsList.length > 1) refuse('assertion_malformed', 'The Assertion has more than one Conditions element.');
  const conditionsEnd = checkWindow(conditions, 'Conditions', now, skewMs);
  let restrictions = 0;
  for (const condition of elementChildren(conditions)) {
    const name = condition.namespaceURI === SAML_ASSERTION_NS ? condition.localName : null;
    if (name === 'AudienceRestriction') {
      restrictions += 1;
      const audiences = childElements(condition, SAML_ASSERTION_NS, 'Audience').map(textContent);
      if (!audiences.includes(expect.spEntityId)) {
        refuse(
          'audience_mismatch',
          `The assertion is for ${audiences.map(quote).join(', ') || 'no audience'}, not this service provider (${quote(expect.spEntityId)}).`,
        );
      }
    } else if (name !== 'OneTimeUse' && name !== 'ProxyRestriction') {
      refuse(
        'condition_unsupported',
        `The Conditions contain ${describe(condition)}, which Gatehouse does not understand (an unknown condition makes the assertion invalid).`,
      );
    }
  }
  if (restrictions === 0)
    refuse('audience_mismatch', 'The Conditions have no AudienceRestriction; the assertion must name this service provider.');

  // Authentication statement.
  const authnStatements = childElements(assertion, SAML_ASSERTION_NS, 'AuthnStatement');
  const [authn] = authnStatements;
  if (authn === undefined) refuse('authn_statement_missing', 'The Assertion has no AuthnStatement.');
  if (authnStatements.length > 1) refuse('assertion_malformed', 'The Assertion has more than one AuthnStatement.');
  requiredTime(authn, 'AuthnInstant', 'AuthnStatement');
  const sessionEnd = optionalTime(authn, 'SessionNotOnOrAfter', 'AuthnStatement');
  if (sessionEnd !== null && now >= sessionEnd.getTime() + skewMs) {
    refuse('expired', `The IdP session ended at ${sessionEnd.toISOString()} (SessionNotOnOrAfter).`);
  }
  const sessionIndex = authn.getAttribute('SessionIndex') || undefined;

  const attributes = readAttributes(assertion);
  const notOnOrAfter = new Date(Math.min(confirmationEnd.getTime(), conditionsEnd.getTime()));
  const latestBound = new Date(Math.max(confirmationEnd.getTime(), conditionsEnd.getTime()));
  return {
    assertion: {
      assertionId,
      issuer: issuerValue,
      nameId,
      ...(nameIdFormat ? { nameIdFormat } : {}),
      ...(sessionIndex ? { sessionIndex } : {}),
      notOnOrAfter,
      inResponseTo,
      attributes,
    },
    inResponseTo,
    latestBound,
  };
}

function checkIssuer(issuer: Element, expect: GateExpectations, what: string): string {
  const value = textContent(issuer);
  const format = issuer.getAttribute('Format');
  if (format && format !== ENTITY_FORMAT)
    refuse('issuer_mismatch', `The ${what} Issuer has Format ${quote(format)}, not the entity format.`);
  if (value !== expect.idp.entityId) {
    refuse('issuer_mismatch', `The ${what} Issuer ${quote(value)} is not this IdP's entity ID ${quote(expect.idp.entityId)}.`);
  }
  return value;
}

/** NotBefore (optional) and NotOnOrAfter (required) of `element`, checked against now ± skew; returns the upper bound. */
function checkWindow(element: Element, what: string, now: number, skewMs: number): Date {
  const notOnOrAfter = optionalTime(element, 'NotOnOrAfter', what);
  if (notOnOrAfter === null) refuse('time_missing', `The ${what} has no NotOnOrAfter; an assertion without an expiry is refused.`);
  const notBefore = optionalTime(element, 'NotBefore', what);
  if (notBefore !== null && now + skewMs < notBefore.getTime()) {
    refuse('not_yet_valid', `The ${what} is not valid before ${notBefore.toISOString()} (allowed skew ${skewMs / 1000} s).`);
  }
  if (now >= notOnOrAfter.getTime() + skewMs) {
    refuse('expired', `The ${what} expired at ${notOnOrAfter.toISOString()} (allowed skew ${skewMs / 1000} s).`);
  }
  return notOnOrAfter;
}

function optionalTime(element: Element, attribute: string, what: string): Date | null {
  const raw = element.getAttribute(attribute);
  if (raw === null) return null;
  const time = parseSamlTime(raw);
  if (time === null) refuse('time_invalid', `The ${what} ${attribute} ${quote(raw)} is not a UTC xs:dateTime.`);
  return time;
}

function requiredTime(element: Element, attribute: string, what: string): Date {
  const time = optionalTime(element, attribute, what);
  if (time === null) refuse('time_invalid', `The ${what} has no ${attribute}.`);
  return time;
}

function checkInResponseTo(signed: string | null, unsignedRaw: string | null, expect: GateExpectations): void {
  const unsigned = unsignedRaw || null;
  const expected = expect.inResponseTo;
  if (expected !== null) {
    if (signed === null) {
      refuse(
        'in_response_to_missing',
        unsigned === null
          ? 'The assertion does not say which request it answers (no InResponseTo), but this sign-in was started by Gatehouse.'
          : 'Only the unsigned Response carries InResponseTo; the signed SubjectConfirmationData does not, so the response is not bound to our request.',
      );
    }
    if (signed !== expected) {
      refuse(
        'in_response_to_mismatch',
        `The assertion answers request ${quote(signed)}, not the one this browser started (${quote(expected)}).`,
      );
    }
    if (unsigned !== null && unsigned !== expected) {
      refuse('in_response_to_mismatch', `The Response InResponseTo ${quote(unsigned)} disagrees with the signed one.`);
    }
    return;
  }
  if (!expect.idp.allowIdpInitiated) {
    refuse('idp_initiated_disabled', 'No sign-in is pending for this browser and IdP-initiated sign-in is not enabled for this IdP.');
  }
  if (signed !== null || unsigned !== null) {
    refuse(
      'in_response_to_unexpected',
      `The response answers request ${quote(signed ?? unsigned ?? '')}, but no sign-in is pending for this browser.`,
    );
  }
}

function readAttributes(assertion: Element): { name: string; values: string[] }[] {
  const statements = childElements(assertion, SAML_ASSERTION_NS, 'AttributeStatement');
  if (statements.length > 1) {
    refuse('attribute_statement_duplicate', `The Assertion has ${statements.length} AttributeStatements; at most one is accepted.`);
  }
  const [statement] = statements;
  if (statement === undefined) return [];
  const attributes: { name: string; values: string[] }[] = [];
  const names = new Set<string>();
  for (const child of elementChildren(statement)) {
    if (child.namespaceURI !== SAML_ASSERTION_NS || child.localName !== 'Attribute') {
      refuse(
        'attribute_invalid',
        `The AttributeStatement contains ${describe(child)}; only plain Attributes are supported (no EncryptedAttribute).`,
      );
    }
    const name = child.getAttribute('Name') ?? '';
    if (name === '') refuse('attribute_invalid', 'An Attribute has no Name.');
    if (names.has(name)) refuse('attribute_duplicate', `The Attribute ${quote(name)} appears more than once.`);
    names.add(name);
    const values: string[] = [];
    for (const valueElement of elementChildren(child)) {
      if (valueElement.namespaceURI !== SAML_ASSERTION_NS || valueElement.localName !== 'AttributeValue') {
        refuse('attribute_invalid', `The Attribute ${quote(name)} contains ${describe(valueElement)}.`);
      }
      const nil = valueElement.getAttributeNS(XSI_NS, 'nil');
      if (nil === 'true' || nil === '1') continue;
      values.push(textContent(valueElement));
    }
    attributes.push({ name, values });
  }
  return attributes;
}

// ---- helpers -----------------------------------------------------------------------------------------------------

function one(parent: Element, ns: string, localName: string, code: GateFailureCode, reason: string): Element {
  const found = childElements(parent, ns, localName);
  const [first] = found;
  if (first === undefined || found.length > 1) refuse(code, reason);
  return first;
}

function elementChildren(parent: Element): Element[] {
  const found: Element[] = [];
  for (let node: Node | null = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) found.push(node as Element);
  }
  return found;
}

function allDescendants(root: Element): Element[] {
  const found: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop();
    if (element === undefined) break;
    const children = elementChildren(element);
    found.push(...children);
    stack.push(...children);
  }
  return found;
}

function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (node.nodeType !== 1) return node.nodeName;
  const element = node as Element;
  return `<${element.localName ?? element.nodeName}> in namespace ${quote(element.namespaceURI ?? '(none)')}`;
}
