import type { Db } from '../db';

const DAY_MS = 24 * 60 * 60_000;

/** Real counts for the console's dashboard. */
export async function getDashboard(db: Db, now = new Date()) {
  const since = new Date(now.getTime() - DAY_MS);
  const [identityProviders, directories, users, groups, applications, admins, events24h, failures24h, recent] = await Promise.all([
    db.identityProvider.count({ where: { type: 'saml' } }),
    db.directory.count(),
    db.user.count(),
    db.group.count(),
    db.application.count(),
    db.admin.count(),
    db.auditEvent.count({ where: { createdAt: { gte: since } } }),
    db.auditEvent.count({ where: { createdAt: { gte: since }, outcome: 'failure' } }),
    db.auditEvent.findMany({
      orderBy: { createdAt: 'desc' },
      take: 8,
      select: { id: true, createdAt: true, action: true, outcome: true, actorLabel: true, targetLabel: true, reason: true },
    }),
  ]);
  return {
    counts: { identityProviders, directories, users, groups, applications, admins, events24h, failures24h },
    recent,
  };
}
export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
