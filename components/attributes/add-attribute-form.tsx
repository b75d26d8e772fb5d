'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Checkbox } from '../ui/checkbox';
import { Field, Input, fieldDescribedBy } from '../ui/input';
import { postJson } from '../console/fetch-json';
import { attributeNameProblem, createAttributeSchema } from '@/lib/attributes/attribute-schemas';

const NAME_HINT =
  'Exactly as the IdP sends it, case included: e.g. costCenter, or a claim URI such as http://schemas.example.com/claims/costcenter.';

/** Adds a custom attribute; the same schema as the API checks the input before it is sent. */
export function AddAttributeForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [required, setRequired] = useState(false);
  const [multiValued, setMultiValued] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  function checkName(value: string) {
    const problem = value === '' ? null : attributeNameProblem(value);
    setFields(({ name: _previous, ...rest }) => (problem ? { ...rest, name: problem } : rest));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = { name, displayName, required, multiValued };
    const parsed = createAttributeSchema.safeParse(input);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_')] ??= issue.message;
      setFields(errors);
      setMessage(null);
      return;
    }
    setPending(true);
    const result = await postJson('/api/v1/user-attributes', parsed.data);
    setPending(false);
    if (!result.ok) {
      // A conflict is about the name (taken, or taken but for case): show it there.
      const errors = result.status === 409 ? { name: result.message } : result.fields;
      setFields(errors);
      setMessage(Object.keys(errors).length ? null : { tone: 'error', text: result.message });
      return;
    }
    setFields({});
    setMessage({ tone: 'success', text: `Added ${parsed.data.name}. It applies from the next sign-in.` });
    setName('');
    setDisplayName('');
    setRequired(false);
    setMultiValued(false);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate aria-label="Add attribute">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="attribute-name" hint={NAME_HINT} error={fields.name}>
          <Input
            id="attribute-name"
            className="font-mono"
            value={name}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => {
              setName(e.target.value);
              if (fields.name) checkName(e.target.value);
            }}
            onBlur={(e) => checkName(e.target.value)}
            aria-invalid={Boolean(fields.name)}
            aria-describedby={fieldDescribedBy('attribute-name', { hint: NAME_HINT, error: fields.name })}
          />
        </Field>
        <Field label="Display name" htmlFor="attribute-display-name" error={fields.displayName}>
          <Input
            id="attribute-display-name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            aria-invalid={Boolean(fields.displayName)}
            aria-describedby={fieldDescribedBy('attribute-display-name', { error: fields.displayName })}
          />
        </Field>
      </div>
      <Checkbox
        id="attribute-required"
        checked={required}
        onChange={(e) => setRequired(e.target.checked)}
        label="Required"
        hint="A sign-in whose assertion lacks it is refused: “User attribute is missing: NAME.”"
      />
      <Checkbox
        id="attribute-multi-valued"
        checked={multiValued}
        onChange={(e) => setMultiValued(e.target.checked)}
        label="Multi-valued"
        hint="Keeps every value (e.g. groups). A single-valued attribute with several values refuses the sign-in."
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add attribute'}
      </Button>
    </form>
  );
}
