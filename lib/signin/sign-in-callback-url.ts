import 'server-only';
import type { JacksonControllers } from '../jackson/create-jackson';
import { issueAuthorizationCode } from '../jackson/authorization-codes';
import { samlCallbackUrl } from '../jackson/saml-connections';
import type { CompletedSignIn } from './complete-sign-in';

/**
 * Where the ACS sends the browser after a completed sign-in: next-auth's callback with a one-time code from the
 * SAML engine, which next-auth redeems (token, userinfo) to open its session.
 */
export async function signInCallbackUrl(
  jackson: JacksonControllers,
  baseUrl: string,
  signIn: Extract<CompletedSignIn, { ok: true }>,
): Promise<string> {
  const { profile } = signIn;
  const code = await issueAuthorizationCode(jackson, {
    clientId: signIn.samlClientId,
    tenant: signIn.idpId,
    baseUrl,
    claims: {
      id: signIn.userId,
      email: profile.email ?? profile.userName,
      ...(profile.firstName ? { firstName: profile.firstName } : {}),
      ...(profile.lastName ? { lastName: profile.lastName } : {}),
    },
  });
  const url = new URL(samlCallbackUrl(baseUrl));
  url.searchParams.set('code', code);
  return url.toString();
}
