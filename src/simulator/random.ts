// A small seeded PRNG (sfc32) and helpers. The estate and fault injection draw from it, so
// one seed always yields the same data byte for byte.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A raw unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight: `[[value, weight], ...]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** `length` lower-case hex characters. */
  hex(length: number): string;
  /** A new generator seeded from this one (for independent streams). */
  fork(): Rng;
}

// Hex digits come from a scratch buffer: Buffer#toString('hex') is native and yields flat strings.
const scratch = new ArrayBuffer(256);
const scratchWords = new Uint32Array(scratch);
const scratchBytes = Buffer.from(scratch);

export function createRng(seed: number): Rng {
  // sfc32 state seeded through splitmix32 so that nearby seeds diverge at once.
  let mix = seed >>> 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 correlate with the seed.
  for (let i = 0; i < 12; i++) uint32();

  const next = (): number => uint32() / 4294967296;

  const rng: Rng = {
    next,
    uint32,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(probability) {
      return next() < probability;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, weight] of entries) total += weight;
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    hex(length) {
      if (length > scratch.byteLength * 2) {
        let out = '';
        while (out.length < length) out += rng.hex(Math.min(512, length - out.length));
        return out;
      }
      const bytes = Math.ceil(length / 2);
      const words = Math.ceil(bytes / 4);
      for (let i = 0; i < words; i++) scratchWords[i] = uint32();
      const out = scratchBytes.toString('hex', 0, bytes);
      return out.length === length ? out : out.slice(0, length);
    },
    fork() {
      return createRng(uint32());
    },
  };
  return rng;
}

/** A 32-bit FNV-1a hash of a string: a stable seed derived from a record's identity. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
