import { ConfirmDeleteSection } from '../console/confirm-delete-section';

export function DeleteApplicationSection({ id, name, groupCount }: { id: string; name: string; groupCount: number }) {
  return (
    <ConfirmDeleteSection
      noun="application"
      endpoint={`/api/v1/applications/${id}`}
      redirectTo="/admin/applications"
      confirmLabel={`Delete ${name}`}
    >
      This deletes <strong>{name}</strong>
      {groupCount > 0 ? ` and its entitlements to ${groupCount} group${groupCount === 1 ? '' : 's'}` : ''}: it disappears from every user’s
      portal at once. It cannot be undone.
    </ConfirmDeleteSection>
  );
}
