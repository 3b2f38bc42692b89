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

type Marker = ToneColours['marker'];
type Pair = [background: string, text: string];

/** One tone's colours from its row of the table below. */
function tone(accent: string, marker: Marker, light: Pair, dark: Pair): ToneColours {
  return {
    accent,
    light: { background: light[0], text: light[1] },
    dark: { background: dark[0], text: dark[1] },
    marker,
  };
}

// prettier-ignore
export const PALETTE: Record<Tone, ToneColours> = {
  //           accent     marker light: background, text  dark: background, text
  high:    tone('#D55E00', '▲', ['#FBE3D3', '#7A2E00'], ['#4A2310', '#FFC6A1']), // vermillion
  medium:  tone('#E69F00', '◆', ['#FCEFCF', '#6B4A00'], ['#45350F', '#FFD98A']), // orange
  low:     tone('#56B4E9', '■', ['#DDF0FB', '#0B4A6F'], ['#123A52', '#B5E0F7']), // sky blue
  ok:      tone('#009E73', '●', ['#D5F1E8', '#00513B'], ['#0F3B2F', '#9FE3CF']), // bluish green
  info:    tone('#0072B2', '◌', ['#DCEAF5', '#003A5C'], ['#10304A', '#A9D2F0']), // blue
  failed:  tone('#CC79A7', '✕', ['#F6E3EE', '#6A2450'], ['#432038', '#F2C3DD']), // reddish purple
  neutral: tone('#8A8F98', '○', ['#ECEEF1', '#3A3F47'], ['#2C3038', '#C9CDD4']),
};
