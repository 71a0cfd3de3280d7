import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type OpenJobStoreOptions, openJobStore, parseLocator, registerBackend } from "../src/index.js";
import { expectCode } from "./fixtures.js";
import { createStubBackend, type StubBackend } from "./stub-backend.js";

/** The registry is process-wide: each test registers its own scheme so none sees another's. */
function uniqueScheme(): string {
  return `stub-${randomUUID().slice(0, 8)}`;
}

const MALFORMED = [
  ["no colon", "memory"],
  ["an empty scheme", ":name"],
  ["an uppercase scheme", "Memory:name"],
  ["an all-caps scheme", "AWS:us-west-2:run"],
  ["a scheme starting with a digit", "1mem:name"],
  ["a scheme with a space", "mem ory:name"],
  ["nothing after the colon", "memory:"],
  ["the empty string", ""],
  ["a path", "/tmp/store"],
] as const;

describe("parseLocator", () => {
  it("splits at the first colon only", () => {
    expect(parseLocator("aws:us-west-2:my-run")).toEqual({ scheme: "aws", rest: "us-west-2:my-run" });
  });

  it("accepts scheme characters + . -", () => {
    expect(parseLocator("my.back-end+v2:x")).toEqual({ scheme: "my.back-end+v2", rest: "x" });
  });

  it.each(MALFORMED)("%s (%j) throws JOBSTORE_INVALID_LOCATOR", async (_why, locator) => {
    await expectCode(() => parseLocator(locator), "JOBSTORE_INVALID_LOCATOR");
  });

  it("a non-string throws JOBSTORE_INVALID_LOCATOR", async () => {
    await expectCode(() => parseLocator(42 as never), "JOBSTORE_INVALID_LOCATOR");
  });
});

describe("openJobStore", () => {
  it.each(MALFORMED)("%s (%j) rejects with JOBSTORE_INVALID_LOCATOR", async (_why, locator) => {
    await expectCode(openJobStore(locator), "JOBSTORE_INVALID_LOCATOR");
  });

  it("an unknown scheme rejects with JOBSTORE_INVALID_LOCATOR", async () => {
    await expectCode(openJobStore(`${uniqueScheme()}:x`), "JOBSTORE_INVALID_LOCATOR");
  });

  it("a registered scheme gets the rest and the options, and no storage I/O happens", async () => {
    const scheme = uniqueScheme();
    const seen: [string, OpenJobStoreOptions][] = [];
    let backend: StubBackend | undefined;
    registerBackend(scheme, (rest, options) => {
      seen.push([rest, options]);
      backend = createStubBackend();
      return backend;
    });
    const store = await openJobStore(`${scheme}:region:name`, { key: "k" });
    expect(seen).toEqual([["region:name", { key: "k" }]]);
    expect(store.backendName).toBe("stub");
    expect(backend?.totalCalls()).toBe(0);
    await store.initialize();
    expect(backend?.calls.get("create")).toBe(1);
  });

  it("an async factory works", async () => {
    const scheme = uniqueScheme();
    registerBackend(scheme, async () => createStubBackend());
    const store = await openJobStore(`${scheme}:x`);
    await store.initialize();
    expect(await store.jobExists("nothing")).toBe(false);
  });

  it("registering a scheme again replaces its factory", async () => {
    const scheme = uniqueScheme();
    let used = "";
    registerBackend(scheme, () => {
      used = "first";
      return createStubBackend();
    });
    registerBackend(scheme, () => {
      used = "second";
      return createStubBackend();
    });
    await openJobStore(`${scheme}:x`);
    expect(used).toBe("second");
  });

  it("a registered scheme can be listed among the known ones in the unknown-scheme error", async () => {
    const scheme = uniqueScheme();
    registerBackend(scheme, () => createStubBackend());
    const err = await expectCode(openJobStore("nosuchscheme:x"), "JOBSTORE_INVALID_LOCATOR");
    expect(err.cause).toBeUndefined();
  });
});

describe("registerBackend", () => {
  it.each(["", "Upper", "with space", "1digit", "a:b"])("scheme %j throws TypeError", (scheme) => {
    expect(() => registerBackend(scheme, () => createStubBackend())).toThrow(TypeError);
  });

  it("a factory that is not a function throws TypeError", () => {
    expect(() => registerBackend(uniqueScheme(), "nope" as never)).toThrow(TypeError);
  });
});
