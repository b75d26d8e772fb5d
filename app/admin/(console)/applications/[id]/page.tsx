import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppIcon } from '@/components/apps/app-icon';
import { ApplicationForm } from '@/components/apps/application-form';
import { DeleteApplicationSection } from '@/components/apps/delete-application-section';
import { EntitlementPicker } from '@/components/apps/entitlement-picker';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { AppError } from '@/lib/api/errors';
import { getApplication, type ApplicationView } from '@/lib/apps/get-application';
import { listGroupChoices } from '@/lib/apps/list-group-choices';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'Application' };

type Props = { params: Promise<{ id: string }> };

export default async function ApplicationPage({ params }: Props) {
  const { id } = await params;
  const admin = await requireAdminPage('read', `/admin/applications/${id}`);
  const db = getDb();
  let app: ApplicationView;
  try {
    app = await getApplication(db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const canWrite = roleAllows(admin.role, 'write');
  const groups = canWrite ? await listGroupChoices(db) : [];
  const entitledDescription = 'Members of any of these groups see the application in their portal and may launch it.';

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <AppIcon name={app.name} iconUrl={app.iconUrl} />
            {app.name}
          </span>
        }
        description={app.description || undefined}
      />
      <div className="space-y-6">
        {canWrite ? (
          <>
            <Card>
              <CardHeader title="Settings" />
              <CardBody>
                <ApplicationForm
                  id={app.id}
                  initial={{ name: app.name, description: app.description, launchUrl: app.launchUrl, iconUrl: app.iconUrl }}
                />
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Entitled groups" description={entitledDescription} />
              <CardBody>
                <EntitlementPicker applicationId={app.id} groups={groups} entitled={app.groups.map((g) => g.id)} />
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Delete" />
              <CardBody>
                <DeleteApplicationSection id={app.id} name={app.name} groupCount={app.groups.length} />
              </CardBody>
            </Card>
          </>
        ) : (
          <>
            <Card>
              <CardHeader title="Settings" />
              <CardBody>
                <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
                  <dt className="text-slate-500">Launch URL</dt>
                  <dd className="font-mono text-xs break-all">{app.launchUrl}</dd>
                  <dt className="text-slate-500">Icon URL</dt>
                  <dd className="font-mono text-xs break-all">{app.iconUrl ?? '—'}</dd>
                  <dt className="text-slate-500">Description</dt>
                  <dd>{app.description || '—'}</dd>
                </dl>
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Entitled groups" description={entitledDescription} />
              <CardBody>
                {app.groups.length === 0 ? (
                  <p className="text-sm text-slate-600">Not entitled to any group: nobody sees it yet.</p>
                ) : (
                  <ul className="flex flex-wrap gap-2" aria-label="Entitled groups">
                    {app.groups.map((group) => (
                      <li key={group.id} className="rounded-md bg-slate-100 px-2 py-1 text-sm text-slate-800">
                        {group.name}
                      </li>
                    ))}
                  </ul>
                )}
              </CardBody>
            </Card>
          </>
        )}
      </div>
    </>
  );
}
