import { Card, CardBody, CardHeader } from '../ui/card';
import type { PortalProfile } from '@/lib/apps/get-portal-profile';

/** The user's attributes, read-only: they come from the IdP (rule 14). */
export function ProfileCard({ profile }: { profile: PortalProfile }) {
  return (
    <Card>
      <CardHeader title="Your profile" description={`Managed by ${profile.managedBy}`} />
      <CardBody>
        {profile.fields.length === 0 ? (
          <p className="text-sm text-slate-600">Your identity provider sent no profile details.</p>
        ) : (
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]" aria-label="Profile">
            {profile.fields.map((field) => (
              <div key={field.name} className="contents">
                <dt className="text-slate-500">{field.label}</dt>
                <dd className="break-words text-slate-900">{field.values.join(', ')}</dd>
              </div>
            ))}
          </dl>
        )}
        <p className="mt-4 text-xs text-slate-500">
          To change these details, update them at {profile.managedBy}; they are refreshed every time you sign in.
        </p>
      </CardBody>
    </Card>
  );
}
