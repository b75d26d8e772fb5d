import 'server-only';
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import { deriveSecretKey } from './derive-secret-key';
import { generateSpKeyPairAsync, type GeneratedKeyPair } from './generate-sp-key-pair';

export type ServiceProviderKeys = {
  privateKeyPem: string;
  certificatePem: string;
  /** SHA-256 of the certificate's DER, upper-case hex pairs separated by colons (as IdP consoles show it). */
  fingerprintSha256: string;
  notAfter: Date;
};

export type ServiceProviderKeysOptions = {
  /** The SP URL; the host names a generated certificate. Defaults to env GATEHOUSE_URL. */
  baseUrl?: string;
  /** Where GATEHOUSE_SP_PRIVATE_KEY / GATEHOUSE_SP_CERTIFICATE are read from (default process.env). */
  env?: Record<string, string | undefined>;
};

export const SP_KEYPAIR_SETTING = 'saml.sp.keypair';

export class ServiceProviderKeyError extends Error {
  override name = 'ServiceProviderKeyError';
}

const sealedSchema = z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string() });
const pairSchema = z.object({ privateKeyPem: z.string(), certificatePem: z.string() });

/** AES-256-GCM with a key derived from GATEHOUSE_SECRET: a database dump alone does not reveal the key. */
function sealKeyPair(pair: GeneratedKeyPair, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveSecretKey(secret, 'saml-sp-keypair'), iv);
  cipher.setAAD(Buffer.from(SP_KEYPAIR_SETTING));
  const data = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
  return JSON.stringify({ v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') });
}

function openKeyPair(stored: string, secret: string): GeneratedKeyPair {
  let sealed: z.infer<typeof sealedSchema>;
  try {
    sealed = sealedSchema.parse(JSON.parse(stored));
  } catch {
    throw new ServiceProviderKeyError(`The stored SAML service provider key (setting "${SP_KEYPAIR_SETTING}") is malformed.`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveSecretKey(secret, 'saml-sp-keypair'), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(SP_KEYPAIR_SETTING));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    return pairSchema.parse(JSON.parse(plain));
  } catch {
    throw new ServiceProviderKeyError(
      'The stored SAML service provider key cannot be decrypted: GATEHOUSE_SECRET is not the secret it was stored with. ' +
        'Restore the original GATEHOUSE_SECRET (or delete the setting to generate a new key, which every IdP must then be given).',
    );
  }
}

/** Parses and checks a pair: the certificate must be X.509 and certify exactly this private key. */
function describeKeyPair(pair: GeneratedKeyPair, source: string): ServiceProviderKeys {
  let certificate: X509Certificate;
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    certificate = new X509Certificate(pair.certificatePem);
    privateKey = createPrivateKey(pair.privateKeyPem);
  } catch {
    throw new ServiceProviderKeyError(
      `The SAML service provider key pair from ${source} is not a valid PEM private key and X.509 certificate.`,
    );
  }
  const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fromCert = certificate.publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) {
    throw new ServiceProviderKeyError(`The SAML service provider certificate from ${source} does not match its private key.`);
  }
  return {
    privateKeyPem: pair.privateKeyPem,
    certificatePem: pair.certificatePem,
    fingerprintSha256: certificate.fingerprint256,
    notAfter: new Date(certificate.validTo),
  };
}

/** Env values often carry PEM newlines as literal `\n`. */
function pemFromEnv(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, '\n').trim() || undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * The SP signing/encryption key pair: from the environment when both GATEHOUSE_SP_PRIVATE_KEY and
 * GATEHOUSE_SP_CERTIFICATE are set, else the one stored (encrypted) in the Setting table, else a new
 * one generated and stored once. Instances starting together race on the insert; losers re-read, so
 * all of them end up with the winner's key.
 */
export async function getServiceProviderKeys(
  db: Db,
  secret: string,
  options: ServiceProviderKeysOptions = {},
): Promise<ServiceProviderKeys> {
  const env = options.env ?? process.env;
  const envKey = pemFromEnv(env.GATEHOUSE_SP_PRIVATE_KEY);
  const envCert = pemFromEnv(env.GATEHOUSE_SP_CERTIFICATE);
  if (envKey || envCert) {
    if (!envKey || !envCert) {
      throw new ServiceProviderKeyError('GATEHOUSE_SP_PRIVATE_KEY and GATEHOUSE_SP_CERTIFICATE must be set together.');
    }
    return describeKeyPair({ privateKeyPem: envKey, certificatePem: envCert }, 'the environment');
  }

  const stored = await db.setting.findUnique({ where: { key: SP_KEYPAIR_SETTING } });
  if (stored) return describeKeyPair(openKeyPair(stored.value, secret), 'the database');

  const generated = await generateSpKeyPairAsync(options.baseUrl ?? env.GATEHOUSE_URL ?? 'http://localhost');
  try {
    await db.setting.create({ data: { key: SP_KEYPAIR_SETTING, value: sealKeyPair(generated, secret) } });
    return describeKeyPair(generated, 'generation');
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const winner = await db.setting.findUniqueOrThrow({ where: { key: SP_KEYPAIR_SETTING } });
  return describeKeyPair(openKeyPair(winner.value, secret), 'the database');
}
