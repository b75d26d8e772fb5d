import type { Db } from '../db';

/** The built-in user attributes (PRODUCT.md rule 7: userName is required). */
export const DEFAULT_USER_ATTRIBUTES = [
  { name: 'userName', displayName: 'User name', required: true },
  { name: 'firstName', displayName: 'First name' },
  { name: 'lastName', displayName: 'Last name' },
  { name: 'email', displayName: 'Email' },
  { name: 'phone', displayName: 'Phone' },
  { name: 'employeeId', displayName: 'Employee ID' },
  { name: 'department', displayName: 'Department' },
  { name: 'title', displayName: 'Title' },
  { name: 'ExternalId', displayName: 'External ID' },
  { name: 'domain', displayName: 'Domain' },
] as const;

export const BUILTIN_IDP_NAME = 'Gatehouse password sign-in';

/**
 * Idempotently creates what every Gatehouse has: the default user attributes and the built-in IdP.
 * Existing rows are left as admins set them.
 */
export async function seedDefaults(db: Db): Promise<void> {
  for (const [position, attribute] of DEFAULT_USER_ATTRIBUTES.entries()) {
    await db.userAttributeDefinition.upsert({
      where: { name: attribute.name },
      create: { ...attribute, required: 'required' in attribute, builtIn: true, position },
      update: {},
    });
  }
  const builtin = await db.identityProvider.findFirst({ where: { type: 'builtin' }, select: { id: true } });
  if (!builtin) await db.identityProvider.create({ data: { name: BUILTIN_IDP_NAME, type: 'builtin' } });
}
