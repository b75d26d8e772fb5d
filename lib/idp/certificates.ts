import { X509Certificate } from 'node:crypto';
import { AppError } from '../api/errors';

export type IdpCertificateInfo = {
  use: 'signing';
  pem: string;
  /** Upper-case hex pairs joined by colons (AB:CD:…), as IdP consoles show it. */
  fingerprintSha256: string;
  /** The subject DN on one line, e.g. "CN=idp.acme.test, O=Acme". */
  subject: string;
  notBefore: Date;
  notAfter: Date;
};

/** Smallest RSA modulus we accept without a warning. */
const MIN_RSA_BITS = 2048;

/**
 * Reads the base64 DER of an `<ds:X509Certificate>` (PEM armour tolerated) as a signing certificate.
 * `position` is the 1-based number of the certificate in the metadata, for the admin's message.
 *
 * @throws {AppError} validation_failed "Certificate 2 in the metadata cannot be read: …"
 */
export function readIdpCertificate(text: string, position: number): { certificate: IdpCertificateInfo; warnings: string[] } {
  const cannotRead = (why: string) => new AppError('validation_failed', `Certificate ${position} in the metadata cannot be read: ${why}.`);
  const base64 = text.replace(/-----(?:BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (base64 === '') throw cannotRead('it is empty');
  // Buffer.from(…, 'base64') skips characters it does not know, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw cannotRead('it is not base64');

  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    throw cannotRead('it is not an X.509 certificate');
  }
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw cannotRead('its validity dates are unreadable');

  const certificate: IdpCertificateInfo = {
    use: 'signing',
    pem: x509.toString(),
    fingerprintSha256: x509.fingerprint256.toUpperCase(),
    subject: formatSubject(x509.subject),
    notBefore,
    notAfter,
  };

  const warnings: string[] = [];
  const keyType = x509.publicKey.asymmetricKeyType;
  const bits = x509.publicKey.asymmetricKeyDetails?.modulusLength;
  if (keyType === 'rsa' && bits !== undefined && bits < MIN_RSA_BITS) {
    warnings.push(`Certificate ${certificateLabel(certificate)} has a ${bits}-bit RSA key; ${MIN_RSA_BITS} bits or more is expected.`);
  }
  return { certificate, warnings };
}

/** Node gives the subject DN one attribute per line. */
function formatSubject(subject: string): string {
  return subject
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
}

/** How a certificate is named in messages: its subject, or its fingerprint when it has none. */
export function certificateLabel(certificate: { subject: string; fingerprintSha256?: string }): string {
  return certificate.subject || `SHA-256 ${certificate.fingerprintSha256 ?? '(unknown)'}`;
}
