import type { Db } from '../db';
import { byName } from './application-name';

export type PortalProfile = {
  /** The IdP that manages the user (rule 14: "Managed by IDP-NAME"), else the directory's name. */
  managedBy: string;
  fields: { name: string; label: string; values: string[] }[];
};

/**
 * What the portal shows of a user: their stored attribute values, labelled with the attribute
 * definitions' display names and ordered as on the User Attributes page. Values whose definition
 * was removed are not shown (their user's next sign-in drops them).
 */
export async function getPortalProfile(db: Db, userId: string): Promise<PortalProfile | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      directory: { select: { name: true, jitIdp: { select: { name: true } }, idp: { select: { name: true } } } },
      attributes: { select: { name: true, value: true }, orderBy: [{ name: 'asc' }, { position: 'asc' }] },
    },
  });
  if (!user) return null;
  const names = [...new Set(user.attributes.map((a) => a.name))];
  const definitions = await db.userAttributeDefinition.findMany({
    where: { name: { in: names } },
    select: { name: true, displayName: true, position: true },
  });
  const byAttribute = new Map(definitions.map((d) => [d.name, d]));
  const fields = names
    .filter((name) => byAttribute.has(name))
    .map((name) => ({
      name,
      label: byAttribute.get(name)?.displayName ?? name,
      values: user.attributes.filter((a) => a.name === name).map((a) => a.value),
    }));
  const position = (name: string) => byAttribute.get(name)?.position ?? 0;
  fields.sort((a, b) => position(a.name) - position(b.name) || byName.compare(a.label, b.label));
  const { directory } = user;
  return { managedBy: directory.jitIdp?.name ?? directory.idp?.name ?? directory.name, fields };
}
