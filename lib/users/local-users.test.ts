import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AppError, toErrorBody } from '../api/errors';
import type { AuditActor } from '../audit/record-audit-event';
import { verifyPassword } from '../auth/password';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { authenticateLocalUser } from './authenticate-local-user';
import { createLocalUser, ensureLocalDirectory } from './create-local-user';
import { createPasswordSetupLink } from './create-password-setup-link';
import { deleteLocalUser } from './delete-local-user';
import { PASSWORD_LINK_TTL_MS } from './local-user-schemas';
import { setPasswordWithToken } from './set-password-with-token';
import { updateLocalUser } from './update-local-user';

const actor: AuditActor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' };
const BASE_URL = 'https://gatehouse.example.test';
const email = () => `${uniqueName('local').toLowerCase().replace(/_/g, '.')}@example.test`;

/** A JIT user of a JIT directory of a SAML IdP named `idpName`. */
async function createJitUser(db: Db, idpName = uniqueName('ACME')) {
  const idp = await db.identityProvider.create({ data: { name: idpName, type: 'saml', jitEnabled: true }, select: { id: true } });
  const directory = await db.directory.create({
    data: {
      name: uniqueName('Jit'),
      type: 'jit',
      idpId: idp.id,
      jitIdpId: idp.id,
      domains: { create: { name: `${uniqueName('d').toLowerCase().replace(/_/g, '-')}.test` } },
    },
    select: { id: true, domains: { select: { id: true } } },
  });
  const user = await db.user.create({
    data: { directoryId: directory.id, domainId: directory.domains[0]?.id ?? null, userName: uniqueName('jit'), email: email() },
    select: { id: true },
  });
  return { userId: user.id, idpName };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

async function expectJitRefusal(promise: Promise<unknown>, idpName: string) {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(AppError);
  const { status, body } = toErrorBody(error);
  expect(status).toBe(403);
  expect(body.error).toEqual({
    code: 'forbidden',
    message: `Users provisioned Just-in-Time by ${idpName} are managed by their identity provider. Delete the directory to remove them.`,
  });
}

async function snapshot(db: Db, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { userName: true, email: true, firstName: true, lastName: true, status: true, passwordHash: true, updatedAt: true },
  });
}

function tokenOf(url: string): string {
  const token = new URL(url).searchParams.get('token');
  if (!token) throw new Error('no token in the link');
  return token;
}

for (const provider of TEST_PROVIDERS) {
  describe(`local users on ${provider}`, () => {
    const ctx = useTestDatabase(provider);

    it('every write path refuses a JIT user with the rule, and changes nothing', async () => {
      const { userId, idpName } = await createJitUser(ctx.db, `ACME ${uniqueName('idp')}`);
      const before = await snapshot(ctx.db, userId);
      await expectJitRefusal(updateLocalUser(ctx.db, actor, userId, { firstName: 'Mallory' }), idpName);
      await expectJitRefusal(updateLocalUser(ctx.db, actor, userId, { status: 'suspended' }), idpName);
      await expectJitRefusal(deleteLocalUser(ctx.db, actor, userId), idpName);
      await expectJitRefusal(createPasswordSetupLink(ctx.db, actor, userId, BASE_URL), idpName);
      expect(await snapshot(ctx.db, userId)).toEqual(before);
      expect(await ctx.db.userPasswordToken.count({ where: { userId } })).toBe(0);
      expect(await ctx.db.auditEvent.count({ where: { targetId: userId } })).toBe(0);
    });

    it('refuses a password link token of a JIT user (planted in the database) without consuming it', async () => {
      const { userId, idpName } = await createJitUser(ctx.db);
      const local = await createLocalUser(ctx.db, actor, { email: email() });
      const { url } = await createPasswordSetupLink(ctx.db, actor, local.id, BASE_URL);
      // Move the token to the JIT user: setting a password must still refuse it.
      await ctx.db.userPasswordToken.updateMany({ where: { userId: local.id }, data: { userId } });
      await expectJitRefusal(setPasswordWithToken(ctx.db, { token: tokenOf(url), password: 'a long enough password' }), idpName);
      expect((await snapshot(ctx.db, userId))?.passwordHash).toBeNull();
      expect(await ctx.db.userPasswordToken.findFirst({ where: { userId }, select: { usedAt: true } })).toEqual({ usedAt: null });
    });

    it('creates, edits and deletes a local user in the one local directory, auditing each change', async () => {
      const address = email();
      const created = await createLocalUser(ctx.db, actor, { email: `  ${address.toUpperCase()} `, firstName: 'Ada', lastName: '' });
      expect(created).toMatchObject({ userName: address, email: address, firstName: 'Ada', lastName: null, status: 'active' });
      expect(created).not.toHaveProperty('passwordHash');
      const directory = await ensureLocalDirectory(ctx.db);
      expect(created.directoryId).toBe(directory.id);
      expect(await ctx.db.directory.findUnique({ where: { id: directory.id }, select: { type: true } })).toEqual({ type: 'local' });
      const second = await createLocalUser(ctx.db, actor, { email: email(), userName: uniqueName('grace') });
      expect(second.directoryId).toBe(directory.id);

      const updated = await updateLocalUser(ctx.db, actor, created.id, { lastName: 'Lovelace', firstName: 'Ada' });
      expect(updated).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
      await ctx.db.userSession.create({ data: { userId: created.id, expiresAt: new Date(Date.now() + 60_000) } });
      await updateLocalUser(ctx.db, actor, created.id, { status: 'suspended' });
      expect(await ctx.db.userSession.count({ where: { userId: created.id } }), 'suspending ends sessions').toBe(0);

      const events = await ctx.db.auditEvent.findMany({
        where: { targetId: created.id },
        orderBy: { createdAt: 'asc' },
        select: { action: true, actorType: true, actorId: true, details: true },
      });
      expect(events.map((event) => event.action).sort()).toEqual(['user.create', 'user.update', 'user.update']);
      expect(events.every((event) => event.actorType === 'admin' && event.actorId === actor.id)).toBe(true);
      // Only what changed is recorded (firstName was sent unchanged).
      expect(events.map((event) => JSON.parse(event.details ?? '{}') as unknown)).toContainEqual({
        before: { lastName: null },
        after: { lastName: 'Lovelace' },
      });

      await deleteLocalUser(ctx.db, actor, created.id);
      expect(await ctx.db.user.findUnique({ where: { id: created.id } })).toBeNull();
      expect(await ctx.db.auditEvent.count({ where: { targetId: created.id, action: 'user.delete' } })).toBe(1);
      await expect(deleteLocalUser(ctx.db, actor, created.id), 'idempotent').resolves.toBeUndefined();
    });

    it('keeps email and user name unique among local users, and validates input', async () => {
      const address = email();
      const first = await createLocalUser(ctx.db, actor, { email: address });
      const other = await createLocalUser(ctx.db, actor, { email: email() });
      const duplicate = toErrorBody(await caught(createLocalUser(ctx.db, actor, { email: address })));
      expect(duplicate).toEqual({
        status: 409,
        body: { error: { code: 'conflict', message: `A local user with the email ${address} already exists.` } },
      });
      expect(toErrorBody(await caught(updateLocalUser(ctx.db, actor, other.id, { userName: first.userName }))).status).toBe(409);
      expect(await caught(createLocalUser(ctx.db, actor, { email: 'not an email' }))).toBeInstanceOf(ZodError);
      expect(await caught(updateLocalUser(ctx.db, actor, other.id, { status: 'deleted' }))).toBeInstanceOf(ZodError);
      expect(toErrorBody(await caught(updateLocalUser(ctx.db, actor, 'does-not-exist', { firstName: 'X' }))).status).toBe(404);
      expect(toErrorBody(await caught(createPasswordSetupLink(ctx.db, actor, 'does-not-exist', BASE_URL))).status).toBe(404);
    });

    it('five creates of one email at the same moment make one user; the others are told it exists', async () => {
      const address = email();
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => createLocalUser(ctx.db, actor, { email: address })));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(toErrorBody(result.reason).status).toBe(409);
      }
      expect(await ctx.db.user.count({ where: { email: address } })).toBe(1);
    });

    it('a password link works once, within 24 hours; a new link replaces the unused one', async () => {
      const user = await createLocalUser(ctx.db, actor, { email: email() });
      const now = new Date();
      const link = await createPasswordSetupLink(ctx.db, actor, user.id, BASE_URL, now);
      expect(link.url.startsWith(`${BASE_URL}/set-password?token=`)).toBe(true);
      expect(link.expiresAt.getTime() - now.getTime()).toBe(PASSWORD_LINK_TTL_MS);
      const stored = await ctx.db.userPasswordToken.findMany({ where: { userId: user.id }, select: { tokenHash: true } });
      expect(stored).toHaveLength(1);
      expect(stored[0]?.tokenHash).not.toBe(tokenOf(link.url));

      const tooShort = await caught(setPasswordWithToken(ctx.db, { token: tokenOf(link.url), password: 'short' }));
      expect(tooShort).toBeInstanceOf(ZodError);

      await ctx.db.userSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 60_000) } });
      const password = 'correct horse battery staple';
      await expect(setPasswordWithToken(ctx.db, { token: tokenOf(link.url), password })).resolves.toEqual({ userId: user.id });
      const hash = (await snapshot(ctx.db, user.id))?.passwordHash;
      expect(hash).toMatch(/^scrypt\$/);
      expect(await verifyPassword(password, hash ?? '')).toBe(true);
      expect(await ctx.db.userSession.count({ where: { userId: user.id } })).toBe(0);

      const invalid = {
        status: 400,
        body: {
          error: { code: 'invalid_request', message: 'This link is invalid, expired or already used. Ask an administrator for a new one.' },
        },
      };
      const reuse = await caught(setPasswordWithToken(ctx.db, { token: tokenOf(link.url), password: 'another long password' }));
      expect(toErrorBody(reuse), 'used once').toEqual(invalid);
      expect(await verifyPassword(password, (await snapshot(ctx.db, user.id))?.passwordHash ?? '')).toBe(true);
      expect(toErrorBody(await caught(setPasswordWithToken(ctx.db, { token: 'made-up', password })))).toEqual(invalid);

      const old = await createPasswordSetupLink(ctx.db, actor, user.id, BASE_URL);
      const replacing = await createPasswordSetupLink(ctx.db, actor, user.id, BASE_URL);
      expect(toErrorBody(await caught(setPasswordWithToken(ctx.db, { token: tokenOf(old.url), password })))).toEqual(invalid);

      const later = new Date(Date.now() + PASSWORD_LINK_TTL_MS + 1000);
      expect(
        toErrorBody(await caught(setPasswordWithToken(ctx.db, { token: tokenOf(replacing.url), password }, later))),
        'expired',
      ).toEqual(invalid);
      await expect(setPasswordWithToken(ctx.db, { token: tokenOf(replacing.url), password })).resolves.toEqual({ userId: user.id });
      expect(
        (
          await ctx.db.auditEvent.findMany({
            where: { targetId: user.id, action: { startsWith: 'user.password' } },
            select: { action: true },
          })
        ).map((event) => event.action),
      ).toEqual(['user.password_link', 'user.password_set', 'user.password_link', 'user.password_link', 'user.password_set']);
    });

    it('a local user signs in with email and password: a session row, audited failures, lockout, suspension', async () => {
      const address = email();
      const user = await createLocalUser(ctx.db, actor, { email: address });
      const password = 'correct horse battery staple';
      expect(await authenticateLocalUser(ctx.db, { email: address, password }), 'no password set yet').toEqual({
        ok: false,
        message: 'Invalid email or password.',
      });
      const { url } = await createPasswordSetupLink(ctx.db, actor, user.id, BASE_URL);
      await setPasswordWithToken(ctx.db, { token: tokenOf(url), password });

      const signedIn = await authenticateLocalUser(ctx.db, { email: ` ${address.toUpperCase()}`, password });
      if (!signedIn.ok) throw new Error(signedIn.message);
      const session = await ctx.db.userSession.findUnique({
        where: { id: signedIn.userSessionId },
        select: { userId: true, expiresAt: true },
      });
      expect(session?.userId).toBe(user.id);
      expect(session && session.expiresAt > new Date()).toBe(true);
      expect((await ctx.db.user.findUnique({ where: { id: user.id }, select: { lastSignInAt: true } }))?.lastSignInAt).toBeInstanceOf(Date);

      // A JIT user with the same kind of email never signs in here.
      const jit = await createJitUser(ctx.db);
      const jitEmail = (await ctx.db.user.findUnique({ where: { id: jit.userId }, select: { email: true } }))?.email ?? '';
      expect(await authenticateLocalUser(ctx.db, { email: jitEmail, password })).toEqual({
        ok: false,
        message: 'Invalid email or password.',
      });

      for (let attempt = 1; attempt <= 4; attempt++) {
        expect(await authenticateLocalUser(ctx.db, { email: address, password: 'wrong password!' })).toEqual({
          ok: false,
          message: 'Invalid email or password.',
        });
      }
      const fifth = await authenticateLocalUser(ctx.db, { email: address, password: 'wrong password!' });
      expect(fifth.ok ? '' : fifth.message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ seconds\.$/);
      const locked = await authenticateLocalUser(ctx.db, { email: address, password });
      expect(locked.ok, 'locked even with the right password').toBe(false);
      const failures = await ctx.db.auditEvent.findMany({
        where: { targetId: user.id, action: 'user.signin', outcome: 'failure' },
        select: { reason: true },
      });
      expect(failures.map((event) => event.reason).sort()).toEqual([
        'Account temporarily locked after repeated wrong passwords',
        'No password set yet (the user has not used a password link)',
        'Wrong password',
        'Wrong password',
        'Wrong password',
        'Wrong password',
        'Wrong password',
      ]);
      // Once the lock has passed, the right password works again.
      const later = new Date(Date.now() + 31_000);
      expect((await authenticateLocalUser(ctx.db, { email: address, password }, later)).ok).toBe(true);

      // The built-in IdP (the local directory's) turned off: nobody signs in with a password.
      const builtin =
        (await ctx.db.identityProvider.findFirst({ where: { type: 'builtin' }, select: { id: true } })) ??
        (await ctx.db.identityProvider.create({ data: { name: uniqueName('Built-in'), type: 'builtin' }, select: { id: true } }));
      const localDirectory = await ensureLocalDirectory(ctx.db);
      const linked = await ctx.db.directory.findUnique({ where: { id: localDirectory.id }, select: { idpId: true } });
      await ctx.db.directory.update({ where: { id: localDirectory.id }, data: { idpId: builtin.id } });
      await ctx.db.identityProvider.update({ where: { id: builtin.id }, data: { enabled: false } });
      expect(await authenticateLocalUser(ctx.db, { email: address, password })).toEqual({
        ok: false,
        message: 'Password sign-in is turned off. Ask your administrator.',
      });
      await ctx.db.identityProvider.update({ where: { id: builtin.id }, data: { enabled: true } });
      await ctx.db.directory.update({ where: { id: localDirectory.id }, data: { idpId: linked?.idpId ?? null } });

      await updateLocalUser(ctx.db, actor, user.id, { status: 'suspended' });
      expect(await authenticateLocalUser(ctx.db, { email: address, password })).toEqual({
        ok: false,
        message: 'This account is suspended. Ask your administrator.',
      });
    });
  });
}
