import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { describeObjectStore } from "../../src/index.js";
import type { FsObjectStoreConfig } from "./fs-object-store.js";

// The suite passes on the reference adapter: what fails in the broken runs (self.test.ts here) is the
// flaws' doing.
const config: FsObjectStoreConfig = { root: mkdtempSync(join(tmpdir(), "jobstore-fs-objects-")) };
afterAll(() => rmSync(config.root, { recursive: true, force: true }));

describeObjectStore({
  name: "fs reference",
  factory: {
    module: fileURLToPath(new URL("./fs-object-store.ts", import.meta.url)),
    export: "createFsObjectStore",
    config,
  },
});

describe("describeObjectStore options", () => {
  const factory = { module: "/nowhere.ts", export: "create" };

  it("refuses racers outside 2 to 8 and rounds below 1, naming the value, before registering anything", () => {
    expect(() => describeObjectStore({ name: "x", factory, racers: 1 })).toThrow(/racers .* got 1$/);
    expect(() => describeObjectStore({ name: "x", factory, racers: 9 })).toThrow(/racers .* got 9$/);
    expect(() => describeObjectStore({ name: "x", factory, rounds: 0 })).toThrow(/rounds .* got 0$/);
  });

  it("refuses a factory without its module or export", () => {
    expect(() => describeObjectStore({ name: "x", factory: { module: "", export: "create" } })).toThrow(
      TypeError,
    );
    expect(() => describeObjectStore({ name: "x", factory: { module: "/m.ts", export: "" } })).toThrow(
      TypeError,
    );
  });
});
