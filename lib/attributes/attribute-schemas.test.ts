import { describe, expect, it } from 'vitest';
import { toErrorBody } from '../api/errors';
import { attributeNameProblem, createAttributeSchema, updateAttributeSchema } from './attribute-schemas';

describe('attribute names', () => {
  it.each([
    'department',
    'userName',
    'ExternalId',
    'cost_center-2.eu',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    'urn:oid:0.9.2342.19200300.100.1.3',
    'urn:mace:dir:attribute-def:eduPersonPrincipalName',
    'x',
    'a'.repeat(128),
  ])('accepts %s exactly as typed', (name) => {
    expect(attributeNameProblem(name)).toBeNull();
    expect(createAttributeSchema.parse({ name, displayName: 'Shown' }).name).toBe(name);
  });

  it.each([
    ['', 'Enter the attribute name, exactly as the identity provider sends it.'],
    ['a'.repeat(129), 'An attribute name has at most 128 characters.'],
    [' department', 'An attribute name cannot start or end with a space: it must match the name in the assertion exactly.'],
    ['department ', 'An attribute name cannot start or end with a space: it must match the name in the assertion exactly.'],
    ['depart\u0000ment', 'An attribute name cannot contain control characters.'],
    ['depart\u007fment', 'An attribute name cannot contain control characters.'],
    ['cost center', 'An attribute name may contain only letters A-Z and a-z, digits and _ - . : /; it contains a space.'],
    ['département', 'An attribute name may contain only letters A-Z and a-z, digits and _ - . : /; it contains "é" (U+00E9).'],
    ['..', 'An attribute name needs at least one letter or digit.'],
    ['_-_', 'An attribute name needs at least one letter or digit.'],
    ['mail@corp', 'An attribute name may contain only letters A-Z and a-z, digits and _ - . : /; it contains "@".'],
    ['grou\u0440s', 'An attribute name may contain only letters A-Z and a-z, digits and _ - . : /; it contains "\u0440" (U+0440).'],
  ])('refuses %j with a clear message', (name, message) => {
    expect(attributeNameProblem(name)).toBe(message);
    const result = createAttributeSchema.safeParse({ name, displayName: 'Shown' });
    expect(result.success).toBe(false);
    const { status, body } = toErrorBody(result.error);
    expect(status).toBe(422);
    expect(body.error.fields).toEqual({ name: message });
  });

  it('never trims or case-folds a name', () => {
    expect(createAttributeSchema.parse({ name: 'Department', displayName: 'D' }).name).toBe('Department');
    expect(createAttributeSchema.safeParse({ name: ' Department', displayName: 'D' }).success).toBe(false);
  });
});

describe('the rest of a definition', () => {
  it('trims the display name and defaults the flags to false', () => {
    expect(createAttributeSchema.parse({ name: 'dept', displayName: '  Department  ' })).toEqual({
      name: 'dept',
      displayName: 'Department',
      required: false,
      multiValued: false,
    });
  });

  it('refuses an empty or long display name, non-boolean flags and unknown fields', () => {
    const fields = (input: unknown) => {
      const result = createAttributeSchema.safeParse(input);
      return result.success ? null : toErrorBody(result.error).body.error.fields;
    };
    expect(fields({ name: 'dept', displayName: '   ' })).toEqual({ displayName: 'Give the attribute a display name, e.g. Department.' });
    expect(fields({ name: 'dept', displayName: 'x'.repeat(101) })).toEqual({ displayName: 'A display name has at most 100 characters.' });
    expect(fields({ name: 'dept', displayName: 'D', required: 'yes' })).toEqual({ required: 'required is true or false.' });
    expect(fields({ name: 'dept', displayName: 'D', builtIn: true })).not.toBeNull();
    expect(updateAttributeSchema.safeParse({ position: 3 }).success).toBe(false);
    expect(updateAttributeSchema.parse({ required: true })).toEqual({ required: true });
  });
});
