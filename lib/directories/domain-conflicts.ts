import type { Tx } from '../db';
import { AppError } from '../api/errors';
import { normalizeDomain } from './normalize-domain';

/** Validates and normalises a list of domains, refusing invalid names and duplicates within the list. */
export function normalizeDomains(domains: string[]): string[] {
  const result: string[] = [];
  for (const input of domains) {
    const check = normalizeDomain(input);
    if (!check.ok) throw new AppError('validation_failed', check.message);
    if (result.includes(check.domain)) throw new AppError('validation_failed', `The domain ${check.domain} is listed twice.`);
    result.push(check.domain);
  }
  return result;
}

/** Rule 2: a domain belongs to one directory at most; a conflict names the directory that owns it. */
export async function assertDomainsFree(tx: Tx, domains: string[]): Promise<void> {
  const owned = await tx.domain.findMany({
    where: { name: { in: domains } },
    select: { name: true, directory: { select: { name: true } } },
  });
  const first = owned[0];
  if (first) {
    throw new AppError('conflict', `The domain ${first.name} already belongs to the directory "${first.directory.name}".`);
  }
}

/** A unique-constraint race (two admins claiming one domain at once) reads as the same conflict. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  if (error.code === 'P2002') return true;
  // Raw SQL (the sign-in path) reports it as a failed raw query carrying the driver's error kind.
  return error.code === 'P2010' && driverErrorKind(error) === 'UniqueConstraintViolation';
}

/** A row referenced a row that is gone (e.g. a group deleted while a sign-in placed someone in it). */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === 'P2003' || (error.code === 'P2010' && driverErrorKind(error) === 'ForeignKeyConstraintViolation');
}

function driverErrorKind(error: object): unknown {
  const meta = 'meta' in error ? (error.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined) : undefined;
  return meta?.driverAdapterError?.cause?.kind;
}
