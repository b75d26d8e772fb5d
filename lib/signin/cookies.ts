/** Binds a SAML sign-in to the browser that started it; sent on the IdP's cross-site POST to the ACS. */
export const FLOW_COOKIE = 'gatehouse.saml-flow';
/** Carries the session created at the ACS to next-auth's callback (sealed, two minutes). */
export const PENDING_LOGIN_COOKIE = 'gatehouse.pending-login';
export const PENDING_LOGIN_PURPOSE = 'pending-login';
export const LOGIN_MESSAGE_PURPOSE = 'login-message';

/**
 * The flow cookie must come back on the IdP's POST, which is cross-site: SameSite=None, which browsers
 * accept only with Secure (http://localhost counts as secure for them).
 */
export const FLOW_COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'none', path: '/', maxAge: 15 * 60 } as const;
