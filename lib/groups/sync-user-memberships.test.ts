import { describe, expect, it } from 'vitest';
import { diffMemberships } from './sync-user-memberships';

describe('diffMemberships', () => {
  it('adds the groups that now match, removes those that no longer do, and records a changed reason', () => {
    const current = [
      { groupId: 'stays', ruleId: 'r1' },
      { groupId: 'leaves', ruleId: 'r2' },
      { groupId: 'reason', ruleId: 'old' },
      { groupId: 'legacy', ruleId: null },
    ];
    const matches = [
      { groupId: 'stays', ruleId: 'r1' },
      { groupId: 'reason', ruleId: 'new' },
      { groupId: 'joins', ruleId: 'r9' },
      { groupId: 'legacy', ruleId: 'r7' },
    ];
    expect(diffMemberships(current, matches)).toEqual({
      added: [{ groupId: 'joins', ruleId: 'r9' }],
      removed: ['leaves'],
      reasonChanged: [
        { groupId: 'reason', ruleId: 'new' },
        { groupId: 'legacy', ruleId: 'r7' },
      ],
    });
  });

  it('changes nothing when the memberships already agree, and removes everything when nothing matches', () => {
    const current = [{ groupId: 'a', ruleId: 'r' }];
    expect(diffMemberships(current, [{ groupId: 'a', ruleId: 'r' }])).toEqual({ added: [], removed: [], reasonChanged: [] });
    expect(diffMemberships(current, [])).toEqual({ added: [], removed: ['a'], reasonChanged: [] });
    expect(diffMemberships([], [])).toEqual({ added: [], removed: [], reasonChanged: [] });
  });
});
