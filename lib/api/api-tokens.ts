import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { roleAllows } from '../auth/roles';
import { AppError } from './errors';

export const API_TOKEN_SCOPES = ['read', 'full'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Give the token a name').max(100, 'Use at most 100 characters'),
  scope: z.enum(API_TOKEN_SCOPES, { error: 'Choose read or full' }),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

/** `gh_` and 32 random bytes (base64url): recognisable in logs and secret scanners, 256 bits of entropy. */
const TOKEN_PREFIX = 'gh_';
/** How much of a token the console shows to recognise it (the marker and 6 random characters). */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** lastUsedAt is written at most this often per token: a busy script does not turn every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

const PUBLIC_TOKEN_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, email: true } },
} as const;

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiTokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; email: string } | null;
};

/** Who a valid token speaks for: audit events name it, and its scope decides what it may change. */
export type ApiTokenCaller = { scope: ApiTokenScope; actor: AuditActor & { type: 'api' } };

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toView(row: { scope: string } & Omit<ApiTokenView, 'scope'>): ApiTokenView {
  return { ...row, scope: row.scope === 'full' ? 'full' : 'read' };
}

export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({ select: PUBLIC_TOKEN_SELECT, orderBy: [{ revokedAt: 'asc' }, { createdAt: 'desc' }] });
  return rows.map(toView);
}

/** Creates a token; the answer is the only time its value exists outside the caller's hands (only its hash is stored). */
export async function createApiToken(db: Db, actor: AuditActor, input: unknown): Promise<ApiTokenView & { token: string }> {
  const { name, scope } = createApiTokenSchema.parse(input);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: {
      name,
      scope,
      tokenHash: hashToken(token),
      prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      createdById: actor.type === 'admin' ? actor.id : null,
    },
    select: PUBLIC_TOKEN_SELECT,
  });
  await recordAuditEvent(db, {
    actor,
    action: 'api_token.create',
    outcome: 'success',
    target: { type: 'api_token', id: row.id, label: name },
    details: { scope, prefix: row.prefix },
  });
  return { ...toView(row), token };
}

/** Revokes a token at once (its next request is refused). Idempotent: revoking a revoked or unknown token changes nothing. */
export async function revokeApiToken(db: Db, actor: AuditActor, id: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) return;
  const row = await db.apiToken.findUnique({ where: { id }, select: { name: true, prefix: true } });
  await recordAuditEvent(db, {
    actor,
    action: 'api_token.revoke',
    outcome: 'success',
    target: { type: 'api_token', id, label: row?.name ?? null },
    details: { prefix: row?.prefix ?? null },
  });
}

/** The bootstrap token of GATEHOUSE_API_TOKEN: full scope, for automation that must run before anyone signs in. */
export const BOOTSTRAP_TOKEN_ACTOR = { type: 'api', id: 'bootstrap', label: 'GATEHOUSE_API_TOKEN' } as const;

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever the input.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * The caller behind `Authorization: Bearer <token>`: a stored, unrevoked token, or the bootstrap token.
 * Throws 401 for anything else; records the token's last use (at most once a minute).
 */
export async function authenticateApiToken(db: Db, token: string, bootstrapToken: string | undefined): Promise<ApiTokenCaller> {
  if (bootstrapToken && sameSecret(token, bootstrapToken)) return { scope: 'full', actor: BOOTSTRAP_TOKEN_ACTOR };
  const row = token.startsWith(TOKEN_PREFIX)
    ? await db.apiToken.findUnique({
        where: { tokenHash: hashToken(token) },
        select: {
          id: true,
          name: true,
          prefix: true,
          scope: true,
          revokedAt: true,
          lastUsedAt: true,
          createdBy: { select: { role: true } },
        },
      })
    : null;
  if (!row) throw new AppError('unauthenticated', 'The API token is not valid.');
  if (row.revokedAt) throw new AppError('unauthenticated', 'The API token was revoked.');
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS + 1) } }] },
      data: { lastUsedAt: new Date(now) },
    });
  }
  // A token can do no more than the admin who created it: a full token of an admin now read-only reads only.
  const creatorMayWrite = !row.createdBy || roleAllows(row.createdBy.role, 'write');
  return {
    scope: row.scope === 'full' && creatorMayWrite ? 'full' : 'read',
    actor: { type: 'api', id: row.id, label: `API token ${row.name} (${row.prefix}…)` },
  };
}
