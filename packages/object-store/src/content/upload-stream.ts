import type { ObjectStore, UploadedPart } from "../object-store.js";

// Below this many bytes a part is kept as the source's own chunks, so that small objects never
// allocate a whole part buffer.
const SMALL_PART = 1024 * 1024;

/**
 * Where and how {@link uploadStream} writes.
 *
 * @public
 */
export interface UploadStreamOptions {
  /** Bytes per part (at least the store's `minPartSize`); content of at most one part is a single put. */
  partSize: number;
  /** Part buffers in memory at once, the one being filled included (at least 1). */
  buffers: number;
  /** Aborts the put/part requests in flight. */
  signal?: AbortSignal | undefined;
  /** Told of every multipart upload of the key that could not be aborted after a failure. */
  onUnaborted?: ((upload: { key: string; uploadId: string; error: unknown }) => void) | undefined;
}

/**
 * Aborts every multipart upload of `key`: the one we know and any other one, such as the upload a begin
 * made before its reply was lost and the SDK retried (keys are never reused, so every upload of `key` is
 * ours). Uploads that cannot be aborted are reported to `onUnaborted`.
 */
async function abortUploads(
  objects: ObjectStore,
  key: string,
  known: string | undefined,
  onUnaborted: UploadStreamOptions["onUnaborted"],
): Promise<void> {
  const ids = new Set<string>(known === undefined ? [] : [known]);
  try {
    // One page is enough: a key has at most the uploads of one write and its retries.
    for await (const page of objects.listUploads(key, {})) {
      for (const upload of page) if (upload.key === key) ids.add(upload.uploadId);
      break;
    }
  } catch {
    // Listing is best effort: the known upload is still aborted, the rest is left to the expiry rule.
  }
  for (const uploadId of ids) {
    try {
      await objects.abortUpload(key, uploadId, {});
    } catch (error) {
      onUnaborted?.({ key, uploadId, error });
    }
  }
}

/**
 * Streams `source` into the object `key` of `objects`: a single unconditional put when it fits in one
 * part, otherwise a multipart upload whose parts go up in parallel, aborted on any failure before the
 * error is rethrown, together with any other upload of the same key (a lost begin reply retried by the
 * SDK leaves one).
 *
 * @remarks Memory is bounded by `buffers × partSize`: part buffers are reused once their part upload
 * settles (not left to the garbage collector), and reading the source pauses while every buffer is in
 * flight. AWS lib-storage's `Upload` was measured at ~250 MiB above baseline for a 256 MiB stream with
 * 50 MiB parts (it concatenates and keeps slices of whole chunk lists), hence this small uploader.
 * Requests: 1 put up to one part; else 1 begin + 1 per part + 1 complete (+ 1 listing and 1 abort per
 * upload on failure).
 * @throws whatever the source or the object store throws (unmapped; the caller maps it).
 * @example
 * ```ts
 * await uploadStream(objects, "files/a/v1", chunks, { partSize: 50 * 2 ** 20, buffers: 2 });
 * ```
 * @public
 */
export async function uploadStream(
  objects: ObjectStore,
  key: string,
  source: AsyncIterable<Buffer>,
  options: UploadStreamOptions,
): Promise<void> {
  const { partSize, signal } = options;
  const limit = Math.max(1, options.buffers);
  const call = signal ? { signal } : {};
  const pool: Buffer[] = [];
  const inflight = new Set<Promise<void>>();
  const parts: UploadedPart[] = [];
  let allocated = 0;
  let failure: unknown;
  let uploadId: string | undefined;
  let partNumber = 0;
  let multipart = false;
  let current: Buffer | undefined;
  let small: Buffer[] = [];
  let filled = 0;

  async function take(): Promise<Buffer> {
    for (;;) {
      if (failure !== undefined) throw failure;
      const free = pool.pop();
      if (free) return free;
      if (allocated < limit) {
        allocated++;
        return Buffer.allocUnsafeSlow(partSize);
      }
      await Promise.race(inflight);
    }
  }

  function takeBody(): Buffer {
    const body = current ? current.subarray(0, filled) : Buffer.concat(small, filled);
    current = undefined;
    small = [];
    filled = 0;
    return body;
  }

  async function dispatch(): Promise<void> {
    if (failure !== undefined) throw failure;
    multipart = true;
    uploadId ??= await objects.beginUpload(key, {});
    const number = ++partNumber;
    const buffer = current;
    const body = takeBody();
    const settled: Promise<void> = objects.uploadPart(key, uploadId, number, body, call).then(
      (part) => {
        parts.push(part);
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    const tracked = settled.finally(() => {
      inflight.delete(tracked);
      if (buffer) pool.push(buffer);
    });
    inflight.add(tracked);
  }

  try {
    for await (const chunk of source) {
      let rest = chunk;
      while (rest.length > 0) {
        // A full part is sent only once more bytes arrive: until then it may be the last (or only) one.
        if (filled === partSize) await dispatch();
        const piece = rest.subarray(0, partSize - filled);
        rest = rest.subarray(piece.length);
        if (!current && filled + piece.length <= SMALL_PART) {
          small.push(piece);
        } else {
          if (!current) {
            const buffer = await take();
            Buffer.concat(small, filled).copy(buffer);
            small = [];
            current = buffer;
          }
          piece.copy(current, filled);
        }
        filled += piece.length;
      }
    }
    if (partNumber === 0) {
      await objects.put(key, takeBody(), undefined, call);
      return;
    }
    if (filled > 0) await dispatch();
    await Promise.all(inflight);
    if (failure !== undefined) throw failure;
    parts.sort((a, b) => a.partNumber - b.partNumber);
    await objects.completeUpload(key, uploadId as string, parts, undefined, {});
  } catch (err) {
    await Promise.all(inflight);
    if (multipart) await abortUploads(objects, key, uploadId, options.onUnaborted);
    throw err;
  }
}
