import type { Db, Tx } from '../db';
import type { JitConfig } from './types';
import { refusalMessages } from './refusal-messages';

export type JitConfigLoad = { ok: true; config: JitConfig } | { ok: false; reason: string; idp: { id: string; name: string } | null };

/**
 * What provisioning needs from the database: the IdP (a third-party SAML IdP, enabled, with JIT on
 * and its one JIT directory, rules 1-4), the directory's domains and the attribute definitions.
 */
export async function loadJitConfig(db: Db | Tx, idpId: string): Promise<JitConfigLoad> {
  const idp = await db.identityProvider.findUnique({
    where: { id: idpId },
    select: {
      id: true,
      name: true,
      type: true,
      enabled: true,
      jitEnabled: true,
      jitDirectory: {
        select: { id: true, name: true, deletingAt: true, domains: { select: { id: true, name: true }, orderBy: { name: 'asc' } } },
      },
    },
  });
  if (!idp) return { ok: false, reason: refusalMessages.idpUnknown, idp: null };
  const label = { id: idp.id, name: idp.name };
  if (idp.type !== 'saml') return { ok: false, reason: refusalMessages.idpNotSaml(idp.name), idp: label };
  if (!idp.enabled) return { ok: false, reason: refusalMessages.idpDisabled(idp.name), idp: label };
  const directory = idp.jitDirectory;
  // Before the JIT check: marking the directory deleting also turns JIT off, and this reason says why.
  if (directory?.deletingAt) return { ok: false, reason: refusalMessages.directoryDeleting(directory.name, idp.name), idp: label };
  if (!idp.jitEnabled || !directory) return { ok: false, reason: refusalMessages.jitOff(idp.name), idp: label };

  const attributeDefinitions = await db.userAttributeDefinition.findMany({
    select: { name: true, required: true, multiValued: true },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
  });
  return {
    ok: true,
    config: {
      idp: label,
      directory: { id: directory.id, name: directory.name, domains: directory.domains },
      attributeDefinitions,
    },
  };
}
