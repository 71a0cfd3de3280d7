import { Readable } from "node:stream";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { isObjectStoreError, ObjectStoreError } from "../object-store-error.js";
import { type ContentConfig, MIB } from "./content-config.js";

/** Bytes per ranged GET of a large content object. */
export const RANGE_BYTES = 8 * MIB;
/** Objects of at least this many bytes are read with parallel ranged GETs, smaller ones with one GET. */
export const RANGED_READ_MIN_BYTES = 2 * RANGE_BYTES;

async function getRange(
  cfg: ContentConfig,
  key: string,
  first: number,
  last: number,
  size: number,
  options: CallOptions,
): Promise<Buffer> {
  const out = await cfg.objects.get(key, { ...options, range: { start: first, end: last } });
  if (!out) throw new ObjectStoreError("missing", `read ${key}: the object is gone`);
  // An object of another length than recorded is not the recorded content (the checksum would only see
  // the recorded length of it).
  if (out.body.length !== last - first + 1 || out.size !== size) {
    throw new JobStoreError(
      "JOBSTORE_CHECKSUM_MISMATCH",
      `object ${key} has ${out.size} bytes, the record says ${size}`,
      { backend: cfg.backend },
    );
  }
  return out.body;
}

/**
 * Reads one immutable object of `size` bytes with up to `cfg.readConcurrency` ranged reads in flight,
 * in order, as a byte stream; `undefined` when the object is missing (checked by the first range, before
 * the stream exists). The key names one content version, so every range reads the same bytes.
 *
 * @remarks Memory is bounded by `(readConcurrency + 2) × RANGE_BYTES`: a range is requested only when the
 * consumer has taken one. Destroying the stream stops requesting; ranges in flight are dropped. A range
 * that fails later (e.g. the version was deleted mid-read) becomes the stream's error.
 * @throws {@link ObjectStoreError}s of the first range other than `"missing"`, unmapped.
 * @example
 * ```ts
 * const body = await openRanged(cfg, "files/f1/v1", 256 * 2 ** 20, {});
 * ```
 * @internal
 */
export async function openRanged(
  cfg: ContentConfig,
  key: string,
  size: number,
  options: CallOptions,
): Promise<Readable | undefined> {
  const fetchAt = (offset: number) =>
    getRange(cfg, key, offset, Math.min(offset + RANGE_BYTES, size) - 1, size, options);
  let head: Buffer;
  try {
    head = await fetchAt(0);
  } catch (err) {
    if (isObjectStoreError(err, "missing")) return undefined;
    // A first range the object does not have: it is shorter than recorded, so not the recorded content.
    if (isObjectStoreError(err, "invalid")) {
      throw new JobStoreError("JOBSTORE_CHECKSUM_MISMATCH", `object ${key} is shorter than recorded`, {
        cause: err,
        backend: cfg.backend,
      });
    }
    throw err;
  }
  async function* ranges(): AsyncGenerator<Buffer> {
    const queue: Promise<Buffer>[] = [];
    let next = RANGE_BYTES;
    const fill = () => {
      while (queue.length < cfg.readConcurrency && next < size) {
        const pending = fetchAt(next);
        // A stream destroyed early never awaits these: keep their failures from going unhandled.
        pending.catch(() => undefined);
        queue.push(pending);
        next += RANGE_BYTES;
      }
    };
    fill();
    yield head;
    while (queue.length > 0) {
      const range = await (queue.shift() as Promise<Buffer>);
      fill();
      yield range;
    }
  }
  return Readable.from(ranges(), { objectMode: false, highWaterMark: RANGE_BYTES });
}
