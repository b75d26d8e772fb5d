import { COLUMN_ATTRIBUTES } from '../jit/collect-attributes';

/**
 * What may not be changed on an attribute definition, and why. The services refuse with these
 * messages; the console uses them to disable a control and say why.
 */

type Definition = { name: string; builtIn: boolean };

/** Rule 7: every sign-in needs userName. */
export const USER_NAME = 'userName';

const WHY_BUILT_IN: Record<string, string> = {
  userName: 'userName cannot be removed: every sign-in needs it to identify the user.',
  domain:
    'domain is built in: JIT provisioning uses it to place a user in a domain of the directory. It cannot be deleted; it can be made optional.',
  ExternalId:
    'ExternalId is built in: JIT provisioning uses it to recognise a user whose userName changed. It cannot be deleted; it can be made optional.',
};

/** Why `required` cannot be turned off, or null. */
export function requiredLock(definition: Definition): string | null {
  return definition.name === USER_NAME ? 'userName is always required: every sign-in needs it to identify the user.' : null;
}

/** Why `multiValued` cannot be turned on, or null: these attributes are stored in single fields of the user. */
export function multiValuedLock(definition: Definition): string | null {
  return COLUMN_ATTRIBUTES.includes(definition.name)
    ? `${definition.name} is stored in a single field of the user: it always has one value.`
    : null;
}

/** Why the definition cannot be deleted (apart from group rules using it), or null. */
export function deleteLock(definition: Definition): string | null {
  if (WHY_BUILT_IN[definition.name]) return WHY_BUILT_IN[definition.name] ?? null;
  return definition.builtIn ? `${definition.name} is a built-in attribute and cannot be deleted; it can be made optional.` : null;
}

/** Why the definition cannot be deleted while group rules use it, or null. Groups are named, the first ten. */
export function inUseLock(name: string, ruleCount: number, groupNames: string[]): string | null {
  if (ruleCount === 0) return null;
  const shown = groupNames.slice(0, 10).join(', ') + (groupNames.length > 10 ? ` and ${groupNames.length - 10} more` : '');
  const rules = `${ruleCount} group rule${ruleCount === 1 ? '' : 's'}`;
  const groups = `${groupNames.length === 1 ? 'group' : 'groups'}: ${shown}`;
  return `${name} is used by ${rules} (${groups}); change those rules before deleting it.`;
}
