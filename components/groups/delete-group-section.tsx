import { ConfirmDeleteSection } from '../console/confirm-delete-section';

/** Delete with a confirmation step that says what goes: the group, its rules and every membership. */
export function DeleteGroupSection({ id, name, memberCount }: { id: string; name: string; memberCount: number }) {
  return (
    <ConfirmDeleteSection noun="group" endpoint={`/api/v1/groups/${id}`} redirectTo="/admin/groups" confirmLabel="Delete group">
      This deletes <strong>{name}</strong> with its rules and its {memberCount.toLocaleString('en-US')} membership
      {memberCount === 1 ? '' : 's'}; applications entitled to it are no longer shown to those users. It cannot be undone.
    </ConfirmDeleteSection>
  );
}
