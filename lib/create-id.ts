import { randomFillSync } from 'node:crypto';

const COUNTER_SPACE = 36 ** 4;
let counter = Math.floor(Math.random() * COUNTER_SPACE);
/** Random bytes drawn a page at a time: one call to the system's generator per 512 ids, not one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomWord(): bigint {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const word = pool.readBigUInt64BE(poolOffset);
  poolOffset += 8;
  return word;
}

/**
 * An id shaped like Prisma's `cuid()` (25 base-36 characters: "c", the time, a counter, 62 random bits), for rows
 * the sign-in path writes with raw SQL; rows written through Prisma's model API get theirs from the client. Ids
 * sort roughly by creation time, like cuids.
 */
export function createId(): string {
  counter = (counter + 1) % COUNTER_SPACE;
  const time = Date.now().toString(36).padStart(8, '0');
  const count = counter.toString(36).padStart(4, '0');
  const random = randomWord().toString(36).padStart(13, '0').slice(-12);
  return `c${time}${count}${random}`;
}
