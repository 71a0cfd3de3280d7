import { PassThrough, type Readable } from "node:stream";
import { s3Error } from "./s3-errors.js";

/**
 * `body` as a stream whose errors arrive classified, as every other failure of the adapter does: an
 * {@link @jobstore/object-store!ObjectStoreError} of kind `"aborted"` once `signal` has fired, else of the
 * kind {@link s3Error} gives (a reset connection is `"transient"`). The SDK's body fails with a plain
 * `Error: aborted` either way. Destroying the returned stream destroys `body`.
 *
 * @example
 * ```ts
 * const stream = classifiedStream(out.Body as Readable, `read ${key}`, options.signal);
 * ```
 * @internal
 */
export function classifiedStream(body: Readable, what: string, signal: AbortSignal | undefined): Readable {
  const out = new PassThrough();
  body.on("error", (err) => out.destroy(s3Error(err, what, signal)));
  out.once("close", () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(out);
}
