import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { collect } from "@jobstore/conformance/test-utils";
import { beforeEach, describe, expect, it } from "vitest";
import { createFixture, type Fixture } from "./fixture.js";

const MIB = 1024 * 1024;

let fx: Fixture;
beforeEach(async () => {
  fx = await createFixture();
  return fx.teardown;
});

async function stored(bytes: Buffer): Promise<string> {
  return fx.store.writeFileStream((w) => void w.end(bytes));
}

describe("read streams consumed with for-await", () => {
  it("yield the whole content in chunks of at most 1 MiB", async () => {
    const content = randomBytes(3 * MIB + 5);
    const chunks = await collect<Buffer>(await fx.store.readFileStream(await stored(content)));
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(chunks.map((c) => c.length)).toEqual([MIB, MIB, MIB, 5]);
  });

  it("yield nothing for empty content and still end the stream", async () => {
    const stream = await fx.store.readFileStream(await stored(Buffer.alloc(0)));
    const ended = once(stream, "end");
    expect(await collect<Buffer>(stream)).toEqual([]);
    await ended;
    expect(stream.readableEnded).toBe(true);
  });

  it("end and close the stream after the last chunk, as a drained stream does", async () => {
    const stream = await fx.store.readFileStream(await stored(randomBytes(100)));
    const closed = once(stream, "close");
    await collect<Buffer>(stream);
    await closed;
    expect(stream.readableEnded).toBe(true);
  });

  it("destroy the stream when the loop leaves early", async () => {
    const stream = await fx.store.readFileStream(await stored(randomBytes(2 * MIB)));
    for await (const _ of stream) break;
    expect(stream.destroyed).toBe(true);
  });

  it("fail with an AbortError when the signal fires between chunks", async () => {
    const controller = new AbortController();
    const fileId = await stored(randomBytes(3 * MIB));
    const stream = await fx.store.readFileStream(fileId, { signal: controller.signal });
    const reading = (async () => {
      for await (const _ of stream) controller.abort();
    })();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
  });

  it("fail with the stream's error when it is destroyed between chunks", async () => {
    const stream = await fx.store.readFileStream(await stored(randomBytes(3 * MIB)));
    const boom = new Error("consumer gave up");
    const reading = (async () => {
      for await (const _ of stream) stream.destroy(boom);
    })();
    await expect(reading).rejects.toBe(boom);
  });

  it("continue where a stream already read by read() left off", async () => {
    const content = randomBytes(3 * MIB);
    const stream = await fx.store.readFileStream(await stored(content));
    await once(stream, "readable");
    const first = stream.read() as Buffer;
    const rest = await collect<Buffer>(stream);
    expect(Buffer.concat([first, ...rest]).equals(content)).toBe(true);
  });

  it("yield decrypted content of an encrypted store", async () => {
    const enc = await createFixture({ encrypted: true });
    try {
      const content = randomBytes(2 * MIB + 1);
      const fileId = await enc.store.writeFileStream((w) => void w.end(content));
      const chunks = await collect<Buffer>(await enc.store.readFileStream(fileId));
      expect(Buffer.concat(chunks).equals(content)).toBe(true);
    } finally {
      await enc.teardown();
    }
  });

  it("yield the content a shared file had when the stream was opened, after an update", async () => {
    const before = randomBytes(MIB + 1);
    await fx.store.writeSharedFileStream("s.bin", (w) => void w.end(before));
    const stream = await fx.store.readSharedFileStream("s.bin");
    await fx.store.writeSharedFileStream("s.bin", (w) => void w.end(randomBytes(10)));
    expect(Buffer.concat(await collect<Buffer>(stream)).equals(before)).toBe(true);
  });
});
