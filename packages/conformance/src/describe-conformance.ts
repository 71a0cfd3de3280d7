import { describe } from "vitest";
import { registerModelProperties } from "./model/model-properties.js";
import type { ConformanceOptions } from "./options.js";
import { registerAbortTests } from "./suites/abort.js";
import { registerBadInputTests } from "./suites/bad-input.js";
import { registerBatchTests } from "./suites/batch.js";
import { registerCallerErrorTests } from "./suites/caller-errors.js";
import { registerCapabilityTests } from "./suites/capabilities.js";
import { registerErrorCodeTests } from "./suites/error-codes.js";
import { registerFileDeletionTests } from "./suites/file-deletion.js";
import { registerFileStreamTests } from "./suites/file-streams.js";
import { registerFileTests } from "./suites/files.js";
import { registerImportExportTests } from "./suites/import-export.js";
import { registerJobTests } from "./suites/jobs.js";
import { registerLeftoverTests } from "./suites/leftovers.js";
import { registerLifecycleTests } from "./suites/lifecycle.js";
import { registerListingTests } from "./suites/listing.js";
import { registerLogTests } from "./suites/logs.js";
import { registerOpenStateTests } from "./suites/open-state.js";
import { registerProgressTests } from "./suites/progress.js";
import { registerPublicUrlTests } from "./suites/public-urls.js";
import { registerRestoreTests } from "./suites/restore.js";
import { registerSharedFileTests } from "./suites/shared-files.js";

/**
 * Registers the whole job store conformance suite for one backend: readable example tests per feature
 * area, then the fast-check model-based properties. Call it once, at the top level of a vitest file.
 *
 * @remarks
 * `setup()` runs once per test and must give a fresh, isolated store; `open()` on its result gives a new
 * handle on that same store each time (the suite uses a writer and a reader, as two processes would).
 * Capabilities are read from the backend: tests of a capability the backend lacks are reported as
 * skipped. Options tune the harness only and cannot switch a contract test off. A failing test names
 * the behaviour and asserts error codes, never message text.
 *
 * @example
 * ```ts
 * import { randomUUID } from "node:crypto";
 * import { describeJobStoreConformance } from "@jobstore/conformance";
 * import { createFooBackend } from "../src/index.js";
 *
 * describeJobStoreConformance({
 *   name: "foo",
 *   setup: () => {
 *     const namespace = randomUUID();
 *     return {
 *       open: () => createFooBackend({ namespace }),
 *       teardown: () => createFooBackend({ namespace }).destroy({}),
 *     };
 *   },
 * });
 * ```
 * @public
 */
export function describeJobStoreConformance(options: ConformanceOptions): void {
  describe(`jobstore conformance: ${options.name}`, () => {
    registerCapabilityTests(options);
    registerLifecycleTests(options);
    registerOpenStateTests(options);
    registerAbortTests(options);
    registerJobTests(options);
    registerBatchTests(options);
    registerFileTests(options);
    registerFileStreamTests(options);
    registerCallerErrorTests(options);
    registerFileDeletionTests(options);
    registerSharedFileTests(options);
    registerLogTests(options);
    registerPublicUrlTests(options);
    registerImportExportTests(options);
    registerErrorCodeTests(options);
    registerListingTests(options);
    registerRestoreTests(options);
    registerProgressTests(options);
    registerLeftoverTests(options);
    registerBadInputTests(options);
    registerModelProperties(options);
  });
}
