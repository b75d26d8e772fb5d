import type { Metadata } from 'next';
import { AddAttributeForm } from '@/components/attributes/add-attribute-form';
import { AttributeTable, type AttributeRow } from '@/components/attributes/attribute-table';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { deleteLock, multiValuedLock, requiredLock } from '@/lib/attributes/attribute-rules';
import { listAttributes, type AttributeView } from '@/lib/attributes/list-attributes';
import { COLUMN_ATTRIBUTES } from '@/lib/jit/collect-attributes';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'User Attributes' };

function toRow(attribute: AttributeView): AttributeRow {
  const inUse = attribute.usedByGroups.length
    ? `Used by the rules of ${attribute.usedByGroups.join(', ')}: change those rules before deleting it.`
    : null;
  return {
    name: attribute.name,
    displayName: attribute.displayName,
    required: attribute.required,
    multiValued: attribute.multiValued,
    builtIn: attribute.builtIn,
    usedByGroups: attribute.usedByGroups,
    locks: { required: requiredLock(attribute), multiValued: multiValuedLock(attribute), delete: deleteLock(attribute) ?? inUse },
  };
}

export default async function UserAttributesPage() {
  const admin = await requireAdminPage('read', '/admin/user-attributes');
  const attributes = await listAttributes(getDb());
  const canWrite = roleAllows(admin.role, 'write');
  return (
    <>
      <PageHeader
        title="User Attributes"
        description="The SAML attributes Just-in-Time provisioning keeps on users, and which of them every sign-in must carry."
      />
      <div className="space-y-6">
        <Card>
          <CardBody className="space-y-2 text-sm text-slate-600">
            <p>
              A name must match the attribute name in the SAML assertion <strong>exactly, case included</strong>:{' '}
              <code className="font-mono">department</code> and <code className="font-mono">Department</code> are different attributes.
              Assertion attributes that match no name here are ignored (the audit event of the sign-in lists them).
            </p>
            <p>
              Changes apply at each user&rsquo;s <strong>next sign-in</strong>: a required attribute the assertion lacks refuses that
              sign-in with &ldquo;User attribute is missing: NAME.&rdquo; <code className="font-mono">userName</code> is always required.
            </p>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Attributes" description="In the order sign-ins read them; new attributes go last." />
          <AttributeTable attributes={attributes.map(toRow)} canWrite={canWrite} />
          {canWrite ? (
            <CardBody className="border-t border-slate-200 text-xs text-slate-500">
              Greyed-out boxes cannot change: <code className="font-mono">userName</code> is always required, and attributes kept in a
              single field of the user ({COLUMN_ATTRIBUTES.join(', ')}) have one value. Built-in attributes cannot be deleted, nor can an
              attribute that group rules use.
            </CardBody>
          ) : null}
        </Card>
        {canWrite ? (
          <Card>
            <CardHeader title="Add attribute" description="A custom attribute, e.g. costCenter or a claim URI your IdP sends." />
            <CardBody>
              <AddAttributeForm />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
