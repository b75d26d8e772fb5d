import 'server-only';
import type { Db } from '../db';
import { jacksonClientSecret } from '../saml/derive-secret-key';
import { createReplayStore } from '../saml/gate/replay-store';
import type { JacksonControllers } from './create-jackson';
import { JACKSON_PRODUCT, samlCallbackUrl } from './saml-connections';

/** What the SAML engine's code carries to next-auth's token and userinfo steps (Jackson's profile claims). */
export type CodeClaims = { id: string; email: string; firstName?: string; lastName?: string };

type CodeIssuer = {
  _buildAuthorizationCode(
    connection: { clientID: string; clientSecret?: string },
    profile: { claims: Record<string, unknown> },
    session: { requested: Record<string, unknown>; redirect_uri: string },
    isIdPFlow: boolean,
  ): Promise<string>;
};

/**
 * The ACS, once the gate has passed a response and the user is provisioned, asks the SAML engine for the
 * OAuth code next-auth redeems (token, then userinfo — both Jackson, in-process). Jackson's own
 * `samlResponse` would first validate the response again with its weaker checks (the gate's are a strict
 * superset), doubling the cost of every sign-in; this issues the code from the gate's output instead,
 * through the engine's code store and encryption, so the token and userinfo steps are Jackson's unchanged.
 * The method is internal to @boxyhq/saml-jackson (pinned): its test redeems a code through `token` and
 * `userInfo`, so a change of shape fails there, not in production.
 */
export async function issueAuthorizationCode(
  jackson: JacksonControllers,
  input: { clientId: string; tenant: string; baseUrl: string; claims: CodeClaims },
): Promise<string> {
  const issuer = jackson.oauthController as unknown as Partial<CodeIssuer>;
  if (typeof issuer._buildAuthorizationCode !== 'function') {
    throw new Error('The SAML engine cannot issue authorization codes (its internal API changed).');
  }
  const redirectUri = samlCallbackUrl(input.baseUrl);
  return issuer._buildAuthorizationCode(
    { clientID: input.clientId },
    { claims: { ...input.claims, raw: {} } },
    {
      requested: { client_id: 'dummy', tenant: input.tenant, product: JACKSON_PRODUCT, redirect_uri: redirectUri, protocol: 'saml' },
      redirect_uri: redirectUri,
    },
    false,
  );
}

/** Longer than the engine keeps a code, so a used code's marker outlives the code itself. */
const CODE_MARKER_TTL_MS = 15 * 60_000;

/**
 * next-auth's token step: Jackson's `token` exchange, made one-time. Jackson 26.2.0 deletes the code
 * under the wrong key after an exchange, so a code could be redeemed again until it expires; each code
 * is marked used in the replay table first (a primary key: one exchange wins, on every instance).
 */
export async function redeemAuthorizationCode(
  jackson: JacksonControllers,
  db: Db,
  input: { code: string; baseUrl: string; secret: string; now?: Date },
): Promise<{ access_token: string; token_type: string; expires_in: number }> {
  const codeId = input.code.split('.')[1];
  if (!codeId) throw new Error('Invalid code');
  const now = input.now ?? new Date();
  if (!(await createReplayStore(db).consume(CODE_MARKER_NAMESPACE, codeId, new Date(now.getTime() + CODE_MARKER_TTL_MS)))) {
    throw new Error('Invalid code (already used)');
  }
  return jackson.oauthController.token({
    code: input.code,
    grant_type: 'authorization_code',
    redirect_uri: samlCallbackUrl(input.baseUrl),
    client_id: 'dummy',
    client_secret: jacksonClientSecret(input.secret),
  });
}

/** Used codes share the replay table with assertion IDs, under a key no IdP id can take. */
export const CODE_MARKER_NAMESPACE = 'oauth-code';
