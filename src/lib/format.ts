// Display formatting: one home for how bytes, counts, times and digests read in the UI.

const numberFormat = new Intl.NumberFormat('en-US');

/** 20000 → "20,000". */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

const byteDigitFormats = new Map<string, Intl.NumberFormat>();

/** At most `digits` decimals, trailing zeros dropped (1.5 KB, not 1.50 KB); kept per locale. */
function byteDigits(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}/${digits}`;
  let format = byteDigitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: false });
    byteDigitFormats.set(key, format);
  }
  return format;
}

/** 1536 → "1.5 KB" (binary multiples, the way registries report image sizes). */
export function formatBytes(bytes: number, locale = 'en-US'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const text = byteDigits(locale, digits).format(value);
  return `${text} ${BYTE_UNITS[unit]}`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in words, coarse on purpose: "45 s", "3 min", "2 h", "5 d". */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return `${Math.max(1, Math.round(abs / SECOND))} s`;
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < DAY) return `${Math.round(abs / HOUR)} h`;
  if (abs < 365 * DAY) return `${Math.round(abs / DAY)} d`;
  return `${Math.round(abs / (365 * DAY))} y`;
}

/**
 * Epoch ms as the API sends it: a number, or (image times, Longs up to 2^63-1) exact decimal
 * text. Doubles round past 2^53, so the text is what is shown exactly; a number is enough for
 * "how long ago", where a rounding of a millisecond cannot show.
 */
export type EpochMsValue = number | string;

/** The ISO instant of a time, or undefined past the last date a Date holds (year 275760). */
export function isoInstant(epochMs: EpochMsValue): string | undefined {
  const date = new Date(Number(epochMs));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** "just now", "3 h ago", "in 5 min" relative to `now`. */
export function formatRelativeTime(epochMs: EpochMsValue, now: number = Date.now()): string {
  const delta = now - Number(epochMs);
  if (Math.abs(delta) < 10 * SECOND) return 'just now';
  return delta > 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}

/** An absolute time to the second, with its time zone. */
export const EXACT_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
};

const exactFormat = new Intl.DateTimeFormat(undefined, EXACT_TIME_OPTIONS);

/**
 * The exact local time, for `title` attributes beside relative times; past the last date a Date
 * holds, the exact milliseconds (every digit of the text the API sent).
 */
export function formatExactTime(epochMs: EpochMsValue): string {
  if (isoInstant(epochMs) === undefined) {
    const digits = typeof epochMs === 'string' ? epochMs : String(Math.trunc(epochMs));
    return `${digits} ms after 1970-01-01 UTC`;
  }
  return exactFormat.format(new Date(Number(epochMs)));
}

/** "sha256:0123456789abcdef…" → "sha256:0123456789ab" (the algorithm and 12 hex digits). */
/**
 * A digest with its algorithm: ACR sends the bare hex, but `docker pull name@…` and every
 * registry want `sha256:<hex>`, so a copied digest must carry the prefix.
 */
export function withDigestAlgorithm(digest: string): string {
  return /^[0-9a-f]{64}$/i.test(digest) ? `sha256:${digest}` : digest;
}

export function shortDigest(digest: string, length = 12): string {
  const [algorithm, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  const short = (hex ?? '').slice(0, length);
  return algorithm ? `${algorithm}:${short}` : short;
}

/** "namespace/name:tag", skipping missing parts. */
export function formatImageReference(namespace: string, name: string, tag: string): string {
  const path = namespace ? `${namespace}/${name}` : name;
  return tag ? `${path}:${tag}` : path;
}
