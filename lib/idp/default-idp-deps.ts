import 'server-only';
import { getJackson } from '../jackson';
import { deleteSamlConnection, upsertSamlConnection } from '../jackson/saml-connections';
import { fetchIdpMetadata } from './fetch-idp-metadata';
import type { IdpDeps } from './idp-deps';

/** The real metadata fetch and SAML engine, for route handlers. */
export function defaultIdpDeps(): IdpDeps {
  return {
    fetchMetadata: (url) => fetchIdpMetadata(url),
    connections: {
      upsert: async (idp) => upsertSamlConnection(await getJackson(), idp),
      remove: async (clientId) => deleteSamlConnection(await getJackson(), clientId),
    },
  };
}
