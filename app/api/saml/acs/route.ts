import { NextResponse, type NextRequest } from 'next/server';
import { sealValue } from '@/lib/auth/sealed-value';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getJackson } from '@/lib/jackson';
import { getServiceProviderInfo } from '@/lib/saml/service-provider';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { rateLimitedPageResponse } from '@/lib/rate-limit/rate-limited';
import { consumeSignInLimits } from '@/lib/rate-limit/sign-in-limits';
import { FLOW_COOKIE, LOGIN_MESSAGE_PURPOSE, PENDING_LOGIN_COOKIE, PENDING_LOGIN_PURPOSE } from '@/lib/signin/cookies';
import { completeSignIn, SIGN_IN_FAILED } from '@/lib/signin/complete-sign-in';
import { signInCallbackUrl } from '@/lib/signin/sign-in-callback-url';

/** A SAML response fits well inside this; anything bigger is refused before it is read. */
const MAX_BODY_BYTES = 512 * 1024;

async function readForm(req: NextRequest): Promise<URLSearchParams | null> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES || !req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** POST /api/saml/acs — the IdP's answer. Nothing here is trusted until the gate has passed it. */
export async function POST(req: NextRequest) {
  const env = getEnv();
  const fail = (message: string) => {
    const url = new URL('/login', env.GATEHOUSE_URL);
    url.searchParams.set('error', sealValue(env.GATEHOUSE_SECRET, LOGIN_MESSAGE_PURPOSE, message));
    return NextResponse.redirect(url, 303);
  };
  try {
    const db = getDb();
    // Per address, before the body is read: one statement, so a flood is refused before any XML is parsed.
    const limit = await consumeSignInLimits(db, 'acs', { ip: clientIp(req.headers) });
    if (!limit.allowed) return rateLimitedPageResponse(limit, { href: '/login', label: 'Back to sign-in' });
    const form = await readForm(req);
    const samlResponse = form?.get('SAMLResponse');
    if (!form || !samlResponse) return fail(SIGN_IN_FAILED);
    const sp = getServiceProviderInfo(env.GATEHOUSE_URL);
    const result = await completeSignIn(db, {
      samlResponse,
      flowNonce: req.cookies.get(FLOW_COOKIE)?.value ?? null,
      spEntityId: sp.entityId,
      acsUrl: sp.acsUrl,
    });
    if (!result.ok) return fail(result.message);

    // The gate has passed the response and the user is signed in; the SAML engine issues the code next-auth redeems.
    const redirectUrl = await signInCallbackUrl(await getJackson(), env.GATEHOUSE_URL, result);
    const response = NextResponse.redirect(redirectUrl, 303);
    response.cookies.set(PENDING_LOGIN_COOKIE, sealValue(env.GATEHOUSE_SECRET, PENDING_LOGIN_PURPOSE, result.sessionId), {
      httpOnly: true,
      secure: env.GATEHOUSE_URL.startsWith('https://'),
      sameSite: 'lax',
      path: '/api/auth',
      maxAge: 120,
    });
    // Where next-auth sends the browser after its callback (it reads this cookie; same-origin paths only).
    const secure = env.GATEHOUSE_URL.startsWith('https://');
    response.cookies.set(
      secure ? '__Secure-next-auth.callback-url' : 'next-auth.callback-url',
      `${env.GATEHOUSE_URL}${result.returnTo ?? '/apps'}`,
      {
        httpOnly: true,
        secure,
        sameSite: 'lax',
        path: '/',
      },
    );
    return response;
  } catch (error) {
    // Never a stack trace on the login path: log it, show the uniform message.
    console.error('ACS failed', error);
    return fail(SIGN_IN_FAILED);
  }
}
