import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";

// Below this many bytes a part is kept as the source's own chunks, so that small objects never
// allocate a whole part buffer.
const SMALL_PART = 1024 * 1024;

/**
 * Where and how {@link uploadObject} writes.
 *
 * @internal
 */
export interface ObjectUploadOptions {
  bucket: string;
  key: string;
  /** Bytes per part (at least 5 MiB for S3); content of at most one part is a single PutObject. */
  partSize: number;
  /** Part buffers in memory at once, the one being filled included (at least 1). */
  buffers: number;
  /** Aborts the PutObject/UploadPart requests in flight. */
  signal?: AbortSignal | undefined;
  /** Told of every multipart upload of `key` that could not be aborted after a failure. */
  onUnaborted?: ((upload: { key: string; uploadId: string; error: unknown }) => void) | undefined;
}

/**
 * Aborts every multipart upload of `key`: the one we know and any other one, such as the upload a
 * CreateMultipartUpload made before its reply was lost and the SDK retried (keys are never reused, so
 * every upload of `key` is ours). Uploads that cannot be aborted are reported to `onUnaborted`.
 */
async function abortUploads(
  s3: S3Client,
  Bucket: string,
  Key: string,
  known: string | undefined,
  onUnaborted: ObjectUploadOptions["onUnaborted"],
): Promise<void> {
  const ids = new Set<string>(known === undefined ? [] : [known]);
  try {
    const page = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: Key }));
    for (const upload of page.Uploads ?? []) {
      if (upload.Key === Key && upload.UploadId !== undefined) ids.add(upload.UploadId);
    }
  } catch {
    // Listing is best effort: the known upload is still aborted, the rest is left to the lifecycle rule.
  }
  for (const UploadId of ids) {
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    } catch (error) {
      const missing = (error as { name?: string }).name === "NoSuchUpload";
      if (!missing) onUnaborted?.({ key: Key, uploadId: UploadId, error });
    }
  }
}

/**
 * Streams `source` into one S3 object: a single PutObject (known length) when it fits in one part,
 * otherwise a multipart upload whose parts go up in parallel, aborted (AbortMultipartUpload) on any
 * failure before the error is rethrown, together with any other upload of the same key (a lost
 * CreateMultipartUpload reply retried by the SDK leaves one).
 *
 * @remarks Memory is bounded by `buffers × partSize`: part buffers are reused once their UploadPart
 * settles (not left to the garbage collector), and reading the source pauses while every buffer is in
 * flight. lib-storage's `Upload` was measured at ~250 MiB above baseline for a 256 MiB stream with
 * 50 MiB parts (it concatenates and keeps slices of whole chunk lists), hence this small uploader.
 * @throws whatever the source or S3 throws (unmapped; the caller maps it).
 * @example
 * ```ts
 * await uploadObject(ctx.s3, chunks, { bucket, key, partSize: ctx.partSize, buffers: 2 });
 * ```
 * @internal
 */
export async function uploadObject(
  s3: S3Client,
  source: AsyncIterable<Buffer>,
  options: ObjectUploadOptions,
): Promise<void> {
  const { bucket: Bucket, key: Key, partSize, signal } = options;
  const limit = Math.max(1, options.buffers);
  const send = signal ? { abortSignal: signal } : {};
  const pool: Buffer[] = [];
  const inflight = new Set<Promise<void>>();
  const parts: CompletedPart[] = [];
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
    uploadId ??= (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }))).UploadId;
    const PartNumber = ++partNumber;
    const buffer = current;
    const Body = takeBody();
    const request = new UploadPartCommand({
      Bucket,
      Key,
      UploadId: uploadId,
      PartNumber,
      Body,
      ContentLength: Body.length,
    });
    const settled: Promise<void> = s3.send(request, send).then(
      (out) => {
        parts.push({ PartNumber, ETag: out.ETag });
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
      const Body = takeBody();
      await s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentLength: Body.length }), send);
      return;
    }
    if (filled > 0) await dispatch();
    await Promise.all(inflight);
    if (failure !== undefined) throw failure;
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (err) {
    await Promise.all(inflight);
    if (multipart) await abortUploads(s3, Bucket, Key, uploadId, options.onUnaborted);
    throw err;
  }
}
