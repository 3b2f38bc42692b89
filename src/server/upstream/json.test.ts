import { describe, expect, it } from 'vitest';
import { parseJsonLossless, UpstreamJsonError } from './json';

describe('parseJsonLossless', () => {
  it('keeps a 64-bit id exact as a decimal string', () => {
    expect(parseJsonLossless('{"id": 9223372036854775807}')).toEqual({ id: '9223372036854775807' });
    expect(parseJsonLossless('[-9223372036854775808, 9007199254740993]')).toEqual([
      '-9223372036854775808',
      '9007199254740993',
    ]);
  });

  it('returns safe numbers as numbers', () => {
    expect(parseJsonLossless('{"a": 9007199254740991, "b": 1.5, "c": -3, "d": 1e3}')).toEqual({
      a: 9007199254740991,
      b: 1.5,
      c: -3,
      d: 1000,
    });
  });

  it('keeps strings, booleans, null and nesting', () => {
    expect(parseJsonLossless('{"s":"1,000 (bytes)","t":true,"n":null,"l":[{"x":[]}]}')).toEqual({
      s: '1,000 (bytes)',
      t: true,
      n: null,
      l: [{ x: [] }],
    });
  });

  it('does not let __proto__ change the prototype', () => {
    const parsed = parseJsonLossless('{"__proto__": {"polluted": true}}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws a clear error on malformed JSON', () => {
    expect(() => parseJsonLossless('{"id": 1,')).toThrow(UpstreamJsonError);
    expect(() => parseJsonLossless('<html>bad gateway</html>')).toThrow(/malformed JSON/);
    expect(() => parseJsonLossless('')).toThrow(UpstreamJsonError);
  });
});
