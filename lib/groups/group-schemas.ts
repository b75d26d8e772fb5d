import { z } from 'zod';
import { MATCH_MODES, groupRulesSchema } from '../rules/rule-schemas';

export const groupNameSchema = z.string().trim().min(1, 'Give the group a name.').max(100, 'A group name has at most 100 characters.');
const descriptionSchema = z.string().trim().max(1000, 'A description has at most 1000 characters.');

export const createGroupSchema = z.object({
  name: groupNameSchema,
  description: descriptionSchema.default(''),
  matchMode: z.enum(MATCH_MODES).default('all'),
  rules: groupRulesSchema.shape.rules,
});
export type CreateGroupInput = z.input<typeof createGroupSchema>;

/** PATCH: any subset; rules, when given, replace the whole list. */
export const updateGroupSchema = z
  .object({
    name: groupNameSchema.optional(),
    description: descriptionSchema.optional(),
    matchMode: z.enum(MATCH_MODES).optional(),
    rules: groupRulesSchema.shape.rules.optional(),
  })
  .strict();
export type UpdateGroupInput = z.input<typeof updateGroupSchema>;

export const groupPageSchema = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type GroupPageInput = z.input<typeof groupPageSchema>;
