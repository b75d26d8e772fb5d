import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyLike, type KeyObject } from 'node:crypto';
import type { HashAlgorithm, SignatureAlgorithm } from 'xml-crypto';

/**
 * The XML-DSig algorithms the gate accepts, and xml-crypto implementations of them. xml-crypto 6.3.2 ships
 * RSA-SHA1 and SHA-1 (refused here) but no RSA-SHA384, ECDSA or SHA-384, so those are implemented on node:crypto.
 * The gate looks algorithms up only in these tables, so nothing outside the allowlist (SHA-1, HMAC, inclusive or
 * with-comments C14N, XSLT/XPath) can be selected by a document.
 */

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export const DIGEST_ALGORITHMS = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
} as const satisfies Record<string, string>;

type SignatureSpec = { hash: 'sha256' | 'sha384' | 'sha512'; ecdsa: boolean };

export const SIGNATURE_ALGORITHMS = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', ecdsa: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', ecdsa: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', ecdsa: false },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', ecdsa: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', ecdsa: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', ecdsa: true },
} as const satisfies Record<string, SignatureSpec>;

export type DigestAlgorithmUri = keyof typeof DIGEST_ALGORITHMS;
export type SignatureAlgorithmUri = keyof typeof SIGNATURE_ALGORITHMS;

export function isAllowedDigest(uri: string): uri is DigestAlgorithmUri {
  return Object.hasOwn(DIGEST_ALGORITHMS, uri);
}

export function isAllowedSignatureAlgorithm(uri: string): uri is SignatureAlgorithmUri {
  return Object.hasOwn(SIGNATURE_ALGORITHMS, uri);
}

function hashAlgorithmClass(uri: DigestAlgorithmUri): new () => HashAlgorithm {
  const name = DIGEST_ALGORITHMS[uri];
  return class implements HashAlgorithm {
    getAlgorithmName(): string {
      return uri;
    }
    getHash(xml: string): string {
      return createHash(name).update(xml, 'utf8').digest('base64');
    }
  };
}

function asKeyObject(key: KeyLike, kind: 'public' | 'private'): KeyObject {
  if (typeof key === 'string' || Buffer.isBuffer(key)) return kind === 'public' ? createPublicKey(key) : createPrivateKey(key);
  return key;
}

// XML-DSig ECDSA signature values are r || s (RFC 4050 / XMLDSig 1.1 §6.4.3), not DER.
function signatureAlgorithmClass(uri: SignatureAlgorithmUri): new () => SignatureAlgorithm {
  const spec: SignatureSpec = SIGNATURE_ALGORITHMS[uri];
  const dsaEncoding = spec.ecdsa ? ('ieee-p1363' as const) : undefined;
  const signValue = (signedInfo: string | NodeJS.ArrayBufferView, privateKey: KeyLike): string =>
    sign(spec.hash, typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : signedInfo, {
      key: asKeyObject(privateKey, 'private'),
      ...(dsaEncoding ? { dsaEncoding } : {}),
    }).toString('base64');
  const verifyValue = (material: string, key: KeyLike, signatureValue: string): boolean =>
    verify(
      spec.hash,
      Buffer.from(material, 'utf8'),
      { key: asKeyObject(key, 'public'), ...(dsaEncoding ? { dsaEncoding } : {}) },
      Buffer.from(signatureValue, 'base64'),
    );
  return class {
    getAlgorithmName(): string {
      return uri;
    }
    getSignature(
      signedInfo: string | NodeJS.ArrayBufferView,
      privateKey: KeyLike,
      callback?: (error: Error | null, value?: string) => void,
    ): string | void {
      if (!callback) return signValue(signedInfo, privateKey);
      try {
        callback(null, signValue(signedInfo, privateKey));
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    }
    verifySignature(
      material: string,
      key: KeyLike,
      signatureValue: string,
      callback?: (error: Error | null, valid?: boolean) => void,
    ): boolean | void {
      if (!callback) return verifyValue(material, key, signatureValue);
      try {
        callback(null, verifyValue(material, key, signatureValue));
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    }
  } as unknown as new () => SignatureAlgorithm;
}

/** xml-crypto hash algorithm classes for the allowlisted digests (also used by the test signer). */
export const ALLOWED_HASH_ALGORITHMS: Record<string, new () => HashAlgorithm> = Object.fromEntries(
  (Object.keys(DIGEST_ALGORITHMS) as DigestAlgorithmUri[]).map((uri) => [uri, hashAlgorithmClass(uri)]),
);

/** xml-crypto signature algorithm classes for the allowlisted signature methods (also used by the test signer). */
export const ALLOWED_SIGNATURE_ALGORITHMS: Record<string, new () => SignatureAlgorithm> = Object.fromEntries(
  (Object.keys(SIGNATURE_ALGORITHMS) as SignatureAlgorithmUri[]).map((uri) => [uri, signatureAlgorithmClass(uri)]),
);
