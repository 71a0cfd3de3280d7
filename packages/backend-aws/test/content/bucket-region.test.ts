import { describe, expect, it } from "vitest";
import { conflictingRegion, isRegionRedirect } from "../../src/s3-object-store/bucket-region.js";

describe("bucket region conflicts", () => {
  it.each([
    [undefined, "us-east-1", undefined],
    ["", "us-east-1", undefined],
    ["", "us-west-2", "us-east-1"],
    ["EU", "eu-west-1", undefined],
    ["EU", "us-east-1", "eu-west-1"],
    ["us-west-2", "us-west-2", undefined],
    ["ap-southeast-2", "us-west-2", "ap-southeast-2"],
    ["default", "us-west-2", undefined],
  ])("location %j for a store in %s conflicts with region %j", (location, expected, conflict) => {
    expect(conflictingRegion(location, expected)).toBe(conflict);
  });

  it.each([
    [{ name: "PermanentRedirect" }, true],
    [{ name: "IllegalLocationConstraintException" }, true],
    [{ name: "Unknown", $metadata: { httpStatusCode: 301 } }, true],
    [{ name: "BucketAlreadyOwnedByYou", $metadata: { httpStatusCode: 409 } }, false],
    [{ name: "InvalidLocationConstraint", $metadata: { httpStatusCode: 400 } }, false],
  ])("CreateBucket error %j means another region: %s", (err, redirect) => {
    expect(isRegionRedirect(err)).toBe(redirect);
  });
});
