import { thrownCode } from "@jobstore/conformance/test-utils";
import { describe, expect, it } from "vitest";
import { awsBackendFactory, resourceNames } from "../src/index.js";

describe("name prefixes", () => {
  it.each([
    ["a--b", "a double hyphen"],
    ["a".repeat(100), "100 characters"],
    ["a".repeat(52), "52 characters"],
    ["a_b", "an underscore"],
    ["Abc", "an uppercase letter"],
    ["ab", "two characters"],
    ["-ab", "a leading hyphen"],
    ["ab-", "a trailing hyphen"],
  ])("prefix %j (%s) is rejected with JOBSTORE_INVALID_LOCATOR", (prefix) => {
    expect(thrownCode(() => resourceNames(prefix))).toBe("JOBSTORE_INVALID_LOCATOR");
  });

  it("a valid prefix of 51 characters derives the domains and the bucket", () => {
    const prefix = `a${"b-".repeat(24)}cd`;
    expect(prefix).toHaveLength(51);
    expect(resourceNames(prefix)).toEqual({
      prefix,
      jobsDomain: `${prefix}--jobs`,
      filesDomain: `${prefix}--files`,
      bucket: `${prefix}--files`,
    });
  });
});

describe("aws locators", () => {
  it.each(["us-east-1", "us-east-1:", ":my-run", "us-east-1:my-run:extra", "nowhere:my-run"])(
    "aws:%s is rejected with JOBSTORE_INVALID_LOCATOR",
    (rest) => {
      expect(thrownCode(() => awsBackendFactory(rest, {}))).toBe("JOBSTORE_INVALID_LOCATOR");
    },
  );

  it("an encryption key that is not 32 bytes is rejected with JOBSTORE_ENCRYPTION", () => {
    expect(
      thrownCode(() => awsBackendFactory("us-east-1:my-run", { encryptionKey: new Uint8Array(16) })),
    ).toBe("JOBSTORE_ENCRYPTION");
  });

  it("a part size below 5 MiB is rejected with a RangeError", () => {
    expect(() => awsBackendFactory("us-east-1:my-run", { partSize: 1024 })).toThrow(RangeError);
  });
});
