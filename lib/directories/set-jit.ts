import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { setJitSchema } from '../idp/idp-schemas';
import { assertDomainsFree, isUniqueViolation, normalizeDomains } from './domain-conflicts';
import { writeTransaction } from '../groups/write-lock';

export const JIT_NEEDS_DIRECTORY =
  'If JIT user provisioning is enabled, at least one directory must be associated with the identity provider.';
export const JIT_NOT_FOR_BUILTIN =
  'JIT user provisioning can be enabled only for a third-party SAML identity provider; the built-in identity provider signs in local users.';

/**
 * Rules 1-3: enabling JIT for a third-party IdP creates its one JIT directory (a name and at
 * least one domain). JIT is turned off only by deleting that directory (rule 4).
 */
export async function setJit(db: Db, actor: AuditActor, idpId: string, input: unknown) {
  const data = setJitSchema.parse(input);
  const idp = await db.identityProvider.findUnique({
    where: { id: idpId },
    include: { jitDirectory: { select: { id: true, name: true, deletingAt: true, _count: { select: { users: true } } } } },
  });
  if (!idp) throw new AppError('not_found', 'No such identity provider.');
  if (idp.type !== 'saml') throw new AppError('validation_failed', JIT_NOT_FOR_BUILTIN);

  if (idp.jitDirectory?.deletingAt) {
    // Rule 4: the IdP gets a new JIT directory only once the old one, and its domains, are gone.
    throw new AppError(
      'conflict',
      `The directory "${idp.jitDirectory.name}" is being deleted; JIT can be set up again for ${idp.name} once the deletion has finished.`,
    );
  }
  if (!data.enabled) {
    if (!idp.jitDirectory) return { jitEnabled: false, directoryId: null };
    const users = idp.jitDirectory._count.users;
    throw new AppError(
      'conflict',
      `JIT is turned off by deleting the directory "${idp.jitDirectory.name}", which deletes its ${users} user${users === 1 ? '' : 's'}.`,
    );
  }
  if (idp.jitDirectory) {
    if (data.directory && !(await isCurrentDirectory(db, idp.jitDirectory, data.directory))) {
      throw new AppError(
        'conflict',
        `JIT is already enabled with the directory "${idp.jitDirectory.name}"; add or remove its domains instead.`,
      );
    }
    return { jitEnabled: true, directoryId: idp.jitDirectory.id };
  }
  if (!data.directory || data.directory.domains.length === 0) throw new AppError('validation_failed', JIT_NEEDS_DIRECTORY);

  const directoryInput = data.directory;
  const domains = normalizeDomains(directoryInput.domains);
  try {
    return await writeTransaction(db, async (tx) => {
      const taken = await tx.directory.findUnique({ where: { name: directoryInput.name }, select: { id: true } });
      if (taken) throw new AppError('conflict', `A directory named "${directoryInput.name}" already exists.`);
      await assertDomainsFree(tx, domains);
      const directory = await tx.directory.create({
        data: {
          name: directoryInput.name,
          type: 'jit',
          idpId,
          jitIdpId: idpId,
          domains: { create: domains.map((name) => ({ name })) },
        },
      });
      await tx.identityProvider.update({ where: { id: idpId }, data: { jitEnabled: true } });
      await recordAuditEvent(tx, {
        actor,
        action: 'idp.jit.enable',
        outcome: 'success',
        target: { type: 'idp', id: idpId, label: idp.name },
        idpId,
        details: { before: { jitEnabled: false }, after: { jitEnabled: true, directory: directory.name, domains } },
      });
      return { jitEnabled: true, directoryId: directory.id };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race for a name or domain: report it as the conflict the checks above would have found.
    return writeTransaction(db, async (tx) => {
      await assertDomainsFree(tx, domains);
      throw new AppError('conflict', `A directory named "${directoryInput.name}" already exists, or JIT was just enabled for this IdP.`);
    });
  }
}

/** PUT is idempotent: asking again for the directory JIT already has (same name, same domains) changes nothing. */
async function isCurrentDirectory(
  db: Db,
  current: { id: string; name: string },
  wanted: { name: string; domains: string[] },
): Promise<boolean> {
  if (wanted.name !== current.name) return false;
  const domains = await db.domain.findMany({ where: { directoryId: current.id }, select: { name: true } });
  const have = new Set(domains.map((d) => d.name));
  const want = new Set(normalizeDomains(wanted.domains));
  return have.size === want.size && [...want].every((name) => have.has(name));
}
