import 'server-only';
import type { Db } from '../db';
import { generateToken, hashToken } from '../auth/tokens';
import type { JacksonControllers } from '../jackson/create-jackson';
import { JACKSON_PRODUCT, samlCallbackUrl } from '../jackson/saml-connections';
import { extractSamlRequest, readAuthnRequestId } from '../saml/read-authn-request';
import { signRedirectBinding } from '../saml/redirect-binding';

/** How long a started sign-in may take at the IdP before its response is refused. */
export const SIGN_IN_TTL_MS = 10 * 60_000;

export type StartedSignIn = { redirectUrl: string | null; postForm: string | null };

/**
 * SP-initiated sign-in: the SAML engine builds the signed AuthnRequest; Gatehouse records its ID
 * bound to this browser (the hash of the flow cookie), so that only a response to this request, in
 * this browser, is accepted at the ACS.
 */
export async function startSignIn(
  db: Db,
  jackson: JacksonControllers,
  options: { idpId: string; baseUrl: string; flowNonce: string; returnTo: string | null; spPrivateKeyPem: string; now?: Date },
): Promise<StartedSignIn> {
  const result = await jackson.oauthController.authorize({
    client_id: 'dummy',
    tenant: options.idpId,
    product: JACKSON_PRODUCT,
    redirect_uri: samlCallbackUrl(options.baseUrl),
    response_type: 'code',
    // Jackson requires a state; the binding that matters is ours (flow cookie + request ID).
    state: generateToken(),
    code_challenge: '',
    code_challenge_method: '',
  });
  if ('error' in result && result.error) throw new Error(`The SAML engine refused to start the sign-in: ${String(result.error)}`);
  const { samlRequest, binding } = extractSamlRequest(result);
  const now = options.now ?? new Date();
  await db.samlRequest.create({
    data: {
      id: readAuthnRequestId(samlRequest, binding),
      idpId: options.idpId,
      browserHash: hashToken(options.flowNonce),
      returnTo: options.returnTo,
      expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS),
    },
  });
  return binding === 'post'
    ? { redirectUrl: null, postForm: result.authorize_form ?? null }
    : { redirectUrl: result.redirect_url ? signRedirectBinding(result.redirect_url, options.spPrivateKeyPem) : null, postForm: null };
}
