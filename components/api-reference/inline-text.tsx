import { Fragment } from 'react';

/**
 * The little Markdown the API descriptions use: `code` and **bold**, nothing else (no links, no HTML), so a
 * description is shown as text whatever it contains.
 */
export function InlineText({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g);
  return (
    <>
      {parts.map((part, index) => {
        if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
          return (
            <code key={index} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
              {part.slice(1, -1)}
            </code>
          );
        }
        if (part.startsWith('**') && part.endsWith('**') && part.length > 3) {
          return (
            <strong key={index} className="font-semibold text-slate-900">
              {part.slice(2, -2)}
            </strong>
          );
        }
        return <Fragment key={index}>{part}</Fragment>;
      })}
    </>
  );
}

/** Paragraphs (blank-line separated) of InlineText. */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter((paragraph) => paragraph.trim() !== '')
        .map((paragraph, index) => (
          <p key={index} className={className}>
            <InlineText text={paragraph.replace(/\n/g, ' ')} />
          </p>
        ))}
    </>
  );
}

/** A text's `## Title` sections (the text before the first title has an empty title). */
export function markdownSections(text: string): { title: string; body: string }[] {
  const sections: { title: string; body: string }[] = [];
  let current = { title: '', body: '' };
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      if (current.title || current.body.trim()) sections.push(current);
      current = { title: line.slice(3).trim(), body: '' };
    } else {
      current.body += `${line}\n`;
    }
  }
  if (current.title || current.body.trim()) sections.push(current);
  return sections.map((section) => ({ ...section, body: section.body.trim() }));
}
