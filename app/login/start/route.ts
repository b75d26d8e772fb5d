import { NextResponse, type NextRequest } from 'next/server';
import { generateToken } from '@/lib/auth/tokens';
import { safeReturnPath } from '@/lib/auth/safe-return-path';
import { sealValue } from '@/lib/auth/sealed-value';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getJackson } from '@/lib/jackson';
import { FLOW_COOKIE, LOGIN_MESSAGE_PURPOSE, FLOW_COOKIE_OPTIONS } from '@/lib/signin/cookies';
import { findSignInIdp } from '@/lib/signin/find-sign-in-idp';
import { startSignIn } from '@/lib/signin/start-sign-in';
import { getCurrentServiceProviderKeys } from '@/lib/saml/current-sp-keys';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { rateLimitedPageResponse } from '@/lib/rate-limit/rate-limited';
import { consumeSignInLimits } from '@/lib/rate-limit/sign-in-limits';

/** GET /login/start?email=… (or ?domain=…): route to the user's IdP with a signed AuthnRequest. */
export async function GET(req: NextRequest) {
  const env = getEnv();
  const params = req.nextUrl.searchParams;
  const typed = params.get('email') ?? params.get('domain') ?? '';
  const back = (message: string) => {
    const url = new URL('/login', env.GATEHOUSE_URL);
    if (typed) url.searchParams.set('email', typed.slice(0, 254));
    url.searchParams.set('error', sealValue(env.GATEHOUSE_SECRET, LOGIN_MESSAGE_PURPOSE, message));
    return NextResponse.redirect(url, 303);
  };
  try {
    const db = getDb();
    // Per address, and per email when one was typed (a domain is a whole organisation, not an account).
    const limit = await consumeSignInLimits(db, 'login-start', { ip: clientIp(req.headers), account: typed.includes('@') ? typed : null });
    if (!limit.allowed) return rateLimitedPageResponse(limit, { href: '/login', label: 'Back to sign-in' });
    const target = await findSignInIdp(db, typed);
    if (!target.ok) return back(target.message);
    const flowNonce = req.cookies.get(FLOW_COOKIE)?.value ?? generateToken();
    const started = await startSignIn(db, await getJackson(), {
      idpId: target.idp.id,
      baseUrl: env.GATEHOUSE_URL,
      flowNonce,
      returnTo: safeReturnPath(params.get('returnTo'), '/apps'),
      spPrivateKeyPem: (await getCurrentServiceProviderKeys()).privateKeyPem,
    });
    const response = started.redirectUrl
      ? NextResponse.redirect(started.redirectUrl, 303)
      : new NextResponse(started.postForm, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
    response.cookies.set(FLOW_COOKIE, flowNonce, FLOW_COOKIE_OPTIONS);
    return response;
  } catch (error) {
    console.error('sign-in start failed', error);
    return back('Sign-in could not be started. Try again in a moment; if it keeps happening, tell your administrator.');
  }
}
