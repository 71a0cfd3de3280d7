import { randomUUID } from "node:crypto";
import type { MetadataRecord } from "@jobstore/object-store";
import { isOutcomeUnknown } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { fileRecordKey, OWNED_PREFIX } from "../../../object-store/src/metadata/objects/object-keys.js";
import { createS3MetadataLayer } from "../../src/index.js";
import { countRequests, type S3MetadataLayer, useLayer } from "./layer-fixture.js";
import { makeS3Client, rawObjects, s3Available, s3Stack } from "./s3-fixture.js";
import { startStrippingProxy } from "./stripping-proxy.js";

function fileRecord(name: string, extra: Partial<MetadataRecord> = {}): MetadataRecord {
  return {
    kind: "file",
    name,
    version: randomUUID(),
    checksum: "0".repeat(64),
    size: 5,
    encrypted: false,
    inline: Buffer.from("hello"),
    cleanup: false,
    executable: false,
    read: false,
    ...extra,
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const names = (records: MetadataRecord[]) => records.map((r) => r.name).sort();

describe.skipIf(!s3Available)("s3: file and shared-file records", () => {
  const store = useLayer();

  it("costs: a small file's create 1 PutObject, a read 1 GetObject, a replacement after a read 1 PutObject", async () => {
    const { s3, layer } = await store.other();
    const counter = countRequests(s3);
    const id = layer.newFileId({ jobId: "j" });
    await layer.switchContent(fileRecord(id, { owner: "j", cleanup: true }), undefined, {});
    expect(counter.byCommand()).toEqual({ PutObjectCommand: 1 });
    counter.reset();
    const read = await layer.getRecord("file", id, {});
    expect(counter.byCommand()).toEqual({ GetObjectCommand: 1 });
    counter.reset();
    await layer.switchContent(fileRecord(id, { owner: "j", cleanup: true }), read!.version, {});
    expect(counter.byCommand()).toEqual({ PutObjectCommand: 1 });
  });

  it("listRecords yields every file and every shared file once", async () => {
    const { layer } = store.get();
    const ids = ["plain", layer.newFileId({ jobId: "j1" }), layer.newFileId({ jobId: "a/b" }), "x/y.z"];
    for (const id of ids) await layer.switchContent(fileRecord(id), undefined, {});
    await layer.switchContent({ ...fileRecord("config.json"), kind: "shared" }, undefined, {});
    const other = (await store.other()).layer;
    expect(names(await collect(other.listRecords("file", {}, {})))).toEqual([...ids].sort());
    expect(names(await collect(other.listRecords("shared", {}, {})))).toEqual(["config.json"]);
  });
});

describe.skipIf(!s3Available)("s3: cleanup files of a job", () => {
  const store = useLayer();

  async function writeFiles(layer: S3MetadataLayer) {
    const grouped = layer.newFileId({ jobId: "j" });
    const groupedKept = layer.newFileId({ jobId: "j" });
    const foreign = "restored-id-from-another-store";
    const otherJob = layer.newFileId({ jobId: "j2" });
    await layer.switchContent(fileRecord(grouped, { owner: "j", cleanup: true }), undefined, {});
    await layer.switchContent(fileRecord(groupedKept, { owner: "j", cleanup: false }), undefined, {});
    await layer.switchContent(fileRecord(foreign, { owner: "j", cleanup: true }), undefined, {});
    await layer.switchContent(fileRecord(otherJob, { owner: "j2", cleanup: true }), undefined, {});
    return { grouped, groupedKept, foreign, otherJob };
  }

  it("costs no scan of the store: two listings of the job's prefixes and a GET per candidate", async () => {
    const { layer } = store.get();
    await writeFiles(layer);
    for (let i = 0; i < 20; i++) await layer.switchContent(fileRecord(`unrelated-${i}`), undefined, {});
    const { s3, layer: other } = await store.other();
    const counter = countRequests(s3);
    await collect(other.listRecords("file", { cleanupOf: "j" }, {}));
    // Grouped: 1 listing + 2 GETs (cleanup and kept). Foreign: 1 listing + index entry GET + record GET.
    expect(counter.byCommand()).toEqual({ ListObjectsV2Command: 2, GetObjectCommand: 4 });
  });

  it("deleteRecords removes the records and their owner-index entries", async () => {
    const { layer, s3, bucket } = store.get();
    const { groupedKept, otherJob } = await writeFiles(layer);
    const found = await collect(layer.listRecords("file", { cleanupOf: "j" }, {}));
    await layer.deleteRecords("file", names(found), {});
    expect(names(await collect(layer.listRecords("file", {}, {})))).toEqual([groupedKept, otherJob].sort());
    const index = [];
    for await (const page of rawObjects(s3, bucket).list(OWNED_PREFIX, {})) index.push(...page);
    expect(index).toEqual([]);
  });
});

describe.skipIf(!s3Available)("s3: record writes whose reply is lost", () => {
  const store = useLayer();

  /** A layer whose first record PutObject for `name` reaches the server but loses its reply. */
  async function lossyLayer(name: string, maxAttempts: number) {
    const { s3, bucket } = store.get();
    let dropped = 0;
    const proxy = await startStrippingProxy(s3Stack.endpoint ?? "", s3, {
      strip: false,
      dropReply: (method, path) => {
        if (method !== "PUT" || !path.endsWith(fileRecordKey(name)) || dropped > 0) return false;
        dropped++;
        return true;
      },
    });
    const client = makeS3Client(proxy.endpoint, maxAttempts);
    const layer = createS3MetadataLayer({ s3: client, bucket });
    await layer.open({});
    return {
      layer,
      dropped: () => dropped,
      close: async () => {
        client.destroy();
        await proxy.close();
      },
    };
  }

  for (const maxAttempts of [1, 3]) {
    it(`a create that applied resolves (${maxAttempts === 1 ? "network error, read back" : "SDK retry meets its own write: 412, read back"})`, async () => {
      const lossy = await lossyLayer("f", maxAttempts);
      try {
        const record = fileRecord("f");
        await lossy.layer.switchContent(record, undefined, {});
        expect(lossy.dropped()).toBe(1);
        expect((await store.get().layer.getRecord("file", "f", {}))?.version).toBe(record.version);
      } finally {
        await lossy.close();
      }
    });
  }

  it("a replacement that applied resolves after its retry meets its own write", async () => {
    const first = fileRecord("f");
    await store.get().layer.switchContent(first, undefined, {});
    const lossy = await lossyLayer("f", 3);
    try {
      const read = await lossy.layer.getRecord("file", "f", {});
      const second = fileRecord("f");
      await lossy.layer.switchContent(second, read!.version, {});
      expect(lossy.dropped()).toBe(1);
      expect((await store.get().layer.getRecord("file", "f", {}))?.version).toBe(second.version);
    } finally {
      await lossy.close();
    }
  });

  /**
   * A layer (SDK: 2 attempts) whose first record PutObject for `name` reaches the server but loses its
   * reply, and whose next `lostReads` GETs of the record lose theirs too: the SDK's retry meets its own
   * write (412) and the first read-back fails as a whole.
   */
  async function lossyReadBack(name: string, lostReads: number) {
    const { s3, bucket } = store.get();
    let put = 0;
    let gets = 0;
    const proxy = await startStrippingProxy(s3Stack.endpoint ?? "", s3, {
      strip: false,
      dropReply: (method, path) => {
        if (!path.endsWith(fileRecordKey(name))) return false;
        if (method === "PUT" && put === 0) return ++put > 0;
        return method === "GET" && put > 0 && gets < lostReads && ++gets > 0;
      },
    });
    const client = makeS3Client(proxy.endpoint, 2);
    const layer = createS3MetadataLayer({ s3: client, bucket });
    await layer.open({});
    return {
      layer,
      lost: () => ({ put, gets }),
      close: async () => {
        client.destroy();
        await proxy.close();
      },
    };
  }

  it("a replacement that applied resolves even when the first read-back of it fails", async () => {
    await store.get().layer.switchContent(fileRecord("f"), undefined, {});
    const lossy = await lossyReadBack("f", 2);
    try {
      const read = await lossy.layer.getRecord("file", "f", {});
      const second = fileRecord("f", { inline: Buffer.from("new content") });
      await lossy.layer.switchContent(second, read!.version, {});
      expect(lossy.lost()).toEqual({ put: 1, gets: 2 });
      const now = await store.get().layer.getRecord("file", "f", {});
      expect(now?.version).toBe(second.version);
      expect(now?.inline?.toString()).toBe("new content");
    } finally {
      await lossy.close();
    }
  });

  it("a replacement whose retry met a 412 and that cannot be read back is an unknown outcome, not a lost race", async () => {
    await store.get().layer.switchContent(fileRecord("f"), undefined, {});
    const lossy = await lossyReadBack("f", 1000);
    try {
      const read = await lossy.layer.getRecord("file", "f", {});
      const err = await lossy.layer
        .switchContent(fileRecord("f"), read!.version, {})
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "JOBSTORE_UNAVAILABLE" });
      expect(isOutcomeUnknown(err)).toBe(true);
    } finally {
      await lossy.close();
    }
  });

  it("a delete whose tombstone write applied resolves even when the first read-back fails", async () => {
    const record = fileRecord("f");
    await store.get().layer.switchContent(record, undefined, {});
    const lossy = await lossyReadBack("f", 3);
    try {
      // The delete reads the record first (one GET lost and retried), then writes the tombstone.
      await lossy.layer.deleteRecord("file", "f", record.version, {});
      expect(lossy.lost().put).toBe(1);
      expect(await store.get().layer.getRecord("file", "f", {})).toBeUndefined();
    } finally {
      await lossy.close();
    }
  });
});
