import type { Db, Tx } from '../db';
import { createId } from '../create-id';
import { Prisma } from '../generated/prisma-sqlite/client.ts';
import { recordAuditEvent, recordAuditEvents, type AuditEventInput } from '../audit/record-audit-event';
import { isForeignKeyViolation, isUniqueViolation } from '../directories/domain-conflicts';
import type { JitConfig, ValidatedAssertion } from './types';
import { decideProvisioning } from './decide-provisioning';
import { findExistingUser } from './find-existing-user';
import { loadCompiledGroups, type GroupsForSignIn } from '../groups/load-compiled-groups';
import { syncUserMemberships, type MembershipDiff } from '../groups/sync-user-memberships';
import { loadJitConfig, type JitConfigLoad } from './load-jit-config';
import { readAssertion } from './read-assertion';
import { refusalMessages } from './refusal-messages';

export const DEFAULT_SESSION_TTL_SECONDS = 8 * 60 * 60;

export type ProvisionOptions = {
  now?: Date;
  sessionTtlSeconds?: number;
  /** The IdP's JIT configuration when the caller has it current (the ACS's per-revision snapshot); else it is read here. */
  config?: JitConfigLoad;
  /** Every group's compiled rules when the caller has them current; else they are read here. */
  groups?: GroupsForSignIn;
};

/** Who signed in, as the session's profile shows them. */
export type SignedInProfile = { userName: string; email: string | null; firstName: string | null; lastName: string | null };

export type ProvisionResult =
  | { outcome: 'created' | 'updated'; userId: string; sessionId: string; profile: SignedInProfile; refusal?: never }
  | { outcome: 'refused'; reason: string };

/** Thrown inside the transaction so that a refusal rolls back anything already written (e.g. a row lock's write). */
class ProvisioningRefusal extends Error {
  constructor(
    readonly reason: string,
    readonly idp: { id: string; name: string } | null,
  ) {
    super(reason);
  }
}

/**
 * Signs a person in from a validated assertion (rules 7-11, 15): creates or updates the user, its
 * attribute values, lastSignInAt, a session and the audit events in ONE transaction. Refusals are
 * results, not errors: `reason` is meant for the login page, and a `signin.refused` audit event is
 * written on its own (nothing else is).
 *
 * Audit: `user.create` on a first sign-in (attributes set, ignored names), `user.update` only when
 * something changed (the diff, ignored names), and `user.signin` on every successful sign-in (the
 * sign-in record: session, assertion, NameID) — so "what changed" is not drowned by sign-ins.
 *
 * Two first sign-ins of one person at once: the unique constraints ([directoryId, externalId],
 * [domainId, userName]) let one insert win; the loser (P2002) retries once and becomes an update.
 */
export async function provisionUser(db: Db, assertion: ValidatedAssertion, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const now = options.now ?? new Date();
  const ttlSeconds = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  // Generous waits: on SQLite transactions queue behind one writer.
  const attempt = (preloaded: ProvisionOptions) =>
    db.$transaction((tx) => applyProvisioning(tx, assertion, now, ttlSeconds, preloaded), { maxWait: 20_000, timeout: 30_000 });
  try {
    try {
      return await attempt(options);
    } catch (error) {
      // A lost race for the user's row: the retry finds the winner's row and updates it.
      if (isUniqueViolation(error)) return await attempt(options);
      // The caller's snapshot named a group, rule or directory deleted since: the retry reads the configuration
      // in its own transaction (and refuses cleanly if the directory is gone).
      if (isForeignKeyViolation(error)) return await attempt({ ...options, config: undefined, groups: undefined });
      throw error;
    }
  } catch (error) {
    if (error instanceof ProvisioningRefusal) return refuse(db, assertion, error.reason, error.idp);
    if (isUniqueViolation(error)) {
      const detail = new Error('Unique constraint violated on the retry too: another sign-in of this person committed first.');
      return refuse(db, assertion, refusalMessages.concurrentSignIn, null, detail);
    }
    console.error('JIT provisioning failed', error);
    return refuse(db, assertion, refusalMessages.internalError, null, error);
  }
}

async function applyProvisioning(tx: Tx, assertion: ValidatedAssertion, now: Date, ttlSeconds: number, preloaded: ProvisionOptions) {
  const loaded = preloaded.config ?? (await loadJitConfig(tx, assertion.idpId));
  if (!loaded.ok) throw new ProvisioningRefusal(loaded.reason, loaded.idp);
  const { config } = loaded;
  const reading = readAssertion(assertion, config);
  if (!reading.ok) throw new ProvisioningRefusal(reading.reason, config.idp);
  const lookup = await findExistingUser(tx, reading.identity, now);
  if (lookup.kind === 'refuse') throw new ProvisioningRefusal(lookup.reason, config.idp);
  const existing = lookup.kind === 'found' ? lookup.user : null;

  const decision = decideProvisioning(assertion, config, existing);
  if (decision.kind === 'refuse') throw new ProvisioningRefusal(decision.reason, config.idp);
  const { user, changes, ignored } = decision;

  const columns = {
    domainId: user.domainId,
    userName: user.userName,
    externalId: user.externalId,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    lastSignInAt: now,
  };
  const rows = user.attributes.flatMap((attribute) =>
    attribute.values.map((value, position) => ({ name: attribute.name, value, position })),
  );
  // Raw SQL from here to the end of the transaction: every sign-in runs it, and the model API costs about twice the
  // CPU per statement (see lib/bench/login.ts).
  let userId: string;
  if (existing) {
    userId = existing.id;
    // lastSignInAt is already written (the lookup took the row's lock with it); the rest only when it changed.
    if (
      Object.entries(columns).some(([column, value]) => column !== 'lastSignInAt' && existing[column as keyof typeof existing] !== value)
    ) {
      await tx.$executeRaw`
        UPDATE "User" SET "domainId" = ${columns.domainId}, "userName" = ${columns.userName}, "externalId" = ${columns.externalId},
          "email" = ${columns.email}, "firstName" = ${columns.firstName}, "lastName" = ${columns.lastName}, "updatedAt" = ${now}
        WHERE "id" = ${userId}`;
    }
    // Replace, not merge: the IdP is the source of truth, attributes it stopped sending go.
    // Most sign-ins change nothing; then the values stay as they are (two statements saved).
    if (Object.keys(changes).length > 0) {
      await tx.$executeRaw`DELETE FROM "UserAttributeValue" WHERE "userId" = ${userId}`;
      await insertAttributeValues(tx, userId, rows);
    }
  } else {
    userId = createId();
    await tx.$executeRaw`
      INSERT INTO "User" ("id", "directoryId", "domainId", "userName", "externalId", "email", "firstName", "lastName", "status",
        "lastSignInAt", "createdAt", "updatedAt")
      VALUES (${userId}, ${config.directory.id}, ${columns.domainId}, ${columns.userName}, ${columns.externalId}, ${columns.email},
        ${columns.firstName}, ${columns.lastName}, 'active', ${now}, ${now}, ${now})`;
    await insertAttributeValues(tx, userId, rows);
  }

  // Rule 12: memberships follow the final attributes, both ways, in this transaction.
  const groups = preloaded.groups ?? (await loadCompiledGroups(tx));
  const membership = await syncUserMemberships(tx, userId, attributeMap(user.attributes), groups.compiled, existing?.memberships ?? []);
  const groupChanges = describeMembershipChanges(membership, groups.names);

  const session = { id: createId() };
  await tx.$executeRaw`
    INSERT INTO "UserSession" ("id", "userId", "idpId", "createdAt", "lastSeenAt", "expiresAt")
    VALUES (${session.id}, ${userId}, ${config.idp.id}, ${now}, ${now}, ${new Date(now.getTime() + ttlSeconds * 1000)})`;

  const actor = { type: 'user', id: userId, label: user.userName } as const;
  const target = { type: 'user', id: userId, label: user.userName };
  const base = { actor, outcome: 'success', target, idpId: config.idp.id } as const;
  const events: AuditEventInput[] = [];
  if (!existing) {
    events.push({
      ...base,
      action: 'user.create',
      details: { directory: config.directory.name, attributes: attributeMap(user.attributes), ignored, ...groupChanges },
    });
  } else if (Object.keys(changes).length > 0 || groupChanges.groups) {
    events.push({ ...base, action: 'user.update', details: { changes, ignored, ...groupChanges } });
  }
  events.push({
    ...base,
    action: 'user.signin',
    details: {
      provisioning: existing ? 'updated' : 'created',
      sessionId: session.id,
      ...assertionDetails(assertion),
      ignored,
    },
  });
  await recordAuditEvents(tx, events);

  const profile = { userName: user.userName, email: user.email, firstName: user.firstName, lastName: user.lastName };
  return { outcome: existing ? ('updated' as const) : ('created' as const), userId, sessionId: session.id, profile };
}

async function refuse(
  db: Db,
  assertion: ValidatedAssertion,
  reason: string,
  idp: JitConfig['idp'] | null,
  error?: unknown,
): Promise<ProvisionResult> {
  await recordAuditEvent(db, {
    actor: { type: 'anonymous', label: assertion.nameId },
    action: 'signin.refused',
    outcome: 'failure',
    target: { type: 'idp', id: assertion.idpId, label: idp?.name ?? null },
    idpId: assertion.idpId,
    reason,
    details: {
      ...assertionDetails(assertion),
      attributeNames: assertion.attributes.map((attribute) => attribute.name),
      ...(error === undefined
        ? {}
        : {
            error:
              error instanceof Error ? error.message.slice(0, 1000) : typeof error === 'string' ? error : 'A non-Error value was thrown.',
          }),
    },
  });
  return { outcome: 'refused', reason };
}

function assertionDetails(assertion: ValidatedAssertion) {
  return {
    nameId: assertion.nameId,
    nameIdFormat: assertion.nameIdFormat ?? null,
    assertionId: assertion.assertionId,
    sessionIndex: assertion.sessionIndex ?? null,
  };
}

/** Group changes for an audit event, by name: `{ groups: { added, removed } }`, or nothing when none changed. */
function describeMembershipChanges(diff: MembershipDiff, names: ReadonlyMap<string, string>) {
  if (diff.added.length === 0 && diff.removed.length === 0) return {};
  const name = (id: string) => names.get(id) ?? id;
  return { groups: { added: diff.added.map((match) => name(match.groupId)), removed: diff.removed.map(name) } };
}

async function insertAttributeValues(tx: Tx, userId: string, rows: { name: string; value: string; position: number }[]) {
  if (rows.length === 0) return;
  const values = rows.map((row) => Prisma.sql`(${createId()}, ${userId}, ${row.name}, ${row.value}, ${row.position})`);
  await tx.$executeRaw`INSERT INTO "UserAttributeValue" ("id", "userId", "name", "value", "position") VALUES ${Prisma.join(values)}`;
}

function attributeMap(attributes: { name: string; values: string[] }[]): Record<string, string[]> {
  return Object.fromEntries(attributes.map((attribute) => [attribute.name, attribute.values]));
}
