import { describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { assertRulesCompile, compileGroups, evaluateCompiledGroups, evaluateGroup, evaluateGroupRules } from './compile-group-rules';
import type { AttributeValues, GroupForEvaluation, MatchMode, Rule, RuleOperator } from './rule-schemas';

type StoredRule = Rule & { id: string };

function rule(attribute: string, operator: RuleOperator, value: string | string[] = '', caseSensitive = true, id = 'r1'): StoredRule {
  return { id, attribute, operator, value, caseSensitive };
}

function group(id: string, matchMode: MatchMode, rules: StoredRule[]): GroupForEvaluation {
  return { id, matchMode, rules };
}

/** Does this one rule hold for these attributes? */
function holds(r: StoredRule, attributes: AttributeValues): boolean {
  return evaluateGroupRules([group('g', 'all', [r])], attributes).length === 1;
}

const ci = (attribute: string, operator: RuleOperator, value: string | string[]) => rule(attribute, operator, value, false);

describe('equals', () => {
  it('compares exactly when case-sensitive', () => {
    expect(holds(rule('department', 'equals', 'Sales'), { department: ['Sales'] })).toBe(true);
    expect(holds(rule('department', 'equals', 'Sales'), { department: ['sales'] })).toBe(false);
    expect(holds(rule('department', 'equals', 'Sales'), { department: ['Sales '] })).toBe(false);
  });

  it('ignores case when not case-sensitive', () => {
    expect(holds(ci('department', 'equals', 'Sales'), { department: ['SALES'] })).toBe(true);
    expect(holds(ci('department', 'equals', 'SALES'), { department: ['sales'] })).toBe(true);
    expect(holds(ci('department', 'equals', 'Sales'), { department: ['Sale'] })).toBe(false);
  });

  it('holds when any value of a multi-valued attribute equals', () => {
    expect(holds(rule('groups', 'equals', 'vpn'), { groups: ['staff', 'vpn', 'eng'] })).toBe(true);
    expect(holds(rule('groups', 'equals', 'vpn'), { groups: ['staff', 'eng'] })).toBe(false);
  });

  it('never holds for a missing attribute', () => {
    expect(holds(rule('department', 'equals', 'Sales'), {})).toBe(false);
    expect(holds(rule('department', 'equals', 'Sales'), { department: [] })).toBe(false);
  });

  it('matches attribute names exactly, case included', () => {
    expect(holds(rule('department', 'equals', 'Sales'), { Department: ['Sales'] })).toBe(false);
    expect(holds(ci('department', 'equals', 'Sales'), { DEPARTMENT: ['Sales'] })).toBe(false);
  });
});

describe('notEquals', () => {
  it('holds when no value equals the operand', () => {
    expect(holds(rule('department', 'notEquals', 'Sales'), { department: ['Support'] })).toBe(true);
    expect(holds(rule('department', 'notEquals', 'Sales'), { department: ['Sales'] })).toBe(false);
  });

  it('fails when any one of several values equals', () => {
    expect(holds(rule('groups', 'notEquals', 'contractors'), { groups: ['staff', 'contractors'] })).toBe(false);
    expect(holds(rule('groups', 'notEquals', 'contractors'), { groups: ['staff', 'eng'] })).toBe(true);
  });

  it('holds for a missing attribute', () => {
    expect(holds(rule('department', 'notEquals', 'Sales'), {})).toBe(true);
  });

  it('respects case sensitivity', () => {
    expect(holds(rule('department', 'notEquals', 'Sales'), { department: ['SALES'] })).toBe(true);
    expect(holds(ci('department', 'notEquals', 'Sales'), { department: ['SALES'] })).toBe(false);
  });
});

describe('contains, startsWith, endsWith', () => {
  it('contains finds a substring in any value', () => {
    expect(holds(rule('groups', 'contains', 'vpn'), { groups: ['staff', 'vpn-users'] })).toBe(true);
    expect(holds(rule('groups', 'contains', 'VPN'), { groups: ['vpn-users'] })).toBe(false);
    expect(holds(ci('groups', 'contains', 'VPN'), { groups: ['vpn-users'] })).toBe(true);
    expect(holds(rule('groups', 'contains', 'vpn'), {})).toBe(false);
  });

  it('startsWith anchors at the start', () => {
    expect(holds(rule('title', 'startsWith', 'Senior'), { title: ['Senior Engineer'] })).toBe(true);
    expect(holds(rule('title', 'startsWith', 'Engineer'), { title: ['Senior Engineer'] })).toBe(false);
    expect(holds(ci('title', 'startsWith', 'senior'), { title: ['SENIOR Engineer'] })).toBe(true);
  });

  it('endsWith anchors at the end', () => {
    expect(holds(rule('email', 'endsWith', '@acme.test'), { email: ['jane@acme.test'] })).toBe(true);
    expect(holds(rule('email', 'endsWith', '@acme.test'), { email: ['jane@acme.test.evil'] })).toBe(false);
    expect(holds(rule('email', 'endsWith', '@acme.test'), { email: ['Jane@ACME.TEST'] })).toBe(false);
    expect(holds(ci('email', 'endsWith', '@acme.test'), { email: ['Jane@ACME.TEST'] })).toBe(true);
    expect(holds(rule('email', 'endsWith', '@acme.test'), { email: ['x@other.test', 'y@acme.test'] })).toBe(true);
  });
});

describe('oneOf', () => {
  it('holds when any value is in the list', () => {
    const r = rule('country', 'oneOf', ['DE', 'AT', 'CH']);
    expect(holds(r, { country: ['AT'] })).toBe(true);
    expect(holds(r, { country: ['FR'] })).toBe(false);
    expect(holds(r, { country: ['FR', 'CH'] })).toBe(true);
    expect(holds(r, { country: ['at'] })).toBe(false);
    expect(holds(r, {})).toBe(false);
  });

  it('ignores case on both sides when not case-sensitive', () => {
    const r = ci('country', 'oneOf', ['de', 'At']);
    expect(holds(r, { country: ['AT'] })).toBe(true);
    expect(holds(r, { country: ['De'] })).toBe(true);
    expect(holds(r, { country: ['CH'] })).toBe(false);
  });
});

describe('present and absent', () => {
  it('present needs at least one non-empty value', () => {
    expect(holds(rule('manager', 'present'), { manager: ['bob'] })).toBe(true);
    expect(holds(rule('manager', 'present'), { manager: [' '] })).toBe(true);
    expect(holds(rule('manager', 'present'), { manager: [] })).toBe(false);
    expect(holds(rule('manager', 'present'), { manager: [''] })).toBe(false);
    expect(holds(rule('manager', 'present'), {})).toBe(false);
  });

  it('absent is the negation of present', () => {
    expect(holds(rule('manager', 'absent'), {})).toBe(true);
    expect(holds(rule('manager', 'absent'), { manager: ['', ''] })).toBe(true);
    expect(holds(rule('manager', 'absent'), { manager: ['', 'bob'] })).toBe(false);
  });
});

describe('empty values count as not sent', () => {
  it('an empty value is no value for every operator', () => {
    const attributes = { department: [''] };
    expect(holds(rule('department', 'notEquals', 'Sales'), attributes)).toBe(true);
    expect(holds(rule('department', 'contains', 'a'), attributes)).toBe(false);
    expect(holds(rule('department', 'matches', '^$'), attributes)).toBe(false);
    expect(holds(rule('department', 'matches', '.*'), attributes)).toBe(false);
    expect(holds(rule('department', 'equals', ''), attributes)).toBe(false);
  });

  it('other values of the attribute still count', () => {
    expect(holds(rule('groups', 'equals', 'vpn'), { groups: ['', 'vpn'] })).toBe(true);
  });
});

describe('Unicode', () => {
  it('folds case beyond ASCII', () => {
    expect(holds(ci('city', 'equals', 'ÄRHUS'), { city: ['ärhus'] })).toBe(true);
    expect(holds(rule('city', 'equals', 'ÄRHUS'), { city: ['ärhus'] })).toBe(false);
    expect(holds(ci('name', 'equals', 'ΣΟΦΙΑ'), { name: ['σοφια'] })).toBe(true);
    expect(holds(ci('unit', 'equals', 'k'), { unit: ['\u212A'] })).toBe(true); // KELVIN SIGN
  });

  it('treats composed and decomposed forms as equal', () => {
    const composed = 'J\u00FCrgen';
    const decomposed = 'Ju\u0308rgen';
    expect(composed).not.toBe(decomposed);
    expect(holds(rule('name', 'equals', composed), { name: [decomposed] })).toBe(true);
    expect(holds(rule('name', 'equals', decomposed), { name: [composed] })).toBe(true);
    expect(holds(ci('name', 'equals', 'JU\u0308RGEN'), { name: [composed] })).toBe(true);
    expect(holds(rule('name', 'contains', '\u00FC'), { name: [decomposed] })).toBe(true);
    expect(holds(rule('name', 'oneOf', [decomposed]), { name: [composed] })).toBe(true);
    expect(holds(rule('name', 'matches', '^J\u00FCr'), { name: [decomposed] })).toBe(true);
  });

  it('does not expand ß to ss, but capital ẞ folds to ß', () => {
    expect(holds(ci('street', 'equals', 'STRASSE'), { street: ['straße'] })).toBe(false);
    expect(holds(ci('street', 'equals', 'STRAẞE'), { street: ['straße'] })).toBe(true);
    expect(holds(rule('street', 'equals', 'STRAẞE'), { street: ['straße'] })).toBe(false);
  });

  it('applies no Turkish-specific casing', () => {
    expect(holds(ci('city', 'equals', 'ISTANBUL'), { city: ['istanbul'] })).toBe(true);
    expect(holds(ci('city', 'equals', 'ıstanbul'), { city: ['istanbul'] })).toBe(false); // dotless ı
    expect(holds(ci('city', 'equals', 'İstanbul'), { city: ['istanbul'] })).toBe(false); // İ lower-cases to i + U+0307
    expect(holds(ci('city', 'equals', 'İSTANBUL'), { city: ['i\u0307stanbul'] })).toBe(true);
  });

  it('matches ignores case beyond ASCII through the engine', () => {
    expect(holds(ci('city', 'matches', '^ärhus$'), { city: ['ÄRHUS'] })).toBe(true);
    expect(holds(rule('city', 'matches', '^ärhus$'), { city: ['ÄRHUS'] })).toBe(false);
  });
});

describe('matches', () => {
  it('searches anywhere in the value unless anchored', () => {
    expect(holds(rule('groups', 'matches', 'vpn'), { groups: ['corp-vpn-users'] })).toBe(true);
    expect(holds(rule('groups', 'matches', '^vpn'), { groups: ['corp-vpn-users'] })).toBe(false);
    expect(holds(rule('groups', 'matches', '^(eng|ops)-[0-9]{2,4}$'), { groups: ['eng-123'] })).toBe(true);
    expect(holds(rule('groups', 'matches', '^(eng|ops)-[0-9]{2,4}$'), { groups: ['eng-12345'] })).toBe(false);
  });

  it('holds when any value matches, anchors applying to each value', () => {
    expect(holds(rule('groups', 'matches', '^a$'), { groups: ['ba', 'a'] })).toBe(true);
    expect(holds(rule('groups', 'matches', '^a$'), { groups: ['ba', 'ab'] })).toBe(false);
    expect(holds(rule('groups', 'matches', 'a'), {})).toBe(false);
  });

  it('is case-sensitive unless told otherwise', () => {
    expect(holds(rule('email', 'matches', '@ACME\\.test$'), { email: ['jane@acme.test'] })).toBe(false);
    expect(holds(ci('email', 'matches', '@ACME\\.test$'), { email: ['jane@acme.test'] })).toBe(true);
  });

  it('tests only the first 4096 characters of a value', () => {
    expect(holds(rule('note', 'matches', 'MARK'), { note: [`${'x'.repeat(5000)}MARK`] })).toBe(false);
    expect(holds(rule('note', 'matches', 'MARK'), { note: [`${'x'.repeat(4000)}MARK`] })).toBe(true);
    expect(holds(rule('note', 'endsWith', 'MARK'), { note: [`${'x'.repeat(5000)}MARK`] })).toBe(true);
  });

  it('does not let $ match where a long value was cut', () => {
    expect(holds(rule('note', 'matches', '^x+$'), { note: ['x'.repeat(5000)] })).toBe(false);
    expect(holds(rule('note', 'matches', '^x+$'), { note: ['x'.repeat(4096)] })).toBe(true);
    expect(holds(rule('note', 'matches', '^x{10}'), { note: ['x'.repeat(5000)] })).toBe(true);
  });

  it('finishes on patterns that backtrack catastrophically elsewhere', () => {
    const hostile = `${'a'.repeat(30_000)}!`;
    expect(holds(rule('x', 'matches', '(a+)+$'), { x: [hostile] })).toBe(false);
    expect(holds(rule('x', 'matches', '^(a|aa)*b'), { x: [hostile] })).toBe(false);
    expect(holds(rule('x', 'matches', '^((a*)*)*b$'), { x: [hostile] })).toBe(false);
    expect(holds(rule('x', 'matches', '^(a|a?)+$'), { x: [hostile] })).toBe(false);
    expect(holds(rule('x', 'matches', '(.*a){20}!'), { x: [hostile] })).toBe(false); // the "!" lies past the cut
    expect(holds(rule('x', 'matches', '(.*a){20}!'), { x: [`${'a'.repeat(4000)}!`] })).toBe(true);
  });

  it('keeps many patterns on one attribute apart', () => {
    const groups = Array.from({ length: 250 }, (_, i) => group(`g${i}`, 'any', [rule('code', 'matches', `^u${i}$`, i % 2 === 0, `r${i}`)]));
    const compiled = compileGroups(groups);
    expect(evaluateCompiledGroups(compiled, { code: ['u7', 'U181', 'U180', 'u249'] })).toEqual([
      { groupId: 'g7', ruleId: 'r7' },
      { groupId: 'g181', ruleId: 'r181' }, // odd: case-insensitive; even (U180): case-sensitive
      { groupId: 'g249', ruleId: 'r249' },
    ]);
    expect(evaluateCompiledGroups(compiled, { code: ['U8'] })).toEqual([]);
    expect(evaluateCompiledGroups(compiled, { code: ['u8', 'x'] })).toEqual([{ groupId: 'g8', ruleId: 'r8' }]);
    expect(evaluateCompiledGroups(compiled, { other: ['u7'] })).toEqual([]);
  });

  it('a stored pattern that does not compile never holds, and the others still work', () => {
    const compiled = compileGroups([
      group('bad', 'any', [rule('x', 'matches', '(a', true, 'bad1')]),
      group('backref', 'any', [rule('x', 'matches', '(a)\\1', true, 'bad2')]),
      group('good', 'any', [rule('x', 'matches', 'a', true, 'good1')]),
      group('negative', 'any', [rule('x', 'absent', '', true, 'n1'), rule('x', 'matches', '(a', true, 'n2')]),
    ]);
    expect(evaluateCompiledGroups(compiled, { x: ['(a', 'aa'] })).toEqual([{ groupId: 'good', ruleId: 'good1' }]);
  });
});

describe('groups', () => {
  const SALES = rule('department', 'equals', 'Sales', true, 'sales');
  const VPN = rule('groups', 'contains', 'vpn', true, 'vpn');
  const ACME = rule('email', 'endsWith', '@acme.test', false, 'acme');
  const user = { department: ['Support'], groups: ['vpn-users'], email: ['jane@ACME.test'] };

  it("'all' needs every rule and reports the first rule", () => {
    expect(evaluateGroupRules([group('g', 'all', [VPN, ACME])], user)).toEqual([{ groupId: 'g', ruleId: 'vpn' }]);
    expect(evaluateGroupRules([group('g', 'all', [ACME, VPN])], user)).toEqual([{ groupId: 'g', ruleId: 'acme' }]);
    expect(evaluateGroupRules([group('g', 'all', [VPN, SALES, ACME])], user)).toEqual([]);
  });

  it("'any' reports the first rule, in the given order, that held", () => {
    expect(evaluateGroupRules([group('g', 'any', [SALES, ACME, VPN])], user)).toEqual([{ groupId: 'g', ruleId: 'acme' }]);
    expect(evaluateGroupRules([group('g', 'any', [SALES, VPN, ACME])], user)).toEqual([{ groupId: 'g', ruleId: 'vpn' }]);
    expect(evaluateGroupRules([group('g', 'any', [SALES])], user)).toEqual([]);
  });

  it('returns the matching groups in input order', () => {
    const groups = [group('z', 'any', [VPN]), group('a', 'all', [SALES]), group('m', 'any', [SALES, ACME]), group('b', 'all', [ACME, VPN])];
    expect(evaluateGroupRules(groups, user)).toEqual([
      { groupId: 'z', ruleId: 'vpn' },
      { groupId: 'm', ruleId: 'acme' },
      { groupId: 'b', ruleId: 'acme' },
    ]);
  });

  it('a group without rules never matches', () => {
    expect(evaluateGroupRules([group('g', 'all', []), group('h', 'any', [])], user)).toEqual([]);
  });

  it('the same rule in several groups reports each group its own rule id', () => {
    const groups = [
      group('a', 'any', [rule('department', 'equals', 'Support', true, 'a1')]),
      group('b', 'any', [rule('country', 'equals', 'DE', true, 'b1'), rule('department', 'equals', 'Support', true, 'b2')]),
      group('c', 'all', [rule('department', 'equals', 'Support', false, 'c1')]),
    ];
    expect(evaluateGroupRules(groups, user)).toEqual([
      { groupId: 'a', ruleId: 'a1' },
      { groupId: 'b', ruleId: 'b2' },
      { groupId: 'c', ruleId: 'c1' },
    ]);
  });

  it('keeps case-sensitive and case-insensitive rules on one attribute apart', () => {
    const groups = [
      group('equalsExact', 'any', [rule('department', 'equals', 'Sales', true, 'a')]),
      group('equalsFolded', 'any', [rule('department', 'equals', 'sales', false, 'b')]),
      group('oneOfExact', 'any', [rule('department', 'oneOf', ['SALES', 'Support'], true, 'c')]),
      group('notEqualsExact', 'any', [rule('department', 'notEquals', 'Sales', true, 'd')]),
      group('notEqualsFolded', 'any', [rule('department', 'notEquals', 'sales', false, 'e')]),
      group('oneOfFolded', 'any', [rule('department', 'oneOf', ['support', 'SALES'], false, 'f')]),
    ];
    expect(evaluateGroupRules(groups, { department: ['SALES'] }).map((m) => m.groupId)).toEqual([
      'equalsFolded',
      'oneOfExact',
      'notEqualsExact',
      'oneOfFolded',
    ]);
    expect(evaluateGroupRules(groups, { department: ['Sales'] }).map((m) => m.groupId)).toEqual([
      'equalsExact',
      'equalsFolded',
      'oneOfFolded',
    ]);
    expect(evaluateGroupRules(groups, { department: ['Other'] }).map((m) => m.groupId)).toEqual(['notEqualsExact', 'notEqualsFolded']);
  });

  it('a compilation serves many users without carrying one into the next', () => {
    const compiled = compileGroups([
      group('vpn', 'any', [VPN]),
      group('sales', 'any', [SALES]),
      group('pattern', 'any', [rule('groups', 'matches', '^vpn-', true, 'p')]),
      group('folded', 'any', [ci('department', 'oneOf', ['SUPPORT'])]),
    ]);
    expect(evaluateCompiledGroups(compiled, user).map((m) => m.groupId)).toEqual(['vpn', 'pattern', 'folded']);
    expect(evaluateCompiledGroups(compiled, { department: ['Sales'], groups: ['staff'] }).map((m) => m.groupId)).toEqual(['sales']);
    expect(evaluateCompiledGroups(compiled, user).map((m) => m.groupId)).toEqual(['vpn', 'pattern', 'folded']);
    expect(evaluateCompiledGroups(compiled, {})).toEqual([]);
  });

  it('evaluateGroup evaluates one compiled group', () => {
    const compiled = compileGroups([group('a', 'any', [SALES]), group('b', 'all', [VPN, ACME])]);
    const [a, b] = compiled.groups;
    expect(a && evaluateGroup(a, user)).toBeNull();
    expect(b && evaluateGroup(b, user)).toEqual({ groupId: 'b', ruleId: 'vpn' });
  });
});

describe('assertRulesCompile', () => {
  function problem(rules: Rule[]): AppError | null {
    try {
      assertRulesCompile(rules);
      return null;
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
  }

  it('accepts valid patterns and ignores other operators', () => {
    expect(
      problem([
        rule('department', 'equals', '(not a pattern'),
        rule('email', 'matches', '^[a-z0-9._%+-]+@(?:[a-z0-9-]+\\.)+[a-z]{2,}$'),
        ci('name', 'matches', "^[\\p{L} .'-]{1,64}$"),
      ]),
    ).toBeNull();
  });

  it('names the rule position and the problem', () => {
    const error = problem([rule('department', 'equals', 'Sales'), rule('groups', 'matches', 'vpn-(users')]);
    expect(error?.code).toBe('validation_failed');
    expect(error?.message).toBe('Rule 2 (groups matches): the regular expression is not valid: missing closing ) (at "vpn-(users").');
  });

  it('refuses back-references and lookaround, which the linear-time engine cannot run', () => {
    expect(problem([rule('x', 'matches', '(a)\\1')])?.message).toContain('back-references');
    expect(problem([rule('x', 'matches', 'foo(?=bar)')])?.message).toContain('lookahead and lookbehind');
    expect(problem([rule('x', 'matches', 'foo(?!bar)')])?.message).toContain('lookahead and lookbehind');
    expect(problem([rule('x', 'matches', '(?<=a)b')])?.message).toContain('lookahead and lookbehind');
  });

  it('refuses other invalid syntax with the engine’s reason', () => {
    expect(problem([rule('x', 'matches', '[z-a]')])?.message).toContain('invalid character class range (at "z-a")');
    expect(problem([rule('x', 'matches', 'a**')])?.message).toContain('invalid nested repetition operator');
    expect(problem([rule('x', 'matches', 'a{1001}')])?.message).toContain('invalid repeat count');
  });

  it('refuses patterns that are too long or expand too much', () => {
    expect(problem([rule('x', 'matches', 'a'.repeat(513))])?.message).toContain('longer than 512 characters');
    expect(problem([rule('x', 'matches', 'a'.repeat(512))])).toBeNull();
    expect(problem([rule('x', 'matches', '(.*a){300}')])?.message).toContain('too complex');
  });
});

describe('against a plain reference evaluator', () => {
  // Straightforward semantics, rule by rule (patterns restricted to syntax JS and RE2 read alike, ASCII).
  function reference(groups: GroupForEvaluation[], attributes: AttributeValues) {
    const values = (name: string) => (attributes[name] ?? []).filter((value) => value !== '').map((value) => value.normalize('NFC'));
    const fold = (value: string) => value.toLowerCase().normalize('NFC');
    const holdsRule = (r: StoredRule): boolean => {
      const cs = r.caseSensitive;
      const norm = (value: string) => (cs ? value.normalize('NFC') : fold(value));
      const mine = values(r.attribute).map(norm);
      const operand = typeof r.value === 'string' ? norm(r.value) : '';
      switch (r.operator) {
        case 'equals':
          return mine.includes(operand);
        case 'notEquals':
          return !mine.includes(operand);
        case 'contains':
          return mine.some((value) => value.includes(operand));
        case 'startsWith':
          return mine.some((value) => value.startsWith(operand));
        case 'endsWith':
          return mine.some((value) => value.endsWith(operand));
        case 'oneOf':
          return mine.some((value) => (r.value as string[]).map(norm).includes(value));
        case 'present':
          return mine.length > 0;
        case 'absent':
          return mine.length === 0;
        case 'matches': {
          const regex = new RegExp(r.value as string, cs ? '' : 'i');
          return values(r.attribute).some((value) => regex.test(value));
        }
      }
    };
    return groups.flatMap((g) => {
      const first = g.rules[0];
      if (!first) return [];
      if (g.matchMode === 'all') return g.rules.every(holdsRule) ? [{ groupId: g.id, ruleId: first.id }] : [];
      const held = g.rules.find(holdsRule);
      return held ? [{ groupId: g.id, ruleId: held.id }] : [];
    });
  }

  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ATTRIBUTES = ['department', 'groups', 'email', 'title'];
  const WORDS = ['Sales', 'sales', 'SALES', 'Support', 'eng', 'Eng-1', 'vpn-users', 'ä', 'Ä', 'A\u0308', 'x@acme.test', 'Lead Eng'];
  const PATTERNS = ['^eng', 'ales$', 'a.e', '^(Sales|Support)$', 'users?$', '[0-9]', '^x@', 'E', 'n-1|vpn', '^$'];
  const OPERATORS: RuleOperator[] = ['equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'matches', 'oneOf', 'present', 'absent'];

  function randomRule(id: string): StoredRule {
    const operator = pick(OPERATORS);
    const value =
      operator === 'oneOf'
        ? [pick(WORDS), pick(WORDS)]
        : operator === 'matches'
          ? pick(PATTERNS)
          : operator === 'present' || operator === 'absent'
            ? ''
            : pick(WORDS).slice(0, 1 + Math.floor(random() * 4));
    return { id, attribute: pick(ATTRIBUTES), operator, value, caseSensitive: random() < 0.5 };
  }

  it('agrees on random groups and users', () => {
    const groups = Array.from({ length: 400 }, (_, g) =>
      group(
        `g${g}`,
        random() < 0.5 ? 'all' : 'any',
        Array.from({ length: 1 + Math.floor(random() * 3) }, (_, r) => randomRule(`g${g}r${r}`)),
      ),
    );
    const compiled = compileGroups(groups);
    let matched = 0;
    for (let u = 0; u < 150; u++) {
      const attributes: Record<string, string[]> = {};
      for (const name of ATTRIBUTES) {
        if (random() < 0.25) continue;
        attributes[name] = Array.from({ length: Math.floor(random() * 3) }, () => (random() < 0.1 ? '' : pick(WORDS)));
      }
      const expected = reference(groups, attributes);
      matched += expected.length;
      expect(evaluateCompiledGroups(compiled, attributes)).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(1000); // the comparison covered real matches, not only misses
  });
});
