import type { CallOptions } from "@jobstore/core";
import type { MetadataLayer } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useCreatedStore } from "../fixture.js";
import type { MetadataLayerSuiteOptions } from "../options.js";
import { collect, job, record, timeoutOf } from "../support.js";

/** One call of each I/O method, with `o` as its options. */
function everyCall(
  layer: MetadataLayer,
  version: string,
): Array<[string, (o: CallOptions) => Promise<unknown>]> {
  return [
    ["open", (o) => layer.open(o)],
    ["createJob", (o) => layer.createJob(job("new"), o)],
    ["updateJob", (o) => layer.updateJob(job("j", { version: 2 }), o)],
    ["loadJob", (o) => layer.loadJob("j", o)],
    ["jobExists", (o) => layer.jobExists("j", o)],
    ["deleteJob", (o) => layer.deleteJob("j", o)],
    ["jobs", (o) => collect(layer.jobs(o))],
    ["getRecord", (o) => layer.getRecord("file", "f", o)],
    ["switchContent", (o) => layer.switchContent(record("file", "f"), version, o)],
    ["deleteRecord", (o) => layer.deleteRecord("file", "f", version, o)],
    ["deleteRecords", (o) => layer.deleteRecords("file", ["f"], o)],
    ["listRecords", (o) => collect(layer.listRecords("file", {}, o))],
    ["markRead", (o) => layer.markRead(["l"], o)],
  ];
}

/** Registers the abort check: a fired signal rejects every method with JOBSTORE_ABORTED and changes nothing. */
export function registerAbortTests(options: MetadataLayerSuiteOptions): void {
  const timeout = timeoutOf(options);
  describe("aborts", () => {
    it("every method with a fired signal rejects with JOBSTORE_ABORTED and changes nothing", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const existing = record("file", "f");
      await layer.createJob(job("j"), {});
      await layer.switchContent(existing, undefined, {});
      const signal = AbortSignal.abort();
      const codes: Record<string, unknown> = {};
      for (const [name, call] of everyCall(await opened(), existing.version)) {
        codes[name] = await call({ signal }).then(
          () => "resolved",
          (err: { code?: unknown }) => err?.code,
        );
      }
      expect(codes).toEqual(Object.fromEntries(Object.keys(codes).map((name) => [name, "JOBSTORE_ABORTED"])));
      expect(await layer.loadJob("j", {})).toEqual(job("j"));
      expect(await layer.jobExists("new", {})).toBe(false);
      expect((await layer.getRecord("file", "f", {}))?.version).toBe(existing.version);
    });
  });
}
