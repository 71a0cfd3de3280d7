import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { buffer } from "node:stream/consumers";
import { collect } from "@jobstore/conformance/test-utils";
import type { JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { freshStore } from "./fixture.js";

async function stored(store: JobStore, bytes: Buffer): Promise<string> {
  return store.writeFileStream((w) => void w.end(bytes));
}

describe("small content read as one chunk", () => {
  it("yields inline content whole to for-await, then ends and closes the stream", async () => {
    const { store } = await freshStore();
    const content = randomBytes(64 * 1024);
    const stream = await store.readFileStream(await stored(store, content));
    const closed = once(stream, "close");
    const chunks = await collect<Buffer>(stream);
    await closed;
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.equals(content)).toBe(true);
    expect(stream.readableEnded).toBe(true);
  });

  it("yields nothing for empty content and still ends the stream", async () => {
    const { store } = await freshStore();
    const stream = await store.readFileStream(await stored(store, Buffer.alloc(0)));
    const ended = once(stream, "end");
    expect(await collect<Buffer>(stream)).toEqual([]);
    await ended;
  });

  it("reads the same bytes through 'data' listeners and pipes as through for-await", async () => {
    const { store } = await freshStore();
    const content = randomBytes(1000);
    const fileId = await stored(store, content);
    expect((await buffer(await store.readFileStream(fileId))).equals(content)).toBe(true);
    const shared = randomBytes(3000);
    await store.writeSharedFileStream("s.bin", (w) => void w.end(shared));
    expect((await buffer(await store.readSharedFileStream("s.bin"))).equals(shared)).toBe(true);
  });
});
