import type { Writable } from "node:stream";

/** Writes one chunk and resolves once the writable can take more (backpressure), or rejects on its error. */
export function writeChunk(writable: Writable, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = writable.write(chunk, (err) => {
      if (err) reject(err);
    });
    if (ok) resolve();
    else {
      const onDrain = () => {
        writable.off("error", onError);
        resolve();
      };
      const onError = (err: Error) => {
        writable.off("drain", onDrain);
        reject(err);
      };
      writable.once("drain", onDrain);
      writable.once("error", onError);
    }
  });
}
