import 'server-only';
import type { SAMLSSORecord } from '@boxyhq/saml-jackson';
import { AppError } from '../api/errors';
import { getEnv } from '../env';
import type { JacksonControllers } from './create-jackson';

/** Every Gatehouse connection lives under this Jackson product; the tenant is the IdP's id. */
export const JACKSON_PRODUCT = 'gatehouse';

export type SamlConnectionIdp = { id: string; name: string; metadataXml: string; samlClientId: string | null };

/** The next-auth callback Jackson's OAuth flow returns to. */
export function samlCallbackUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/auth/callback/boxyhq-saml`;
}

/** Jackson's validation errors become ours, so admins read why the metadata was refused. */
function toAppError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'JacksonError') return error;
  if (error.message.startsWith('EntityID already exists')) {
    return new AppError('conflict', 'Another identity provider already uses this IdP entity ID.');
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('validation_failed', `The IdP metadata was refused: ${error.message}`);
  }
  return error;
}

async function findSamlConnection(jackson: JacksonControllers, clientId: string): Promise<SAMLSSORecord | undefined> {
  const [connection] = await jackson.connectionAPIController.getConnections({ clientID: clientId });
  return connection && 'idpMetadata' in connection ? connection : undefined;
}

/**
 * Creates or updates the Jackson SAML connection of an IdP. Jackson's createSAMLConnection is itself
 * an upsert keyed by tenant + product + the IdP's entity ID (clientID is a digest of the three, and an
 * existing connection keeps its client secret), so it serves both cases; updateSAMLConnection would
 * refuse metadata whose entity ID changed. When it did change, the new connection replaces the old one.
 */
export async function upsertSamlConnection(
  jackson: JacksonControllers,
  idp: SamlConnectionIdp,
  options: { baseUrl?: string } = {},
): Promise<{ clientId: string }> {
  const callback = samlCallbackUrl(options.baseUrl ?? getEnv().GATEHOUSE_URL);
  let record: SAMLSSORecord;
  try {
    record = await jackson.connectionAPIController.createSAMLConnection({
      tenant: idp.id,
      product: JACKSON_PRODUCT,
      name: idp.name,
      rawMetadata: idp.metadataXml,
      defaultRedirectUrl: callback,
      redirectUrl: [callback],
    });
  } catch (error) {
    throw toAppError(error);
  }
  if (idp.samlClientId && idp.samlClientId !== record.clientID) {
    await deleteSamlConnection(jackson, idp.samlClientId);
  }
  return { clientId: record.clientID };
}

/** Removes a Jackson SAML connection; a connection already gone is not an error. */
export async function deleteSamlConnection(jackson: JacksonControllers, clientId: string): Promise<void> {
  const connection = await findSamlConnection(jackson, clientId);
  if (!connection) return;
  await jackson.connectionAPIController.deleteConnections({ clientID: clientId, clientSecret: connection.clientSecret });
}
