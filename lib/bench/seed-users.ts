/**
 * Bench support: N deterministic users with 8 attribute values each, seeded fast into a fresh database (shared by
 * bench:rules and bench:users). SQLite: its own connection, multi-row INSERTs in 50,000-user transactions.
 * PostgreSQL: its own connection, INSERT … SELECT FROM unnest(arrays) per 50,000 users.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { MigratedDatabase } from '../testing/databases';

/** `--users N` from the command line (underscores allowed: 1_000_000), else `fallback`. */
export function usersFlag(args: string[], fallback: number): number {
  const index = args.indexOf('--users');
  if (index === -1) return fallback;
  const value = Number(args[index + 1]?.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error('--users takes a positive whole number, e.g. --users 100000');
  return value;
}

/** A small PRNG, so both databases get the same users. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEPARTMENTS = Array.from(
  { length: 20 },
  (_, i) => ['Sales', 'Support', 'Marketing', 'Engineering', 'Finance'][i] ?? `Department ${i}`,
);
export const TITLES = Array.from(
  { length: 40 },
  (_, i) =>
    `${['Junior', 'Senior', 'Lead', 'Principal'][i % 4]} ${['Engineer', 'Analyst', 'Manager', 'Consultant', 'Designer'][i % 5]} ${i}`,
);
export const GROUP_VALUES = Array.from({ length: 30 }, (_, i) => ['vpn-users', 'everyone', 'crm', 'github'][i] ?? `team-${i}`);
export const EMAIL_DOMAINS = ['acme.test', 'example.test', 'corp.test', 'eu.acme.test', 'partner.test'];
export const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis'];
export const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie'];

export type SeedUser = {
  id: string;
  userName: string;
  email: string;
  firstName: string;
  lastName: string;
  attributes: [string, string, number][];
};

export function pick<T>(list: readonly T[], next: () => number): T {
  return list[Math.floor(next() * list.length)] as T;
}

/** User i: 8 attribute values (userName, email, firstName, lastName, department, title, two groups). */
export function seedUser(i: number, next: () => number): SeedUser {
  // Ids sort like cuids: in creation order.
  const id = `cbench${i.toString(36).padStart(8, '0')}`;
  const userName = `user${i}`;
  const email = `${userName}@${pick(EMAIL_DOMAINS, next)}`;
  const firstName = pick(FIRST_NAMES, next);
  const lastName = pick(LAST_NAMES, next);
  const first = pick(GROUP_VALUES, next);
  let second = pick(GROUP_VALUES, next);
  if (second === first) second = 'everyone' === first ? 'crm' : 'everyone';
  return {
    id,
    userName,
    email,
    firstName,
    lastName,
    attributes: [
      ['userName', userName, 0],
      ['email', email, 0],
      ['firstName', firstName, 0],
      ['lastName', lastName, 0],
      ['department', pick(DEPARTMENTS, next), 0],
      ['title', pick(TITLES, next), 0],
      ['groups', first, 0],
      ['groups', second, 1],
    ],
  };
}

/** Where user i lives and how it signs in (bench:rules puts everyone in one directory, never signed in). */
export type Placement = { directoryId: string; domainId: string | null; status: string; lastSignInAt: Date | null };

const SEED_CHUNK = 50_000;

/**
 * Seeds `count` users (seedUser 0..count-1, PRNG seed 42) into a fresh bench database, then ANALYZE unless told not
 * to (nothing runs ANALYZE on a production SQLite file: a bench may want the planner without statistics).
 */
export function seedUsers(
  database: MigratedDatabase,
  count: number,
  place: (i: number) => Placement,
  options: { analyze?: boolean } = {},
): Promise<void> {
  const analyze = options.analyze ?? true;
  return database.provider === 'sqlite'
    ? seedSqlite(database.name, count, place, analyze)
    : seedPostgres(database.url, count, place, analyze);
}

/** The format Prisma's SQLite adapter writes DateTime columns in. */
function sqliteDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

const USER_COLUMNS = `"id", "directoryId", "domainId", "userName", "email", "firstName", "lastName", "status", "lastSignInAt", "createdAt", "updatedAt"`;

/** SQLite: multi-row INSERTs of 500 users / 1,000 values, 50,000 users per transaction. */
async function seedSqlite(path: string, count: number, place: (i: number) => Placement, analyze: boolean): Promise<void> {
  const raw = new Database(path);
  try {
    raw.pragma('journal_mode = WAL');
    const now = sqliteDate(new Date());
    const userRows = 500;
    const valueRows = 1_000;
    const userStatement = (rows: number) =>
      raw.prepare(`INSERT INTO "User" (${USER_COLUMNS}) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const valueStatement = (rows: number) =>
      raw.prepare(
        `INSERT INTO "UserAttributeValue" ("id", "userId", "name", "value", "position") VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`,
      );
    const fullUsers = userStatement(userRows);
    const fullValues = valueStatement(valueRows);
    const next = random(42);
    const insertChunk = raw.transaction((start: number, end: number) => {
      const users: unknown[] = [];
      const values: unknown[] = [];
      let userCount = 0;
      let valueCount = 0;
      const flushUsers = (force: boolean) => {
        if (userCount === 0 || (!force && userCount < userRows)) return;
        (userCount === userRows ? fullUsers : userStatement(userCount)).run(users);
        users.length = 0;
        userCount = 0;
      };
      const flushValues = (force: boolean) => {
        if (valueCount === 0 || (!force && valueCount < valueRows)) return;
        flushUsers(true); // the values' users first (foreign key)
        (valueCount === valueRows ? fullValues : valueStatement(valueCount)).run(values);
        values.length = 0;
        valueCount = 0;
      };
      for (let i = start; i < end; i++) {
        const user = seedUser(i, next);
        const { directoryId, domainId, status, lastSignInAt } = place(i);
        const signedIn = lastSignInAt === null ? null : sqliteDate(lastSignInAt);
        users.push(user.id, directoryId, domainId, user.userName, user.email, user.firstName, user.lastName, status, signedIn, now, now);
        userCount++;
        flushUsers(false);
        for (const [index, [name, value, position]] of user.attributes.entries()) {
          values.push(`${user.id}v${index}`, user.id, name, value, position);
          valueCount++;
          flushValues(false);
        }
      }
      flushUsers(true);
      flushValues(true);
    });
    for (let start = 0; start < count; start += SEED_CHUNK) insertChunk(start, Math.min(count, start + SEED_CHUNK));
    if (analyze) raw.exec('ANALYZE');
  } finally {
    raw.close();
  }
}

/** PostgreSQL: INSERT … SELECT FROM unnest(arrays) of 50,000 users (400,000 values) per transaction. */
async function seedPostgres(url: string, count: number, place: (i: number) => Placement, analyze: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Timestamps as UTC text: the columns are timestamp without time zone, as Prisma writes them.
  const utc = (date: Date) => date.toISOString().slice(0, -1);
  try {
    const next = random(42);
    const now = utc(new Date());
    for (let start = 0; start < count; start += SEED_CHUNK) {
      const end = Math.min(count, start + SEED_CHUNK);
      const users = {
        id: [] as string[],
        directoryId: [] as string[],
        domainId: [] as (string | null)[],
        userName: [] as string[],
        email: [] as string[],
        firstName: [] as string[],
        lastName: [] as string[],
        status: [] as string[],
        lastSignInAt: [] as (string | null)[],
      };
      const values = { id: [] as string[], userId: [] as string[], name: [] as string[], value: [] as string[], position: [] as number[] };
      for (let i = start; i < end; i++) {
        const user = seedUser(i, next);
        const placement = place(i);
        users.id.push(user.id);
        users.directoryId.push(placement.directoryId);
        users.domainId.push(placement.domainId);
        users.userName.push(user.userName);
        users.email.push(user.email);
        users.firstName.push(user.firstName);
        users.lastName.push(user.lastName);
        users.status.push(placement.status);
        users.lastSignInAt.push(placement.lastSignInAt === null ? null : utc(placement.lastSignInAt));
        for (const [index, [name, value, position]] of user.attributes.entries()) {
          values.id.push(`${user.id}v${index}`);
          values.userId.push(user.id);
          values.name.push(name);
          values.value.push(value);
          values.position.push(position);
        }
      }
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO "User" (${USER_COLUMNS})
         SELECT *, $10::timestamp, $10::timestamp
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamp[])`,
        [
          users.id,
          users.directoryId,
          users.domainId,
          users.userName,
          users.email,
          users.firstName,
          users.lastName,
          users.status,
          users.lastSignInAt,
          now,
        ],
      );
      await client.query(
        `INSERT INTO "UserAttributeValue" ("id", "userId", "name", "value", "position")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
        [values.id, values.userId, values.name, values.value, values.position],
      );
      await client.query('COMMIT');
    }
    if (analyze) await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
