import { fileURLToPath } from "node:url";
import {
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { ListDomainsCommand } from "@jobstore/client-simpledb";
import {
  type DurabilityOptions,
  describeJobStoreDurability,
  type FaultEnvironment,
  startFaultProxy,
} from "@jobstore/conformance";
import { collect, startStalledUpload } from "@jobstore/conformance/test-utils";
import { openJobStore } from "@jobstore/core";
import { startSimpleDbLocal } from "@jobstore/simpledb-local";
import { describe, expect, it, onTestFinished } from "vitest";
import { resourceNames, s3BucketName } from "../src/index.js";
import { makeS3, makeSimpleDb, stack, stackAvailable } from "./local-stack.js";

// The durability suite on the local stack (radosgw + simpledb-local): workers are real processes that
// import this package (which registers aws: and s3:) and open the store by locator; endpoints and
// credentials reach them through the environment. JOBSTORE_DURABILITY_SCALE multiplies the counts.
// Leftovers are reported at any age (`leftoverAgeMs: 0`): every worker is dead when the suite looks for
// them, so the crash check proves that what killed writers left is found and removed, live data intact.
const workerModule = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const PART_SIZE = 5 * 1024 * 1024;

/** What of a bucket remains: objects and incomplete multipart uploads (none when it is gone). */
async function bucketResidue(s3: S3Client, bucket: string): Promise<string[]> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    return [];
  }
  const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return [
    `bucket ${bucket}`,
    ...(objects.Contents ?? []).map((o) => `object ${o.Key}`),
    ...(uploads.Uploads ?? []).map((u) => `multipart upload ${u.Key}`),
  ];
}

async function awsResidue(locator: string): Promise<string[]> {
  const names = resourceNames(locator.split(":")[2] as string);
  const s3 = makeS3();
  const sdb = makeSimpleDb();
  try {
    const domains = (await sdb.send(new ListDomainsCommand({}))).DomainNames ?? [];
    return [
      ...(await bucketResidue(s3, names.bucket)),
      ...domains.filter((d) => d === names.jobsDomain || d === names.filesDomain).map((d) => `domain ${d}`),
    ];
  } finally {
    s3.destroy();
  }
}

async function s3Residue(locator: string): Promise<string[]> {
  const s3 = makeS3();
  try {
    return await bucketResidue(s3, s3BucketName(locator.split(":")[2] as string));
  } finally {
    s3.destroy();
  }
}

/**
 * Fault injectors: a TCP fault proxy in front of radosgw and, for aws:, a private simpledb-local with a
 * fault rate behind a second proxy (the shared one must not fail other people's tests).
 */
async function faultEnvironment(withSimpleDb: boolean): Promise<FaultEnvironment> {
  const s3Proxy = await startFaultProxy({ upstream: stack.s3Endpoint as string, rate: 0.03 });
  const sdb = withSimpleDb ? await startSimpleDbLocal({ port: 0 }) : undefined;
  const sdbProxy = sdb ? await startFaultProxy({ upstream: sdb.endpoint, rate: 0.03 }) : undefined;
  const sdbFaults = { rate: 0.03, statuses: [500, 503] as Array<500 | 503> };
  let sdbRequests = 0;
  return {
    env: {
      AWS_ENDPOINT_URL_S3: s3Proxy.endpoint,
      ...(sdbProxy ? { AWS_ENDPOINT_URL_SIMPLEDB: sdbProxy.endpoint } : {}),
    },
    enable() {
      s3Proxy.enable();
      sdbProxy?.enable();
      sdb?.resetStats();
      sdb?.setFaults(sdbFaults);
    },
    disable() {
      s3Proxy.disable();
      sdbProxy?.disable();
      // simpledb-local counts requests, not faults: report how many ran under the 5xx rate.
      if (sdb?.faults) sdbRequests += Object.values(sdb.stats()).reduce((a, b) => a + b, 0);
      sdb?.setFaults(undefined);
    },
    injected() {
      const prefix = (p: string, counts: Record<string, number>) =>
        Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${p}-${k}`, v]));
      return {
        ...prefix("s3", s3Proxy.injected()),
        ...(sdbProxy ? prefix("sdb", sdbProxy.injected()) : {}),
        ...(sdb ? { [`sdb-requests-at-${sdbFaults.rate * 100}%-5xx`]: sdbRequests } : {}),
      };
    },
    async teardown() {
      await s3Proxy.close();
      await sdbProxy?.close();
      await sdb?.close();
    },
  };
}

const common: Omit<DurabilityOptions, "name" | "locator"> = {
  workerModule,
  openOptions: { partSize: PART_SIZE, leftoverAgeMs: 0 },
};

describe.skipIf(!stackAvailable)("durability on radosgw + simpledb-local", () => {
  describeJobStoreDurability({
    ...common,
    name: "aws",
    locator: ({ tag }) => `aws:${stack.region}:dur-${tag}`,
    residue: awsResidue,
    faults: { setup: () => faultEnvironment(true) },
  });
  describeJobStoreDurability({
    ...common,
    name: "s3",
    locator: ({ tag }) => `s3:${stack.region}:dur-${tag}`,
    residue: s3Residue,
    faults: { setup: () => faultEnvironment(false) },
  });
});

/** Polls until the bucket holds an incomplete multipart upload with at least one part; returns its key. */
async function uploadWithParts(s3: S3Client, bucket: string, running: () => boolean): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && running()) {
    const { Uploads = [] } = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const u of Uploads) {
      const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
      if ((parts.Parts ?? []).length > 0) return u.Key as string;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("no multipart upload with a part appeared");
}

describe.skipIf(!stackAvailable)("leftovers of a writer killed mid-upload", () => {
  const schemes = [
    { scheme: "aws", bucketOf: (name: string) => resourceNames(name).bucket },
    { scheme: "s3", bucketOf: s3BucketName },
  ];
  for (const { scheme, bucketOf } of schemes) {
    it(`${scheme}: a multipart upload killed mid-way is a leftover from leftoverAgeMs, removed without touching live files`, {
      timeout: 120_000,
    }, async () => {
      const name = `dur-mp-${Math.random().toString(36).slice(2, 10)}`;
      const locator = `${scheme}:${stack.region}:${name}`;
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
      const s3 = makeS3();
      onTestFinished(() => s3.destroy());
      const writer = startStalledUpload({ workerModule, locator, partSize: PART_SIZE, cwd: packageRoot });
      onTestFinished(() => writer.kill());
      const key = await uploadWithParts(s3, bucketOf(name), writer.running).catch((err: Error) => {
        throw new Error(`${err.message}; writer stderr: ${writer.stderr()}`);
      });
      await writer.kill();

      // The default age (an hour) keeps a fresh upload out of the report: it may be a running write.
      const patient = await openJobStore(locator, { partSize: PART_SIZE });
      onTestFinished(() => patient.close());
      await patient.resume();
      expect((await collect(patient.findLeftovers())).filter((l) => l.kind === "multipart-upload")).toEqual(
        [],
      );

      const found = await collect(store.findLeftovers());
      const uploads = found.filter((l) => l.kind === "multipart-upload");
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.id).toContain(key);
      await store.removeLeftovers(found);
      expect(await collect(store.findLeftovers())).toEqual([]);
      const left = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucketOf(name) }));
      expect(left.Uploads ?? []).toEqual([]);
      const chunks: Buffer[] = [];
      for await (const chunk of await store.readFileStream(liveId)) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(live)).toBe(true);
    });
  }

  it("a negative leftoverAgeMs is refused before any request", async () => {
    await expect(openJobStore(`aws:${stack.region}:dur-bad-age`, { leftoverAgeMs: -1 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      openJobStore(`s3:${stack.region}:dur-bad-age`, { leftoverAgeMs: Number.NaN }),
    ).rejects.toThrow(RangeError);
  });
});
