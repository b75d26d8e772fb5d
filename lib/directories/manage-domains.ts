import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { assertDomainsFree, isUniqueViolation, normalizeDomains } from './domain-conflicts';
import { writeTransaction } from '../groups/write-lock';

async function findDirectory(db: Db, directoryId: string) {
  const directory = await db.directory.findUnique({
    where: { id: directoryId },
    include: { domains: { select: { id: true, name: true } } },
  });
  if (!directory) throw new AppError('not_found', 'No such directory.');
  // Its domains stay owned until the deletion ends (nobody can claim them), and stay as they are.
  if (directory.deletingAt)
    throw new AppError('conflict', `The directory "${directory.name}" is being deleted; its domains cannot change.`);
  return directory;
}

export async function addDirectoryDomain(db: Db, actor: AuditActor, directoryId: string, input: unknown) {
  const raw = typeof input === 'object' && input !== null && 'domain' in input ? String(input.domain) : '';
  const [domain] = normalizeDomains([raw]);
  if (!domain) throw new AppError('validation_failed', 'Enter a domain, e.g. acme.com.');
  const directory = await findDirectory(db, directoryId);
  if (directory.domains.some((d) => d.name === domain)) return { domain }; // already there: idempotent
  try {
    await writeTransaction(db, async (tx) => {
      await assertDomainsFree(tx, [domain]);
      await tx.domain.create({ data: { name: domain, directoryId } });
      await recordAuditEvent(tx, {
        actor,
        action: 'directory.domain.add',
        outcome: 'success',
        target: { type: 'directory', id: directoryId, label: directory.name },
        idpId: directory.jitIdpId,
        details: { domain, before: directory.domains.map((d) => d.name), after: [...directory.domains.map((d) => d.name), domain] },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await db.$transaction((tx) => assertDomainsFree(tx, [domain]));
    throw error;
  }
  return { domain };
}

export async function removeDirectoryDomain(db: Db, actor: AuditActor, directoryId: string, domainName: string) {
  const directory = await findDirectory(db, directoryId);
  const domain = directory.domains.find((d) => d.name === domainName.toLowerCase());
  if (!domain) return; // DELETE is idempotent
  if (directory.type === 'jit' && directory.domains.length === 1) {
    throw new AppError('conflict', `${domain.name} is the last domain of "${directory.name}"; a JIT directory needs at least one domain.`);
  }
  await writeTransaction(db, async (tx) => {
    const users = await tx.user.count({ where: { domainId: domain.id } });
    if (users > 0) {
      throw new AppError('conflict', `The domain ${domain.name} still has ${users} user${users === 1 ? '' : 's'}; it cannot be removed.`);
    }
    await tx.domain.delete({ where: { id: domain.id } });
    await recordAuditEvent(tx, {
      actor,
      action: 'directory.domain.remove',
      outcome: 'success',
      target: { type: 'directory', id: directoryId, label: directory.name },
      idpId: directory.jitIdpId,
      details: {
        domain: domain.name,
        before: directory.domains.map((d) => d.name),
        after: directory.domains.filter((d) => d.id !== domain.id).map((d) => d.name),
      },
    });
  });
}
