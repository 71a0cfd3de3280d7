import { isJobStoreError } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { decodeMarker, encodeMarker } from "../../src/metadata/objects/store-marker.js";

// The bytes `s3:` stores of earlier releases wrote: they must keep opening, and new ones must match them.
const EARLIER_RELEASE = '{"format":1,"ifMatch":"unquoted","ifMatchAny":true}';

describe("the store marker", () => {
  it("is written byte for byte as earlier releases wrote it", () => {
    expect(encodeMarker({ format: 1, ifMatch: "unquoted", ifMatchAny: true }).toString()).toBe(
      EARLIER_RELEASE,
    );
  });

  it("written by an earlier release reads back with its If-Match form", () => {
    expect(decodeMarker(Buffer.from(EARLIER_RELEASE), "bucket b", "s3")).toEqual({
      format: 1,
      ifMatch: "unquoted",
      ifMatchAny: true,
    });
  });

  it("of an adapter without a dialect leaves the form out, and reads back without one", () => {
    const bytes = encodeMarker({ format: 1, ifMatch: undefined, ifMatchAny: false });
    expect(bytes.toString()).toBe('{"format":1,"ifMatchAny":false}');
    expect(decodeMarker(bytes, "container c", "azure").ifMatch).toBeUndefined();
  });

  it.each([
    ["another format", '{"format":2,"ifMatch":"quoted","ifMatchAny":true}'],
    ["no wildcard flag", '{"format":1,"ifMatch":"quoted"}'],
    ["a form that is no string", '{"format":1,"ifMatch":7,"ifMatchAny":true}'],
    ["no JSON", "store"],
  ])("with %s is refused with JOBSTORE_NOT_SUPPORTED", (_what, text) => {
    let thrown: unknown;
    try {
      decodeMarker(Buffer.from(text), "bucket b", "s3");
    } catch (err) {
      thrown = err;
    }
    expect(isJobStoreError(thrown, "JOBSTORE_NOT_SUPPORTED")).toBe(true);
  });
});
