import { once } from "node:events";
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { BufferStream, destroyOnAbort } from "../src/index.js";

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream);
}

describe("destroyOnAbort", () => {
  it("an abort before the caller reads the stream fails the read with JOBSTORE_ABORTED, not the process", async () => {
    for (const make of [
      () => new BufferStream(Buffer.from("bytes")),
      () => Readable.from([Buffer.from("x")]),
    ]) {
      const controller = new AbortController();
      const stream = destroyOnAbort(make(), controller.signal);
      controller.abort();
      // The caller has not listened yet (it is still awaiting something of its own).
      await nextTurn();
      expect(stream.destroyed).toBe(true);
      await expect(drain(stream)).rejects.toMatchObject({ code: "JOBSTORE_ABORTED" });
    }
  });

  it("a signal aborted already destroys the stream at once, with the same error", async () => {
    const stream = destroyOnAbort(new BufferStream(Buffer.from("bytes")), AbortSignal.abort());
    await nextTurn();
    await expect(drain(stream)).rejects.toMatchObject({ code: "JOBSTORE_ABORTED" });
  });

  it("an abort after the stream closed changes nothing", async () => {
    const controller = new AbortController();
    const stream = destroyOnAbort(new BufferStream(Buffer.from("bytes")), controller.signal);
    const closed = once(stream, "close");
    await drain(stream);
    await closed;
    controller.abort();
    await nextTurn();
    expect(stream.errored).toBeNull();
  });
});
