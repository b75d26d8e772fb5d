import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { Profile } from '@boxyhq/saml-jackson';
import { getJackson } from '../jackson';
import { getDb } from '../db';
import { redeemAuthorizationCode } from '../jackson/authorization-codes';
import { jacksonClientSecret } from '../saml/derive-secret-key';

export const SAML_PROVIDER_ID = 'boxyhq-saml';

/**
 * The BoxyHQ SAML provider of next-auth, wired to the embedded SAML engine: its token and userinfo
 * steps call Jackson in-process. The browser never starts this OAuth flow itself — sign-in starts at
 * /login (bound to the browser by the flow cookie and the AuthnRequest ID) and the ACS hands over —
 * so next-auth's own state/PKCE cookies are not used (`checks: ['none']`).
 */
export function samlProvider(baseUrl: string, secret: string): OAuthConfig<Profile> {
  return {
    id: SAML_PROVIDER_ID,
    name: 'SAML single sign-on',
    type: 'oauth',
    version: '2.0',
    checks: ['none'],
    clientId: 'dummy',
    clientSecret: jacksonClientSecret(secret),
    authorization: { url: `${baseUrl}/login`, params: {} },
    token: {
      url: `${baseUrl}/api/oauth/token`,
      async request({ params }) {
        const tokens = await redeemAuthorizationCode(await getJackson(), getDb(), { code: String(params.code ?? ''), baseUrl, secret });
        return {
          tokens: {
            access_token: tokens.access_token,
            token_type: tokens.token_type,
            expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
          },
        };
      },
    },
    userinfo: {
      url: `${baseUrl}/api/oauth/userinfo`,
      async request({ tokens }) {
        const jackson = await getJackson();
        return await jackson.oauthController.userInfo(String(tokens.access_token ?? ''));
      },
    },
    profile(profile) {
      return { id: profile.id, email: profile.email, name: [profile.firstName, profile.lastName].filter(Boolean).join(' ') };
    },
  };
}
