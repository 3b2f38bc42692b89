// What each channel module describes (one per vendor); index.ts is the one path that sends.
import type { ChannelTarget, Notification, SendOutcome } from '../channel-types';
import { OutboundError, type OutboundAnswer } from '../outbound';

/** At most `messages` per `perMs` to one channel URL, as the vendor documents it. */
export interface ChannelRateLimit {
  messages: number;
  perMs: number;
}

export interface ChannelRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface ChannelDescription {
  /** Every limit the vendor documents (Feishu has a per-minute and a per-second one). */
  rateLimits: readonly ChannelRateLimit[];
  /** The message in the vendor's native format, signed as the vendor documents it. */
  request: (target: ChannelTarget, message: Notification, nowMs: number) => ChannelRequest;
  /**
   * Reads the vendor's own answer envelope, for vendors that report errors inside an HTTP 200
   * (DingTalk, Feishu, WeCom); undefined leaves the outcome to the HTTP status (a channel without
   * it takes every 2xx as delivered).
   */
  readVendorAnswer?: (answer: OutboundAnswer) => SendOutcome | undefined;
}

export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' } as const;

/** The vendor's JSON answer, or undefined when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The answer's JSON object when it carries the vendor's numeric code field. */
export function vendorEnvelope(
  answer: OutboundAnswer,
  codeField: string,
): { code: number; body: Record<string, unknown> } | undefined {
  const body = parseJsonObject(answer.body);
  const code = body?.[codeField];
  return body && typeof code === 'number' ? { code, body } : undefined;
}

/** A 2xx whose body is not the vendor's envelope: delivery unknown, so not retried blindly. */
export function unreadableAnswer(answer: OutboundAnswer): SendOutcome | undefined {
  if (answer.status < 200 || answer.status >= 300) return undefined;
  return {
    ok: false,
    httpStatus: answer.status,
    retryable: false,
    reason: `the channel's answer (HTTP ${answer.status}) is not the vendor's JSON`,
  };
}

/**
 * A vendor's own error message on one line, without its help links (sendNotification withholds
 * any echo of the URL or secret, then shortens it).
 */
export function vendorMessage(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How a vendor's code refuses a message (the envelope's reader adds the HTTP status). */
export type VendorRefusal = Omit<Extract<SendOutcome, { ok: false }>, 'ok' | 'httpStatus'>;

/**
 * The reader of a JSON envelope that reports errors inside an HTTP 200 (DingTalk, Feishu, WeCom):
 * code 0 is delivered, another code is what `refusal` makes of it, given `detail` ("errcode
 * 130101: send too fast", named after the first code field), and a 2xx that is no envelope is
 * unreadable. The code is read from the first of `codeFields` the answer carries.
 */
export function envelopeReader(
  codeFields: readonly [string, ...string[]],
  messageField: string,
  refusal: (code: number, detail: string) => VendorRefusal,
): (answer: OutboundAnswer) => SendOutcome | undefined {
  return (answer) => {
    let envelope: ReturnType<typeof vendorEnvelope>;
    for (const field of codeFields) envelope ??= vendorEnvelope(answer, field);
    if (!envelope) return unreadableAnswer(answer);
    const { code, body } = envelope;
    if (code === 0) return { ok: true, httpStatus: answer.status };
    const said = vendorMessage(body[messageField]);
    const detail = `${codeFields[0]} ${code}${said ? `: ${said}` : ''}`;
    return { ok: false, httpStatus: answer.status, ...refusal(code, detail) };
  };
}

/**
 * `head`, as many of `lines` as fit, and `tail`, joined by newlines within `maxBytes` of UTF-8
 * (the vendors bound a message's size); an ellipsis line says when lines were left out.
 */
export function withinBytes(
  head: string,
  lines: readonly string[],
  tail: string,
  maxBytes: number,
): string {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    const rest = index < lines.length - 1 ? ['…'] : [];
    if (bytes([head, ...kept, line, ...rest, tail].join('\n')) > maxBytes) {
      kept.push('…');
      break;
    }
    kept.push(line);
  }
  return [head, ...kept, tail].join('\n');
}

/**
 * Characters with a markup meaning in DingTalk's and WeCom's markdown (links, images, emphasis,
 * code, HTML such as `<font>`, mentions such as `<@userid>`), as their fullwidth forms. Neither
 * vendor documents an escape (a backslash may show or may be ignored), so a name from the
 * registry or a rule's name stays readable text whatever the renderer; the Changes page the
 * message links to shows the exact names.
 */
const MARKDOWN_LOOKALIKES: Readonly<Record<string, string>> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  _: '＿',
  '~': '～',
  '`': '｀',
  '\\': '＼',
};

/** Text for a markdown message: no markup of its own, on one line (no heading or list of its own). */
export function markdownText(text: string): string {
  return text
    .replace(/[[\]<>*_~`\\]/g, (character) => MARKDOWN_LOOKALIKES[character] ?? character)
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/** The channel URL, for channels that add to its query; refused (not retried) when unparsable. */
export function parseChannelUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new OutboundError('the channel URL is not a valid URL', false);
  }
}
