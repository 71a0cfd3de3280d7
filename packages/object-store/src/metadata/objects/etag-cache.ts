/** Entries kept per handle: enough for a busy worker, small enough to never matter in memory. */
const DEFAULT_CAPACITY = 10_000;

/**
 * What one handle last saw of each object it read or wrote: the version token (records) or nothing
 * (jobs), and the ETag it had. A conditional write needs the ETag of the version the caller expects;
 * this spares the read that would fetch it. A stale entry costs nothing worse than a failed condition,
 * which the callers answer by reading the object again.
 *
 * @example
 * ```ts
 * const seen = new EtagCache();
 * seen.set(key, "v1", etag);
 * seen.etagOf(key, "v1"); // etag
 * ```
 * @internal
 */
export class EtagCache {
  readonly #entries = new Map<string, { version: string; etag: string }>();
  readonly #capacity: number;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** Records that `key` was at `version` with `etag`. */
  set(key: string, version: string, etag: string): void {
    this.#entries.delete(key);
    this.#entries.set(key, { version, etag });
    // Maps iterate in insertion order, so the first entry is the one least recently set.
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** The ETag `key` had at `version` (any version when omitted), if this handle knows it. */
  etagOf(key: string, version?: string): string | undefined {
    const entry = this.#entries.get(key);
    return entry && (version === undefined || entry.version === version) ? entry.etag : undefined;
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets everything (after `destroy`). */
  clear(): void {
    this.#entries.clear();
  }
}
