import { randomBytes } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeJob, encodeJob, type JobDescription } from "../src/index.js";
import { expectCode } from "./fixtures.js";

const MiB = 1024 * 1024;
const PLAIN = 0x00;
const DEFLATE = 0x01;

function roundTrip(job: JobDescription): JobDescription {
  return decodeJob(encodeJob(job));
}

describe("encodeJob/decodeJob round-trip", () => {
  it("an empty object", () => {
    expect(roundTrip({})).toEqual({});
  });

  it("a tiny job", () => {
    const job = { jobStoreId: "j", version: 1 };
    expect(roundTrip(job)).toEqual(job);
  });

  it("unicode in keys and values, including astral characters", () => {
    const job = { jobStoreId: "ü-1", ключ: "значение", emoji: "🧬🚀", cjk: "日本語", nul: "a\u0000b" };
    expect(roundTrip(job)).toEqual(job);
  });

  it("nested opaque fields, arrays, numbers, booleans and null", () => {
    const job = { jobStoreId: "j", a: [1, 2.5, -3e10, true, null, { b: [[]] }], filesToDelete: [] };
    expect(roundTrip(job)).toEqual(job);
  });

  it("several MB of compressible content", () => {
    const job = { jobStoreId: "big", body: "ACGT".repeat(768 * 1024) };
    const bytes = encodeJob(job);
    expect(bytes.length).toBeLessThan(MiB);
    expect(roundTrip(job)).toEqual(job);
  });

  it("several MB of random content", () => {
    const job = {
      jobStoreId: "rnd",
      body: randomBytes(2 * MiB).toString("base64"),
      more: randomBytes(MiB).toString("latin1"),
    };
    expect(roundTrip(job)).toEqual(job);
  });

  it("any JSON object round-trips to what JSON would give back", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (job) => {
        expect(roundTrip(job)).toEqual(JSON.parse(JSON.stringify(job)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("marker byte", () => {
  it("a small job is stored plain behind marker 0x00", () => {
    const bytes = encodeJob({ jobStoreId: "j" });
    expect(bytes[0]).toBe(PLAIN);
    expect(bytes.subarray(1).toString("utf8")).toBe('{"jobStoreId":"j"}');
  });

  it("a large compressible job is deflated behind marker 0x01", () => {
    const bytes = encodeJob({ jobStoreId: "j", body: "x".repeat(10_000) });
    expect(bytes[0]).toBe(DEFLATE);
  });

  it("decodes a large job stored plain (an encoder that chose not to compress)", () => {
    const job = { jobStoreId: "j", body: "y".repeat(5000) };
    expect(decodeJob(Buffer.concat([Buffer.of(PLAIN), Buffer.from(JSON.stringify(job))]))).toEqual(job);
  });

  it("decodes from a Uint8Array view that does not start its buffer", () => {
    const encoded = encodeJob({ jobStoreId: "view" });
    const backing = new Uint8Array(encoded.length + 7);
    backing.set(encoded, 7);
    expect(decodeJob(backing.subarray(7))).toEqual({ jobStoreId: "view" });
  });
});

describe("corrupt input", () => {
  const cases: [string, Uint8Array][] = [
    ["empty bytes", new Uint8Array(0)],
    ["an unknown marker", Buffer.from('\u0002{"a":1}')],
    ["plain marker with invalid JSON", Buffer.from('\u0000{"a":')],
    ["deflate marker with garbage", Buffer.concat([Buffer.of(DEFLATE), Buffer.from("not deflate at all")])],
    ["truncated deflate", encodeJob({ body: "z".repeat(10_000) }).subarray(0, 12)],
    ["a JSON array", Buffer.from("\u0000[1,2]")],
    ["JSON null", Buffer.from("\u0000null")],
    ["a JSON string", Buffer.concat([Buffer.of(DEFLATE), deflateRawSync(Buffer.from('"job"'))])],
  ];

  it.each(cases)("%s rejects with a non-retryable JOBSTORE_UNAVAILABLE", async (_name, bytes) => {
    const err = await expectCode(() => decodeJob(bytes), "JOBSTORE_UNAVAILABLE");
    expect(err.retryable).toBe(false);
  });
});

describe("encodeJob of what JSON cannot hold", () => {
  it("a circular job throws TypeError", () => {
    const job: JobDescription = { jobStoreId: "c" };
    job.self = job;
    expect(() => encodeJob(job)).toThrow(TypeError);
  });

  it("a BigInt field throws TypeError", () => {
    expect(() => encodeJob({ n: 1n })).toThrow(TypeError);
  });
});
