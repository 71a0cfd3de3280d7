import { describe, expect, it } from "vitest";
import { defineCapabilities } from "../src/index.js";
import { openStore } from "./fixtures.js";

const KEYS = [
  "batchCreate",
  "encryption",
  "publicUrls",
  "inlineFileLimit",
  "partSize",
  "deleteBatchSize",
  "jobChunkSize",
  "overlargeJobThreshold",
  "maxPublicUrlSeconds",
  "importSchemes",
  "exportSchemes",
  "maxIdBytes",
  "maxSharedNameBytes",
  "abortIncompleteUploadsAfterDays",
];

describe("defineCapabilities", () => {
  it("with no argument gives every key its unsupported default", () => {
    expect(defineCapabilities()).toEqual({
      batchCreate: false,
      encryption: false,
      publicUrls: "none",
      inlineFileLimit: 0,
      partSize: 0,
      deleteBatchSize: 1,
      jobChunkSize: 0,
      overlargeJobThreshold: 0,
      maxPublicUrlSeconds: 0,
      importSchemes: [],
      exportSchemes: [],
      maxIdBytes: 0,
      maxSharedNameBytes: 0,
      abortIncompleteUploadsAfterDays: 0,
    });
  });

  it("always returns every key, whatever was given", () => {
    expect(Object.keys(defineCapabilities({ partSize: 5 })).sort()).toEqual([...KEYS].sort());
  });

  it("keeps the given values", () => {
    const caps = defineCapabilities({ batchCreate: true, publicUrls: "http", importSchemes: ["s3"] });
    expect(caps.batchCreate).toBe(true);
    expect(caps.publicUrls).toBe("http");
    expect(caps.importSchemes).toEqual(["s3"]);
    expect(caps.encryption).toBe(false);
  });

  it("is frozen, scheme lists included", () => {
    const caps = defineCapabilities({ exportSchemes: ["s3"] });
    expect(Object.isFrozen(caps)).toBe(true);
    expect(Object.isFrozen(caps.importSchemes)).toBe(true);
    expect(Object.isFrozen(caps.exportSchemes)).toBe(true);
    expect(() => {
      (caps as { batchCreate: boolean }).batchCreate = true;
    }).toThrow(TypeError);
  });

  it("copies the scheme lists, so changing the input later changes nothing", () => {
    const schemes = ["s3"];
    const caps = defineCapabilities({ importSchemes: schemes });
    schemes.push("gs");
    expect(caps.importSchemes).toEqual(["s3"]);
  });

  it("an unknown key throws TypeError", () => {
    expect(() => defineCapabilities({ leases: true } as never)).toThrow(TypeError);
  });
});

describe("JobStore.capabilities", () => {
  it("is the backend's manifest, the same before and after close", async () => {
    const { store, backend } = await openStore();
    expect(store.capabilities).toBe(backend.capabilities);
    await store.close();
    expect(store.capabilities).toBe(backend.capabilities);
    expect(store.backendName).toBe("stub");
  });
});
