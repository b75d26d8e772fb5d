import type { GroupForEvaluation, MatchMode, Rule, RuleOperator } from '../rules/rule-schemas';
import { MATCH_MODES, RULE_OPERATORS } from '../rules/rule-schemas';

/** A GroupRule row as stored (value JSON-encoded). */
export type StoredRuleRow = {
  id: string;
  attribute: string;
  operator: string;
  value: string;
  caseSensitive: boolean;
  position: number;
};

export type StoredRule = Rule & { id: string };

/** The columns of a GroupRule row for a validated rule at a position. */
export function ruleColumns(rule: Rule, position: number) {
  return {
    attribute: rule.attribute,
    operator: rule.operator,
    value: JSON.stringify(rule.operator === 'present' || rule.operator === 'absent' ? '' : rule.value),
    caseSensitive: rule.caseSensitive,
    position,
  };
}

/** Reads a stored row back. Rows are only written from validated rules, so this trusts their shape. */
export function readStoredRule(row: StoredRuleRow): StoredRule {
  let value: unknown;
  try {
    value = JSON.parse(row.value);
  } catch {
    value = row.value;
  }
  return {
    id: row.id,
    attribute: row.attribute,
    operator: toOperator(row.operator, row.id),
    value: Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value : String(value),
    caseSensitive: row.caseSensitive,
  };
}

export function toMatchMode(value: string): MatchMode {
  return (MATCH_MODES as readonly string[]).includes(value) ? (value as MatchMode) : 'all';
}

function toOperator(value: string, ruleId: string): RuleOperator {
  // Rows are written from validated rules only; guessing an operator could place people in the wrong group.
  if (!(RULE_OPERATORS as readonly string[]).includes(value)) throw new Error(`Group rule ${ruleId} has an unknown operator: ${value}`);
  return value as RuleOperator;
}

/** A Group row with its rules (ordered by position) as the evaluator takes it. */
export function toGroupForEvaluation(group: { id: string; matchMode: string; rules: StoredRuleRow[] }): GroupForEvaluation {
  const rules = [...group.rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id)).map(readStoredRule);
  return { id: group.id, matchMode: toMatchMode(group.matchMode), rules };
}

/** Same rule, ignoring its id and position: used to keep a rule's id when an edit leaves it unchanged. */
export function sameRule(a: Rule, b: Rule): boolean {
  return (
    a.attribute === b.attribute &&
    a.operator === b.operator &&
    a.caseSensitive === b.caseSensitive &&
    JSON.stringify(a.operator === 'present' || a.operator === 'absent' ? '' : a.value) ===
      JSON.stringify(b.operator === 'present' || b.operator === 'absent' ? '' : b.value)
  );
}
