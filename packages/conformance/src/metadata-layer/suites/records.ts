import { describe, expect, it } from "vitest";
import { useCreatedStore } from "../fixture.js";
import type { MetadataLayerSuiteOptions } from "../options.js";
import { record, timeoutOf } from "../support.js";

const LOST = { code: "JOBSTORE_CONCURRENT_MODIFICATION" };

/** Registers the record checks: round trips, conditional switches and deletes, racing switches. */
export function registerRecordTests(options: MetadataLayerSuiteOptions): void {
  const timeout = timeoutOf(options);
  describe("records", () => {
    it("a record round-trips with all its fields, inline or pointing at a content key", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const inline = record("file", "f1", { owner: "j", cleanup: true, executable: true, basename: "a.txt" });
      const { inline: _, ...external } = record("file", "f2", {
        key: "files/f2/v",
        size: 10_000,
        encrypted: true,
      });
      await layer.switchContent(inline, undefined, {});
      await layer.switchContent(external, undefined, {});
      const other = await opened();
      expect(await other.getRecord("file", "f1", {})).toEqual(inline);
      expect(await other.getRecord("file", "f2", {})).toEqual(external);
    });

    it("switchContent with no expected version rejects with JOBSTORE_CONCURRENT_MODIFICATION when the record exists", {
      timeout,
    }, async () => {
      const { layer } = await useCreatedStore(options);
      const first = record("file", "f");
      await layer.switchContent(first, undefined, {});
      await expect(
        layer.switchContent(record("file", "f", {}, "second"), undefined, {}),
      ).rejects.toMatchObject(LOST);
      expect((await layer.getRecord("file", "f", {}))?.version).toBe(first.version);
    });

    it("switchContent on a stale or missing record's version rejects with JOBSTORE_CONCURRENT_MODIFICATION", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const first = record("file", "f");
      await layer.switchContent(first, undefined, {});
      const other = await opened();
      const second = record("file", "f", {}, "second");
      await other.switchContent(second, first.version, {});
      await expect(
        layer.switchContent(record("file", "f", {}, "stale"), first.version, {}),
      ).rejects.toMatchObject(LOST);
      await expect(other.switchContent(record("file", "missing"), first.version, {})).rejects.toMatchObject(
        LOST,
      );
      expect((await layer.getRecord("file", "f", {}))?.inline?.toString()).toBe("second");
      expect(await layer.getRecord("file", "missing", {})).toBeUndefined();
    });

    it("two handles switching on the version they read: exactly one wins, the other gets CONCURRENT_MODIFICATION", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      await layer.switchContent(record("file", "f"), undefined, {});
      for (let round = 0; round < 3; round++) {
        const [a, b] = [await opened(), await opened()];
        const [readA, readB] = [await a.getRecord("file", "f", {}), await b.getRecord("file", "f", {})];
        const results = await Promise.allSettled([
          a.switchContent(record("file", "f", {}, `A${round}`), readA?.version, {}),
          b.switchContent(record("file", "f", {}, `B${round}`), readB?.version, {}),
        ]);
        const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i === 0 ? "A" : "B"] : []));
        expect(winners, "switches that won one race").toHaveLength(1);
        expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: LOST });
        expect((await layer.getRecord("file", "f", {}))?.inline?.toString()).toBe(`${winners[0]}${round}`);
      }
    });

    it("two handles creating one record: exactly one wins", { timeout }, async () => {
      const { opened } = await useCreatedStore(options);
      const [a, b] = [await opened(), await opened()];
      const results = await Promise.allSettled([
        a.switchContent(record("shared", "s", {}, "A"), undefined, {}),
        b.switchContent(record("shared", "s", {}, "B"), undefined, {}),
      ]);
      expect(
        results.filter((r) => r.status === "fulfilled"),
        "creates that won one race",
      ).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: LOST });
    });

    it("deleteRecord is conditional on the version, and a deleted name can be created again", {
      timeout,
    }, async () => {
      const { layer } = await useCreatedStore(options);
      const first = record("file", "f");
      await layer.switchContent(first, undefined, {});
      await expect(layer.deleteRecord("file", "f", "not-the-version", {})).rejects.toMatchObject(LOST);
      expect(await layer.getRecord("file", "f", {})).toBeDefined();
      await layer.deleteRecord("file", "f", first.version, {});
      expect(await layer.getRecord("file", "f", {})).toBeUndefined();
      await expect(layer.deleteRecord("file", "f", first.version, {})).rejects.toMatchObject(LOST);
      await layer.switchContent(record("file", "f"), undefined, {});
      expect(await layer.getRecord("file", "f", {})).toBeDefined();
    });

    it("records of different kinds with one name are separate", { timeout }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const name = "same-name";
      for (const kind of ["file", "shared", "log"] as const) {
        await layer.switchContent(record(kind, name, {}, kind), undefined, {});
      }
      const other = await opened();
      for (const kind of ["file", "shared", "log"] as const) {
        const found = await other.getRecord(kind, name, {});
        expect(found?.kind).toBe(kind);
        expect(found?.inline?.toString()).toBe(kind);
      }
      await layer.deleteRecords("shared", [name], {});
      expect(await other.getRecord("file", name, {})).toBeDefined();
      expect(await other.getRecord("shared", name, {})).toBeUndefined();
    });
  });
}
