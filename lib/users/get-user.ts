import type { Db } from '../db';
import { AppError } from '../api/errors';
import { byName } from '../apps/application-name';
import { presentAuditEvent, type AuditEventView } from '../audit/list-audit-events';
import { describeRule } from '../groups/describe-rule';
import { readStoredRule } from '../groups/stored-rules';

export const SIGN_IN_HISTORY_LIMIT = 20;
export const AUDIT_TRAIL_LIMIT = 50;

/** Who manages the user: its JIT directory's IdP (PRODUCT.md rule 14: read-only here), or the console (local users). */
export type UserSource = { kind: 'jit'; idp: { id: string; name: string } | null; label: string } | { kind: 'local'; label: string };

export type UserView = Awaited<ReturnType<typeof getUser>>;

/**
 * Everything the user page shows: the user, its attributes (every value, by attribute, with the attribute's display
 * name), its source, its groups with the rule that placed it in each, the applications entitled to those groups (and
 * through which), its latest sign-ins, and its latest other audit events (sign-ins have their own list, so changes are
 * not drowned by them; the Audit Log has everything).
 */
export async function getUser(db: Db, id: string) {
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      userName: true,
      externalId: true,
      email: true,
      firstName: true,
      lastName: true,
      status: true,
      lastSignInAt: true,
      createdAt: true,
      updatedAt: true,
      directory: {
        select: {
          id: true,
          name: true,
          type: true,
          jitIdp: { select: { id: true, name: true } },
          idp: { select: { id: true, name: true } },
        },
      },
      domain: { select: { name: true } },
      attributes: { select: { name: true, value: true, position: true }, orderBy: [{ name: 'asc' }, { position: 'asc' }] },
      memberships: {
        select: {
          createdAt: true,
          group: { select: { id: true, name: true } },
          rule: { select: { id: true, attribute: true, operator: true, value: true, caseSensitive: true, position: true } },
        },
      },
    },
  });
  if (!user) throw new AppError('not_found', 'No such user.');

  const trailWhere = { targetType: 'user', targetId: id };
  const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
  const [definitions, entitlements, signIns, trail] = await Promise.all([
    db.userAttributeDefinition.findMany({ select: { name: true, displayName: true, position: true } }),
    db.entitlement.findMany({
      where: { group: { memberships: { some: { userId: id } } } },
      select: {
        application: { select: { id: true, name: true, description: true, iconUrl: true } },
        group: { select: { id: true, name: true } },
      },
    }),
    db.auditEvent.findMany({ where: { ...trailWhere, action: 'user.signin' }, orderBy: newestFirst, take: SIGN_IN_HISTORY_LIMIT }),
    db.auditEvent.findMany({ where: { ...trailWhere, action: { not: 'user.signin' } }, orderBy: newestFirst, take: AUDIT_TRAIL_LIMIT }),
  ]);

  const { directory, attributes, memberships, domain, ...rest } = user;
  return {
    ...rest,
    name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
    domain: domain?.name ?? null,
    directory: { id: directory.id, name: directory.name, type: directory.type },
    source: sourceOf(directory),
    attributes: groupAttributes(attributes, definitions),
    groups: memberships
      .map((membership) => ({
        id: membership.group.id,
        name: membership.group.name,
        memberSince: membership.createdAt,
        // Null while a recompute has yet to reach a member whose rule was removed.
        rule: membership.rule ? { id: membership.rule.id, text: describeRule(readStoredRule(membership.rule)) } : null,
      }))
      .sort((a, b) => byName.compare(a.name, b.name)),
    applications: groupEntitlements(entitlements),
    signIns: signIns.map(presentAuditEvent),
    auditTrail: trail.map(presentAuditEvent) satisfies AuditEventView[],
  };
}

type DirectoryRow = { type: string; jitIdp: { id: string; name: string } | null; idp: { id: string; name: string } | null };

function sourceOf(directory: DirectoryRow): UserSource {
  if (directory.type !== 'jit') return { kind: 'local', label: 'Local user' };
  // jitIdp is the directory's IdP while JIT is on; idp stays linked (rule 4 turns JIT off only by deleting the directory).
  const idp = directory.jitIdp ?? directory.idp;
  return { kind: 'jit', idp, label: idp ? `Managed by ${idp.name}` : 'Managed by an identity provider' };
}

/** Values by attribute, in the User Attributes page's order; names no longer defined last, shown as stored. */
function groupAttributes(
  values: { name: string; value: string; position: number }[],
  definitions: { name: string; displayName: string; position: number }[],
) {
  const definitionByName = new Map(definitions.map((definition) => [definition.name, definition]));
  const byAttribute = new Map<string, string[]>();
  for (const { name, value } of values) byAttribute.set(name, [...(byAttribute.get(name) ?? []), value]);
  return [...byAttribute.entries()]
    .map(([name, attributeValues]) => {
      const definition = definitionByName.get(name);
      return { name, displayName: definition?.displayName ?? name, defined: definition !== undefined, values: attributeValues };
    })
    .sort((a, b) => {
      const position = (name: string) => definitionByName.get(name)?.position ?? Number.POSITIVE_INFINITY;
      return position(a.name) - position(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
}

/** Each application once, with the groups it is entitled to that the user is in. */
function groupEntitlements(
  rows: { application: { id: string; name: string; description: string; iconUrl: string | null }; group: { id: string; name: string } }[],
) {
  const byApplication = new Map<string, (typeof rows)[number]['application'] & { via: { id: string; name: string }[] }>();
  for (const { application, group } of rows) {
    const entry = byApplication.get(application.id) ?? { ...application, via: [] };
    entry.via.push(group);
    byApplication.set(application.id, entry);
  }
  return [...byApplication.values()]
    .map((application) => ({ ...application, via: application.via.sort((a, b) => byName.compare(a.name, b.name)) }))
    .sort((a, b) => byName.compare(a.name, b.name));
}
