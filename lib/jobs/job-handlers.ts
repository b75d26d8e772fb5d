import { DIRECTORY_DELETE_JOB, directoryDeleteHandler } from '../directories/delete-directory-job';
import { groupRecomputeHandler } from '../groups/recompute-group-memberships';
import type { JobHandler } from './job-types';

/**
 * Every job type the worker can run, by type name. Handlers register here (one entry per job type,
 * e.g. `'group.recompute': groupRecomputeHandler`); a queued job whose type is missing fails.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  'group.recompute': groupRecomputeHandler,
  [DIRECTORY_DELETE_JOB]: directoryDeleteHandler,
};
