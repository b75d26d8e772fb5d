import { describe, expect, it } from 'vitest';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { AppError } from '../api/errors';
import { authenticateAdmin, FREE_ATTEMPTS, lockDuration } from './authenticate-admin';
import { createAdmin } from './create-admin';
import { deleteAdmin, listAdmins, updateAdminRole } from './manage-admins';

const system = { type: 'system' } as const;
const password = 'a long enough password';
const email = () => `${uniqueName('admin')}@example.test`;

describe('lockDuration', () => {
  it('allows the free attempts, then doubles up to 15 minutes', () => {
    expect(lockDuration(FREE_ATTEMPTS - 1)).toBe(0);
    expect(lockDuration(FREE_ATTEMPTS)).toBe(30_000);
    expect(lockDuration(FREE_ATTEMPTS + 1)).toBe(60_000);
    expect(lockDuration(FREE_ATTEMPTS + 20)).toBe(15 * 60_000);
  });
});

describe.each(TEST_PROVIDERS)('admins on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  it('creates an admin with a normalised email and never returns the hash', async () => {
    const address = email();
    const admin = await createAdmin(ctx.db, system, { email: `  ${address.toUpperCase()} `, password, role: 'super_admin' });
    expect(admin.email).toBe(address);
    expect(admin).not.toHaveProperty('passwordHash');
    const stored = await ctx.db.admin.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    const event = await ctx.db.auditEvent.findFirst({ where: { action: 'admin.create', targetId: admin.id } });
    expect(event?.outcome).toBe('success');
  });

  it('refuses a duplicate email, a short password and an unknown role', async () => {
    const address = email();
    await createAdmin(ctx.db, system, { email: address, password });
    await expect(createAdmin(ctx.db, system, { email: address, password })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createAdmin(ctx.db, system, { email: email(), password: 'short' })).rejects.toThrow(/at least 12 characters/);
    await expect(createAdmin(ctx.db, system, { email: email(), password, role: 'owner' })).rejects.toThrow();
  });

  it('signs in with the right password and refuses a wrong one without saying which part was wrong', async () => {
    const address = email();
    await createAdmin(ctx.db, system, { email: address, password });
    const ok = await authenticateAdmin(ctx.db, { email: address.toUpperCase(), password });
    expect(ok.ok).toBe(true);
    const wrong = await authenticateAdmin(ctx.db, { email: address, password: 'not the password' });
    const unknown = await authenticateAdmin(ctx.db, { email: email(), password });
    expect(wrong).toEqual({ ok: false, message: 'Invalid email or password.' });
    expect(unknown).toEqual({ ok: false, message: 'Invalid email or password.' });
    const failures = await ctx.db.auditEvent.count({ where: { action: 'admin.signin', outcome: 'failure', actorLabel: address } });
    expect(failures).toBe(1);
  });

  it('locks the account after repeated wrong passwords, even against the right one, then lets it in', async () => {
    const address = email();
    await createAdmin(ctx.db, system, { email: address, password });
    const t0 = new Date('2026-01-01T00:00:00Z');
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      expect(await authenticateAdmin(ctx.db, { email: address, password: 'wrong' }, t0)).toEqual({
        ok: false,
        message: 'Invalid email or password.',
      });
    }
    const locked = await authenticateAdmin(ctx.db, { email: address, password: 'wrong' }, t0);
    expect(locked).toEqual({ ok: false, message: 'Too many failed sign-in attempts. Try again in 30 seconds.' });
    const stillLocked = await authenticateAdmin(ctx.db, { email: address, password }, new Date(t0.getTime() + 10_000));
    expect(stillLocked).toEqual({ ok: false, message: 'Too many failed sign-in attempts. Try again in 20 seconds.' });
    const later = await authenticateAdmin(ctx.db, { email: address, password }, new Date(t0.getTime() + 31_000));
    expect(later.ok).toBe(true);
    const row = await ctx.db.admin.findUniqueOrThrow({ where: { email: address } });
    expect(row.failedLogins).toBe(0);
    expect(row.lockedUntil).toBeNull();
  });

  it('keeps at least one super admin and refuses self-deletion', async () => {
    const a = await createAdmin(ctx.db, system, { email: email(), password, role: 'super_admin' });
    const b = await createAdmin(ctx.db, system, { email: email(), password, role: 'read_only' });
    const actorA = { type: 'admin', id: a.id, label: a.email } as const;
    await expect(deleteAdmin(ctx.db, actorA, a.id)).rejects.toThrow('You cannot delete your own account.');
    // Demote every other super admin so that `a` is the last one.
    for (const other of await listAdmins(ctx.db)) {
      if (other.role === 'super_admin' && other.id !== a.id)
        await ctx.db.admin.update({ where: { id: other.id }, data: { role: 'read_only' } });
    }
    const actorB = { type: 'admin', id: b.id, label: b.email } as const;
    await expect(updateAdminRole(ctx.db, actorB, a.id, { role: 'read_only' })).rejects.toThrow(/at least one super admin/);
    await expect(deleteAdmin(ctx.db, actorB, a.id)).rejects.toBeInstanceOf(AppError);
    const promoted = await updateAdminRole(ctx.db, actorA, b.id, { role: 'super_admin' });
    expect(promoted.role).toBe('super_admin');
    await deleteAdmin(ctx.db, actorB, a.id);
    await deleteAdmin(ctx.db, actorB, a.id); // idempotent
    expect(await ctx.db.admin.findUnique({ where: { id: a.id } })).toBeNull();
  });
});
