import { Readable } from "node:stream";

/**
 * Content read whole (small or inline) as a byte stream of one chunk. A for-await over a fresh stream
 * gets the chunk straight from a generator, without Node's generic iterator (an end-of-stream watcher,
 * listeners and a tick per chunk: most of a 64 KiB read's cost once the bytes are in memory). Anything
 * else (a stream already read, listened to, piped or destroyed) takes the generic one. Like it, the
 * generator destroys the stream when the loop exits early, and emits 'end' and 'close' when it ran out.
 */
export class BufferStream extends Readable {
  #bytes: Buffer | undefined;

  constructor(bytes: Buffer) {
    super();
    this.#bytes = bytes.length > 0 ? bytes : undefined;
  }

  override _read(): void {
    const bytes = this.#bytes;
    this.#bytes = undefined;
    if (bytes) this.push(bytes);
    this.push(null);
  }

  override [Symbol.asyncIterator](): AsyncIterableIterator<Buffer> {
    const untouched =
      !this.destroyed &&
      this.readableFlowing === null &&
      this.readableLength === 0 &&
      !this.readableEnded &&
      this.listenerCount("data") === 0 &&
      this.listenerCount("readable") === 0;
    return untouched ? this.#one() : super[Symbol.asyncIterator]();
  }

  async *#one(): AsyncGenerator<Buffer, void, undefined> {
    let done = false;
    try {
      const bytes = this.#bytes;
      this.#bytes = undefined;
      if (bytes) yield bytes;
      // Destroyed meanwhile (an abort, or the consumer): the generic iterator reports it.
      if (this.destroyed) return yield* super[Symbol.asyncIterator]();
      done = true;
    } finally {
      if (done) {
        this.push(null);
        this.resume();
      } else if (!this.destroyed) {
        this.destroy();
      }
    }
  }
}
