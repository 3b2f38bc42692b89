// A message whose words wrap elements (`Synced <time>{ago}</time>`): the tags of the formatted text
// become the caller's elements. It stands in for react-i18next's <Trans>, whose HTML parser the
// app does not need (4.7 KB gzipped off the first page; bench/app.bench.ts bounds it).
import { cloneElement, Fragment, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Namespace } from './i18n';

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)>/g;

interface OpenTag {
  name: string;
  /** The text of the tag itself, kept should it never close. */
  source: string;
  children: ReactNode[];
}

/**
 * The text with each `<name>…</name>` (nested or not) rendered as `elements[name]` holding its
 * content. A tag with no element of its name, or that does not close, stays text.
 */
export function renderTags(text: string, elements: Record<string, ReactElement>): ReactNode[] {
  const root: OpenTag = { name: '', source: '', children: [] };
  const open: OpenTag[] = [root];
  let key = 0;
  let last = 0;
  const current = () => open[open.length - 1] ?? root;
  for (const match of text.matchAll(TAG)) {
    const [source, closing, name = ''] = match;
    if (match.index > last) current().children.push(text.slice(last, match.index));
    last = match.index + source.length;
    if (!closing && name in elements) {
      open.push({ name, source, children: [] });
    } else if (closing && open.length > 1 && current().name === name) {
      const done = open.pop() ?? root;
      const element = elements[name];
      current().children.push(
        element ? cloneElement(element, { key: key++ }, ...done.children) : done.children,
      );
    } else {
      current().children.push(source);
    }
  }
  if (last < text.length) current().children.push(text.slice(last));
  // Tags left open are text, their content in place.
  while (open.length > 1) {
    const unclosed = open.pop() ?? root;
    current().children.push(unclosed.source, ...unclosed.children);
  }
  return root.children;
}

interface RichMessageProps {
  /** The catalogue (the default one when left out). */
  ns?: Namespace;
  i18nKey: string;
  values?: Record<string, unknown>;
  /** The element each tag name of the message becomes. */
  components: Record<string, ReactElement>;
}

export function RichMessage({ ns, i18nKey, values, components }: RichMessageProps) {
  const { t } = useTranslation(ns);
  return <Fragment>{renderTags(t(i18nKey, values ?? {}), components)}</Fragment>;
}
