import { describe, expect, it } from 'vitest';
import { openSealedValue, sealValue } from './sealed-value';

const secret = 'k'.repeat(40);

describe('sealed values', () => {
  it('round-trips text for the same purpose and secret', () => {
    const sealed = sealValue(secret, 'login-message', 'User attribute is missing: department.');
    expect(openSealedValue(secret, 'login-message', sealed)).toBe('User attribute is missing: department.');
  });

  it('refuses tampering, another purpose and another secret', () => {
    const sealed = sealValue(secret, 'login-message', 'hello');
    const forged = `${Buffer.from('Call +1 555 0100 to unlock your account').toString('base64url')}.${sealed.split('.')[1]}`;
    expect(openSealedValue(secret, 'login-message', forged)).toBeNull();
    expect(openSealedValue(secret, 'pending-login', sealed)).toBeNull();
    expect(openSealedValue('x'.repeat(40), 'login-message', sealed)).toBeNull();
    expect(openSealedValue(secret, 'login-message', 'garbage')).toBeNull();
    expect(openSealedValue(secret, 'login-message', undefined)).toBeNull();
  });
});
