import { randomBytes } from 'node:crypto';

const COUNTER_SPACE = 36 ** 4;
let counter = Math.floor(Math.random() * COUNTER_SPACE);

/**
 * An id shaped like Prisma's `cuid()` (25 base-36 characters: "c", the time, a counter, 62 random bits), for rows
 * the sign-in path writes with raw SQL; rows written through Prisma's model API get theirs from the client. Ids
 * sort roughly by creation time, like cuids.
 */
export function createId(): string {
  counter = (counter + 1) % COUNTER_SPACE;
  const time = Date.now().toString(36).padStart(8, '0');
  const count = counter.toString(36).padStart(4, '0');
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(-12);
  return `c${time}${count}${random}`;
}
