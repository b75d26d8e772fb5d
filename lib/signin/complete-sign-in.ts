import 'server-only';
import type { Db } from '../db';
import { hashToken } from '../auth/tokens';
import { recordAuditEvent } from '../audit/record-audit-event';
import { provisionUser } from '../jit/provision-user';
import { validateSamlResponse, type GateExpectations, type GateResult } from '../saml/gate/validate-saml-response';
import { createReplayStore } from '../saml/gate/replay-store';
import { purgeSignInStateIfDue } from './purge-sign-in-state';

/** What the person at the browser is told when a response is refused; the audit event has the detail. */
export const SIGN_IN_FAILED =
  'Sign-in failed: your identity provider’s answer could not be accepted. Start again from the login page; if it keeps happening, tell your administrator.';

export type CompletedSignIn =
  { ok: true; userId: string; sessionId: string; idpId: string; returnTo: string | null } | { ok: false; message: string };

type Candidate = {
  requestId: string | null;
  returnTo: string | null;
  idp: { id: string; name: string; entityId: string; allowIdpInitiated: boolean; certificatesPem: string[] };
};

const MAX_PENDING_TRIED = 5;

/**
 * The ACS: a SAML response is attacker-controlled input until the gate has passed it. The IdP comes
 * from server state — the AuthnRequests this browser started (flow cookie) — never from the response;
 * only an IdP that opted in to IdP-initiated sign-in is considered without one. Then the request is
 * consumed (once), and the user is provisioned from the gate's output alone.
 */
export async function completeSignIn(
  db: Db,
  input: { samlResponse: string; flowNonce: string | null; spEntityId: string; acsUrl: string; now?: Date },
): Promise<CompletedSignIn> {
  const now = input.now ?? new Date();
  const candidates = await findCandidates(db, input.flowNonce, now);
  if (candidates.length === 0) {
    return refuse(db, null, 'No sign-in was started in this browser (unsolicited response, or the sign-in expired).');
  }

  let last: Extract<GateResult, { ok: false }> | null = null;
  for (const candidate of candidates) {
    const expect: GateExpectations = {
      idp: candidate.idp,
      spEntityId: input.spEntityId,
      acsUrl: input.acsUrl,
      inResponseTo: candidate.requestId,
    };
    const result = await validateSamlResponse({ samlResponse: input.samlResponse }, expect, { replay: createReplayStore(db), now });
    if (!result.ok) {
      last = result;
      // Another pending request of this browser, or another opted-in IdP, may be the one that matches.
      if (result.code === 'in_response_to_mismatch' || result.code === 'issuer_mismatch') continue;
      return refuse(db, candidate.idp.id, `${result.code}: ${result.reason}`);
    }
    if (candidate.requestId) {
      const claimed = await db.samlRequest.updateMany({ where: { id: candidate.requestId, consumedAt: null }, data: { consumedAt: now } });
      if (claimed.count !== 1) return refuse(db, candidate.idp.id, 'The sign-in request was already used.');
    }
    const provisioned = await provisionUser(
      db,
      {
        idpId: candidate.idp.id,
        nameId: result.assertion.nameId,
        nameIdFormat: result.assertion.nameIdFormat,
        assertionId: result.assertion.assertionId,
        sessionIndex: result.assertion.sessionIndex,
        attributes: result.assertion.attributes,
      },
      { now },
    );
    if (provisioned.outcome === 'refused') return { ok: false, message: provisioned.reason };
    await purgeSignInStateIfDue(db, now).catch((error: unknown) => console.error('purging sign-in state failed', error));
    return {
      ok: true,
      userId: provisioned.userId,
      sessionId: provisioned.sessionId,
      idpId: candidate.idp.id,
      returnTo: candidate.returnTo,
    };
  }
  return refuse(db, candidates[0]?.idp.id ?? null, last ? `${last.code}: ${last.reason}` : 'No matching sign-in request.');
}

async function findCandidates(db: Db, flowNonce: string | null, now: Date): Promise<Candidate[]> {
  const idpSelect = {
    id: true,
    name: true,
    entityId: true,
    allowIdpInitiated: true,
    enabled: true,
    certificates: { where: { use: 'signing' }, select: { pem: true } },
  } as const;
  const toIdp = (idp: {
    id: string;
    name: string;
    entityId: string | null;
    allowIdpInitiated: boolean;
    certificates: { pem: string }[];
  }) => ({
    id: idp.id,
    name: idp.name,
    entityId: idp.entityId ?? '',
    allowIdpInitiated: idp.allowIdpInitiated,
    certificatesPem: idp.certificates.map((c) => c.pem),
  });
  const candidates: Candidate[] = [];
  if (flowNonce) {
    const pending = await db.samlRequest.findMany({
      where: { browserHash: hashToken(flowNonce), consumedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      take: MAX_PENDING_TRIED,
    });
    const idps = await db.identityProvider.findMany({
      where: { id: { in: pending.map((p) => p.idpId) }, enabled: true, type: 'saml' },
      select: idpSelect,
    });
    for (const request of pending) {
      const idp = idps.find((i) => i.id === request.idpId);
      if (idp?.entityId) candidates.push({ requestId: request.id, returnTo: request.returnTo, idp: toIdp(idp) });
    }
  }
  // IdP-initiated: only IdPs whose admins opted in; the gate then requires a response without InResponseTo.
  const unsolicited = await db.identityProvider.findMany({
    where: { allowIdpInitiated: true, enabled: true, type: 'saml' },
    select: idpSelect,
    take: MAX_PENDING_TRIED,
  });
  for (const idp of unsolicited) if (idp.entityId) candidates.push({ requestId: null, returnTo: null, idp: toIdp(idp) });
  return candidates;
}

async function refuse(db: Db, idpId: string | null, reason: string): Promise<CompletedSignIn> {
  await recordAuditEvent(db, { actor: { type: 'anonymous' }, action: 'signin.refused', outcome: 'failure', idpId, reason });
  return { ok: false, message: SIGN_IN_FAILED };
}
