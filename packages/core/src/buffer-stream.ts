import { Readable } from "node:stream";

function ignore(): void {}

/**
 * A byte stream over bytes already in memory, handed out as `subarray` views of at most `chunkSize`
 * bytes (no copy). A `for await` over a fresh stream gets the views straight from a generator, without
 * Node's generic iterator (an end-of-stream watcher, listeners and a tick per chunk: most of a small
 * read's cost once the bytes are in memory). Anything else (a stream already read, listened to, piped or
 * destroyed) takes the generic one. Like it, the generator fails with the stream's error when the stream
 * is destroyed meanwhile (an abort), destroys the stream when the loop exits early, and emits 'end' and
 * 'close' when it ran out.
 *
 * @remarks The consumer gets views of `bytes`: a backend hands out immutable bytes only (or bytes it
 * no longer uses), and a consumer must not write into the chunks.
 * @example
 * ```ts
 * return { stream: destroyOnAbort(new BufferStream(verified), options.signal), executable };
 * ```
 * @public
 */
export class BufferStream extends Readable {
  readonly #bytes: Buffer;
  readonly #chunkSize: number;
  #position = 0;

  /**
   * @param bytes - what the stream yields; an empty buffer makes an empty stream.
   * @param chunkSize - the largest view handed out; default the whole buffer as one chunk.
   * @throws `RangeError` for a chunk size that is not a positive integer.
   */
  constructor(bytes: Buffer, chunkSize = Math.max(bytes.length, 1)) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    }
    super({ highWaterMark: chunkSize });
    this.#bytes = bytes;
    this.#chunkSize = chunkSize;
  }

  override _read(): void {
    const view = this.#next();
    if (view) this.push(view);
    if (this.#position >= this.#bytes.length) this.push(null);
  }

  override [Symbol.asyncIterator](): AsyncIterableIterator<Buffer> {
    const untouched =
      this.#position === 0 &&
      !this.destroyed &&
      this.readableFlowing === null &&
      this.readableLength === 0 &&
      !this.readableEnded &&
      this.listenerCount("data") === 0 &&
      this.listenerCount("readable") === 0;
    return untouched ? this.#views() : super[Symbol.asyncIterator]();
  }

  #next(): Buffer | undefined {
    if (this.#position >= this.#bytes.length) return undefined;
    const view = this.#bytes.subarray(this.#position, this.#position + this.#chunkSize);
    this.#position += view.length;
    return view;
  }

  async *#views(): AsyncGenerator<Buffer, void, undefined> {
    // Node's iterator listens for 'error'; this loop reads the stream's state instead, so without a
    // listener an abort that destroys the stream while the consumer is between chunks (awaiting
    // something of its own) would be an uncaught 'error' event, ending the process. The loop still
    // fails with that error when it resumes (below).
    this.on("error", ignore);
    let done = false;
    try {
      for (;;) {
        // Destroyed meanwhile (an abort, or the consumer): the generic iterator reports it.
        if (this.destroyed) return yield* super[Symbol.asyncIterator]();
        const view = this.#next();
        if (!view) break;
        yield view;
      }
      done = true;
    } finally {
      // Ended: 'end' and 'close' as a drained stream has them. Left early: destroyed, as Node's own does.
      if (done) {
        this.push(null);
        this.resume();
      } else if (!this.destroyed) {
        this.destroy();
      }
    }
  }
}
