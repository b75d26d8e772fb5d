'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input, fieldDescribedBy } from '../ui/input';
import { postJson, requestJson } from '../console/fetch-json';
import type { MatchMode, RuleOperator } from '@/lib/rules/rule-schemas';
import { GroupPreviewResult, type GroupPreviewData } from './group-preview-result';
import { RuleEditor, draftToRule, ruleToDraft, type RuleAttributeOption, type RuleDraft } from './rule-editor';

export type GroupFormValues = {
  name: string;
  description: string;
  matchMode: MatchMode;
  rules: { attribute: string; operator: RuleOperator; value: string | string[]; caseSensitive: boolean }[];
};

type Props = {
  /** Absent: a new group. */
  groupId?: string;
  initial: GroupFormValues;
  attributes: readonly RuleAttributeOption[];
};

/** Name, description and the rule builder (all/any, rules), with a preview of who would match before saving. */
export function GroupForm({ groupId, initial, attributes }: Props) {
  const router = useRouter();
  const nextKey = useRef(initial.rules.length);
  const newDraft = (): RuleDraft => ({
    key: String(nextKey.current++),
    attribute: '',
    operator: 'equals',
    value: '',
    caseSensitive: false,
  });
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [matchMode, setMatchMode] = useState<MatchMode>(initial.matchMode);
  const [drafts, setDrafts] = useState<RuleDraft[]>(() =>
    initial.rules.length > 0 ? initial.rules.map((rule, i) => ruleToDraft(rule, String(i))) : [newDraft()],
  );
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [preview, setPreview] = useState<GroupPreviewData | null>(null);
  const [pending, setPending] = useState<'preview' | 'save' | null>(null);

  const rules = () => drafts.map(draftToRule);
  const edit = (update: () => void) => {
    update();
    setPreview(null);
  };

  function fail(result: { message: string; fields: Record<string, string> }) {
    setFields(result.fields);
    setMessage({ tone: 'error', text: result.message });
  }

  async function runPreview() {
    setPending('preview');
    const result = await postJson<GroupPreviewData>('/api/v1/groups/preview', { matchMode, rules: rules() });
    setPending(null);
    if (!result.ok) {
      setPreview(null);
      return fail(result);
    }
    setFields({});
    setMessage(null);
    setPreview(result.data);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending('save');
    const body = { name, description, matchMode, rules: rules() };
    const result = groupId
      ? await requestJson<{ id: string }>('PATCH', `/api/v1/groups/${groupId}`, body)
      : await postJson<{ id: string }>('/api/v1/groups', body);
    setPending(null);
    if (!result.ok) return fail(result);
    setFields({});
    if (!groupId) {
      router.push(`/admin/groups/${result.data.id}`);
      return;
    }
    setMessage({ tone: 'success', text: 'Saved.' });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Card>
        <CardHeader title="Group" />
        <CardBody className="space-y-5">
          <Field label="Name" htmlFor="group-name" error={fields.name}>
            <Input
              id="group-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={Boolean(fields.name)}
              aria-describedby={fieldDescribedBy('group-name', { error: fields.name })}
              required
            />
          </Field>
          <Field label="Description" htmlFor="group-description" error={fields.description} hint="Optional.">
            <Input
              id="group-description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              aria-invalid={Boolean(fields.description)}
              aria-describedby={fieldDescribedBy('group-description', { hint: 'Optional.', error: fields.description })}
            />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Rules"
          description="Users are placed in the group from their attributes at every sign-in, and again for everyone whenever the rules change. A multi-valued attribute matches when any of its values does."
        />
        <CardBody className="space-y-4">
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Users match when</legend>
            <div className="mt-2 flex flex-wrap gap-4 text-sm">
              {(
                [
                  ['all', 'all rules hold'],
                  ['any', 'any rule holds'],
                ] as const
              ).map(([mode, label]) => (
                <label key={mode} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="matchMode"
                    value={mode}
                    checked={matchMode === mode}
                    onChange={() => edit(() => setMatchMode(mode))}
                    className="size-4 border-slate-300 text-brand-600"
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          {fields.rules ? (
            <p role="alert" className="text-xs font-medium text-red-700">
              {fields.rules}
            </p>
          ) : null}
          {drafts.map((draft, index) => (
            <RuleEditor
              key={draft.key}
              index={index}
              draft={draft}
              attributes={attributes}
              errors={{
                attribute: fields[`rules.${index}.attribute`],
                operator: fields[`rules.${index}.operator`],
                value: fields[`rules.${index}.value`],
              }}
              canRemove={drafts.length > 1}
              onChange={(next) => edit(() => setDrafts((all) => all.map((d) => (d.key === next.key ? next : d))))}
              onRemove={() => edit(() => setDrafts((all) => all.filter((d) => d.key !== draft.key)))}
            />
          ))}
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => edit(() => setDrafts((all) => [...all, newDraft()]))}>
              Add rule
            </Button>
            <Button variant="secondary" onClick={() => void runPreview()} disabled={pending !== null}>
              {pending === 'preview' ? 'Previewing…' : 'Preview'}
            </Button>
          </div>
          {preview ? <GroupPreviewResult preview={preview} rules={rules()} /> : null}
        </CardBody>
      </Card>

      <div className="flex gap-2">
        <Button type="submit" disabled={pending !== null}>
          {pending === 'save' ? 'Saving…' : groupId ? 'Save changes' : 'Create group'}
        </Button>
      </div>
    </form>
  );
}
