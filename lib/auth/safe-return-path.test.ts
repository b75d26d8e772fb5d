import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './safe-return-path';

describe('safeReturnPath', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeReturnPath('/admin/settings?tab=admins', '/admin')).toBe('/admin/settings?tab=admins');
  });

  it.each([
    ['https://evil.test/admin'],
    ['//evil.test'],
    ['/\\evil.test'],
    ['javascript:alert(1)'],
    ['admin'],
    ['/\tadmin'],
    [''],
    [undefined],
  ])('refuses %j', (value) => {
    expect(safeReturnPath(value, '/admin')).toBe('/admin');
  });
});
