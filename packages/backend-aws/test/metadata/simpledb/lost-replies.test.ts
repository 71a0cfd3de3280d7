import { randomUUID } from "node:crypto";
import { NodeHttpHandler, SimpleDbClient } from "@jobstore/client-simpledb";
import { createJobStore } from "@jobstore/core";
import type { MetadataRecord } from "@jobstore/object-store";
import { afterEach, describe, expect, it } from "vitest";
import { createS3ContentLayer } from "../../../src/index.js";
import { createSimpleDbMetadataLayer } from "../../../src/metadata/simpledb/simpledb-layer.js";
import { resourceNames } from "../../../src/names.js";
import { localBackend, makeS3, stack, stackAvailable, uniquePrefix } from "../../local-stack.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/**
 * A real SimpleDB client whose transport lets the first request of `action` reach simpledb-local and
 * then loses its reply (a network error), so the client retries a request the server already applied.
 */
function lossySimpleDb(action: string) {
  const inner = new NodeHttpHandler();
  let lost = 0;
  const client = new SimpleDbClient({
    region: stack.region,
    endpoint: stack.simpleDbEndpoint,
    credentials: stack.credentials,
    requestHandler: {
      async handle(request, options) {
        const response = await inner.handle(request, options);
        if (lost === 0 && new URLSearchParams(request.body).get("Action") === action) {
          lost++;
          throw Object.assign(new Error("reply lost"), { code: "ECONNRESET" });
        }
        return response;
      },
      destroy: () => inner.destroy(),
    },
  });
  return { client, lost: () => lost };
}

/** An initialized aws: store, and a SimpleDB metadata layer on it whose client loses one reply of `action`. */
async function lossyLayer(action: string) {
  const prefix = uniquePrefix("lost");
  const store = createJobStore(localBackend(prefix));
  await store.initialize();
  const s3 = makeS3();
  const lossy = lossySimpleDb(action);
  const names = resourceNames(prefix);
  const content = createS3ContentLayer({ region: stack.region, bucket: names.bucket, s3 });
  const layer = createSimpleDbMetadataLayer({
    region: stack.region,
    names,
    simpleDb: lossy.client,
    blobs: content,
  });
  cleanups.push(async () => {
    lossy.client.destroy();
    s3.destroy();
    await store.destroy();
    await store.close();
  });
  return { layer, lost: lossy.lost };
}

function fileRecord(name: string, text: string): MetadataRecord {
  return {
    kind: "file",
    name,
    version: randomUUID(),
    checksum: "0".repeat(64),
    size: text.length,
    encrypted: false,
    inline: Buffer.from(text),
    cleanup: false,
    executable: false,
    read: false,
  };
}

describe.skipIf(!stackAvailable)("aws: SimpleDB conditional writes whose reply is lost", () => {
  it("a replacement whose retry meets its own write (condition failed, may have applied) resolves", async () => {
    const { layer, lost } = await lossyLayer("PutAttributes");
    const first = fileRecord("f", "old");
    await layer.switchContent(first, undefined, {});
    const second = fileRecord("f", "new content");
    await layer.switchContent(second, first.version, {});
    expect(lost()).toBe(1);
    const now = await layer.getRecord("file", "f", {});
    expect(now?.version).toBe(second.version);
    expect(now?.inline?.toString()).toBe("new content");
  });

  it("a delete whose retry finds the item already gone resolves instead of reporting a lost race", async () => {
    const { layer, lost } = await lossyLayer("DeleteAttributes");
    const record = fileRecord("f", "doomed");
    await layer.switchContent(record, undefined, {});
    await layer.deleteRecord("file", "f", record.version, {});
    expect(lost()).toBe(1);
    expect(await layer.getRecord("file", "f", {})).toBeUndefined();
  });
});
