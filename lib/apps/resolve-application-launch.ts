import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent } from '../audit/record-audit-event';

export const NOT_ENTITLED_MESSAGE = 'This application is not assigned to you. If you need it, ask your administrator for access.';

/**
 * The launch URL of an application, if the user is entitled to it now (through any of their groups);
 * membership and entitlements are read at this moment, not from what the portal showed earlier.
 * A refusal is recorded for admins; successful launches are not (they are plain navigation).
 */
export async function resolveApplicationLaunch(db: Db, userId: string, applicationId: string): Promise<string> {
  const app = await db.application.findFirst({
    where: { id: applicationId, entitlements: { some: { group: { memberships: { some: { userId } } } } } },
    select: { launchUrl: true },
  });
  if (app) return app.launchUrl;

  const [user, target] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { userName: true } }),
    db.application.findUnique({ where: { id: applicationId }, select: { id: true, name: true } }),
  ]);
  await recordAuditEvent(db, {
    actor: user ? { type: 'user', id: userId, label: user.userName } : { type: 'anonymous' },
    action: 'application.launch',
    outcome: 'failure',
    target: { type: 'application', id: target?.id ?? null, label: target?.name ?? null },
    reason: target ? 'The user is not in any group entitled to the application.' : 'No such application.',
  });
  // The same answer whether the application exists or not: the portal does not reveal other applications.
  throw new AppError('forbidden', NOT_ENTITLED_MESSAGE);
}
