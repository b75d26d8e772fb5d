import { describe, expect, it } from 'vitest';
import { groupRulesSchema, ruleSchema } from './rule-schemas';

function issues(input: unknown): string[] {
  const result = ruleSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('ruleSchema', () => {
  it('accepts a valid rule and defaults to case-insensitive', () => {
    expect(ruleSchema.parse({ attribute: ' department ', operator: 'equals', value: 'Sales' })).toEqual({
      attribute: 'department',
      operator: 'equals',
      value: 'Sales',
      caseSensitive: false,
    });
  });

  it('reads operands like assertion values (NFKC, trimmed), but keeps a pattern as typed', () => {
    expect(ruleSchema.parse({ attribute: 'department', operator: 'equals', value: ' Ｓａｌｅｓ\n' }).value).toBe('Sales');
    expect(ruleSchema.parse({ attribute: 'groups', operator: 'oneOf', value: [' vpn ', 'ﬁnance'] }).value).toEqual(['vpn', 'finance']);
    expect(ruleSchema.parse({ attribute: 'title', operator: 'matches', value: ' ^a b$' }).value).toBe(' ^a b$');
    expect(issues({ attribute: 'department', operator: 'equals', value: '   ' })).toEqual(['value: Enter a value.']);
  });

  it('oneOf needs a non-empty list without empty values', () => {
    expect(issues({ attribute: 'country', operator: 'oneOf', value: 'DE' })).toEqual([
      'value: "is one of" needs a list of at least one value.',
    ]);
    expect(issues({ attribute: 'country', operator: 'oneOf', value: [] })).toEqual([
      'value: "is one of" needs a list of at least one value.',
    ]);
    expect(issues({ attribute: 'country', operator: 'oneOf', value: ['DE', ''] })).toEqual([
      'value: "is one of" cannot list an empty value.',
    ]);
    expect(issues({ attribute: 'country', operator: 'oneOf', value: ['DE', 'AT'] })).toEqual([]);
    expect(issues({ attribute: 'country', operator: 'oneOf', value: Array.from({ length: 501 }, (_, i) => `c${i}`) })).toEqual([
      'value: "is one of" takes at most 500 values.',
    ]);
  });

  it('single-value operators refuse a list and an empty value', () => {
    for (const operator of ['equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'matches']) {
      expect(issues({ attribute: 'x', operator, value: ['a'] })).toEqual([`value: The operator ${operator} takes one value, not a list.`]);
      expect(issues({ attribute: 'x', operator, value: '' })).toEqual(['value: Enter a value.']);
      expect(issues({ attribute: 'x', operator, value: 'a' })).toEqual([]);
    }
  });

  it('present and absent take no value', () => {
    expect(issues({ attribute: 'manager', operator: 'present', value: '' })).toEqual([]);
    expect(issues({ attribute: 'manager', operator: 'absent', value: '' })).toEqual([]);
  });

  it('bounds values, patterns and attribute names', () => {
    expect(issues({ attribute: 'x', operator: 'equals', value: 'a'.repeat(1025) })).toEqual([
      'value: A value has at most 1024 characters.',
    ]);
    expect(issues({ attribute: 'x', operator: 'matches', value: 'a'.repeat(513) })).toEqual([
      'value: A regular expression has at most 512 characters.',
    ]);
    expect(issues({ attribute: 'x', operator: 'contains', value: 'a'.repeat(513) })).toEqual([]);
    expect(issues({ attribute: '  ', operator: 'present', value: '' })).toEqual(['attribute: Choose an attribute.']);
    expect(issues({ attribute: 'a'.repeat(129), operator: 'present', value: '' })).toEqual([
      'attribute: An attribute name has at most 128 characters.',
    ]);
  });

  it('refuses an unknown operator, naming the known ones', () => {
    expect(issues({ attribute: 'x', operator: 'like', value: 'a' })[0]).toContain('The operator must be one of: equals, notEquals');
  });
});

describe('groupRulesSchema', () => {
  it('defaults to all and needs at least one rule', () => {
    expect(groupRulesSchema.parse({ rules: [{ attribute: 'x', operator: 'present', value: '' }] }).matchMode).toBe('all');
    expect(groupRulesSchema.safeParse({ matchMode: 'any', rules: [] }).error?.issues[0]?.message).toBe('A group needs at least one rule.');
    expect(groupRulesSchema.safeParse({ matchMode: 'some', rules: [{ attribute: 'x', operator: 'present', value: '' }] }).success).toBe(
      false,
    );
  });

  it('caps the number of rules', () => {
    const rules = Array.from({ length: 51 }, () => ({ attribute: 'x', operator: 'present', value: '' }));
    expect(groupRulesSchema.safeParse({ rules }).error?.issues[0]?.message).toBe('A group has at most 50 rules.');
  });
});

describe('ruleSchema value type', () => {
  it('says what a value must be', () => {
    expect(issues({ attribute: 'x', operator: 'equals', value: 3 })).toEqual([
      'value: The value must be text, or a list of text for "is one of".',
    ]);
    expect(issues({ attribute: 'x', operator: 'oneOf', value: ['a', 'b'.repeat(1025)] })).toEqual([
      'value: A value has at most 1024 characters.',
    ]);
  });
});
