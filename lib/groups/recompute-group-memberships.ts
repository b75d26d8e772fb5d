import { z } from 'zod';
import { isPostgres, type Db, type Tx } from '../db';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { JobBatch, JobBatchResult, JobHandler } from '../jobs/job-types';
import { compileGroups, evaluateCompiledGroups } from '../rules/compile-group-rules';
import { Prisma } from '../generated/prisma-sqlite/client.ts';
import { readRecomputePayload } from './recompute-payload';
import { scanUsers } from './scan-users';
import { toGroupForEvaluation } from './stored-rules';
import { takeWriteLock } from './write-lock';

/** Users per batch: big enough that per-statement costs vanish, small enough that one batch's transaction stays short. */
export const RECOMPUTE_BATCH_SIZE = 5_000;
/**
 * How long one batch's write transaction may wait for and hold the database. Together well inside the job lease
 * (DEFAULT_LEASE_MS, renewed before every batch): a batch either commits or rolls back before the lease can run
 * out, so a second instance never runs a batch of the job while the first is still in one.
 */
export const RECOMPUTE_BATCH_LIMITS = { maxWait: 10_000, timeout: 30_000 } as const;
/** Rows per write statement: well inside SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 1_000;

const cursorSchema = z.object({
  after: z.string().nullable(),
  scanned: z.number().int().min(0),
  total: z.number().int().min(0),
  added: z.number().int().min(0),
  removed: z.number().int().min(0),
  reasonChanged: z.number().int().min(0),
});
type RecomputeCursor = z.infer<typeof cursorSchema>;

/**
 * The `group.recompute` job: re-evaluates one group's rules (the version in the payload) for every user, a
 * batch of users in id order per `runBatch`, and makes the memberships agree — inserts the missing ones
 * (with the rule that placed the user), rewrites the rule where the reason changed, deletes those that no
 * longer match. Each batch reads by index ranges (see scanUsers) and writes in one short transaction that
 * first checks (on PostgreSQL under a share lock) the group's rules version: once the rules move on or the
 * group is deleted, the job ends and the job queued with that change owns the group. Batches are idempotent
 * (a re-run finds the memberships already right); counts travel in the cursor and end in a
 * `group.recompute` audit event.
 */
export function createGroupRecomputeHandler(options: { batchSize?: number } = {}): JobHandler {
  const batchSize = options.batchSize ?? RECOMPUTE_BATCH_SIZE;
  return {
    async runBatch(db: Db, job: JobBatch): Promise<JobBatchResult> {
      const payload = readRecomputePayload(job.payload);
      if (!payload) throw new Error('group.recompute: the job payload is not { groupId, rulesVersion }.');
      const group = await db.group.findUnique({
        where: { id: payload.groupId },
        select: {
          id: true,
          name: true,
          matchMode: true,
          rulesVersion: true,
          rules: { select: { id: true, attribute: true, operator: true, value: true, caseSensitive: true, position: true } },
        },
      });
      const state: RecomputeCursor = readCursor(job.cursor) ?? {
        after: null,
        scanned: 0,
        total: group ? await db.user.count() : 0,
        added: 0,
        removed: 0,
        reasonChanged: 0,
      };
      const stop = async (): Promise<JobBatchResult> => {
        if (group) await auditSummary(db, job.id, group, payload.rulesVersion, state, true);
        return { cursor: state, done: state.scanned, total: Math.max(state.total, state.scanned), finished: true };
      };
      if (!group || group.rulesVersion !== payload.rulesVersion) return stop();

      const evaluation = toGroupForEvaluation(group);
      const compiled = compileGroups([evaluation]);
      const batch = await scanUsers(db, {
        after: state.after,
        limit: batchSize,
        attributes: evaluation.rules.map((rule) => rule.attribute),
        groupId: group.id,
      });

      const add: { userId: string; ruleId: string }[] = [];
      const reasons = new Map<string, string[]>();
      const remove: string[] = [];
      for (const user of batch.users) {
        const ruleId = evaluateCompiledGroups(compiled, user.attributes)[0]?.ruleId ?? null;
        if (ruleId === null) {
          if (user.membership) remove.push(user.id);
        } else if (!user.membership) {
          add.push({ userId: user.id, ruleId });
        } else if (user.membership.ruleId !== ruleId) {
          const ids = reasons.get(ruleId) ?? [];
          ids.push(user.id);
          reasons.set(ruleId, ids);
        }
      }

      const next: RecomputeCursor = {
        after: batch.last ?? state.after,
        scanned: state.scanned + batch.users.length,
        total: state.total,
        added: state.added + add.length,
        removed: state.removed + remove.length,
        reasonChanged: state.reasonChanged + [...reasons.values()].reduce((sum, ids) => sum + ids.length, 0),
      };
      const finished = batch.users.length < batchSize;
      const result = { cursor: next, done: next.scanned, total: Math.max(next.total, next.scanned), finished };
      // Most batches of a small group change nothing: they write nothing (the next batch checks the version anyway).
      if (!finished && add.length === 0 && reasons.size === 0 && remove.length === 0) return result;
      const postgres = isPostgres(db);
      const applied = await db.$transaction(async (tx) => {
        if (!(await holdRulesVersion(tx, postgres, group.id, payload.rulesVersion))) return false;
        await writeChanges(tx, postgres, group.id, { add, reasons, remove });
        if (finished) await auditSummary(tx, job.id, group, payload.rulesVersion, next, false);
        return true;
      }, RECOMPUTE_BATCH_LIMITS);
      return applied ? result : stop();
    },
  };
}

export const groupRecomputeHandler: JobHandler = createGroupRecomputeHandler();

/** The runner hands back the cursor the previous batch returned (as stored JSON); null at the start. */
function readCursor(cursor: unknown): RecomputeCursor | null {
  const parsed = cursorSchema.safeParse(cursor);
  return parsed.success ? parsed.data : null;
}

/**
 * Is the group still at this rules version? On PostgreSQL read under a share lock: a rule change (which updates
 * the group's row first) then either waits for this batch to commit, and its own job sees the batch's writes, or
 * committed first, and this batch sees the new version and writes nothing. On SQLite the transaction first takes
 * the database's write lock, which gives the same order. Nothing is written to the group: its row changing would
 * tell every instance's sign-in cache that the groups changed.
 */
async function holdRulesVersion(tx: Tx, postgres: boolean, groupId: string, rulesVersion: number): Promise<boolean> {
  await takeWriteLock(tx, postgres);
  const lock = postgres ? Prisma.sql`FOR SHARE` : Prisma.empty;
  const rows = await tx.$queryRaw<{ rulesVersion: number }[]>`SELECT "rulesVersion" FROM "Group" WHERE "id" = ${groupId} ${lock}`;
  return rows.length === 1 && Number(rows[0]?.rulesVersion) === rulesVersion;
}

type MembershipChanges = {
  add: readonly { userId: string; ruleId: string }[];
  /** New rule → the members it now places. */
  reasons: ReadonlyMap<string, readonly string[]>;
  remove: readonly string[];
};

/**
 * A batch's writes, a few statements whatever its size. PostgreSQL takes whole lists as array parameters
 * (unnest / ANY), so a statement is the same three or four parameters for any number of rows; SQLite binds
 * multi-row VALUES and IN lists, chunked well inside its limit on bound parameters.
 */
async function writeChanges(tx: Tx, postgres: boolean, groupId: string, changes: MembershipChanges): Promise<void> {
  const now = new Date();
  const { add, reasons, remove } = changes;
  if (postgres) {
    if (add.length > 0) {
      const userIds = add.map((row) => row.userId);
      const ruleIds = add.map((row) => row.ruleId);
      // A sign-in may have added the membership since the batch was read: theirs stands.
      await tx.$executeRaw`
        INSERT INTO "GroupMembership" ("userId", "groupId", "ruleId", "createdAt")
        SELECT u, ${groupId}, r, ${now} FROM unnest(${userIds}::text[], ${ruleIds}::text[]) AS t(u, r)
        ON CONFLICT ("userId", "groupId") DO NOTHING`;
    }
    const moved = [...reasons].flatMap(([ruleId, userIds]) => userIds.map((userId) => ({ userId, ruleId })));
    if (moved.length > 0) {
      const userIds = moved.map((row) => row.userId);
      const ruleIds = moved.map((row) => row.ruleId);
      await tx.$executeRaw`
        UPDATE "GroupMembership" AS m SET "ruleId" = t.r FROM unnest(${userIds}::text[], ${ruleIds}::text[]) AS t(u, r)
        WHERE m."groupId" = ${groupId} AND m."userId" = t.u`;
    }
    if (remove.length > 0) {
      await tx.$executeRaw`DELETE FROM "GroupMembership" WHERE "groupId" = ${groupId} AND "userId" = ANY(${[...remove]}::text[])`;
    }
    return;
  }
  for (const rows of chunks(add, ROWS_PER_STATEMENT)) {
    const values = Prisma.join(rows.map((row) => Prisma.sql`(${row.userId}, ${groupId}, ${row.ruleId}, ${now})`));
    await tx.$executeRaw`INSERT INTO "GroupMembership" ("userId", "groupId", "ruleId", "createdAt") VALUES ${values} ON CONFLICT ("userId", "groupId") DO NOTHING`;
  }
  for (const [ruleId, userIds] of reasons) {
    for (const ids of chunks(userIds, ROWS_PER_STATEMENT)) {
      await tx.$executeRaw`UPDATE "GroupMembership" SET "ruleId" = ${ruleId} WHERE "groupId" = ${groupId} AND "userId" IN (${Prisma.join(ids)})`;
    }
  }
  for (const ids of chunks(remove, ROWS_PER_STATEMENT)) {
    await tx.$executeRaw`DELETE FROM "GroupMembership" WHERE "groupId" = ${groupId} AND "userId" IN (${Prisma.join(ids)})`;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** One `group.recompute` event per job (a re-run of the last batch after a crash finds it and writes none). */
async function auditSummary(
  db: Db | Tx,
  jobId: string,
  group: { id: string; name: string },
  rulesVersion: number,
  state: RecomputeCursor,
  superseded: boolean,
): Promise<void> {
  // A job that stopped early and changed nothing has nothing to report: the newer job will.
  if (superseded && state.added + state.removed + state.reasonChanged === 0) return;
  const existing = await db.auditEvent.findFirst({
    where: { action: 'group.recompute', targetId: group.id, details: { contains: jobId } },
    select: { id: true },
  });
  if (existing) return;
  await recordAuditEvent(db, {
    actor: { type: 'system' },
    action: 'group.recompute',
    outcome: 'success',
    target: { type: 'group', id: group.id, label: group.name },
    details: {
      jobId,
      rulesVersion,
      ...(superseded ? { superseded: true } : {}),
      scanned: state.scanned,
      added: state.added,
      removed: state.removed,
      reasonChanged: state.reasonChanged,
    },
  });
}
