import 'server-only';
import type { Db } from '../db';
import { hashToken } from '../auth/tokens';
import { recordAuditEvent } from '../audit/record-audit-event';
import { provisionUser, type SignedInProfile } from '../jit/provision-user';
import { validateSamlResponse, type GateExpectations, type GateResult } from '../saml/gate/validate-saml-response';
import { createReplayStore } from '../saml/gate/replay-store';
import { purgeSignInStateIfDue } from './purge-sign-in-state';
import type { GroupsForSignIn } from '../groups/load-compiled-groups';
import { getSignInConfig, type SignInIdp } from './sign-in-config';

/** What the person at the browser is told when a response is refused; the audit event has the detail. */
export const SIGN_IN_FAILED =
  'Sign-in failed: your identity provider’s answer could not be accepted. Start again from the login page; if it keeps happening, tell your administrator.';

export type CompletedSignIn =
  | { ok: true; userId: string; sessionId: string; idpId: string; samlClientId: string; profile: SignedInProfile; returnTo: string | null }
  | { ok: false; message: string };

type Candidate = { requestId: string | null; returnTo: string | null; idp: SignInIdp; groups: GroupsForSignIn };

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
    const { idp } = candidate;
    const expect: GateExpectations = {
      idp: { id: idp.id, entityId: idp.entityId, allowIdpInitiated: idp.allowIdpInitiated, certificatesPem: idp.certificatesPem },
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
      const claimed = await db.$executeRaw`
        UPDATE "SamlRequest" SET "consumedAt" = ${now} WHERE "id" = ${candidate.requestId} AND "consumedAt" IS NULL`;
      if (claimed !== 1) return refuse(db, candidate.idp.id, 'The sign-in request was already used.');
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
      { now, config: idp.jit, groups: candidate.groups },
    );
    if (provisioned.outcome === 'refused') return { ok: false, message: provisioned.reason };
    await purgeSignInStateIfDue(db, now).catch((error: unknown) => console.error('purging sign-in state failed', error));
    return {
      ok: true,
      userId: provisioned.userId,
      sessionId: provisioned.sessionId,
      idpId: idp.id,
      samlClientId: idp.samlClientId,
      profile: provisioned.profile,
      returnTo: candidate.returnTo,
    };
  }
  return refuse(db, candidates[0]?.idp.id ?? null, last ? `${last.code}: ${last.reason}` : 'No matching sign-in request.');
}

/**
 * The IdPs this response may come from, from server state only: this browser's pending AuthnRequests (newest
 * first), then the IdPs that opted in to IdP-initiated sign-in. One statement reads the pending requests and
 * the configuration revision; the configuration itself comes from the per-revision snapshot.
 */
async function findCandidates(db: Db, flowNonce: string | null, now: Date): Promise<Candidate[]> {
  // A hash that never matches when there is no flow cookie keeps this one statement.
  const browserHash = flowNonce ? hashToken(flowNonce) : '-';
  const rows = await db.$queryRaw<{ revision: number | bigint; id: string | null; idpId: string | null; returnTo: string | null }[]>`
    SELECT c."revision" AS "revision", r."id" AS "id", r."idpId" AS "idpId", r."returnTo" AS "returnTo"
    FROM "ConfigRevision" c
    LEFT JOIN "SamlRequest" r ON r."browserHash" = ${browserHash} AND r."consumedAt" IS NULL AND r."expiresAt" > ${now}
    WHERE c."id" = 1
    ORDER BY r."createdAt" DESC
    LIMIT ${MAX_PENDING_TRIED}`;
  const config = await getSignInConfig(db, Number(rows[0]?.revision ?? 0));
  const candidates: Candidate[] = [];
  for (const row of rows) {
    const idp = row.idpId ? config.idps.get(row.idpId) : undefined;
    if (row.id && idp) candidates.push({ requestId: row.id, returnTo: row.returnTo, idp, groups: config.groups });
  }
  // IdP-initiated: only IdPs whose admins opted in; the gate then requires a response without InResponseTo.
  for (const idp of config.idpInitiated.slice(0, MAX_PENDING_TRIED)) {
    candidates.push({ requestId: null, returnTo: null, idp, groups: config.groups });
  }
  return candidates;
}

async function refuse(db: Db, idpId: string | null, reason: string): Promise<CompletedSignIn> {
  await recordAuditEvent(db, { actor: { type: 'anonymous' }, action: 'signin.refused', outcome: 'failure', idpId, reason });
  return { ok: false, message: SIGN_IN_FAILED };
}
