// Upstream JSON carries 64-bit ids and times (up to 9223372036854775807) that JSON.parse would
// round. Parse losslessly: safe numbers stay numbers, larger integers keep every digit as strings.
import { isInteger, isSafeNumber, parse } from 'lossless-json';

export class UpstreamJsonError extends Error {
  constructor(detail: string) {
    super(`upstream sent malformed JSON: ${detail}`);
    this.name = 'UpstreamJsonError';
  }
}

function parseNumber(text: string): number | string {
  if (isSafeNumber(text)) return Number(text);
  // An integer beyond 2^53 keeps its exact decimal digits; a long fraction may round.
  return isInteger(text) ? text : Number(text);
}

/** Parses JSON text; throws UpstreamJsonError (with a short reason, never the body) when malformed. */
export function parseJsonLossless(text: string): unknown {
  try {
    return parse(text, null, parseNumber);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 120) : 'unknown error';
    throw new UpstreamJsonError(reason);
  }
}
