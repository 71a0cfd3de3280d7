import { defineCapabilities } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { testTimeout } from "./support.js";

const PUBLIC_URL_KINDS = ["http", "file", "none"];
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

/**
 * Registers the capability manifest tests: complete and well-typed, frozen, stable across handles and
 * `close()`, and consistent with the optional SPI methods the backend provides.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerCapabilityTests(options));
 * ```
 * @public
 */
export function registerCapabilityTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("capabilities", () => {
    it(
      "the manifest has exactly the keys of defineCapabilities(), each with a valid value",
      async () => {
        const f = await useFixture(options);
        const caps = f.capabilities;
        expect(Object.keys(caps).sort()).toEqual(Object.keys(defineCapabilities()).sort());
        expect(typeof caps.batchCreate).toBe("boolean");
        expect(typeof caps.encryption).toBe("boolean");
        expect(PUBLIC_URL_KINDS).toContain(caps.publicUrls);
        for (const key of [
          "inlineFileLimit",
          "partSize",
          "jobChunkSize",
          "overlargeJobThreshold",
          "maxPublicUrlSeconds",
          "maxIdBytes",
          "maxSharedNameBytes",
          "abortIncompleteUploadsAfterDays",
        ] as const) {
          expect(Number.isSafeInteger(caps[key]) && caps[key] >= 0, `${key} = ${caps[key]}`).toBe(true);
        }
        expect(Number.isSafeInteger(caps.deleteBatchSize) && caps.deleteBatchSize >= 1).toBe(true);
        for (const scheme of [...caps.importSchemes, ...caps.exportSchemes]) expect(scheme).toMatch(SCHEME);
        if (caps.maxPublicUrlSeconds > 0) expect(caps.maxPublicUrlSeconds).toBeGreaterThanOrEqual(3600);
      },
      timeout,
    );

    it(
      "the manifest is frozen, scheme lists included",
      async () => {
        const f = await useFixture(options);
        const backend = await f.openBackend();
        for (const caps of [f.capabilities, backend.capabilities]) {
          expect(Object.isFrozen(caps)).toBe(true);
          expect(Object.isFrozen(caps.importSchemes)).toBe(true);
          expect(Object.isFrozen(caps.exportSchemes)).toBe(true);
        }
      },
      timeout,
    );

    it(
      "every handle reports the same manifest, before and after close()",
      async () => {
        const f = await useFixture(options);
        const before = structuredClone({ ...f.capabilities });
        const other = await f.open();
        expect({ ...other.capabilities }).toEqual(before);
        await f.store.close();
        expect({ ...f.store.capabilities }).toEqual(before);
      },
      timeout,
    );

    it(
      "the backend has createJobs exactly when batchCreate is true",
      async () => {
        const f = await useFixture(options);
        const backend = await f.openBackend();
        expect(typeof backend.createJobs === "function").toBe(backend.capabilities.batchCreate);
      },
      timeout,
    );

    it(
      "the backend has importFile/exportFile when it names schemes for them, removeLeftovers with findLeftovers",
      async () => {
        const f = await useFixture(options);
        const backend = await f.openBackend();
        if (backend.capabilities.importSchemes.length > 0) expect(typeof backend.importFile).toBe("function");
        if (backend.capabilities.exportSchemes.length > 0) expect(typeof backend.exportFile).toBe("function");
        // Whatever a backend reports as left behind, it must be able to remove.
        expect(typeof backend.findLeftovers === "function").toBe(
          typeof backend.removeLeftovers === "function",
        );
        expect(typeof backend.name === "string" && backend.name.length > 0).toBe(true);
        expect(f.store.backendName).toBe(backend.name);
      },
      timeout,
    );
  });
}
