import type { Rule, RuleOperator } from '../rules/rule-schemas';

/** The operator names people read, in the console's operator select and in "why is this user a member". */
export const OPERATOR_LABELS: Record<RuleOperator, string> = {
  equals: 'equals',
  notEquals: 'not equals',
  contains: 'contains',
  startsWith: 'starts with',
  endsWith: 'ends with',
  matches: 'matches (regex)',
  oneOf: 'is one of',
  present: 'has a value',
  absent: 'has no value',
};

/** Operators that take no value. */
export function operatorTakesValue(operator: RuleOperator): boolean {
  return operator !== 'present' && operator !== 'absent';
}

type DescribableRule = Pick<Rule, 'attribute' | 'operator' | 'value' | 'caseSensitive'>;

/** One rule as text, e.g. `department equals "Sales"`, `groups is one of "a", "b"`, `manager has a value`. */
export function describeRule(rule: DescribableRule): string {
  const quote = (value: string) => JSON.stringify(value);
  const values = Array.isArray(rule.value) ? rule.value : [rule.value];
  const verb = rule.operator === 'matches' ? 'matches' : OPERATOR_LABELS[rule.operator];
  if (!operatorTakesValue(rule.operator)) return `${rule.attribute} ${verb}`;
  const text = `${rule.attribute} ${verb} ${values.map(quote).join(', ')}`;
  // Case only matters where a value is compared.
  return rule.caseSensitive ? `${text} (case-sensitive)` : text;
}

/** A group's rules as one line: `department equals "Sales" and email ends with "@acme.test"`. */
export function describeRules(matchMode: 'all' | 'any', rules: readonly DescribableRule[]): string {
  return rules.map(describeRule).join(matchMode === 'all' ? ' and ' : ' or ');
}
