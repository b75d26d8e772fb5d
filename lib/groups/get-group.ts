import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import type { JobStatus } from '../jobs/job-types';
import { describeRule, describeRules } from './describe-rule';
import { groupPageSchema, type GroupPageInput } from './group-schemas';
import { GROUP_RECOMPUTE_JOB, readRecomputePayload } from './recompute-payload';
import { readStoredRule, toMatchMode } from './stored-rules';

const GROUP_SELECT = {
  id: true,
  name: true,
  description: true,
  matchMode: true,
  rulesVersion: true,
  createdAt: true,
  updatedAt: true,
  rules: {
    select: { id: true, attribute: true, operator: true, value: true, caseSensitive: true, position: true },
    orderBy: [{ position: 'asc' as const }, { id: 'asc' as const }],
  },
  _count: { select: { memberships: true } },
} satisfies NonNullable<Parameters<Db['group']['findUnique']>[0]['select']>;

type GroupRow = NonNullable<Awaited<ReturnType<typeof findGroup>>>;
function findGroup(db: Db, id: string) {
  return db.group.findUnique({ where: { id }, select: GROUP_SELECT });
}

/**
 * The membership recomputation of the group's rules, as the console shows it: queued or running (a progress bar), or
 * failed (its error, and a way to run it again) — memberships are then not what the rules say.
 */
export type RecomputeProgress = {
  jobId: string;
  status: JobStatus;
  done: number;
  total: number;
  rulesVersion: number;
  error: string | null;
};

/** Failed jobs are history; only the newest few can still be the last word on a group's current rules. */
const FAILED_JOBS_CONSIDERED = 100;

function present(group: GroupRow, recompute: RecomputeProgress | null) {
  const rules = group.rules.map((row) => {
    const rule = readStoredRule(row);
    return { ...rule, text: describeRule(rule) };
  });
  const matchMode = toMatchMode(group.matchMode);
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    matchMode,
    rulesVersion: group.rulesVersion,
    rules,
    rulesSummary: describeRules(matchMode, rules),
    memberCount: group._count.memberships,
    recompute,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}

export type GroupView = ReturnType<typeof present>;

export async function getGroup(db: Db, id: string): Promise<GroupView> {
  const group = await findGroup(db, id);
  if (!group) throw new AppError('not_found', 'No such group.');
  const progress = await activeRecomputes(db);
  return present(group, pickRecompute(progress, group));
}

export const GROUP_PAGE_DEFAULT_LIMIT = 50;

/** Groups by name, a page at a time (`cursor` is the last name of the previous page), with member counts and running recomputes. */
export async function listGroups(db: Db, page: GroupPageInput = {}) {
  const { cursor, limit = GROUP_PAGE_DEFAULT_LIMIT } = groupPageSchema.parse(page);
  const [rows, progress] = await Promise.all([
    db.group.findMany({
      where: cursor === undefined ? {} : { name: { gt: cursor } },
      select: GROUP_SELECT,
      orderBy: { name: 'asc' },
      take: limit + 1,
    }),
    activeRecomputes(db),
  ]);
  const shown = rows.slice(0, limit);
  return {
    data: shown.map((group) => present(group, pickRecompute(progress, group))),
    nextCursor: rows.length > limit ? (shown.at(-1)?.name ?? null) : null,
  };
}

/** Every queued or running recompute job (there are few at any time), and the newest failed ones. */
export async function activeRecomputes(db: Db | Tx): Promise<(RecomputeProgress & { groupId: string; createdAt: Date })[]> {
  const select = { id: true, status: true, done: true, total: true, payload: true, error: true, createdAt: true };
  const [active, failed] = await Promise.all([
    db.job.findMany({ where: { type: GROUP_RECOMPUTE_JOB, status: { in: ['queued', 'running'] } }, select, orderBy: { createdAt: 'asc' } }),
    db.job.findMany({
      where: { type: GROUP_RECOMPUTE_JOB, status: 'failed' },
      select,
      orderBy: { createdAt: 'desc' },
      take: FAILED_JOBS_CONSIDERED,
    }),
  ]);
  return [...failed.reverse(), ...active].flatMap((job) => {
    const payload = readRecomputePayload(job.payload);
    if (!payload) return [];
    return [
      {
        jobId: job.id,
        status: job.status as JobStatus,
        done: job.done,
        total: Math.max(job.total, job.done),
        rulesVersion: payload.rulesVersion,
        error: job.error,
        groupId: payload.groupId,
        createdAt: job.createdAt,
      },
    ];
  });
}

/**
 * The job that applies the group's current rules: one queued or running, else one that failed (a failed job of older
 * rules is superseded by the newer job); an older job still winding down counts only when no current one exists.
 */
export function pickRecompute(
  jobs: readonly (RecomputeProgress & { groupId: string })[],
  group: { id: string; rulesVersion: number },
): RecomputeProgress | null {
  const mine = jobs.filter((job) => job.groupId === group.id);
  const active = mine.filter((job) => job.status !== 'failed');
  const current =
    active.find((job) => job.rulesVersion === group.rulesVersion) ??
    mine.findLast((job) => job.status === 'failed' && job.rulesVersion === group.rulesVersion) ??
    active.at(-1);
  if (!current) return null;
  const { jobId, status, done, total, rulesVersion, error } = current;
  return { jobId, status, done, total, rulesVersion, error: status === 'failed' ? error : null };
}
