import 'server-only';
import { hkdfSync } from 'node:crypto';

/** What a derived key is for; each purpose gets an independent key from the one GATEHOUSE_SECRET. */
export type KeyPurpose = 'saml-sp-keypair' | 'jackson-store' | 'jackson-client-secret' | 'rate-limit-account';

/**
 * A 256-bit key for one purpose, derived from GATEHOUSE_SECRET with HKDF-SHA256, so no key is ever
 * stored and rotating the secret is the only way to change them.
 */
export function deriveSecretKey(secret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'gatehouse', `gatehouse/${purpose}/v1`, 32));
}

/** The client secret that Gatehouse's own sign-in uses to exchange Jackson's authorization codes in-process. */
export function jacksonClientSecret(secret: string): string {
  return deriveSecretKey(secret, 'jackson-client-secret').toString('base64url');
}
