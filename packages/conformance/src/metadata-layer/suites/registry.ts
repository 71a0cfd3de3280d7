import type { StorageHooks } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useCreatedStore, useMetadataLayerFixture } from "../fixture.js";
import type { MetadataLayerSuiteOptions } from "../options.js";
import { job, timeoutOf } from "../support.js";

/** Hooks that do the real work of `step`, then fail as a crash right after it would. */
function crashingAfter(storage: StorageHooks, step: "create" | "destroy"): StorageHooks {
  const crash = () => new Error(`simulated crash after storage.${step}`);
  return step === "create"
    ? { create: async (o) => Promise.reject(await storage.create(o).then(crash)), destroy: storage.destroy }
    : { create: storage.create, destroy: async (o) => Promise.reject(await storage.destroy(o).then(crash)) };
}

/** Registers the registry checks: create, open and destroy in every state a crash can leave. */
export function registerRegistryTests(options: MetadataLayerSuiteOptions): void {
  const timeout = timeoutOf(options);
  describe("registry", () => {
    it("a created store opens on another handle", { timeout }, async () => {
      const fixture = await useCreatedStore(options);
      await expect((await fixture.handle()).open({})).resolves.toBeUndefined();
    });

    it("open of a store never created rejects with JOBSTORE_NO_SUCH_STORE", { timeout }, async () => {
      const fixture = await useMetadataLayerFixture(options);
      await expect((await fixture.handle()).open({})).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_STORE",
      });
    });

    it("create of an existing store rejects with JOBSTORE_EXISTS, on this and on another handle", {
      timeout,
    }, async () => {
      const fixture = await useCreatedStore(options);
      await expect(fixture.layer.create(fixture.storage, {})).rejects.toMatchObject({
        code: "JOBSTORE_EXISTS",
      });
      const other = await fixture.handle();
      await expect(other.create(fixture.storage, {})).rejects.toMatchObject({ code: "JOBSTORE_EXISTS" });
    });

    it("two handles creating one store: exactly one succeeds, the other rejects with JOBSTORE_EXISTS", {
      timeout,
    }, async () => {
      const fixture = await useMetadataLayerFixture(options);
      const [a, b] = [await fixture.handle(), await fixture.handle()];
      const results = await Promise.allSettled([
        a.create(fixture.storage, {}),
        b.create(fixture.storage, {}),
      ]);
      expect(
        results.filter((r) => r.status === "fulfilled"),
        "creates that succeeded",
      ).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({
        reason: { code: "JOBSTORE_EXISTS" },
      });
    });

    it("destroy is idempotent, works on a never-created store, and leaves nothing open can find", {
      timeout,
    }, async () => {
      const fixture = await useMetadataLayerFixture(options);
      const layer = await fixture.handle();
      await layer.destroy(fixture.storage, {});
      await layer.create(fixture.storage, {});
      await layer.createJob(job("j"), {});
      await layer.destroy(fixture.storage, {});
      await layer.destroy(fixture.storage, {});
      await expect((await fixture.handle()).open({})).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_STORE",
      });
    });

    it("a store re-created after destroy is empty", { timeout }, async () => {
      const fixture = await useCreatedStore(options);
      await fixture.layer.createJob(job("old"), {});
      await fixture.layer.destroy(fixture.storage, {});
      const again = await fixture.handle();
      await again.create(fixture.storage, {});
      expect(await again.jobExists("old", {})).toBe(false);
    });

    it("a half-created store (crash after storage.create) is refused by open and removed by destroy", {
      timeout,
    }, async () => {
      const fixture = await useMetadataLayerFixture(options);
      const crashing = crashingAfter(fixture.storage, "create");
      await expect((await fixture.handle()).create(crashing, {})).rejects.toThrow(/simulated crash/);
      await expect((await fixture.handle()).open({})).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_STORE",
      });
      await (await fixture.handle()).destroy(fixture.storage, {});
      await expect((await fixture.handle()).open({})).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_STORE",
      });
      const fresh = await fixture.handle();
      await fresh.create(fixture.storage, {});
      await expect((await fixture.handle()).open({})).resolves.toBeUndefined();
    });

    it("a half-destroyed store (crash after storage.destroy) is refused by open, and destroy finishes it", {
      timeout,
    }, async () => {
      const fixture = await useCreatedStore(options);
      const crashing = crashingAfter(fixture.storage, "destroy");
      await expect((await fixture.handle()).destroy(crashing, {})).rejects.toThrow(/simulated crash/);
      await expect((await fixture.handle()).open({})).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_STORE",
      });
      await (await fixture.handle()).destroy(fixture.storage, {});
      const fresh = await fixture.handle();
      await fresh.create(fixture.storage, {});
      expect(await fresh.jobExists("j", {})).toBe(false);
    });
  });
}
