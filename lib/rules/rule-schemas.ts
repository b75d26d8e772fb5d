import { z } from 'zod';
import { normalizeAttributeValue } from '../jit/normalize-attribute-value';

/**
 * Group rules on user attributes (PRODUCT.md rule 12): the one schema shared by the console,
 * the API and the evaluator. Stored as GroupRule rows (value JSON-encoded).
 */
export const RULE_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'startsWith',
  'endsWith',
  'matches',
  'oneOf',
  'present',
  'absent',
] as const;

export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const MATCH_MODES = ['all', 'any'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export const MAX_RULE_VALUE_LENGTH = 1024;
export const MAX_RULES_PER_GROUP = 50;
export const MAX_ONE_OF_VALUES = 500;
/** A `matches` pattern is compiled for a linear-time engine; the bound keeps its automaton small. */
export const MAX_PATTERN_LENGTH = 512;

const attributeName = z.string().trim().min(1, 'Choose an attribute.').max(128, 'An attribute name has at most 128 characters.');

const VALUE_TOO_LONG = `A value has at most ${MAX_RULE_VALUE_LENGTH} characters.`;

export const ruleSchema = z
  .object({
    attribute: attributeName,
    operator: z.enum(RULE_OPERATORS, { error: `The operator must be one of: ${RULE_OPERATORS.join(', ')}.` }),
    /** A string; a list of strings for `oneOf`; ignored (use "") for `present` and `absent`. */
    // Plain types here and bounds below: a failed union would only say "Invalid input".
    value: z.union([z.string(), z.array(z.string())], { error: 'The value must be text, or a list of text for "is one of".' }),
    caseSensitive: z.boolean().default(false),
  })
  // Operands are read like assertion values (NFKC, then trimmed), or "Sales " and a full-width "Ｓａｌｅｓ" would
  // never match what sign-ins store. A pattern is kept as typed: its spaces and escapes are its meaning.
  .transform((rule) => (rule.operator === 'matches' ? rule : { ...rule, value: normalizeOperand(rule.value) }))
  .superRefine((rule, ctx) => {
    // Empty attribute values count as not sent (see compile-group-rules.ts), so an empty operand could never
    // match (equals, oneOf) or would match anything (contains, matches): refused rather than kept as a trap.
    const values = typeof rule.value === 'string' ? [rule.value] : rule.value;
    if (values.some((value) => value.length > MAX_RULE_VALUE_LENGTH)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: VALUE_TOO_LONG });
    } else if (rule.operator === 'oneOf') {
      if (!Array.isArray(rule.value) || rule.value.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: '"is one of" needs a list of at least one value.' });
      } else if (rule.value.length > MAX_ONE_OF_VALUES) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `"is one of" takes at most ${MAX_ONE_OF_VALUES} values.` });
      } else if (rule.value.some((value) => value === '')) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: '"is one of" cannot list an empty value.' });
      }
    } else if (rule.operator !== 'present' && rule.operator !== 'absent') {
      if (typeof rule.value !== 'string') {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `The operator ${rule.operator} takes one value, not a list.` });
      } else if (rule.value === '') {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a value.' });
      } else if (rule.operator === 'matches' && rule.value.length > MAX_PATTERN_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `A regular expression has at most ${MAX_PATTERN_LENGTH} characters.`,
        });
      }
    }
  });

function normalizeOperand(value: string | string[]): string | string[] {
  return typeof value === 'string' ? normalizeAttributeValue(value) : value.map(normalizeAttributeValue);
}

export type RuleInput = z.input<typeof ruleSchema>;
export type Rule = z.output<typeof ruleSchema>;

export const groupRulesSchema = z.object({
  matchMode: z.enum(MATCH_MODES).default('all'),
  rules: z
    .array(ruleSchema)
    .min(1, 'A group needs at least one rule.')
    .max(MAX_RULES_PER_GROUP, `A group has at most ${MAX_RULES_PER_GROUP} rules.`),
});

/** A user's attributes as the evaluator reads them: name (exact, case included) → every value, in order. */
export type AttributeValues = Readonly<Record<string, readonly string[]>>;

/** A group as the evaluator takes it: rules carry their stored id so a membership can say which rule placed the user. */
export type GroupForEvaluation = {
  id: string;
  matchMode: MatchMode;
  rules: readonly (Rule & { id: string })[];
};

/** Why a user is in a group: the first rule (in position order) that held. */
export type GroupMatch = { groupId: string; ruleId: string };
