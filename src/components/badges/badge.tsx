import type { CSSProperties } from 'react';
import { PALETTE, type Tone } from './palette';

interface BadgeProps {
  tone: Tone;
  label: string;
  /** Extra detail on hover and for assistive technology. */
  title?: string | undefined;
}

/** A status pill: shape + text + colour, so it reads without colour vision. */
export function Badge({ tone, label, title }: BadgeProps) {
  const colours = PALETTE[tone];
  // Colours travel as custom properties so styles.css can switch them with prefers-color-scheme.
  const style = {
    '--badge-accent': colours.accent,
    '--badge-bg-light': colours.light.background,
    '--badge-fg-light': colours.light.text,
    '--badge-bg-dark': colours.dark.background,
    '--badge-fg-dark': colours.dark.text,
  } as CSSProperties;
  return (
    <span className="badge" style={style} title={title}>
      <span className="badge__marker" aria-hidden="true">
        {colours.marker}
      </span>
      {label}
    </span>
  );
}
