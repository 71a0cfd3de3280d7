import { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { CallerFailure } from "./guard.js";

const HIGH_WATER_MARK = 1024 * 1024;

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Runs a user's write callback against a backend write that consumes the bytes as they come.
 *
 * The user writes into `sink`; the backend reads `source`. `source` ends only once the callback has
 * resolved, so a backend never commits content whose callback later rejects (and a callback that ends
 * the writable and then throws stores nothing). If the backend fails first, the call rejects at once
 * with the backend's error instead of waiting on a callback that may be blocked on backpressure.
 */
export async function runCallbackWrite<T>(
  callback: (writable: Writable) => unknown,
  consume: (source: Readable) => Promise<T>,
): Promise<T> {
  // The user's chunks go straight into the store's readable (no intermediate transform): a write
  // completes at once while the readable's buffer has room, else when the store next reads.
  let waiting: ((err?: Error) => void) | undefined;
  const release = (err?: Error) => {
    const done = waiting;
    waiting = undefined;
    done?.(err);
  };
  const source = new Readable({
    highWaterMark: HIGH_WATER_MARK,
    read() {
      release();
    },
    destroy(err, done) {
      // Only a writer still waiting needs telling (and an Error's stack is not free on every write).
      if (waiting) release(new Error("the store stopped reading this stream"));
      done(err);
    },
  });
  const sink = new Writable({
    highWaterMark: HIGH_WATER_MARK,
    write(chunk: Buffer, _encoding, done) {
      if (source.destroyed) return done(new Error("the store stopped reading this stream"));
      if (source.push(chunk)) return done();
      waiting = done;
    },
    // Deliberately not ending `source` here: only the callback's resolution may commit the content.
    final(done) {
      done();
    },
  });

  // Both ends are destroyed with an error on failure. Neither side is obliged to listen for 'error' (a
  // callback may just write; a backend may not have started reading), and an unheard 'error' event
  // crashes the process. The error still reaches them: through write callbacks, `once(sink, "drain")`,
  // `finished()`, or the next read.
  sink.on("error", () => {});
  source.on("error", () => {});

  let consumerFailed = false;
  const consumer = consume(source);
  const consumerFailure = consumer.then(
    () => new Promise<never>(() => {}),
    (error: unknown) => {
      consumerFailed = true;
      sink.destroy(asError(error));
      source.destroy();
      return { error, from: "store" as const };
    },
  );

  const producer = (async () => {
    await callback(sink);
    if (consumerFailed) return;
    if (!sink.writableEnded && !sink.destroyed) sink.end();
    try {
      await finished(sink);
    } catch (error) {
      // The store never destroys the sink while it is still reading, so a sink that failed while the
      // source is intact was destroyed by the caller (`writable.destroy(err)`): their error, not ours.
      throw source.destroyed ? error : new CallerFailure(sink.errored ?? error);
    }
    source.push(null);
  })().then(
    () => undefined,
    (error: unknown) => ({ error, from: "callback" as const }),
  );

  const first = await Promise.race([producer, consumerFailure]);
  if (first?.from === "store") throw first.error;
  if (first?.from === "callback") {
    // Destroyed already: the store stopped reading (an abort, a storage fault) and the callback only
    // tripped over that, so the store's error is the one that explains the failure.
    const storeStoppedFirst = source.destroyed;
    source.destroy(asError(first.error));
    const storeOutcome = await consumer.then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    if (storeStoppedFirst && storeOutcome) throw storeOutcome.error;
    throw first.error;
  }
  return consumer;
}
