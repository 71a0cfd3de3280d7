import type { ItemAttrs } from "./item-ops.js";
import { countPairs, itemBytes } from "./item-ops.js";

interface Version {
  /** Epoch ms at which this version stopped being current. */
  until: number;
  attrs: ItemAttrs | undefined;
}

interface ItemRecord {
  current: ItemAttrs | undefined;
  /** Pair count and byte size of `current`, cached so writes do not rescan the old version. */
  pairs: number;
  bytes: number;
  /** Superseded versions, oldest first; only kept while stale reads are enabled. */
  history: Version[] | undefined;
}

/**
 * One domain: its items plus running totals for the domain-wide limits.
 *
 * @example
 * ```ts
 * const domain = new Domain("jobs", 0);
 * domain.commit("job-1", new Map([["state", ["new"]]]), Date.now());
 * ```
 * @internal
 */
export class Domain {
  readonly items = new Map<string, ItemRecord>();
  pairCount = 0;
  byteSize = 0;
  itemCount = 0;

  constructor(
    readonly name: string,
    /** How long superseded versions stay readable; 0 turns history off entirely. */
    private readonly retainMs: number,
  ) {}

  /**
   * The item's pairs as of time `at` (epoch ms), or now when `at` is omitted.
   */
  get(itemName: string, at?: number): ItemAttrs | undefined {
    const record = this.items.get(itemName);
    if (record === undefined) return undefined;
    return at === undefined ? record.current : versionAt(record, at);
  }

  /** Pair count and byte size of the item's latest version (zeros when absent). */
  sizeOf(itemName: string): { pairs: number; bytes: number } {
    const record = this.items.get(itemName);
    return record === undefined ? { pairs: 0, bytes: 0 } : { pairs: record.pairs, bytes: record.bytes };
  }

  /**
   * Replaces an item's pairs (`undefined` deletes it), keeping the old version for stale reads.
   *
   * @param size - the new version's pair count and bytes, when the caller already computed them
   */
  commit(
    itemName: string,
    attrs: ItemAttrs | undefined,
    now: number,
    size?: { pairs: number; bytes: number },
  ): void {
    const record = this.items.get(itemName);
    const old = record?.current;
    const pairs = size?.pairs ?? countPairs(attrs);
    const bytes = size?.bytes ?? itemBytes(itemName, attrs);
    this.pairCount += pairs - (record?.pairs ?? 0);
    this.byteSize += bytes - (record?.bytes ?? 0);
    this.itemCount += (attrs === undefined ? 0 : 1) - (old === undefined ? 0 : 1);
    if (this.retainMs <= 0) {
      if (attrs === undefined) this.items.delete(itemName);
      else if (record === undefined)
        this.items.set(itemName, { current: attrs, pairs, bytes, history: undefined });
      else Object.assign(record, { current: attrs, pairs, bytes });
      return;
    }
    const target: ItemRecord = record ?? { current: undefined, pairs: 0, bytes: 0, history: [] };
    const history = target.history ?? [];
    history.push({ until: now, attrs: old });
    prune(history, now - this.retainMs);
    target.history = history;
    target.current = attrs;
    target.pairs = pairs;
    target.bytes = bytes;
    if (record === undefined) this.items.set(itemName, target);
  }

  /**
   * Every existing item as of `at` (or now), in map order. Also drops records that hold only
   * expired history, so deleted items do not accumulate while stale reads are on.
   */
  *entries(at?: number, now = Date.now()): Generator<[string, ItemAttrs]> {
    for (const [name, record] of this.items) {
      if (record.history !== undefined) {
        prune(record.history, now - this.retainMs);
        if (record.current === undefined && record.history.length === 0) {
          this.items.delete(name);
          continue;
        }
      }
      const attrs = at === undefined ? record.current : versionAt(record, at);
      if (attrs !== undefined) yield [name, attrs];
    }
  }
}

function versionAt(record: ItemRecord, at: number): ItemAttrs | undefined {
  const history = record.history;
  if (history !== undefined) {
    for (const version of history) if (version.until > at) return version.attrs;
  }
  return record.current;
}

function prune(history: Version[], horizon: number): void {
  let drop = 0;
  while (drop < history.length && (history[drop] as Version).until < horizon) drop++;
  if (drop > 0) history.splice(0, drop);
}

/**
 * All domains of the emulated account.
 *
 * @example
 * ```ts
 * const store = new Store(0);
 * store.createDomain("jobs");
 * ```
 * @internal
 */
export class Store {
  readonly domains = new Map<string, Domain>();

  constructor(readonly retainMs: number) {}

  createDomain(name: string): Domain {
    let domain = this.domains.get(name);
    if (domain === undefined) {
      domain = new Domain(name, this.retainMs);
      this.domains.set(name, domain);
    }
    return domain;
  }

  clear(): void {
    this.domains.clear();
  }
}
