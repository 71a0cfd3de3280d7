import { logName, type MetadataRecord, type RecordKind } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useCreatedStore } from "../fixture.js";
import type { MetadataLayerSuiteOptions } from "../options.js";
import { collect, inParallel, namesOf, record, timeoutOf } from "../support.js";

const KINDS: readonly RecordKind[] = ["file", "shared", "log"];

/** Registers the listing checks: per kind and filter, bulk deletes across batches, read markers. */
export function registerListingTests(options: MetadataLayerSuiteOptions): void {
  const timeout = timeoutOf(options);
  describe("listing and bulk deletes", () => {
    it("listRecords yields every record of its kind once and never one of another kind", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const written = new Map<RecordKind, string[]>([
        ["file", ["plain", layer.newFileId?.({ jobId: "j1" }) ?? "grouped", "x/y.z"]],
        ["shared", ["config.json", "plain"]],
        ["log", [logName(), logName()]],
      ]);
      for (const [kind, names] of written) {
        for (const name of names) await layer.switchContent(record(kind, name), undefined, {});
      }
      const other = await opened();
      for (const kind of KINDS) {
        const listed = await collect(other.listRecords(kind, {}, {}));
        expect(
          listed.filter((r) => r.kind !== kind).map((r) => `${r.kind}:${r.name}`),
          `records of other kinds listed as ${kind}`,
        ).toEqual([]);
        expect(namesOf(listed)).toEqual([...(written.get(kind) ?? [])].sort());
      }
    });

    it("cleanupOf yields the job's cleanup files, and not its kept files or another job's", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const id = (jobId: string) => layer.newFileId?.({ jobId }) ?? crypto.randomUUID();
      const mine = [id("j"), "restored-id-from-another-store"];
      await layer.switchContent(record("file", mine[0]!, { owner: "j", cleanup: true }), undefined, {});
      await layer.switchContent(record("file", mine[1]!, { owner: "j", cleanup: true }), undefined, {});
      await layer.switchContent(record("file", id("j"), { owner: "j", cleanup: false }), undefined, {});
      await layer.switchContent(record("file", id("j2"), { owner: "j2", cleanup: true }), undefined, {});
      await layer.switchContent(record("shared", "j", { owner: "j", cleanup: true }), undefined, {});
      const found = await collect((await opened()).listRecords("file", { cleanupOf: "j" }, {}));
      expect(namesOf(found)).toEqual([...mine].sort());
    });

    it("deleteRecords removes more records than one batch holds, and ignores missing names", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const count = layer.limits.deleteBatchSize + 2;
      const names = Array.from({ length: count }, (_, i) => `f-${String(i).padStart(5, "0")}`);
      await inParallel(names, 16, (name) => layer.switchContent(record("file", name), undefined, {}));
      await layer.switchContent(record("file", "kept"), undefined, {});
      await layer.switchContent(record("shared", names[0]!), undefined, {});
      await layer.deleteRecords("file", [...names, "never-written"], {});
      const other = await opened();
      expect(namesOf(await collect(other.listRecords("file", {}, {})))).toEqual(["kept"]);
      expect(await other.getRecord("shared", names[0]!, {})).toBeDefined();
    });

    it("unreadOnly skips read logs; markRead is idempotent and seen by another handle", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const logs: MetadataRecord[] = [
        record("log", logName()),
        record("log", logName()),
        record("log", logName(), { read: true }),
      ];
      for (const log of logs) await layer.switchContent(log, undefined, {});
      const other = await opened();
      const [first, second, third] = logs.map((l) => l.name) as [string, string, string];
      expect(namesOf(await collect(other.listRecords("log", { unreadOnly: true }, {})))).toEqual(
        [first, second].sort(),
      );
      await other.markRead([first], {});
      await other.markRead([first], {});
      expect(namesOf(await collect(layer.listRecords("log", { unreadOnly: true }, {})))).toEqual([second]);
      const all = await collect(layer.listRecords("log", {}, {}));
      expect(all.map((r) => [r.name, r.read]).sort()).toEqual(
        [
          [first, true],
          [second, false],
          [third, true],
        ].sort(),
      );
    });

    it("logs written by several handles at once are each listed exactly once", { timeout }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const handles = [layer, await opened(), await opened()];
      const written = await Promise.all(
        handles.map(async (handle) => {
          const mine: string[] = [];
          for (let i = 0; i < 8; i++) {
            const log = record("log", logName());
            await handle.switchContent(log, undefined, {});
            mine.push(log.name);
          }
          return mine;
        }),
      );
      const listed = (await collect(layer.listRecords("log", { unreadOnly: true }, {}))).map((r) => r.name);
      expect(listed.sort()).toEqual(written.flat().sort());
    });
  });
}
