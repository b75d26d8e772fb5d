/**
 * `npm run bench:users`: what a page of the Users list costs (listUsers: search, filters, cursor pagination).
 *
 * For each database (SQLite, PostgreSQL on 127.0.0.1), a fresh database with N users (default 1,000,000; 8 attribute
 * values each, as bench:rules seeds them) in four directories with five domains, 2% suspended, 10% never signed in,
 * and two groups (department Sales: 5% of users; Finance's "Lead Manager 2"s: about 0.1%). SQLite gets no ANALYZE
 * (nothing runs it on a production file), PostgreSQL a VACUUM ANALYZE (autovacuum would). Then, one query at a
 * time, many page loads of each kind: no filter; deep pages by cursor; prefix searches on user name, email and name;
 * each filter alone, broad and selective; combinations; and a search followed page by page. Prints p50/p95 per kind.
 *
 * Target (issue): p95 under 150 ms per page at 1,000,000 users, on SQLite and PostgreSQL.
 *
 * Flags: --users N (default 1,000,000). Environment: GATEHOUSE_TEST_PG_URL (local server only).
 * Run with `node --conditions=react-server --import tsx` (see package.json): the domain code imports server-only.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db';
import type { DatabaseProvider } from '../env';
import { seedDefaults } from '../setup/seed-defaults';
import { createMigratedDatabase } from '../testing/databases';
import { listUsers, type UserPage } from '../users/list-users';
import { encodeUserCursor, type UserFiltersInput } from '../users/user-schemas';
import { loadAverage, percentile } from './measure';
import { TITLES, random, seedUsers, usersFlag, type Placement } from './seed-users';

const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];
const USERS = usersFlag(process.argv.slice(2), 1_000_000);
const RUNS = 40;
const WARMUP = 3;
const TARGET_P95_MS = 150;
const DAY_MS = 24 * 60 * 60 * 1000;
/** One of the 40 titles (2.5% of users); with department Finance (5%), the small group's members. */
const SMALL_GROUP_TITLE = TITLES[2] ?? '';

type Fixture = {
  directories: { acme: string; partners: string; contractors: string; board: string };
  groups: { sales: string; small: string };
};

/** A stateless hash of (i, salt) in [0, 1): the placement of user i must not depend on the order of calls. */
function hash(i: number, salt: number): number {
  return random(Math.imul(i, 0x9e3779b1) ^ salt)();
}

async function createFixture(db: Db): Promise<{ fixture: Fixture; place: (i: number) => Placement }> {
  await seedDefaults(db);
  const directory = async (name: string, domains: string[]) => {
    const created = await db.directory.create({
      data: { name, type: 'local', domains: { create: domains.map((domain) => ({ name: domain })) } },
      select: { id: true, domains: { select: { id: true, name: true } } },
    });
    return { id: created.id, domain: (name: string) => created.domains.find((domain) => domain.name === name)?.id ?? null };
  };
  const acme = await directory('Acme', ['acme.test', 'eu.acme.test']);
  const partners = await directory('Partners', ['partner.test']);
  const contractors = await directory('Contractors', ['contractors.test']);
  const board = await directory('Board', ['board.test']);
  const now = Date.now();
  const place = (i: number): Placement => {
    const where = hash(i, 1);
    const [directoryId, domainId] =
      where < 0.4
        ? [acme.id, acme.domain('acme.test')]
        : where < 0.6
          ? [acme.id, acme.domain('eu.acme.test')]
          : where < 0.9
            ? [partners.id, partners.domain('partner.test')]
            : where < 0.999
              ? [contractors.id, contractors.domain('contractors.test')]
              : [board.id, board.domain('board.test')];
    const signedIn = hash(i, 2);
    // Most sign-ins are recent: the age is skewed towards today.
    const lastSignInAt = signedIn < 0.1 ? null : new Date(now - Math.floor(hash(i, 3) ** 2 * 365 * DAY_MS));
    return { directoryId, domainId, status: hash(i, 4) < 0.02 ? 'suspended' : 'active', lastSignInAt };
  };
  const sales = await db.group.create({ data: { name: 'Sales' }, select: { id: true } });
  const small = await db.group.create({ data: { name: 'Finance lead engineers' }, select: { id: true } });
  return {
    fixture: {
      directories: { acme: acme.id, partners: partners.id, contractors: contractors.id, board: board.id },
      groups: { sales: sales.id, small: small.id },
    },
    place,
  };
}

/** Memberships as a recompute would leave them, written in one statement each. */
async function seedMemberships(db: Db, fixture: Fixture): Promise<void> {
  // createdAt: the column's default (a bound Date would be text to PostgreSQL in a SELECT list).
  await db.$executeRaw`
    INSERT INTO "GroupMembership" ("userId", "groupId")
    SELECT DISTINCT "userId", ${fixture.groups.sales} FROM "UserAttributeValue" WHERE "name" = 'department' AND "value" = 'Sales'`;
  await db.$executeRaw`
    INSERT INTO "GroupMembership" ("userId", "groupId")
    SELECT DISTINCT t."userId", ${fixture.groups.small} FROM "UserAttributeValue" AS t
    JOIN "UserAttributeValue" AS d ON d."userId" = t."userId" AND d."name" = 'department' AND d."value" = 'Finance'
    WHERE t."name" = 'title' AND t."value" = ${SMALL_GROUP_TITLE}`;
}

/** `prepare` (untimed) returns what `run` (timed) needs, e.g. the cursor of a page deep into a search. */
type Kind = {
  name: string;
  prepare?: (i: number) => Promise<string | undefined>;
  run: (i: number, next: () => number, cursor?: string) => Promise<UserPage>;
};

function kinds(db: Db, fixture: Fixture): Kind[] {
  const { directories, groups } = fixture;
  const int = (next: () => number, below: number) => Math.floor(next() * below);
  const list = (filters: UserFiltersInput, cursor?: string) => listUsers(db, filters, { cursor });
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const names = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'donald', 'frances', 'ken', 'margaret', 'dennis'];
  const lastNames = ['lov', 'hop', 'tur', 'dij', 'lis', 'knu', 'all', 'tho', 'ham', 'rit'];
  return [
    { name: 'no filter, first page', run: () => list({}) },
    {
      name: 'no filter, deep page (cursor)',
      // The cursor a client holds after paging to a random user (the key is the lower-cased user name).
      run: (_, next) => {
        const i = int(next, USERS);
        return list({}, encodeUserCursor({ key: `user${i}`, rank: 0, id: `cbench${i.toString(36).padStart(8, '0')}` }));
      },
    },
    { name: 'search userName, 1 digit ("User4")', run: (_, next) => list({ q: `User${1 + int(next, 9)}` }) },
    { name: 'search userName, 4 digits ("user1234")', run: (_, next) => list({ q: `user${1000 + int(next, 9000)}` }) },
    // Every email starts with its user name: with the "@", only the email matches (one user).
    { name: 'search email ("user123@")', run: (_, next) => list({ q: `user${100 + int(next, 900)}@` }) },
    { name: 'search first name ("Ada")', run: (_, next) => list({ q: names[int(next, names.length)] ?? 'ada' }) },
    {
      name: 'search full name ("ada lov")',
      run: (_, next) => list({ q: `${names[int(next, names.length)] ?? 'ada'} ${lastNames[int(next, 10)] ?? ''}` }),
    },
    { name: 'search last name ("Lov")', run: (_, next) => list({ q: lastNames[int(next, lastNames.length)] ?? 'lov' }) },
    { name: 'search, no match', run: (_, next) => list({ q: `zz${int(next, 1000)}` }) },
    { name: 'directory (60% of users)', run: () => list({ directoryId: directories.acme }) },
    { name: 'directory (0.1%)', run: () => list({ directoryId: directories.board }) },
    { name: 'domain (30%)', run: () => list({ domain: 'partner.test' }) },
    { name: 'status suspended (2%)', run: () => list({ status: 'suspended' }) },
    { name: 'group (5%)', run: () => list({ groupId: groups.sales }) },
    { name: 'group (0.1%)', run: () => list({ groupId: groups.small }) },
    {
      name: 'attribute department (5%)',
      run: (_, next) => list({ attribute: 'department', value: ['Sales', 'Support', 'Marketing', 'Engineering'][int(next, 4)] }),
    },
    {
      name: 'attribute title (2.5%)',
      run: (_, next) => list({ attribute: 'title', value: TITLES[int(next, TITLES.length)] ?? '' }),
    },
    { name: 'signed in within 7 days', run: () => list({ lastSignInAfter: daysAgo(7) }) },
    { name: 'not signed in for 300 days', run: () => list({ lastSignInBefore: daysAgo(300) }) },
    { name: 'signed in 30-60 days ago', run: () => list({ lastSignInAfter: daysAgo(60), lastSignInBefore: daysAgo(30) }) },
    { name: 'directory + active + search "ada"', run: () => list({ directoryId: directories.acme, status: 'active', q: 'ada' }) },
    { name: 'group + signed in within 30 days', run: () => list({ groupId: groups.sales, lastSignInAfter: daysAgo(30) }) },
    { name: 'domain + attribute', run: () => list({ domain: 'partner.test', attribute: 'department', value: 'Engineering' }) },
    { name: 'small directory + search "user1"', run: () => list({ directoryId: directories.board, q: 'user1' }) },
    { name: 'small group + search "ada"', run: () => list({ groupId: groups.small, q: 'ada' }) },
    {
      name: 'search "grace", pages 2-11 (cursor)',
      prepare: async (i) => {
        let cursor: string | undefined;
        for (let n = 0; n < 1 + (i % 10); n++) cursor = (await list({ q: 'grace' }, cursor)).nextCursor ?? undefined;
        return cursor;
      },
      run: (_, __, cursor) => list({ q: 'grace' }, cursor),
    },
  ];
}

type Row = { provider: DatabaseProvider; kind: string; p50: number; p95: number; rows: number };

async function benchProvider(provider: DatabaseProvider): Promise<Row[]> {
  const database = await createMigratedDatabase(provider, 'gatehouse-bench-users');
  const postgres = provider === 'postgresql';
  try {
    let started = performance.now();
    const { fixture, place } = await createFixture(database.db);
    await seedUsers(database, USERS, place, { analyze: false });
    await seedMemberships(database.db, fixture);
    // What autovacuum leaves on a PostgreSQL database that has seen this many inserts: statistics, and a visibility
    // map that lets index-only scans skip the table.
    if (postgres) await database.db.$executeRaw`VACUUM ANALYZE`;
    const members = await database.db.groupMembership.count();
    console.log(
      `\n${provider}: seeded ${USERS.toLocaleString('en-US')} users and ${members.toLocaleString('en-US')} memberships in ${((performance.now() - started) / 1000).toFixed(0)} s` +
        (postgres ? ' (VACUUM ANALYZE)' : ' (no ANALYZE)'),
    );
    const rows: Row[] = [];
    for (const kind of kinds(database.db, fixture)) {
      const next = random(kind.name.length * 31 + 7);
      for (let i = 0; i < WARMUP; i++) await kind.run(i, next, await kind.prepare?.(i));
      const latencies = new Float64Array(RUNS);
      let shown = 0;
      for (let i = 0; i < RUNS; i++) {
        const cursor = await kind.prepare?.(i);
        started = performance.now();
        const page = await kind.run(i, next, cursor);
        latencies[i] = performance.now() - started;
        shown += page.data.length;
      }
      latencies.sort();
      const row = { provider, kind: kind.name, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), rows: shown / RUNS };
      rows.push(row);
      console.log(
        `  ${kind.name.padEnd(44)} p50 ${row.p50.toFixed(1).padStart(6)} ms  p95 ${row.p95.toFixed(1).padStart(6)} ms  ${row.rows.toFixed(0).padStart(3)} rows/page`,
      );
    }
    return rows;
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  const load = loadAverage;
  console.log(`Load average at start: ${load()}`);
  console.log(`Users list: ${RUNS} page loads per kind (50 users a page), one at a time, over ${USERS.toLocaleString('en-US')} users`);
  const rows: Row[] = [];
  for (const provider of PROVIDERS) rows.push(...(await benchProvider(provider)));
  console.log(`\nTarget: p95 under ${TARGET_P95_MS} ms per page at ${USERS.toLocaleString('en-US')} users (1,000,000 in the issue):`);
  for (const provider of PROVIDERS) {
    const mine = rows.filter((row) => row.provider === provider);
    const worst = mine.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const missed = mine.filter((row) => row.p95 >= TARGET_P95_MS).map((row) => row.kind);
    console.log(
      `  ${provider.padEnd(10)} slowest p95: ${worst.p95.toFixed(1)} ms (${worst.kind}): ${missed.length === 0 ? 'met' : `MISSED for ${missed.join('; ')}`}`,
    );
  }
  console.log(`\nLoad average at end: ${load()}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:users failed:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
