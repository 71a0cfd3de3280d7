import { describe, expect, it } from "vitest";
import { describeMetadataLayer } from "../../src/index.js";
import { fsObjectTarget } from "./fs-target.js";

// The suite passes on the object metadata layer over the reference fs adapter: what fails in the
// broken runs (broken-layers.test.ts) is the flaws' doing.
describeMetadataLayer({ name: "objects on fs reference", target: async () => fsObjectTarget() });

describe("describeMetadataLayer options", () => {
  it("refuses a target that is not a function, before registering anything", () => {
    expect(() => describeMetadataLayer({ name: "x", target: undefined as never })).toThrow(
      /target must be a function, got undefined/,
    );
  });
});
