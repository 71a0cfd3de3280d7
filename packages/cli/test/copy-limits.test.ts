import { defineCapabilities } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { checkLimits, type StoreListing } from "../src/copy/copy-checks.js";
import { EXIT_CODES } from "../src/exit-codes.js";

function listing(fileId: string, sharedName = "config.json"): StoreListing {
  return {
    files: [{ fileId, cleanup: false, executable: false, size: 1, encrypted: false }],
    shared: [{ name: sharedName, size: 1, encrypted: false }],
    jobs: [{ jobStoreId: "j", version: 1 }],
    logs: [],
  };
}

describe("copy limits", () => {
  it("refuses with exit 2 a file ID longer than the destination keeps, naming it", () => {
    const caps = defineCapabilities({ maxIdBytes: 8 });
    expect(() => checkLimits(listing("123456789"), caps, "s3:x:y")).toThrow(
      expect.objectContaining({
        exitCode: EXIT_CODES.USAGE,
        message: expect.stringContaining('"123456789"'),
      }),
    );
    expect(() => checkLimits(listing("12345678"), caps, "s3:x:y")).not.toThrow();
  });

  it("counts UTF-8 bytes, not characters", () => {
    const caps = defineCapabilities({ maxIdBytes: 8 });
    expect(() => checkLimits(listing("ééééé"), caps, "s3:x:y")).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });

  it("refuses a shared name longer than the destination keeps, and 0 means no limit", () => {
    expect(() =>
      checkLimits(listing("f", "a".repeat(20)), defineCapabilities({ maxSharedNameBytes: 10 }), "d:x"),
    ).toThrow(expect.objectContaining({ exitCode: EXIT_CODES.USAGE }));
    expect(() =>
      checkLimits(listing("f".repeat(5000), "a".repeat(500)), defineCapabilities({}), "d:x"),
    ).not.toThrow();
  });
});
