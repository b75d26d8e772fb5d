import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toErrorBody } from '../api/errors';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { decodeAuditCursor, encodeAuditCursor, queryRecord } from './audit-event-query';
import { listAuditEvents, type AuditEventView } from './list-audit-events';
import { recordAuditEvent } from './record-audit-event';

type Seed = {
  action?: string;
  outcome?: 'success' | 'failure';
  actorLabel?: string | null;
  targetLabel?: string | null;
  idpId?: string | null;
  createdAt?: Date;
  details?: string | null;
};

/** A marker of its own per test: every event seeded by one test carries it (as its action unless told). */
const marker = () => uniqueName('t').toLowerCase();

/** Runs a listing, expecting its ZodError to become the given 422 message. */
async function validationMessage(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(z.ZodError);
  const { status, body } = toErrorBody(error);
  expect(status).toBe(422);
  expect(body.error.code).toBe('validation_failed');
  return body.error.message;
}

describe('audit cursors', () => {
  it('round-trip, and anything else is refused', () => {
    const cursor = { createdAt: new Date('2026-03-01T10:00:00.123Z'), id: 'cabc123' };
    const encoded = encodeAuditCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuditCursor(encoded)).toEqual(cursor);
    for (const bad of ['', 'not-base64!', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      expect(decodeAuditCursor(bad)).toBeNull();
    }
  });

  it('reads the first value of a repeated query parameter', () => {
    expect(queryRecord(new URLSearchParams('type=idp&type=admin&user='))).toEqual({ type: 'idp', user: '' });
    expect(queryRecord({ type: ['idp', 'admin'], user: 'x', gone: undefined })).toEqual({ type: 'idp', user: 'x' });
  });
});

describe.each(TEST_PROVIDERS)('listAuditEvents on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  async function seed(tag: string, events: Seed[]): Promise<void> {
    await ctx.db.auditEvent.createMany({
      data: events.map((e) => ({
        actorType: 'admin',
        actorLabel: e.actorLabel === undefined ? `${tag}-actor` : e.actorLabel,
        targetLabel: e.targetLabel ?? null,
        action: e.action ?? tag,
        outcome: e.outcome ?? 'success',
        idpId: e.idpId ?? null,
        details: e.details ?? null,
        ...(e.createdAt ? { createdAt: e.createdAt } : {}),
      })),
    });
  }

  /** Every page of a listing, following nextCursor. */
  async function allPages(filters: Record<string, string>, limit?: number): Promise<AuditEventView[][]> {
    const pages: AuditEventView[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEvents(ctx.db, filters, { cursor, limit });
      pages.push(page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 20);
    return pages;
  }

  it('pages 120 events as 50/50/20, newest first, with no duplicate or omission across equal timestamps', async () => {
    const tag = marker();
    const base = Date.parse('2026-02-01T12:00:00.000Z');
    // 40 events share one millisecond, 40 another, 40 are spread out: page boundaries fall inside the ties.
    const times = Array.from({ length: 120 }, (_, i) => new Date(i < 40 ? base : i < 80 ? base - 1 : base - 1000 - i * 1000));
    await seed(
      tag,
      times.map((createdAt) => ({ createdAt })),
    );

    const pages = await allPages({ action: tag });
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    const all = pages.flat();
    expect(new Set(all.map((e) => e.id)).size).toBe(120);
    const stored = await ctx.db.auditEvent.findMany({ where: { action: tag }, select: { id: true } });
    expect(new Set(all.map((e) => e.id))).toEqual(new Set(stored.map((e) => e.id)));
    const sorted = [...all].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect(all.map((e) => e.id)).toEqual(sorted.map((e) => e.id));

    const last = await listAuditEvents(ctx.db, { action: tag }, { limit: 120 });
    expect(last.data).toHaveLength(120);
    expect(last.nextCursor).toBeNull();
  });

  it('keeps later pages stable when events are recorded between two pages', async () => {
    const tag = marker();
    const base = Date.parse('2026-02-02T12:00:00.000Z');
    await seed(
      tag,
      Array.from({ length: 30 }, (_, i) => ({ createdAt: new Date(base - (i % 3)) })),
    );
    const expected = (await listAuditEvents(ctx.db, { action: tag }, { limit: 30 })).data.map((e) => e.id);

    const first = await listAuditEvents(ctx.db, { action: tag }, { limit: 10 });
    // New events: one now, and one in the same millisecond as the newest already listed.
    await seed(tag, [{}, { createdAt: new Date(base) }]);
    const second = await listAuditEvents(ctx.db, { action: tag }, { limit: 10, cursor: first.nextCursor ?? undefined });
    const third = await listAuditEvents(ctx.db, { action: tag }, { limit: 10, cursor: second.nextCursor ?? undefined });
    const seen = [...first.data, ...second.data, ...third.data].map((e) => e.id);
    // The tie inserted at `base` sorts by id: it may land on a later page only if its id sorts after the cursor's.
    const extra = seen.filter((id) => !expected.includes(id));
    expect(seen.filter((id) => expected.includes(id))).toEqual(expected);
    expect(extra.length).toBeLessThanOrEqual(1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('defaults to 50 per page and parses details', async () => {
    const tag = marker();
    await seed(
      tag,
      Array.from({ length: 51 }, () => ({ details: JSON.stringify({ after: { role: 'read_only' }, ignored: ['x'] }) })),
    );
    const page = await listAuditEvents(ctx.db, { action: tag });
    expect(page.data).toHaveLength(50);
    expect(page.nextCursor).not.toBeNull();
    expect(page.data[0]?.details).toEqual({ after: { role: 'read_only' }, ignored: ['x'] });

    const other = marker();
    await seed(other, [{ details: null }, { details: 'not json' }]);
    const details = (await listAuditEvents(ctx.db, { action: other })).data.map((e) => e.details);
    expect(details.sort()).toEqual([null, 'not json'].sort());
  });

  it('reads events written by recordAuditEvent, with actor, target and IdP', async () => {
    const tag = marker();
    await recordAuditEvent(ctx.db, {
      actor: { type: 'admin', id: 'a1', label: `${tag}@example.test` },
      action: 'admin.create',
      outcome: 'success',
      target: { type: 'admin', id: 'a2', label: `new-${tag}@example.test` },
      details: { after: { email: `new-${tag}@example.test` } },
    });
    const { data } = await listAuditEvents(ctx.db, { user: tag });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      action: 'admin.create',
      actorType: 'admin',
      actorId: 'a1',
      actorLabel: `${tag}@example.test`,
      targetType: 'admin',
      targetId: 'a2',
      outcome: 'success',
      details: { after: { email: `new-${tag}@example.test` } },
    });
    expect(data[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('filters by event type: exact, by prefix, and prefix minus exceptions', async () => {
    const tag = marker();
    const actions = [
      'admin.signin',
      'admin.create',
      'admin.delete',
      'idp.create',
      'idp.metadata.refresh',
      'directory.domain.add',
      'user.update',
      'signin.refused',
      'idpx.other',
    ];
    await seed(
      tag,
      actions.map((action) => ({ action })),
    );
    const actionsOf = async (filters: Record<string, string>) =>
      (await listAuditEvents(ctx.db, { ...filters, user: `${tag}-actor` })).data.map((e) => e.action).sort();

    expect(await actionsOf({})).toEqual([...actions].sort());
    expect(await actionsOf({ type: 'admin-signin' })).toEqual(['admin.signin']);
    expect(await actionsOf({ type: 'admin' })).toEqual(['admin.create', 'admin.delete']);
    expect(await actionsOf({ type: 'idp' })).toEqual(['idp.create', 'idp.metadata.refresh']);
    expect(await actionsOf({ type: 'directory' })).toEqual(['directory.domain.add']);
    expect(await actionsOf({ type: 'user' })).toEqual(['user.update']);
    expect(await actionsOf({ type: 'signin-refused' })).toEqual(['signin.refused']);
    expect(await actionsOf({ action: 'idp.metadata.refresh' })).toEqual(['idp.metadata.refresh']);
    expect(await actionsOf({ type: 'idp', action: 'admin.create' })).toEqual([]);
  });

  it('filters by IdP, outcome and time range (from inclusive, to exclusive, UTC when no offset is given)', async () => {
    const tag = marker();
    const at = (iso: string) => new Date(iso);
    await seed(tag, [
      { idpId: `${tag}-idp1`, outcome: 'failure', createdAt: at('2026-04-01T09:59:59.999Z') },
      { idpId: `${tag}-idp1`, outcome: 'success', createdAt: at('2026-04-01T10:00:00.000Z') },
      { idpId: `${tag}-idp2`, outcome: 'failure', createdAt: at('2026-04-01T10:30:00.000Z') },
      { idpId: null, outcome: 'failure', createdAt: at('2026-04-01T11:00:00.000Z') },
    ]);
    const times = async (filters: Record<string, string>) =>
      (await listAuditEvents(ctx.db, { action: tag, ...filters })).data.map((e) => e.createdAt.toISOString()).sort();

    expect(await times({ idpId: `${tag}-idp1` })).toEqual(['2026-04-01T09:59:59.999Z', '2026-04-01T10:00:00.000Z']);
    expect(await times({ idpId: `${tag}-idp1`, outcome: 'failure' })).toEqual(['2026-04-01T09:59:59.999Z']);
    expect(await times({ outcome: 'failure' })).toHaveLength(3);
    expect(await times({ outcome: 'success' })).toEqual(['2026-04-01T10:00:00.000Z']);
    // datetime-local values, as the console's form sends them.
    expect(await times({ from: '2026-04-01T10:00', to: '2026-04-01T11:00' })).toEqual([
      '2026-04-01T10:00:00.000Z',
      '2026-04-01T10:30:00.000Z',
    ]);
    expect(await times({ from: '2026-04-01T12:00:00+02:00' })).toEqual([
      '2026-04-01T10:00:00.000Z',
      '2026-04-01T10:30:00.000Z',
      '2026-04-01T11:00:00.000Z',
    ]);
    expect(await times({ to: '2026-04-01' })).toEqual([]);
    expect(await times({ from: '2026-04-01', to: '2026-04-02' })).toHaveLength(4);
    // Blank form fields are no filter.
    expect(await times({ idpId: '', outcome: '', from: '', to: '', user: ' ', type: '' })).toHaveLength(4);
  });

  it('matches the user search on actor or target label, case-insensitively, with \\, % and _ taken literally', async () => {
    const tag = marker();
    await seed(tag, [
      { actorLabel: 'John.Smith@Acme.test', targetLabel: null },
      { actorLabel: 'admin@example.test', targetLabel: 'JOHN.SMITH@acme.test' },
      { actorLabel: 'ACME\\jsmith', targetLabel: null },
      { actorLabel: 'acmejsmith', targetLabel: null },
      { actorLabel: 'ja_n', targetLabel: null },
      { actorLabel: 'jaxn', targetLabel: null },
      { actorLabel: '50%off', targetLabel: null },
      { actorLabel: '50 off', targetLabel: null },
      { actorLabel: null, targetLabel: null },
    ]);
    const labels = async (user: string) =>
      (await listAuditEvents(ctx.db, { action: tag, user })).data.map((e) => `${e.actorLabel ?? ''}|${e.targetLabel ?? ''}`).sort();

    expect(await labels('john.smith@acme')).toEqual(['John.Smith@Acme.test|', 'admin@example.test|JOHN.SMITH@acme.test']);
    expect(await labels('acme\\JSMITH')).toEqual(['ACME\\jsmith|']);
    expect(await labels('a_n')).toEqual(['ja_n|']);
    expect(await labels('0%o')).toEqual(['50%off|']);
    expect(await labels('nobody')).toEqual([]);
  });

  it('pages exactly through a % or _ search, whose candidates SQLite over-matches', async () => {
    const tag = marker();
    // Interleaved: every real match of "x_y" is followed by two look-alikes the database also returns on SQLite.
    const base = Date.parse('2026-05-01T00:00:00.000Z');
    await seed(
      tag,
      Array.from({ length: 30 }, (_, i) => ({
        actorLabel: i % 3 === 0 ? `${tag}x_y${i}` : `${tag}xzy${i}`,
        createdAt: new Date(base - i),
      })),
    );
    const pages = await allPages({ action: tag, user: 'X_Y' }, 4);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 2]);
    expect(pages.flat().every((e) => e.actorLabel?.includes('x_y'))).toBe(true);
  });

  it('compares non-ASCII letters case-insensitively on PostgreSQL only (SQLite LIKE folds A–Z)', async () => {
    const tag = marker();
    await seed(tag, [{ actorLabel: 'Émile@acme.test' }]);
    const found = (await listAuditEvents(ctx.db, { action: tag, user: 'émile' })).data.length;
    expect(found).toBe(provider === 'postgresql' ? 1 : 0);
    expect((await listAuditEvents(ctx.db, { action: tag, user: 'Émile' })).data).toHaveLength(1);
  });

  it('refuses invalid filters and pages with 422 messages that name the parameter', async () => {
    const list =
      (filters: Record<string, string>, page: Record<string, string> = {}) =>
      () =>
        listAuditEvents(ctx.db, filters, page);
    expect(await validationMessage(list({ type: 'everything' }))).toBe(
      'type: Unknown event type; use one of admin-signin, admin, idp, directory, user, signin-refused',
    );
    expect(await validationMessage(list({ outcome: 'maybe' }))).toBe('outcome: The outcome is success or failure');
    expect(await validationMessage(list({ action: 'DROP TABLE' }))).toBe('action: Give an exact action, e.g. idp.create');
    expect(await validationMessage(list({ from: 'yesterday' }))).toBe('from: Use an ISO 8601 date or date-time, e.g. 2026-01-31T09:30:00Z');
    // The example the message gives is itself accepted.
    await expect(list({ from: '2026-01-31T09:30:00Z' })()).resolves.toBeDefined();
    expect(await validationMessage(list({ from: '2026-04-02', to: '2026-04-01' }))).toBe(
      'to: The end of the time range must be after its start',
    );
    expect(await validationMessage(list({ user: 'x'.repeat(201) }))).toBe('user: Search with at most 200 characters');
    for (const limit of ['0', '201', '1.5', 'ten']) {
      expect(await validationMessage(list({}, { limit }))).toBe('limit: Use a whole number between 1 and 200');
    }
    expect(await validationMessage(list({}, { cursor: 'garbage' }))).toBe(
      'cursor: The cursor is not valid; start again from the first page',
    );
  });
});
