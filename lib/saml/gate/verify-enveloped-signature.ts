import { createHash, type KeyObject } from 'node:crypto';
import type { Element, Node } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, type SignatureAlgorithm } from 'xml-crypto';
import { XMLDSIG_NS } from '../../xml/namespaces';
import {
  ALLOWED_SIGNATURE_ALGORITHMS,
  DIGEST_ALGORITHMS,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  SIGNATURE_ALGORITHMS,
  isAllowedDigest,
  isAllowedSignatureAlgorithm,
  type DigestAlgorithmUri,
} from './xmldsig-algorithms';

export type SignatureFailureCode =
  'signature_malformed' | 'signature_reference' | 'signature_transforms' | 'signature_algorithm' | 'signature_invalid';

export type SignatureCheck = { ok: true; signedXml: string } | { ok: false; code: SignatureFailureCode; reason: string };

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const COMMENT_NODE = 8;

/**
 * Checks one enveloped XML-DSig signature of `element` (its direct ds:Signature child `signature`) and returns
 * the canonical bytes the signature covers (which are all the caller may read from then on).
 *
 * Policy, checked on the structure before any cryptography: Signature = SignedInfo, SignatureValue, optional
 * KeyInfo (nothing else: no Object, where wrapping attacks hide content); SignedInfo = exc-C14N without comments,
 * an allowlisted SignatureMethod (no HMACOutputLength), exactly one Reference whose URI is `#` + the element's ID;
 * the Reference's transforms are exactly enveloped-signature then exc-C14N (an optional InclusiveNamespaces in
 * the C14N ones), its DigestMethod allowlisted. Then, with `keys` only (KeyInfo is ignored): SignatureValue over
 * the canonical SignedInfo, and the Reference digest over the canonical element on this same tree — the tree the
 * caller parsed, so there is no second parse whose reading could differ from what was verified. Canonicalization
 * is xml-crypto's exclusive C14N implementation; the reference is resolved structurally (the signature's parent,
 * whose ID is unique in the document), not by an XPath search.
 */
export function verifyEnvelopedSignature(input: {
  /** The signed element (the signature's parent) and its ID attribute value (already checked unique). */
  element: Element;
  elementId: string;
  signature: Element;
  keys: readonly KeyObject[];
  /** "Assertion" or "Response", for the reasons. */
  what: string;
}): SignatureCheck {
  const { what } = input;
  const structure = checkStructure(input.signature, input.elementId, what);
  if (!structure.ok) return structure;

  const wantEc = SIGNATURE_ALGORITHMS[structure.signatureAlgorithm].ecdsa;
  const keys = input.keys.filter((key) => key.asymmetricKeyType === (wantEc ? 'ec' : 'rsa'));
  if (keys.length === 0) {
    return fail(
      'signature_invalid',
      `The ${what} is signed with ${shortAlgorithm(structure.signatureAlgorithm)}, but none of the IdP's ${input.keys.length} certificate(s) has ${wantEc ? 'an EC' : 'an RSA'} key.`,
    );
  }

  // Cheap first: verify SignatureValue over the canonical SignedInfo (a few hundred bytes) with each stored key.
  // Without the IdP's key nobody gets past this, so a large forged document is never canonicalized.
  const [signedInfo, signatureValueElement] = structure.parts;
  const canonicalSignedInfo = canonicalizeSignedInfo(signedInfo);
  const signatureValue = textOf(signatureValueElement).replace(/[ \t\r\n]/g, '');
  const Algorithm = ALLOWED_SIGNATURE_ALGORITHMS[structure.signatureAlgorithm];
  const signingKey = Algorithm ? keys.find((key) => safeVerify(new Algorithm(), canonicalSignedInfo, key, signatureValue)) : undefined;
  if (signingKey === undefined) {
    return fail(
      'signature_invalid',
      `The ${what} signature does not verify with any of the IdP's ${keys.length} certificate(s) from its stored metadata (KeyInfo in the response is ignored).`,
    );
  }

  // A forged body under a genuine, replayed SignedInfo stops here.
  const ourCanonical = canonicalReferenceIfDigestMatches(input.element, input.signature, structure.reference, structure.digestAlgorithm);
  if (ourCanonical === null) {
    return fail('signature_invalid', `The ${what} was changed after it was signed (its digest does not match).`);
  }

  return { ok: true, signedXml: ourCanonical };
}

function safeVerify(algorithm: SignatureAlgorithm, material: string, key: KeyObject, signatureValue: string): boolean {
  try {
    return algorithm.verifySignature(material, key, signatureValue) === true;
  } catch {
    return false;
  }
}

/**
 * Namespace declarations in scope from `element`'s ancestors, as xml-crypto's findAncestorNsForElement computes
 * them for an InclusiveNamespaces PrefixList: nearest first, no undeclarations, none the element declares itself
 * or uses as its own prefix.
 */
function ancestorNamespacesOf(element: Element): { prefix: string; namespaceURI: string }[] {
  const found: { prefix: string; namespaceURI: string }[] = [];
  const own = new Set<string>([element.prefix ?? '']);
  for (const attribute of Array.from(element.attributes)) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) own.add(attribute.name.replace(/^xmlns:?/, ''));
  }
  const seen = new Set<string>();
  for (let parent = element.parentNode; parent !== null && parent.nodeType === ELEMENT_NODE; parent = parent.parentNode) {
    for (const attribute of Array.from((parent as Element).attributes)) {
      if (attribute.name !== 'xmlns' && !attribute.name.startsWith('xmlns:')) continue;
      const prefix = attribute.name.replace(/^xmlns:?/, '');
      if (seen.has(prefix)) continue;
      seen.add(prefix);
      if (attribute.value !== '' && !own.has(prefix)) found.push({ prefix, namespaceURI: attribute.value });
    }
  }
  return found;
}

/**
 * The canonical SignedInfo (exclusive C14N of a copy, with the namespaces in scope from its ancestors).
 */
function canonicalizeSignedInfo(signedInfo: Element): string {
  const copy = signedInfo.cloneNode(true) as unknown as globalThis.Element;
  return new ExclusiveCanonicalization()
    .process(copy, { ancestorNamespaces: ancestorNamespacesOf(signedInfo), defaultNsForPrefix: { ds: XMLDSIG_NS } })
    .toString();
}

/**
 * The Reference's canonical bytes as xml-crypto computes them for #ID + enveloped-signature + exc-C14N (a copy of
 * the element without its signature, canonicalized with the transform's PrefixList), if their digest matches
 * DigestValue; null otherwise.
 */
function canonicalReferenceIfDigestMatches(
  element: Element,
  signature: Element,
  reference: Element,
  digestAlgorithm: DigestAlgorithmUri,
): string | null {
  const copy = element.cloneNode(true) as Element;
  const index = Array.from(element.childNodes).indexOf(signature);
  const copiedSignature = copy.childNodes.item(index);
  if (copiedSignature === null) return null;
  copy.removeChild(copiedSignature);
  const transforms = elementChildren(elementChildren(reference)?.[0] ?? reference) ?? [];
  const inclusive = elementChildren(transforms[1] ?? reference)?.[0];
  const prefixList = (inclusive?.getAttribute('PrefixList') ?? '').split(' ').filter((prefix) => prefix.length > 0);
  const canonical = new ExclusiveCanonicalization()
    .process(copy as unknown as globalThis.Element, {
      inclusiveNamespacesPrefixList: prefixList,
      ancestorNamespaces: ancestorNamespacesOf(element),
      defaultNsForPrefix: { ds: XMLDSIG_NS },
    })
    .toString();
  const digestValue = elementChildren(reference)?.[2];
  const expected = Buffer.from(digestValue ? textOf(digestValue).replace(/[ \t\r\n]/g, '') : '', 'base64');
  return createHash(DIGEST_ALGORITHMS[digestAlgorithm]).update(canonical, 'utf8').digest().equals(expected) ? canonical : null;
}

function textOf(element: Element): string {
  let text = '';
  for (let node: Node | null = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE) text += node.nodeValue ?? '';
  }
  return text;
}

type Structure =
  | {
      ok: true;
      signatureAlgorithm: keyof typeof SIGNATURE_ALGORITHMS;
      digestAlgorithm: DigestAlgorithmUri;
      reference: Element;
      parts: [signedInfo: Element, signatureValue: Element];
    }
  | { ok: false; code: SignatureFailureCode; reason: string };

function checkStructure(signature: Element, elementId: string, what: string): Structure {
  const malformed = (detail: string) => fail('signature_malformed', `The ${what} signature is malformed: ${detail}.`);

  const children = elementChildren(signature);
  if (children === null) return malformed('text inside ds:Signature');
  const names = children.map(dsName);
  if (
    !(names.length === 2 || names.length === 3) ||
    names[0] !== 'SignedInfo' ||
    names[1] !== 'SignatureValue' ||
    (names.length === 3 && names[2] !== 'KeyInfo')
  ) {
    return malformed(`expected SignedInfo, SignatureValue and optionally KeyInfo, found ${names.map(String).join(', ') || 'nothing'}`);
  }
  const [signedInfo, signatureValue] = children as [Element, Element];
  if (elementChildren(signatureValue)?.length !== 0) return malformed('SignatureValue has child elements');

  const infoChildren = elementChildren(signedInfo);
  if (infoChildren === null) return malformed('text inside SignedInfo');
  const infoNames = infoChildren.map(dsName);
  const references = infoNames.filter((name) => name === 'Reference').length;
  if (references !== 1) {
    return fail('signature_reference', `The ${what} signature must have exactly one Reference; it has ${references}.`);
  }
  if (infoNames.join() !== 'CanonicalizationMethod,SignatureMethod,Reference') {
    return malformed(`SignedInfo must be CanonicalizationMethod, SignatureMethod, Reference; found ${infoNames.map(String).join(', ')}`);
  }
  const [c14nMethod, signatureMethod, reference] = infoChildren as [Element, Element, Element];

  const c14n = c14nMethod.getAttribute('Algorithm') ?? '';
  if (c14n !== EXC_C14N) {
    return fail(
      'signature_algorithm',
      `The ${what} SignedInfo canonicalization ${quote(c14n)} is not allowed (only exclusive C14N without comments).`,
    );
  }
  if (!onlyInclusiveNamespaces(c14nMethod)) return malformed('unexpected content in CanonicalizationMethod');

  const signatureAlgorithm = signatureMethod.getAttribute('Algorithm') ?? '';
  if (!isAllowedSignatureAlgorithm(signatureAlgorithm)) {
    return fail(
      'signature_algorithm',
      `The ${what} signature algorithm ${quote(signatureAlgorithm)} is not allowed (RSA or ECDSA with SHA-256/384/512 only).`,
    );
  }
  if (elementChildren(signatureMethod)?.length !== 0) return malformed('SignatureMethod has child elements (such as HMACOutputLength)');

  const uri = reference.getAttribute('URI');
  if (uri !== `#${elementId}`) {
    return fail(
      'signature_reference',
      `The ${what} signature references ${quote(uri ?? '(no URI)')}, not the ${what} itself (#${elementId}).`,
    );
  }
  const refChildren = elementChildren(reference);
  if (refChildren === null) return malformed('text inside Reference');
  const refNames = refChildren.map(dsName);
  if (refNames[0] !== 'Transforms') {
    return fail(
      'signature_transforms',
      `The ${what} signature Reference has no Transforms (enveloped-signature and exclusive C14N are required).`,
    );
  }
  if (refNames.join() !== 'Transforms,DigestMethod,DigestValue') {
    return malformed(`Reference must be Transforms, DigestMethod, DigestValue; found ${refNames.map(String).join(', ')}`);
  }
  const [transforms, digestMethod, digestValue] = refChildren as [Element, Element, Element];

  const transformElements = elementChildren(transforms);
  if (transformElements === null || transformElements.some((t) => dsName(t) !== 'Transform'))
    return malformed('unexpected content in Transforms');
  const algorithms = transformElements.map((t) => t.getAttribute('Algorithm') ?? '');
  if (algorithms.length !== 2 || algorithms[0] !== ENVELOPED_SIGNATURE || algorithms[1] !== EXC_C14N) {
    return fail(
      'signature_transforms',
      `The ${what} signature transforms must be exactly enveloped-signature then exclusive C14N (without comments); found ${algorithms.map(quote).join(', ') || 'none'}.`,
    );
  }
  const [envelopedTransform, c14nTransform] = transformElements as [Element, Element];
  // xml-crypto, as a signer, copies the InclusiveNamespaces into every transform, namespaced with that transform's
  // URI; the enveloped-signature transform takes no parameters, so that copy is inert (and ignored when verifying).
  const envelopedOk = onlyInclusiveNamespaces(envelopedTransform, [EXC_C14N, ENVELOPED_SIGNATURE]);
  if (!envelopedOk || !onlyInclusiveNamespaces(c14nTransform)) {
    return fail('signature_transforms', `The ${what} signature transforms carry unexpected parameters.`);
  }

  const digest = digestMethod.getAttribute('Algorithm') ?? '';
  if (!isAllowedDigest(digest)) {
    return fail('signature_algorithm', `The ${what} digest algorithm ${quote(digest)} is not allowed (SHA-256/384/512 only).`);
  }
  if (elementChildren(digestMethod)?.length !== 0 || elementChildren(digestValue)?.length !== 0) {
    return malformed('DigestMethod or DigestValue has child elements');
  }
  return { ok: true, signatureAlgorithm, digestAlgorithm: digest, reference, parts: [signedInfo, signatureValue] };
}

/** Element children, or null when there is non-whitespace text among the children (comments are allowed). */
function elementChildren(parent: Element): Element[] | null {
  const found: Element[] = [];
  for (let node: Node | null = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE) found.push(node as Element);
    else if (node.nodeType === TEXT_NODE) {
      if (/[^ \t\r\n]/.test(node.nodeValue ?? '')) {
        // Text is allowed only in leaf value elements, which callers check with length 0 on the element list.
        if (!isValueElement(parent)) return null;
      }
    } else if (node.nodeType !== COMMENT_NODE) return null;
  }
  return found;
}

function isValueElement(element: Element): boolean {
  return element.namespaceURI === XMLDSIG_NS && (element.localName === 'SignatureValue' || element.localName === 'DigestValue');
}

/** The local name of an XML-DSig element, or a marker that never matches for anything in another namespace. */
function dsName(element: Element): string {
  return element.namespaceURI === XMLDSIG_NS ? (element.localName ?? '') : `{${element.namespaceURI ?? ''}}${element.localName ?? ''}`;
}

function onlyInclusiveNamespaces(element: Element, namespaces: readonly string[] = [EXC_C14N]): boolean {
  const children = elementChildren(element);
  if (children === null || children.length > 1) return false;
  const [child] = children;
  return (
    child === undefined ||
    (namespaces.includes(child.namespaceURI ?? '') && child.localName === 'InclusiveNamespaces' && elementChildren(child)?.length === 0)
  );
}

function shortAlgorithm(uri: string): string {
  return uri.slice(uri.lastIndexOf('#') + 1);
}

function fail(code: SignatureFailureCode, reason: string): { ok: false; code: SignatureFailureCode; reason: string } {
  return { ok: false, code, reason };
}

/** An attacker-supplied value, quoted and shortened for an audit log. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
}
