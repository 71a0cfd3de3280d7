import { randomUUID } from "node:crypto";
import type { StoredJob } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { STORE_MARKER_KEY } from "../../../object-store/src/metadata/objects/object-keys.js";
import { encodeMarker } from "../../../object-store/src/metadata/objects/store-marker.js";
import { countRequests, useLayer } from "./layer-fixture.js";
import { rawObjects, s3Available } from "./s3-fixture.js";

function job(id: string = randomUUID(), extra: Record<string, unknown> = {}): StoredJob {
  return { jobStoreId: id, jobName: "test", version: 1, ...extra } as StoredJob;
}

describe.skipIf(!s3Available)("s3: jobs (one object each)", () => {
  const store = useLayer();

  it("a created job loads deep-equal on another handle, with unusual IDs too", async () => {
    const { layer } = store.get();
    const other = (await store.other()).layer;
    for (const id of [randomUUID(), "a/b", "..", "é ☃ 𝄞", "x".repeat(300)]) {
      const stored = job(id, { body: { nested: [1, "two", null] } });
      await layer.createJob(stored, {});
      expect(await other.loadJob(id, {})).toEqual(stored);
      expect(await other.jobExists(id, {})).toBe(true);
    }
    expect(await other.loadJob("missing", {})).toBeUndefined();
    expect(await other.jobExists("missing", {})).toBe(false);
  });

  it("lookups of IDs no key can hold (too long, lone surrogate) find nothing, without a request", async () => {
    const { layer, s3 } = await store.other();
    const counter = countRequests(s3);
    for (const id of ["x".repeat(2000), "\uD800"]) {
      expect(await layer.loadJob(id, {})).toBeUndefined();
      expect(await layer.jobExists(id, {})).toBe(false);
      await layer.deleteJob(id, {});
      expect(await layer.getRecord("file", id, {})).toBeUndefined();
    }
    expect(counter.total()).toBe(0);
  });

  it("on a server without If-Match: *, updateJob goes by the ETag it saw or reads (and still refuses a deleted job)", async () => {
    const { s3, bucket } = store.get();
    const marker = rawObjects(s3, bucket);
    await marker.put(
      STORE_MARKER_KEY,
      encodeMarker({ format: 1, ifMatch: "unquoted", ifMatchAny: false }),
      undefined,
      {},
    );
    const { layer, s3: client } = await store.other();
    const counter = countRequests(client);
    await layer.createJob(job("j"), {});
    counter.reset();
    await layer.updateJob(job("j", { version: 2 }), {});
    expect(counter.byCommand()).toEqual({ PutObjectCommand: 1 });
    const other = (await store.other()).layer;
    await other.updateJob(job("j", { version: 3 }), {});
    counter.reset();
    // This handle's ETag is stale now: its If-Match fails, it reads the new one and wins (last writer wins).
    await layer.updateJob(job("j", { version: 4 }), {});
    expect(counter.byCommand()).toEqual({ PutObjectCommand: 2, HeadObjectCommand: 1 });
    expect(await other.loadJob("j", {})).toEqual(job("j", { version: 4 }));
    await other.deleteJob("j", {});
    await expect(layer.updateJob(job("j", { version: 5 }), {})).rejects.toMatchObject({
      code: "JOBSTORE_NO_SUCH_JOB",
    });
    await expect(other.updateJob(job("j", { version: 5 }), {})).rejects.toMatchObject({
      code: "JOBSTORE_NO_SUCH_JOB",
    });
  });

  it("jobs() yields every job once, and skips jobs deleted during the walk", async () => {
    const { layer } = store.get();
    const ids = Array.from({ length: 30 }, (_, i) => `job-${String(i).padStart(2, "0")}`);
    await layer.createJobs(
      ids.map((id) => job(id)),
      {},
    );
    const seen: string[] = [];
    for await (const each of layer.jobs({})) {
      seen.push(each.jobStoreId);
      if (seen.length === 1) await layer.deleteJob("job-29", {});
    }
    expect(seen).toEqual(ids.slice(0, 29));
  });

  it("costs: loadJob 1, updateJob 1 (on any handle), jobs() 1 list + 1 GET per job", async () => {
    const { layer } = store.get();
    await layer.createJobs([job("a"), job("b"), job("c")], {});
    const { layer: other, s3 } = await store.other();
    const counter = countRequests(s3);
    await other.loadJob("a", {});
    expect(counter.byCommand()).toEqual({ GetObjectCommand: 1 });
    counter.reset();
    await other.updateJob(job("b", { version: 5 }), {});
    expect(counter.byCommand()).toEqual({ PutObjectCommand: 1 });
    counter.reset();
    await other.createJob(job("d"), {});
    expect(counter.byCommand()).toEqual({ PutObjectCommand: 1 });
    counter.reset();
    const all = [];
    for await (const each of other.jobs({})) all.push(each);
    expect(all).toHaveLength(4);
    expect(counter.byCommand()).toEqual({ ListObjectsV2Command: 1, GetObjectCommand: 4 });
  });
});
