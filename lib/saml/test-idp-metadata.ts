/** Test support: real IdP metadata built by a third-party SAML library (samlify). */
import * as samlify from 'samlify';
import { generateSpKeyPair, type GeneratedKeyPair } from './generate-sp-key-pair';

export type TestIdp = { entityId: string; metadataXml: string; privateKeyPem: string; certificatePem: string };

let sharedKeyPair: GeneratedKeyPair | undefined;

/** IdP metadata for `entityId`; test IdPs share one 2048-bit key unless `freshKey` (keygen costs ~0.3 s). */
export function createTestIdpMetadata(entityId: string, { freshKey = false }: { freshKey?: boolean } = {}): TestIdp {
  const keyPair = freshKey
    ? generateSpKeyPair(entityId, { modulusLength: 2048 })
    : (sharedKeyPair ??= generateSpKeyPair('https://idp.test', { modulusLength: 2048 }));
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    signingCert: keyPair.certificatePem,
    privateKey: keyPair.privateKeyPem,
    wantAuthnRequestsSigned: true,
    singleSignOnService: [
      { Binding: samlify.Constants.namespace.binding.redirect, Location: `${entityId}/sso/redirect` },
      { Binding: samlify.Constants.namespace.binding.post, Location: `${entityId}/sso/post` },
    ],
    singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${entityId}/slo` }],
  });
  return { entityId, metadataXml: idp.getMetadata(), ...keyPair };
}
