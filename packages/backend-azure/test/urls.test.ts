import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CONNECTION_STRING, freshContainerName, freshStore, rawService } from "./azure-fixture.js";
import { DEAD_ENDPOINT, fakeAccountStore, startFakeServer } from "./fake-azure.js";

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString();
}

/** A second container in the same account, removed after the test by the fixture's cleanup of its own. */
async function otherContainer() {
  const other = rawService().getContainerClient(freshContainerName());
  await other.create();
  return other;
}

describe.skipIf(!CONNECTION_STRING)("azure object store: URLs", () => {
  describe("presignRead", () => {
    it("gives a URL a plain fetch reads the bytes from, and that refuses writes", async () => {
      const store = await freshStore();
      await store.put("dir/a file", Buffer.from("public bytes"), undefined, {});
      const url = await store.presignRead("dir/a file", 600);
      const read = await fetch(url);
      expect(read.status).toBe(200);
      expect(await read.text()).toBe("public bytes");
      const write = await fetch(url, {
        method: "PUT",
        body: "x",
        headers: { "x-ms-blob-type": "BlockBlob" },
      });
      await write.body?.cancel();
      expect(write.status).toBe(403);
      expect((await store.get("dir/a file", {}))?.body.toString()).toBe("public bytes");
    });

    it("gives a URL that stops working when it expires", async () => {
      const store = await freshStore();
      await store.put("k", Buffer.from("x"), undefined, {});
      const url = await store.presignRead("k", 1);
      await new Promise((r) => setTimeout(r, 2100));
      const read = await fetch(url);
      await read.body?.cancel();
      expect(read.status).toBe(403);
    });
  });

  describe("external blobs", () => {
    it("copies an object server-side to a blob URL of the account", async () => {
      const store = await freshStore();
      const other = await otherContainer();
      try {
        await store.put("src", Buffer.from("copied"), undefined, {});
        const target = new URL(other.getBlobClient("out/dst").url);
        expect(await store.copyTo?.("src", target, {})).toBe(true);
        expect((await other.getBlobClient("out/dst").downloadToBuffer()).toString()).toBe("copied");
        expect(await store.copyTo?.("missing", target, {})).toBe(false);
      } finally {
        await other.delete();
      }
    });

    it("reads and writes blobs named by URLs outside the container", async () => {
      const store = await freshStore();
      const other = await otherContainer();
      try {
        const target = new URL(other.getBlobClient("in/x").url);
        await store.uploadExternal?.(
          target,
          Readable.from([Buffer.from("from "), Buffer.from("outside")]),
          {},
        );
        expect(await text(await (store.openExternal?.(target, {}) as Promise<Readable>))).toBe(
          "from outside",
        );
        const missing = new URL(other.getBlobClient("in/none").url);
        await expect(store.openExternal?.(missing, {})).rejects.toMatchObject({ kind: "missing" });
      } finally {
        await other.delete();
      }
    });
  });
});

describe("azure object store: URLs that are not blobs", () => {
  it("reads any other http URL with a plain GET, so generic imports keep working", async () => {
    const endpoint = await startFakeServer((_req, res) => res.end("plain bytes"));
    const store = fakeAccountStore(DEAD_ENDPOINT);
    const url = new URL(`${endpoint}/c-1/file.txt`);
    expect(await text(await (store.openExternal?.(url, {}) as Promise<Readable>))).toBe("plain bytes");
    await expect(store.uploadExternal?.(url, Readable.from(["x"]), {})).rejects.toMatchObject({
      kind: "unsupported",
    });
  });
});
