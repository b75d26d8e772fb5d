import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';

/**
 * Rule 4: deleting a JIT directory deletes all its users (their attribute values, group
 * memberships and sessions go with them by cascade) and turns JIT off for its IdP. The caller
 * confirms with the number of users to delete, so nobody deletes more than they saw.
 */
export async function deleteDirectory(db: Db, actor: AuditActor, directoryId: string, confirmUsers: number) {
  return db.$transaction((tx) => deleteDirectoryIn(tx, actor, directoryId, confirmUsers));
}

export async function deleteDirectoryIn(tx: Tx, actor: AuditActor, directoryId: string, confirmUsers: number) {
  const directory = await tx.directory.findUnique({
    where: { id: directoryId },
    include: { domains: { select: { name: true } }, _count: { select: { users: true } } },
  });
  if (!directory) throw new AppError('not_found', 'No such directory.');
  const users = directory._count.users;
  if (users !== confirmUsers) {
    throw new AppError(
      'conflict',
      `Deleting the directory "${directory.name}" deletes ${users} user${users === 1 ? '' : 's'}; confirm with that number.`,
    );
  }
  await tx.user.deleteMany({ where: { directoryId } });
  await tx.directory.delete({ where: { id: directoryId } });
  if (directory.jitIdpId) {
    await tx.identityProvider.update({ where: { id: directory.jitIdpId }, data: { jitEnabled: false } });
  }
  await recordAuditEvent(tx, {
    actor,
    action: 'directory.delete',
    outcome: 'success',
    target: { type: 'directory', id: directory.id, label: directory.name },
    idpId: directory.jitIdpId,
    details: { before: { name: directory.name, type: directory.type, domains: directory.domains.map((d) => d.name) }, usersDeleted: users },
  });
  return { usersDeleted: users };
}
