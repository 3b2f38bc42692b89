// The one palette for status colour. Hues from Okabe & Ito's colour-blind-safe set; every badge
// also carries its text and a shape, so colour is never the only signal.
export const TONES = ['high', 'medium', 'low', 'ok', 'info', 'failed', 'neutral'] as const;
export type Tone = (typeof TONES)[number];

interface ToneColours {
  /** The marker's fill: the hue itself. */
  accent: string;
  light: { background: string; text: string };
  dark: { background: string; text: string };
  /** A shape that tells tones apart without colour. */
  marker: '▲' | '◆' | '■' | '●' | '○' | '✕' | '◌';
}

export const PALETTE: Record<Tone, ToneColours> = {
  // vermillion
  high: {
    accent: '#D55E00',
    light: { background: '#FBE3D3', text: '#7A2E00' },
    dark: { background: '#4A2310', text: '#FFC6A1' },
    marker: '▲',
  },
  // orange
  medium: {
    accent: '#E69F00',
    light: { background: '#FCEFCF', text: '#6B4A00' },
    dark: { background: '#45350F', text: '#FFD98A' },
    marker: '◆',
  },
  // sky blue
  low: {
    accent: '#56B4E9',
    light: { background: '#DDF0FB', text: '#0B4A6F' },
    dark: { background: '#123A52', text: '#B5E0F7' },
    marker: '■',
  },
  // bluish green
  ok: {
    accent: '#009E73',
    light: { background: '#D5F1E8', text: '#00513B' },
    dark: { background: '#0F3B2F', text: '#9FE3CF' },
    marker: '●',
  },
  // blue
  info: {
    accent: '#0072B2',
    light: { background: '#DCEAF5', text: '#003A5C' },
    dark: { background: '#10304A', text: '#A9D2F0' },
    marker: '◌',
  },
  // reddish purple
  failed: {
    accent: '#CC79A7',
    light: { background: '#F6E3EE', text: '#6A2450' },
    dark: { background: '#432038', text: '#F2C3DD' },
    marker: '✕',
  },
  neutral: {
    accent: '#8A8F98',
    light: { background: '#ECEEF1', text: '#3A3F47' },
    dark: { background: '#2C3038', text: '#C9CDD4' },
    marker: '○',
  },
};
