import { fileURLToPath } from "node:url";
import {
  type DurabilityOptions,
  describeJobStoreDurability,
  type FaultEnvironment,
  startFaultProxy,
} from "@jobstore/conformance";
import { collect, startStalledUpload } from "@jobstore/conformance/test-utils";
import { openJobStore } from "@jobstore/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { CONNECTION_STRING, rawService, SKIP_REASON, testAccount } from "./azure-fixture.js";

// The durability suite on Azurite: workers are real processes that import this package (which registers
// azure:) and open the store by locator; the connection string reaches them through the environment.
// Leftovers are reported at any age (`leftoverAgeMs: 0`): every worker is dead when the suite looks.
const workerModule = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const PART_SIZE = 5 * 1024 * 1024;

/** What of a container remains: committed blobs and blobs with uncommitted blocks only (none when it is gone). */
async function containerResidue(locator: string): Promise<string[]> {
  const container = rawService().getContainerClient(locator.split(":")[2] as string);
  if (!(await container.exists())) return [];
  const left = [`container ${container.containerName}`];
  for await (const blob of container.listBlobsFlat({ includeUncommitedBlobs: true }))
    left.push(`blob ${blob.name}`);
  return left;
}

/** A TCP fault proxy in front of Azurite; workers reach it through AZURE_STORAGE_BLOB_ENDPOINT. */
async function faultEnvironment(): Promise<FaultEnvironment> {
  const endpoint = new URL(process.env.AZURE_STORAGE_BLOB_ENDPOINT ?? "");
  const proxy = await startFaultProxy({ upstream: endpoint.origin, rate: 0.03 });
  return {
    env: { AZURE_STORAGE_BLOB_ENDPOINT: `${proxy.endpoint}${endpoint.pathname}` },
    enable: () => proxy.enable(),
    disable: () => proxy.disable(),
    injected: () => proxy.injected(),
    teardown: () => proxy.close(),
  };
}

const options: DurabilityOptions = {
  name: "azure",
  workerModule,
  openOptions: { partSize: PART_SIZE, leftoverAgeMs: 0 },
  locator: ({ tag }) => `azure:${testAccount()}:dur-${tag}`,
  residue: containerResidue,
  faults: { setup: faultEnvironment },
};

if (CONNECTION_STRING && process.env.AZURE_STORAGE_BLOB_ENDPOINT) {
  describe("durability on Azurite", () => describeJobStoreDurability(options));
} else {
  describe("durability on Azurite", () => it.skip(SKIP_REASON, () => {}));
}

/** Polls until a blob of the container has a staged part (besides the upload's marker); returns its name. */
async function blobWithStagedPart(container: string, running: () => boolean): Promise<string> {
  const client = rawService().getContainerClient(container);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && running()) {
    for await (const blob of client.listBlobsFlat({ includeUncommitedBlobs: true })) {
      const blocks = await client
        .getBlockBlobClient(blob.name)
        .getBlockList("uncommitted")
        .catch(() => undefined);
      if ((blocks?.uncommittedBlocks ?? []).some((b) => b.size > 1)) return blob.name;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("no blob with a staged part appeared");
}

describe.skipIf(!CONNECTION_STRING)("leftovers of a writer killed mid-upload", () => {
  it("staged blocks of a killed writer are a leftover from leftoverAgeMs, removed without touching live files", {
    timeout: 300_000,
  }, async () => {
    const name = `dur-mp-${Math.random().toString(36).slice(2, 10)}`;
    const locator = `azure:${testAccount()}:${name}`;
    const store = await openJobStore(locator, { partSize: PART_SIZE, leftoverAgeMs: 0 });
    onTestFinished(async () => {
      await store.destroy().catch(() => {});
      await store.close();
    });
    await store.initialize();
    const live = Buffer.alloc(PART_SIZE + 4096, 3);
    const liveId = await store.writeFileStream((w) => {
      w.end(live);
    });
    const writer = startStalledUpload({ workerModule, locator, partSize: PART_SIZE, cwd: packageRoot });
    onTestFinished(() => writer.kill());
    const key = await blobWithStagedPart(name, writer.running).catch((err: Error) => {
      throw new Error(`${err.message}; writer stderr: ${writer.stderr()}`);
    });
    await writer.kill();

    const found = await collect(store.findLeftovers());
    const uploads = found.filter((l) => l.kind === "multipart-upload");
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.id).toContain(key);
    await store.removeLeftovers(found);
    expect(await collect(store.findLeftovers())).toEqual([]);
    const blocks = await rawService()
      .getContainerClient(name)
      .getBlockBlobClient(key)
      .getBlockList("all")
      .catch(() => undefined);
    expect(blocks?.uncommittedBlocks ?? []).toEqual([]);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.readFileStream(liveId)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(live)).toBe(true);
  });
});
