import type { Document, Element } from '@xmldom/xmldom';
import { AppError } from '../api/errors';
import { childElements, descendantElements, textContent } from '../xml/find-elements';
import { formatByteSize } from '../xml/format-byte-size';
import { SAML_METADATA_NS, SAML_PROTOCOL_NS, XMLDSIG_NS } from '../xml/namespaces';
import { parseXmlDocument } from '../xml/parse-xml';
import { XmlError } from '../xml/xml-error';
import { certificateLabel, readIdpCertificate, type IdpCertificateInfo } from './certificates';

export type SsoBinding = 'HTTP-Redirect' | 'HTTP-POST';

export type ParsedIdpMetadata = {
  entityId: string;
  ssoEndpoints: { binding: SsoBinding; url: string }[];
  /** Signing certificates, deduplicated by fingerprint; several during a key rollover. */
  certificates: IdpCertificateInfo[];
  nameIdFormats: string[];
  /** Things an admin should know that do not stop the IdP from working (expiring certificates, http URLs…). */
  warnings: string[];
};

/** Certificates expiring within this many days get a warning. */
export const CERTIFICATE_WARNING_DAYS = 30;

const MAX_METADATA_BYTES = 1024 * 1024;
// SAML core §8.3.6: an entity identifier is at most 1024 characters.
const MAX_ENTITY_ID_LENGTH = 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

const BINDINGS = new Map<string, SsoBinding>([
  ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'HTTP-Redirect'],
  ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'HTTP-POST'],
]);

/**
 * Reads a SAML 2.0 IdP's metadata (pasted or fetched): its entity ID, SSO endpoints, signing certificates and
 * NameID formats. The metadata's own signature is not checked: the admin vouches for where it came from.
 *
 * @throws {AppError} validation_failed with a message saying precisely what is wrong.
 */
export function parseIdpMetadata(xml: string, now: Date = new Date()): ParsedIdpMetadata {
  const document = parseMetadataXml(xml);
  const entity = selectIdpEntity(document);
  const descriptor = selectIdpDescriptor(entity);
  const warnings: string[] = [];

  const entityId = (entity.getAttribute('entityID') ?? '').trim();
  if (entityId === '') throw invalid('The IdP metadata has no entityID.');
  if (entityId.length > MAX_ENTITY_ID_LENGTH) {
    throw invalid(`The IdP metadata's entityID is longer than ${MAX_ENTITY_ID_LENGTH} characters.`);
  }

  const ssoEndpoints = readSsoEndpoints(descriptor);
  if (!ssoEndpoints.some((endpoint) => endpoint.url.toLowerCase().startsWith('https:'))) {
    warnings.push("The IdP's sign-in URLs use http, not https: sign-in traffic to the IdP would not be encrypted.");
  }

  const { certificates, warnings: certificateReadWarnings } = readSigningCertificates(descriptor);
  warnings.push(...certificateReadWarnings);
  for (const certificate of certificates) {
    if (certificate.notBefore.getTime() > now.getTime()) {
      warnings.push(`Certificate ${certificateLabel(certificate)} is not valid before ${formatDay(certificate.notBefore)}.`);
    }
  }
  warnings.push(...certificateWarnings(certificates, now));
  warnings.push(...validUntilWarnings(document, entity, now));

  const nameIdFormats = unique(
    childElements(descriptor, SAML_METADATA_NS, 'NameIDFormat')
      .map((element) => textContent(element).trim())
      .filter(Boolean),
  );

  return { entityId, ssoEndpoints, certificates, nameIdFormats, warnings };
}

/**
 * Expiry warnings for certificates (also for the IdP list's status column): expired ones, and ones expiring
 * within 30 days. Empty when every certificate is good for longer.
 */
export function certificateWarnings(
  certificates: readonly { subject: string; notAfter: Date; fingerprintSha256?: string }[],
  now: Date,
): string[] {
  const warnings: string[] = [];
  for (const certificate of certificates) {
    const remainingMs = certificate.notAfter.getTime() - now.getTime();
    const label = certificateLabel(certificate);
    if (remainingMs < 0) {
      warnings.push(`Certificate ${label} expired on ${formatDay(certificate.notAfter)}.`);
    } else if (remainingMs <= CERTIFICATE_WARNING_DAYS * DAY_MS) {
      const days = Math.max(1, Math.ceil(remainingMs / DAY_MS));
      warnings.push(`Certificate ${label} expires on ${formatDay(certificate.notAfter)} (in ${days} ${days === 1 ? 'day' : 'days'}).`);
    }
  }
  return warnings;
}

/** The earliest `notAfter` among the certificates, or null when there are none. */
export function nearestExpiry(certificates: readonly { notAfter: Date }[]): Date | null {
  let nearest: Date | null = null;
  for (const { notAfter } of certificates) {
    if (nearest === null || notAfter.getTime() < nearest.getTime()) nearest = notAfter;
  }
  return nearest;
}

function invalid(message: string): AppError {
  return new AppError('validation_failed', message);
}

function parseMetadataXml(xml: string): Document {
  try {
    return parseXmlDocument(xml, { maxBytes: MAX_METADATA_BYTES });
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    switch (error.reason) {
      case 'malformed':
        throw invalid(`The metadata is not XML.${error.detail ? ` ${sentence(error.detail)}` : ''}`);
      case 'doctype':
        throw invalid('The metadata must not contain a DOCTYPE.');
      case 'too_large':
        throw invalid(`The metadata is larger than ${formatByteSize(MAX_METADATA_BYTES)}.`);
      case 'processing_instruction':
      case 'depth':
      case 'multiple_roots':
      case 'too_many_elements':
        throw invalid(error.message.replace(/^The XML document/, 'The metadata'));
    }
  }
}

/** The EntityDescriptor of the one IdP: the root itself, or the only IdP inside an EntitiesDescriptor. */
function selectIdpEntity(document: Document): Element {
  const root = document.documentElement;
  if (root === null) throw invalid('The metadata is not XML.');
  if (root.namespaceURI === SAML_METADATA_NS && root.localName === 'EntityDescriptor') return root;
  if (root.namespaceURI === SAML_METADATA_NS && root.localName === 'EntitiesDescriptor') {
    const idps = descendantElements(root, SAML_METADATA_NS, 'EntityDescriptor').filter(
      (entity) => childElements(entity, SAML_METADATA_NS, 'IDPSSODescriptor').length > 0,
    );
    const [only] = idps;
    if (only === undefined) throw noIdpDescriptor();
    if (idps.length > 1) {
      throw invalid(`The metadata describes ${idps.length} identity providers (an EntitiesDescriptor); give the metadata of one IdP only.`);
    }
    return only;
  }
  const where = root.namespaceURI ? `in the namespace ${root.namespaceURI}` : 'without a namespace';
  throw invalid(
    `The metadata's root element is <${root.localName ?? root.nodeName}> ${where}; expected an EntityDescriptor or EntitiesDescriptor in the namespace ${SAML_METADATA_NS}.`,
  );
}

function noIdpDescriptor(): AppError {
  return invalid("The metadata has no IDPSSODescriptor: is this a service provider's metadata?");
}

function selectIdpDescriptor(entity: Element): Element {
  const descriptors = childElements(entity, SAML_METADATA_NS, 'IDPSSODescriptor');
  if (descriptors.length === 0) throw noIdpDescriptor();
  const saml2 = descriptors.filter((descriptor) =>
    (descriptor.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML_PROTOCOL_NS),
  );
  const [only] = saml2;
  if (only === undefined) {
    throw invalid(
      `The IdP metadata's IDPSSODescriptor does not support SAML 2.0 (its protocolSupportEnumeration lacks ${SAML_PROTOCOL_NS}).`,
    );
  }
  if (saml2.length > 1) throw invalid('The IdP metadata has several SAML 2.0 IDPSSODescriptors; expected one.');
  return only;
}

function readSsoEndpoints(descriptor: Element): ParsedIdpMetadata['ssoEndpoints'] {
  const endpoints: ParsedIdpMetadata['ssoEndpoints'] = [];
  for (const service of childElements(descriptor, SAML_METADATA_NS, 'SingleSignOnService')) {
    // Other bindings (SOAP, Artifact, Shibboleth 1.x) are not ones Gatehouse sends requests with.
    const binding = BINDINGS.get(service.getAttribute('Binding') ?? '');
    if (binding === undefined) continue;
    const url = (service.getAttribute('Location') ?? '').trim();
    if (url === '') throw invalid(`A SingleSignOnService with the ${binding} binding has no Location.`);
    checkSsoUrl(url);
    if (!endpoints.some((endpoint) => endpoint.binding === binding && endpoint.url === url)) endpoints.push({ binding, url });
  }
  if (endpoints.length === 0) {
    throw invalid('The IdP metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding.');
  }
  return endpoints;
}

function checkSsoUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`The SingleSignOnService URL ${quote(url)} is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalid(`The SingleSignOnService URL ${quote(url)} is not an http(s) URL.`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw invalid(`The SingleSignOnService URL ${quote(url)} must not contain a user name or password.`);
  }
}

function readSigningCertificates(descriptor: Element): { certificates: IdpCertificateInfo[]; warnings: string[] } {
  const certificates: IdpCertificateInfo[] = [];
  const warnings: string[] = [];
  // Numbered over every certificate in the descriptor, in document order, as an admin counts them in the XML.
  let position = 0;
  for (const keyDescriptor of childElements(descriptor, SAML_METADATA_NS, 'KeyDescriptor')) {
    const use = keyDescriptor.getAttribute('use');
    // No `use` means the key serves both purposes (SAML metadata §2.4.1.1).
    const signing = use === null || use === '' || use === 'signing';
    if (!signing && use !== 'encryption') warnings.push(`A KeyDescriptor with the unknown use ${quote(use)} was ignored.`);
    for (const keyInfo of childElements(keyDescriptor, XMLDSIG_NS, 'KeyInfo')) {
      for (const x509Data of childElements(keyInfo, XMLDSIG_NS, 'X509Data')) {
        for (const element of childElements(x509Data, XMLDSIG_NS, 'X509Certificate')) {
          position += 1;
          if (!signing) continue;
          const read = readIdpCertificate(textContent(element), position);
          if (certificates.some((known) => known.fingerprintSha256 === read.certificate.fingerprintSha256)) continue;
          certificates.push(read.certificate);
          warnings.push(...read.warnings);
        }
      }
    }
  }
  if (certificates.length === 0) throw invalid('The IdP metadata has no signing certificate.');
  return { certificates, warnings };
}

const XSD_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function validUntilWarnings(document: Document, entity: Element, now: Date): string[] {
  const warnings: string[] = [];
  const holders = document.documentElement === entity ? [entity] : [document.documentElement, entity];
  for (const holder of holders) {
    const value = holder?.getAttribute('validUntil');
    if (value === null || value === undefined) continue;
    const time = XSD_DATE_TIME.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
    if (Number.isNaN(time)) warnings.push(`The metadata's validUntil ${quote(value)} is not a date.`);
    else if (time < now.getTime()) warnings.push(`The metadata says it was valid until ${formatDay(new Date(time))}.`);
  }
  return warnings;
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
