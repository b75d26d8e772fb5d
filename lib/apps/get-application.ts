import type { Db } from '../db';
import { AppError } from '../api/errors';
import { byName } from './application-name';

const APPLICATION_FIELDS = {
  id: true,
  name: true,
  description: true,
  launchUrl: true,
  iconUrl: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type ApplicationView = {
  id: string;
  name: string;
  description: string;
  launchUrl: string;
  iconUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  groups: { id: string; name: string }[];
};

/** One application with the groups it is entitled to (by name). */
export async function getApplication(db: Db, id: string): Promise<ApplicationView> {
  const row = await db.application.findUnique({
    where: { id },
    select: { ...APPLICATION_FIELDS, entitlements: { select: { group: { select: { id: true, name: true } } } } },
  });
  if (!row) throw new AppError('not_found', 'No such application.');
  const { entitlements, ...application } = row;
  return { ...application, groups: entitlements.map((e) => e.group).sort((a, b) => byName.compare(a.name, b.name)) };
}

export type ApplicationListItem = Omit<ApplicationView, 'groups'> & { entitledGroupCount: number };

export async function listApplications(db: Db): Promise<ApplicationListItem[]> {
  const rows = await db.application.findMany({ select: { ...APPLICATION_FIELDS, _count: { select: { entitlements: true } } } });
  return rows
    .map(({ _count, ...application }) => ({ ...application, entitledGroupCount: _count.entitlements }))
    .sort((a, b) => byName.compare(a.name, b.name));
}
