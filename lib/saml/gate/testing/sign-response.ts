/**
 * Test support: builds SAML Responses whose Assertion (and optionally the Response) is signed with a given key by
 * xml-crypto, with a knob for every field the gate checks, plus post-signing edits for crafted attacks (wrapping,
 * comments, PIs, re-signed SignedInfo). Test-only: nothing here is for production use.
 */
import { randomBytes, sign } from 'node:crypto';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import type { TestKeyPair } from '../../../../e2e/fixtures/test-keys';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from '../../../xml/namespaces';
import {
  ALLOWED_HASH_ALGORITHMS,
  ALLOWED_SIGNATURE_ALGORITHMS,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  SIGNATURE_ALGORITHMS,
  isAllowedSignatureAlgorithm,
} from '../xmldsig-algorithms';

export const ALG = {
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  ecdsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  ecdsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
  hmacSha1: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  envelopedSignature: ENVELOPED_SIGNATURE,
  excC14n: EXC_C14N,
  excC14nWithComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  xpath: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  xslt: 'http://www.w3.org/TR/1999/REC-xslt-19991116',
} as const;

export type TestAttribute = { name: string; values: string[] };

export type SignResponseOptions = {
  /** The key that signs (the IdP's, or an attacker's). */
  keys: TestKeyPair;
  issuer: string;
  /** The Response's own Issuer: default `issuer`; null leaves it out. */
  responseIssuer?: string | null;
  spEntityId: string;
  acsUrl: string;
  /** Audiences in the AudienceRestriction; default [spEntityId]. Empty: no AudienceRestriction. */
  audiences?: string[];
  /** Default acsUrl; null leaves it out. */
  recipient?: string | null;
  /** Default acsUrl; null leaves it out. */
  destination?: string | null;
  nameId?: string;
  nameIdFormat?: string | null;
  /** InResponseTo on the signed SubjectConfirmationData; null leaves it out. */
  inResponseTo?: string | null;
  /** InResponseTo on the (unsigned) Response; default = inResponseTo. */
  responseInResponseTo?: string | null;
  /** Reference time for the defaults below; default now. */
  now?: Date;
  issueInstant?: string;
  /** Conditions NotBefore: default now - 30 s; null leaves it out. */
  notBefore?: string | null;
  /** Conditions NotOnOrAfter: default now + 5 min; null leaves it out. */
  notOnOrAfter?: string | null;
  /** SubjectConfirmationData NotOnOrAfter: default now + 5 min; null leaves it out. */
  confirmationNotOnOrAfter?: string | null;
  sessionIndex?: string;
  /** Default a few typical attributes. */
  attributes?: TestAttribute[];
  /** Emit the AttributeStatement this many times (duplicate statements). Default 1 (0 when no attributes). */
  attributeStatements?: number;
  /** Default true. */
  authnStatement?: boolean;
  /** Extra raw XML inside Conditions (e.g. an unknown condition). */
  extraConditionsXml?: string;
  /** Leave out Conditions entirely. */
  omitConditions?: boolean;
  statusCode?: string;
  assertionId?: string;
  responseId?: string;
  /** Default true. */
  signAssertion?: boolean;
  /** Default false. */
  signResponse?: boolean;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  transforms?: string[];
  canonicalization?: string;
  /** The certificate published in KeyInfo; default the signing certificate. */
  keyInfoCertificatePem?: string;
  /** HMAC-SHA1 keyed with this secret (the classic key confusion uses the IdP's public certificate text). */
  hmacSecret?: string;
  /** InclusiveNamespaces PrefixList on the Reference's exc-C14N transform (as Okta and Shibboleth send). */
  inclusiveNamespacesPrefixList?: string[];
  /** A second Reference in the assertion signature, to the Subject. */
  secondReference?: boolean;
};

export type SignedResponse = { xml: string; base64: string; assertionId: string; responseId: string };

export function newId(): string {
  return `_${randomBytes(16).toString('hex')}`;
}

export function toBase64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

export function isoAfter(base: Date, seconds: number): string {
  return new Date(base.getTime() + seconds * 1000).toISOString();
}

const DEFAULT_ATTRIBUTES: TestAttribute[] = [
  { name: 'userName', values: ['ada@acme.test'] },
  { name: 'email', values: ['ada@acme.test'] },
  { name: 'groups', values: ['vpn-users', 'engineering', 'sales'] },
];

export function buildSignedResponse(options: SignResponseOptions): SignedResponse {
  const now = options.now ?? new Date();
  const assertionId = options.assertionId ?? newId();
  const responseId = options.responseId ?? newId();
  const xml = responseXml(options, now, assertionId, responseId);
  let signed = xml;
  if (options.signAssertion ?? true) {
    signed = signElement(signed, options, "/*[local-name(.)='Response']/*[local-name(.)='Assertion']", {
      reference: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
      action: 'after',
    });
  }
  if (options.signResponse ?? false) {
    const hasIssuer = options.responseIssuer !== null;
    signed = signElement(
      signed,
      { ...options, secondReference: false },
      "/*[local-name(.)='Response']",
      hasIssuer
        ? { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' }
        : { reference: "/*[local-name(.)='Response']", action: 'prepend' },
    );
  }
  return { xml: signed, base64: toBase64(signed), assertionId, responseId };
}

function signElement(
  xml: string,
  options: SignResponseOptions,
  xpath: string,
  location: { reference: string; action: 'after' | 'prepend' },
): string {
  const signatureAlgorithm = options.hmacSecret ? ALG.hmacSha1 : (options.signatureAlgorithm ?? ALG.rsaSha256);
  const signedXml = new SignedXml({
    privateKey: options.hmacSecret ?? options.keys.privateKeyPem,
    publicCert: options.keyInfoCertificatePem ?? options.keys.certificatePem,
    signatureAlgorithm,
    canonicalizationAlgorithm: options.canonicalization ?? ALG.excC14n,
  });
  // xml-crypto's own algorithms (SHA-1 included, for attack tests) plus the gate's allowlisted ones.
  signedXml.HashAlgorithms = { ...signedXml.HashAlgorithms, ...ALLOWED_HASH_ALGORITHMS };
  signedXml.SignatureAlgorithms = { ...signedXml.SignatureAlgorithms, ...ALLOWED_SIGNATURE_ALGORITHMS };
  if (options.hmacSecret) {
    signedXml.enableHMAC();
    // enableHMAC drops KeyInfo; the attack does not need it.
  }
  const transforms = options.transforms ?? [ALG.envelopedSignature, ALG.excC14n];
  const digestAlgorithm = options.digestAlgorithm ?? ALG.sha256;
  signedXml.addReference({
    xpath,
    transforms,
    digestAlgorithm,
    inclusiveNamespacesPrefixList: options.inclusiveNamespacesPrefixList ?? [],
  });
  if (options.secondReference) {
    signedXml.addReference({ xpath: `${xpath}/*[local-name(.)='Subject']`, transforms: [ALG.excC14n], digestAlgorithm });
  }
  signedXml.computeSignature(xml, { prefix: 'ds', location });
  return signedXml.getSignedXml();
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function attribute(name: string, value: string | null | undefined): string {
  return value === null || value === undefined ? '' : ` ${name}="${escapeAttribute(value)}"`;
}

function responseXml(options: SignResponseOptions, now: Date, assertionId: string, responseId: string): string {
  const issueInstant = options.issueInstant ?? now.toISOString();
  const inResponseTo = options.inResponseTo === undefined ? null : options.inResponseTo;
  const responseInResponseTo = options.responseInResponseTo === undefined ? inResponseTo : options.responseInResponseTo;
  const destination = options.destination === undefined ? options.acsUrl : options.destination;
  const recipient = options.recipient === undefined ? options.acsUrl : options.recipient;
  const responseIssuer = options.responseIssuer === undefined ? options.issuer : options.responseIssuer;
  const notBefore = options.notBefore === undefined ? isoAfter(now, -30) : options.notBefore;
  const notOnOrAfter = options.notOnOrAfter === undefined ? isoAfter(now, 300) : options.notOnOrAfter;
  const confirmationEnd = options.confirmationNotOnOrAfter === undefined ? isoAfter(now, 300) : options.confirmationNotOnOrAfter;
  const nameIdFormat = options.nameIdFormat === undefined ? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' : options.nameIdFormat;
  const audiences = options.audiences ?? [options.spEntityId];
  const attributes = options.attributes ?? DEFAULT_ATTRIBUTES;
  const statementCount = options.attributeStatements ?? (attributes.length > 0 ? 1 : 0);

  const attributeStatement =
    '<saml:AttributeStatement>' +
    attributes
      .map(
        (a) =>
          `<saml:Attribute Name="${escapeAttribute(a.name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
          a.values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeText(v)}</saml:AttributeValue>`).join('') +
          '</saml:Attribute>',
      )
      .join('') +
    '</saml:AttributeStatement>';

  const conditions = options.omitConditions
    ? ''
    : `<saml:Conditions${attribute('NotBefore', notBefore)}${attribute('NotOnOrAfter', notOnOrAfter)}>` +
      (audiences.length > 0
        ? `<saml:AudienceRestriction>${audiences.map((a) => `<saml:Audience>${escapeText(a)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`
        : '') +
      (options.extraConditionsXml ?? '') +
      '</saml:Conditions>';

  return (
    `<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" xmlns:saml="${SAML_ASSERTION_NS}" ID="${responseId}" Version="2.0" IssueInstant="${issueInstant}"` +
    `${attribute('Destination', destination)}${attribute('InResponseTo', responseInResponseTo)}>` +
    (responseIssuer === null ? '' : `<saml:Issuer>${escapeText(responseIssuer)}</saml:Issuer>`) +
    `<samlp:Status><samlp:StatusCode Value="${escapeAttribute(options.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success')}"/></samlp:Status>` +
    `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${assertionId}" Version="2.0" IssueInstant="${issueInstant}">` +
    `<saml:Issuer>${escapeText(options.issuer)}</saml:Issuer>` +
    '<saml:Subject>' +
    `<saml:NameID${attribute('Format', nameIdFormat)}>${escapeText(options.nameId ?? 'ada@acme.test')}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData${attribute('NotOnOrAfter', confirmationEnd)}${attribute('Recipient', recipient)}${attribute('InResponseTo', inResponseTo)}/>` +
    '</saml:SubjectConfirmation>' +
    '</saml:Subject>' +
    conditions +
    ((options.authnStatement ?? true)
      ? `<saml:AuthnStatement AuthnInstant="${issueInstant}" SessionIndex="${escapeAttribute(options.sessionIndex ?? '_session-1')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
      : '') +
    attributeStatement.repeat(statementCount) +
    '</saml:Assertion>' +
    '</samlp:Response>'
  );
}

// ---- post-signing edits ------------------------------------------------------------------------------------------

export function parseForEdit(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

export function serialize(document: Document): string {
  return new XMLSerializer().serializeToString(document);
}

/** Parses, lets `edit` change the DOM, serializes: for edits that must not (or must) break the signature. */
export function editXml(xml: string, edit: (document: Document, parts: ResponseParts) => void): string {
  const document = parseForEdit(xml);
  edit(document, responseParts(document));
  return serialize(document);
}

export type ResponseParts = {
  response: Element;
  assertion: Element;
  assertionSignature: Element | undefined;
  responseSignature: Element | undefined;
};

export function responseParts(document: Document): ResponseParts {
  const response = document.documentElement;
  if (!response) throw new Error('no root');
  const assertion = child(response, SAML_ASSERTION_NS, 'Assertion');
  if (!assertion) throw new Error('no assertion');
  return {
    response,
    assertion,
    assertionSignature: child(assertion, XMLDSIG_NS, 'Signature'),
    responseSignature: child(response, XMLDSIG_NS, 'Signature'),
  };
}

function ownerDocument(node: Element): Document {
  const document = node.ownerDocument;
  if (!document) throw new Error('detached node');
  return document;
}

export function child(parent: Element, ns: string, localName: string): Element | undefined {
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === localName) return node as Element;
  }
  return undefined;
}

export function descendant(parent: Element, ns: string, localName: string): Element | undefined {
  const found = parent.getElementsByTagNameNS(ns, localName);
  return found.item(0) ?? undefined;
}

/**
 * Recomputes the SignatureValue of `signature` over its (possibly edited) SignedInfo with `keys`: the signature
 * stays cryptographically valid, so only the gate's policy can refuse what the edit introduced.
 */
export function resignSignedInfo(signature: Element, keys: TestKeyPair, signatureAlgorithm: string = ALG.rsaSha256): void {
  const signedInfo = child(signature, XMLDSIG_NS, 'SignedInfo');
  const value = child(signature, XMLDSIG_NS, 'SignatureValue');
  if (!signedInfo || !value) throw new Error('no SignedInfo/SignatureValue');
  const canonical = new ExclusiveCanonicalization().process(signedInfo as unknown as globalThis.Element, {}).toString();
  const spec = isAllowedSignatureAlgorithm(signatureAlgorithm)
    ? SIGNATURE_ALGORITHMS[signatureAlgorithm]
    : { hash: 'sha256', ecdsa: false };
  const signatureValue = sign(spec.hash, Buffer.from(canonical, 'utf8'), {
    key: keys.privateKeyPem,
    ...(spec.ecdsa ? { dsaEncoding: 'ieee-p1363' as const } : {}),
  }).toString('base64');
  while (value.firstChild) value.removeChild(value.firstChild);
  value.appendChild(ownerDocument(value).createTextNode(signatureValue));
}

/** A fresh, unsigned copy of `assertion` with another ID and another NameID: the attacker's assertion. */
export function evilAssertion(assertion: Element, nameId = 'mallory@evil.test'): Element {
  const copy = assertion.cloneNode(true) as Element;
  copy.setAttribute('ID', newId());
  const signature = child(copy, XMLDSIG_NS, 'Signature');
  if (signature) copy.removeChild(signature);
  const nameIdElement = descendant(copy, SAML_ASSERTION_NS, 'NameID');
  if (nameIdElement) {
    while (nameIdElement.firstChild) nameIdElement.removeChild(nameIdElement.firstChild);
    nameIdElement.appendChild(ownerDocument(copy).createTextNode(nameId));
  }
  return copy;
}

export type WrapPlacement = 'XSW1' | 'XSW2' | 'XSW3' | 'XSW4' | 'XSW5' | 'XSW6' | 'XSW7' | 'XSW8';

/**
 * The signature-wrapping placements of Somorovsky et al. / SAML Raider. XSW1–2 wrap a signed Response (use with
 * signResponse); XSW3–8 wrap a signed Assertion. The attacker's assertion has its own ID (so duplicate-ID
 * detection alone does not catch it) and says mallory@evil.test.
 */
export function wrapSignature(xml: string, placement: WrapPlacement): string {
  return editXml(xml, (document, { response, assertion, assertionSignature, responseSignature }) => {
    const ds = (name: string) => document.createElementNS(XMLDSIG_NS, `ds:${name}`);
    const evil = evilAssertion(assertion);
    switch (placement) {
      case 'XSW1':
      case 'XSW2': {
        if (!responseSignature) throw new Error('XSW1/2 need a signed Response');
        const original = response.cloneNode(true) as Element;
        // The attacker's response: the original's envelope with a new ID and the evil assertion, no signature of
        // its own except the original one carried along.
        response.setAttribute('ID', newId());
        response.replaceChild(evil, assertion);
        if (placement === 'XSW1') {
          const object = ds('Object');
          object.appendChild(original);
          responseSignature.appendChild(object);
        } else {
          response.insertBefore(original, responseSignature);
        }
        const originalSignature = child(original, XMLDSIG_NS, 'Signature');
        if (placement === 'XSW1' && originalSignature) original.removeChild(originalSignature);
        return;
      }
      case 'XSW3':
        response.insertBefore(evil, assertion);
        return;
      case 'XSW4':
        response.replaceChild(evil, assertion);
        evil.appendChild(assertion);
        return;
      case 'XSW5': {
        if (!assertionSignature) throw new Error('needs a signed assertion');
        assertion.removeChild(assertionSignature);
        const evilIssuer = child(evil, SAML_ASSERTION_NS, 'Issuer');
        evil.insertBefore(assertionSignature, evilIssuer?.nextSibling ?? null);
        response.replaceChild(evil, assertion);
        // The original, now unsigned-looking, at the end of the Response.
        response.appendChild(assertion);
        assertion.appendChild(document.createComment(' moved '));
        return;
      }
      case 'XSW6': {
        if (!assertionSignature) throw new Error('needs a signed assertion');
        assertion.removeChild(assertionSignature);
        const evilIssuer = child(evil, SAML_ASSERTION_NS, 'Issuer');
        evil.insertBefore(assertionSignature, evilIssuer?.nextSibling ?? null);
        response.replaceChild(evil, assertion);
        const object = ds('Object');
        object.appendChild(assertion);
        assertionSignature.appendChild(object);
        return;
      }
      case 'XSW7': {
        const extensions = document.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
        response.replaceChild(evil, assertion);
        extensions.appendChild(assertion);
        response.insertBefore(extensions, child(response, SAML_PROTOCOL_NS, 'Status') ?? null);
        return;
      }
      case 'XSW8': {
        if (!assertionSignature) throw new Error('needs a signed assertion');
        const evilIssuer = child(evil, SAML_ASSERTION_NS, 'Issuer');
        const signatureCopy = assertionSignature.cloneNode(true) as Element;
        evil.insertBefore(signatureCopy, evilIssuer?.nextSibling ?? null);
        response.replaceChild(evil, assertion);
        assertion.removeChild(assertionSignature);
        const object = ds('Object');
        object.appendChild(assertion);
        signatureCopy.appendChild(object);
        return;
      }
    }
  });
}

/** Inserts raw markup (a comment, a PI…) into the NameID text at `offset`, after signing. */
export function insertIntoNameId(xml: string, offset: number, markup: string): string {
  const match = /(<saml:NameID[^>]*>)([^<]*)(<\/saml:NameID>)/.exec(xml);
  if (!match || match[1] === undefined || match[2] === undefined) throw new Error('no NameID');
  const text = match[2];
  const start = match.index + match[1].length;
  return `${xml.slice(0, start)}${text.slice(0, offset)}${markup}${text.slice(offset)}${xml.slice(start + text.length)}`;
}
