import { randomBytes } from "node:crypto";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { BufferStream } from "../src/index.js";

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

describe("BufferStream: bytes in memory as a stream of views", () => {
  it("yields the whole buffer as one view by default, then ends and closes", async () => {
    const bytes = randomBytes(1000);
    const stream = new BufferStream(bytes);
    const closed = once(stream, "close");
    const chunks = await collect(stream);
    await closed;
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.buffer).toBe(bytes.buffer);
    expect(chunks[0]!.equals(bytes)).toBe(true);
    expect(stream.readableEnded).toBe(true);
  });

  it("yields views of at most chunkSize bytes, in order, to for-await and to 'data' listeners alike", async () => {
    const bytes = randomBytes(10_000);
    const looped = await collect(new BufferStream(bytes, 4096));
    expect(looped.map((c) => c.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(looped).equals(bytes)).toBe(true);
    expect((await buffer(new BufferStream(bytes, 4096))).equals(bytes)).toBe(true);
  });

  it("ends at once for an empty buffer, yielding nothing", async () => {
    const stream = new BufferStream(Buffer.alloc(0));
    const ended = once(stream, "end");
    expect(await collect(stream)).toEqual([]);
    await ended;
  });

  it("destroys the stream when the loop leaves early", async () => {
    const stream = new BufferStream(randomBytes(10));
    for await (const _ of stream) break;
    expect(stream.destroyed).toBe(true);
  });

  it("fails the loop with the stream's error when it is destroyed during the loop", async () => {
    const stream = new BufferStream(randomBytes(10), 2);
    const loop = (async () => {
      for await (const _ of stream) stream.destroy(new Error("gone"));
    })();
    await expect(loop).rejects.toThrow("gone");
  });

  it("fails the loop, not the process, when it is destroyed while the consumer awaits between chunks", async () => {
    const stream = new BufferStream(randomBytes(10), 2);
    const loop = (async () => {
      for await (const _ of stream) {
        stream.destroy(new Error("gone"));
        // The consumer's own wait: the stream's 'error' is emitted while no iterator listens for it.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await expect(loop).rejects.toThrow("gone");
  });

  it("takes Node's own iterator for what is left once the stream was read another way", async () => {
    const stream = new BufferStream(Buffer.from("abc"));
    expect(String(stream.read(1))).toBe("a");
    expect(Buffer.concat(await collect(stream)).toString()).toBe("bc");
  });

  it("refuses a chunk size that is not a positive integer", () => {
    for (const size of [0, -1, 1.5, Number.NaN]) {
      expect(() => new BufferStream(Buffer.from("x"), size)).toThrow(RangeError);
    }
  });
});
