import { describe, expect, it } from 'vitest';
import { createId } from './create-id';

describe('createId', () => {
  it('makes 25-character base-36 ids starting with "c", like cuid()', () => {
    for (let i = 0; i < 100; i++) expect(createId()).toMatch(/^c[0-9a-z]{24}$/);
  });

  it('never repeats within a burst, and sorts later ids after earlier ones across milliseconds', async () => {
    const ids = Array.from({ length: 20_000 }, createId);
    expect(new Set(ids).size).toBe(ids.length);
    const before = createId();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(createId() > before).toBe(true);
  });
});
