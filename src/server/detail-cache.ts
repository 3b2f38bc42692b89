// A small in-memory cache for the detail routes: answers live for a while (each call spends an
// upstream budget of 5/min), and identical concurrent requests share one upstream call.
// Failures are not cached.
interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class DetailCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
  ): Promise<{ value: T; cached: boolean }> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return { value: entry.value as T, cached: true };
    if (entry) this.entries.delete(key);

    const pending = this.inFlight.get(key);
    if (pending) return { value: (await pending) as T, cached: true };

    const promise = load();
    this.inFlight.set(key, promise);
    try {
      const value = await promise;
      this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
      this.evict();
      return { value, cached: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private evict(): void {
    // Map keeps insertion order: the first keys are the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
