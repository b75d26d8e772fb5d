import 'server-only';
import { generateKeyPair, generateKeyPairSync, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export type GeneratedKeyPair = { privateKeyPem: string; certificatePem: string };

const VALIDITY_YEARS = 10;

/** The host part of the SP URL, which names the certificate (IdPs show it to admins). */
export function certificateCommonName(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'gatehouse';
  } catch {
    return 'gatehouse';
  }
}

/**
 * A fresh RSA-3072 key and a self-signed SHA-256 X.509 certificate for it, valid ~10 years. SAML
 * trusts the certificate by exchange (metadata), not by a CA, so self-signed is what IdPs expect.
 * The key is generated natively (node-forge's JS keygen takes seconds); forge only builds the certificate.
 */
export function generateSpKeyPair(baseUrl: string, options: KeyPairOptions = {}): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', rsaOptions(options.modulusLength));
  return certifyKeyPair(baseUrl, privateKey, publicKey, options.now);
}

/** The same, generating the key off the main thread (a 3072-bit key takes ~0.5–1 s of CPU). */
export async function generateSpKeyPairAsync(baseUrl: string, options: KeyPairOptions = {}): Promise<GeneratedKeyPair> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', rsaOptions(options.modulusLength));
  return certifyKeyPair(baseUrl, privateKey, publicKey, options.now);
}

export type KeyPairOptions = { now?: Date; modulusLength?: number };

function rsaOptions(modulusLength = 3072) {
  return {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  } as const;
}

function certifyKeyPair(baseUrl: string, privateKeyPem: string, publicKeyPem: string, now = new Date()): GeneratedKeyPair {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // A positive 128-bit serial (the top bit clear keeps the DER integer positive).
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  cert.validity.notAfter = notAfter;
  const subject = [
    { name: 'commonName', value: certificateCommonName(baseUrl) },
    { name: 'organizationName', value: 'Gatehouse' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, dataEncipherment: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { privateKeyPem, certificatePem: forge.pki.certificateToPem(cert) };
}
