import { isPostgres, type Db } from '../db';
import { Prisma } from '../generated/prisma-sqlite/client.ts';
import {
  USER_PAGE_DEFAULT_LIMIT,
  encodeUserCursor,
  userFiltersSchema,
  userPageSchema,
  type UserCursor,
  type UserFilters,
  type UserFiltersInput,
  type UserPageInput,
} from './user-schemas';

/**
 * The searched fields, in rank order, as the lower-cased keys the users_search migrations index (an expression index
 * serves only the same expression): user name, email, "first last" (so "ada lo" finds Ada Lovelace), last name.
 * PostgreSQL compares them, and ids, in the "C" collation (code point order, as SQLite's BINARY): a prefix is then one
 * index range whatever the database's collation, and both databases page in the same order.
 */
const SEARCH_KEYS = [
  'lower(u."userName")',
  'lower(u."email")',
  `lower(COALESCE(u."firstName", '') || ' ' || COALESCE(u."lastName", ''))`,
  'lower(u."lastName")',
] as const;

/** Above every character a prefix can be followed by: `[p, p || MAX)` is "starts with p" in code point order. */
const MAX_CHARACTER = '\u{10FFFF}';

/**
 * A filter this selective (at most this many users) drives the query: its users are read by its own index and
 * sorted. A broader one is checked row by row while walking the sort index, where it costs about
 * (page size / share of users matching) rows: at most ~10,000 at this threshold and a million users.
 */
const SELECTIVE_FILTER_USERS = 5_000;

/** Rows a search reads again from a field whose rows were all already listed under another field. */
const MAX_REFILL = 1_000;

type Sql = Prisma.Sql;
/**
 * What differs between the databases: PostgreSQL's collation (see SEARCH_KEYS), and how a filter on a user column
 * is written in a read that walks a sort index. SQLite without statistics (nothing runs ANALYZE on a production file)
 * guesses ten rows per value of any index, so it would read a directory's half a million users by its index and sort
 * them; a unary `+` (a no-op) keeps SQLite on the sort index. PostgreSQL's planner has statistics and is left to choose.
 */
type Dialect = { key: (rank: number) => Sql; id: Sql; column: (name: string) => Sql };

type UserRow = {
  id: string;
  directoryId: string;
  domainId: string | null;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  lastSignInAt: Date | null;
  createdAt: Date;
};

/** A row with its four lower-cased keys (null: no such value) and the search prefix as the database lower-cased it. */
type KeyedRow = UserRow & { k0: string; k1: string | null; k2: string | null; k3: string | null; p: string | null };

/** Where a row is in the order: under one of its keys (`rank` is the field), then by id; the cursor is one. */
type Place = UserCursor;

export type UserListItem = {
  id: string;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** "First Last", or null when the user has neither. */
  name: string | null;
  status: string;
  lastSignInAt: Date | null;
  createdAt: Date;
  directory: { id: string; name: string; type: string };
  domain: string | null;
};

export type UserPage = { data: UserListItem[]; nextCursor: string | null };

/**
 * Users, a page at a time (`nextCursor` is null on the last page). Without a search they come by user name
 * (lower-cased, then id). A search `q` matches a prefix of the user name, email, "first last" or last name, any
 * case (ASCII letters only on SQLite, whose lower() folds no others); each user is listed once, under the smallest
 * of its matching keys (then field, then id). Each field's matches are an index range in that order, so a page
 * reads about one page of rows per field, however deep it is.
 *
 * Filters are ANDed. The most selective one, if it matches few users (probed by reading at most
 * SELECTIVE_FILTER_USERS of them), drives the query instead; the others are checked on each of its users. Filters
 * that each match many users but few together still walk far: the limit of this design (figures in
 * lib/bench/users.ts).
 *
 * Raw SQL (the model API cannot order by expressions), the same on both databases but for PostgreSQL's collation.
 * Invalid input, a tampered cursor included, is a ZodError (422).
 */
export async function listUsers(
  db: Db,
  filters: UserFiltersInput = {},
  page: UserPageInput = {},
  /** Tests set it to compare both ways of reading (0: never drive by a filter). */
  tuning: { selectiveFilterUsers?: number } = {},
): Promise<UserPage> {
  const f = userFiltersSchema.parse(filters);
  const { cursor, limit = USER_PAGE_DEFAULT_LIMIT } = userPageSchema.parse(page);
  const dialect = dialectOf(db);

  const domainId = f.domain === undefined ? undefined : await findDomainId(db, f.domain);
  if (domainId === null) return { data: [], nextCursor: null };
  const filterList = toFilters(dialect, f, domainId);
  const driver = await pickDriver(db, filterList, tuning.selectiveFilterUsers ?? SELECTIVE_FILTER_USERS);
  const query: Query = { dialect, prefix: f.q ?? null, cursor, take: limit + 1 };

  const rows = driver
    ? await readDriven(
        db,
        query,
        driver,
        filterList.filter((filter) => filter !== driver),
      )
    : query.prefix === null
      ? (await readField(db, query, 0, filterList, cursor, query.take)).map((row) => ({ row, place: placeOf(row, 0) }))
      : await readSearch(db, query, filterList);

  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    data: await presentUsers(
      db,
      shown.map(({ row }) => row),
    ),
    nextCursor: rows.length > limit && last ? encodeUserCursor(last.place) : null,
  };
}

type Query = { dialect: Dialect; prefix: string | null; cursor: UserCursor | undefined; take: number };
type Placed = { row: UserRow; place: Place };

function dialectOf(db: Db): Dialect {
  const postgres = isPostgres(db);
  const collate = postgres ? ' COLLATE "C"' : '';
  return {
    key: (rank) => Prisma.raw(`${SEARCH_KEYS[rank] ?? SEARCH_KEYS[0]}${collate}`),
    id: Prisma.raw(`u."id"${collate}`),
    column: (name) => Prisma.raw(`${postgres ? '' : '+'}u."${name}"`),
  };
}

async function findDomainId(db: Db, name: string): Promise<string | null> {
  const domain = await db.domain.findUnique({ where: { name }, select: { id: true } });
  return domain?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Filters: each is a condition on a user row (`u`), and a query of the users it matches by its own index.

/**
 * Ends an EXISTS subquery so that PostgreSQL checks it per row (an OFFSET keeps it from turning EXISTS into a join):
 * when a filter does not drive, its values' estimate must not make the planner read all of them and sort (for some
 * attribute values it did, 150+ ms at a million users). SQLite runs EXISTS per row anyway; it needs the LIMIT.
 */
const CHECK_PER_ROW = Prisma.raw('LIMIT 1 OFFSET 0');

/** `probe`, when given, reads about the same rows as `users`, faster (the probe only counts up to a threshold). */
type Filter = { condition: Sql; users: Sql; probe?: Sql };

function toFilters(dialect: Dialect, f: UserFilters, domainId: string | undefined): Filter[] {
  const filters: Filter[] = [];
  const onUser = (condition: (column: (name: string) => Sql) => Sql): Filter => ({
    condition: condition(dialect.column),
    users: Prisma.sql`SELECT "id" FROM "User" WHERE ${condition((name) => Prisma.raw(`"${name}"`))}`,
  });
  if (f.directoryId !== undefined) filters.push(onUser((column) => Prisma.sql`${column('directoryId')} = ${f.directoryId}`));
  if (domainId !== undefined) filters.push(onUser((column) => Prisma.sql`${column('domainId')} = ${domainId}`));
  if (f.status !== undefined) filters.push(onUser((column) => Prisma.sql`${column('status')} = ${f.status}`));
  const { lastSignInAfter: after, lastSignInBefore: before } = f;
  if (after !== undefined || before !== undefined) {
    filters.push(
      onUser((column) =>
        Prisma.join(
          [
            ...(after === undefined ? [] : [Prisma.sql`${column('lastSignInAt')} >= ${after}`]),
            ...(before === undefined ? [] : [Prisma.sql`${column('lastSignInAt')} < ${before}`]),
          ],
          ' AND ',
        ),
      ),
    );
  }
  if (f.groupId !== undefined) {
    filters.push({
      condition: Prisma.sql`EXISTS (SELECT 1 FROM "GroupMembership" AS m WHERE m."userId" = u."id" AND m."groupId" = ${f.groupId} ${CHECK_PER_ROW})`,
      users: Prisma.sql`SELECT "userId" AS "id" FROM "GroupMembership" WHERE "groupId" = ${f.groupId}`,
    });
  }
  if (f.attribute !== undefined && f.value !== undefined) {
    filters.push({
      condition: Prisma.sql`EXISTS (SELECT 1 FROM "UserAttributeValue" AS a WHERE a."userId" = u."id" AND a."name" = ${f.attribute} AND a."value" = ${f.value} ${CHECK_PER_ROW})`,
      // A multi-valued attribute may hold the same value twice. The probe counts values, not users: DISTINCT would read
      // every value row before its LIMIT.
      users: Prisma.sql`SELECT DISTINCT "userId" AS "id" FROM "UserAttributeValue" WHERE "name" = ${f.attribute} AND "value" = ${f.value}`,
      probe: Prisma.sql`SELECT "userId" FROM "UserAttributeValue" WHERE "name" = ${f.attribute} AND "value" = ${f.value}`,
    });
  }
  return filters;
}

/** The filter matching the fewest users, if that is at most `threshold`; each probe reads at most that many. */
async function pickDriver(db: Db, filters: Filter[], threshold: number): Promise<Filter | null> {
  if (filters.length === 0 || threshold <= 0) return null;
  const counts = await Promise.all(
    filters.map(async (filter) => {
      const [row] = await db.$queryRaw<{ n: number | bigint }[]>`
        SELECT COUNT(*) AS "n" FROM (${filter.probe ?? filter.users} LIMIT ${threshold + 1}) AS p`;
      return Number(row?.n ?? 0);
    }),
  );
  let best: { filter: Filter; count: number } | null = null;
  for (const [index, filter] of filters.entries()) {
    const count = counts[index] ?? Number.POSITIVE_INFINITY;
    if (count <= threshold && (!best || count < best.count)) best = { filter, count };
  }
  return best?.filter ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Reads

const COLUMNS = Prisma.sql`u."id", u."directoryId", u."domainId", u."userName", u."email", u."firstName", u."lastName", u."status",
  u."lastSignInAt", u."createdAt"`;

function keyColumns(dialect: Dialect, prefix: string | null): Sql {
  const keys = SEARCH_KEYS.map((_, rank) => Prisma.sql`${dialect.key(rank)} AS ${Prisma.raw(`"k${rank}"`)}`);
  return Prisma.sql`${Prisma.join(keys)}, ${prefix === null ? Prisma.sql`NULL` : Prisma.sql`lower(${prefix})`} AS "p"`;
}

/** `key` starts with the search prefix (lower-cased by the database, as the key is). */
function startsWith(key: Sql, prefix: string): Sql {
  return Prisma.sql`(${key} >= lower(${prefix}) AND ${key} < lower(${prefix}) || ${MAX_CHARACTER})`;
}

/** Rows of field `rank` come after `after` when their key is greater, or equal with a greater rank, or equal in both with a greater id. */
function after(dialect: Dialect, rank: number, place: Place): Sql {
  const key = dialect.key(rank);
  if (rank > place.rank) return Prisma.sql`${key} >= ${place.key}`;
  if (rank < place.rank) return Prisma.sql`${key} > ${place.key}`;
  // `key >=` first: the index range starts there (an OR alone would be checked on every row from the start).
  return Prisma.sql`${key} >= ${place.key} AND (${key} > ${place.key} OR ${dialect.id} > ${place.id})`;
}

/** One field's rows in its index order, after `from`: all users, or (with a search) those whose key starts with it. */
async function readField(
  db: Db,
  query: Query,
  rank: number,
  filters: Filter[],
  from: Place | undefined,
  take: number,
): Promise<KeyedRow[]> {
  const { dialect, prefix } = query;
  const key = dialect.key(rank);
  const conditions: Sql[] = filters.map((filter) => filter.condition);
  if (prefix !== null) conditions.push(startsWith(key, prefix));
  if (from) conditions.push(after(dialect, rank, from));
  const where = conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`;
  return db.$queryRaw<KeyedRow[]>`
    SELECT ${COLUMNS}, ${keyColumns(dialect, prefix)} FROM "User" AS u ${where}
    ORDER BY ${key}, ${dialect.id} LIMIT ${take}`;
}

/**
 * A search: the four fields' matches merged in order. A user matching in several fields comes in each field's rows;
 * only the row under its home (smallest matching key) is kept. Those duplicates have similar keys in practice
 * (userName = email, "ada lovelace" / "ada.lovelace@…"), so they are read at about the same pace as the rows kept;
 * a field whose rows ran out is read on, MAX_REFILL rows at a time.
 */
async function readSearch(db: Db, query: Query, filters: Filter[]): Promise<Placed[]> {
  const streams = SEARCH_KEYS.map((_, rank) => ({ rank, rows: [] as KeyedRow[], next: 0, done: false, from: query.cursor }));
  const refill = async (stream: (typeof streams)[number], take: number) => {
    stream.rows = await readField(db, query, stream.rank, filters, stream.from, take);
    stream.next = 0;
    stream.done = stream.rows.length < take;
    const last = stream.rows.at(-1);
    if (last) stream.from = placeOf(last, stream.rank);
  };
  await Promise.all(streams.map((stream) => refill(stream, query.take)));

  const kept: Placed[] = [];
  while (kept.length < query.take) {
    const empty = streams.filter((stream) => stream.next >= stream.rows.length && !stream.done);
    if (empty.length > 0) {
      await Promise.all(empty.map((stream) => refill(stream, MAX_REFILL)));
      continue;
    }
    let best: { stream: (typeof streams)[number]; row: KeyedRow; place: Place } | null = null;
    for (const stream of streams) {
      const row = stream.rows[stream.next];
      if (!row) continue;
      const place = placeOf(row, stream.rank);
      if (!best || comparePlaces(place, best.place) < 0) best = { stream, row, place };
    }
    if (!best) break;
    best.stream.next++;
    if (homeOf(best.row).rank === best.stream.rank) kept.push({ row: best.row, place: best.place });
  }
  return kept;
}

/**
 * A selective filter's users (CROSS JOIN makes SQLite read them first, as PostgreSQL's planner chooses to), the other
 * filters and the search checked on each, in the same order as the fields' reads: the database sorts at most
 * SELECTIVE_FILTER_USERS rows by key; the search's home key is placed here, over at most that many rows.
 */
async function readDriven(db: Db, query: Query, driver: Filter, others: Filter[]): Promise<Placed[]> {
  const { dialect, prefix, cursor } = query;
  const conditions: Sql[] = [Prisma.sql`u."id" = c."id"`, ...others.map((filter) => filter.condition)];
  if (prefix !== null) {
    conditions.push(
      Prisma.sql`(${Prisma.join(
        SEARCH_KEYS.map((_, rank) => startsWith(dialect.key(rank), prefix)),
        ' OR ',
      )})`,
    );
  }
  const from = Prisma.sql`FROM (${driver.users}) AS c CROSS JOIN "User" AS u WHERE ${Prisma.join(conditions, ' AND ')}`;
  if (prefix === null) {
    const rows = await db.$queryRaw<KeyedRow[]>`
      SELECT ${COLUMNS}, ${keyColumns(dialect, null)} ${from} ${cursor ? Prisma.sql`AND ${after(dialect, 0, cursor)}` : Prisma.empty}
      ORDER BY ${dialect.key(0)}, ${dialect.id} LIMIT ${query.take}`;
    return rows.map((row) => ({ row, place: placeOf(row, 0) }));
  }
  const rows = await db.$queryRaw<KeyedRow[]>`SELECT ${COLUMNS}, ${keyColumns(dialect, prefix)} ${from}`;
  return rows
    .map((row) => ({ row, place: homeOf(row) }))
    .filter(({ place }) => !cursor || comparePlaces(place, cursor) > 0)
    .sort((a, b) => comparePlaces(a.place, b.place))
    .slice(0, query.take);
}

// ---------------------------------------------------------------------------------------------------------------
// Order and shape

function placeOf(row: KeyedRow, rank: number): Place {
  const keys = [row.k0, row.k1, row.k2, row.k3];
  return { key: keys[rank] ?? '', rank, id: row.id };
}

/** The row's smallest key that starts with the search (ties: the first field): where a search lists it. */
function homeOf(row: KeyedRow): Place {
  const keys = [row.k0, row.k1, row.k2, row.k3];
  let home = 0;
  let found = false;
  for (const [rank, key] of keys.entries()) {
    if (key === null || row.p === null || !key.startsWith(row.p)) continue;
    if (!found || compareCodePoints(key, keys[home] ?? '') < 0) home = rank;
    found = true;
  }
  return placeOf(row, home);
}

/** The databases' order: key by code point (both compare UTF-8 bytes), then rank, then id. */
function comparePlaces(a: Place, b: Place): number {
  return compareCodePoints(a.key, b.key) || a.rank - b.rank || compareCodePoints(a.id, b.id);
}

function compareCodePoints(a: string, b: string): number {
  // UTF-8 byte order is code point order; JavaScript's `<` compares UTF-16 units, which differs past U+FFFF.
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function presentUsers(db: Db, rows: UserRow[]): Promise<UserListItem[]> {
  const directoryIds = [...new Set(rows.map((row) => row.directoryId))];
  const domainIds = [...new Set(rows.flatMap((row) => (row.domainId === null ? [] : [row.domainId])))];
  const [directories, domains] = await Promise.all([
    directoryIds.length === 0
      ? Promise.resolve([])
      : db.directory.findMany({ where: { id: { in: directoryIds } }, select: { id: true, name: true, type: true } }),
    domainIds.length === 0
      ? Promise.resolve([])
      : db.domain.findMany({ where: { id: { in: domainIds } }, select: { id: true, name: true } }),
  ]);
  const directoryById = new Map(directories.map((directory) => [directory.id, directory]));
  const domainById = new Map(domains.map((domain) => [domain.id, domain.name]));
  return rows.map((row) => ({
    id: row.id,
    userName: row.userName,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    name: [row.firstName, row.lastName].filter(Boolean).join(' ') || null,
    status: row.status,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
    // A directory deleted between the two reads: its users are going too.
    directory: directoryById.get(row.directoryId) ?? { id: row.directoryId, name: '', type: '' },
    domain: row.domainId === null ? null : (domainById.get(row.domainId) ?? null),
  }));
}
