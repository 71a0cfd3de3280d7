import { describe } from "vitest";
import type { MetadataLayerSuiteOptions } from "./options.js";
import { registerAbortTests } from "./suites/aborts.js";
import { registerJobTests } from "./suites/jobs.js";
import { registerListingTests } from "./suites/listing.js";
import { registerRecordTests } from "./suites/records.js";
import { registerRegistryTests } from "./suites/registry.js";

/**
 * Registers the `MetadataLayer` contract suite for one metadata layer, against its real storage: the
 * obligations stated on {@link @jobstore/object-store!MetadataLayer}, each checked by a test named after
 * it. Call it once per layer, at the top level of a vitest file.
 *
 * @remarks
 * Every test gets a fresh store from `options.target()`, builds its handles from it (each as another
 * process would) and, after the test (pass or fail), destroys the store through a fresh handle, closes
 * every handle and disposes of the target.
 *
 * - registry: create and open on another handle; `JOBSTORE_EXISTS` on a second create;
 *   `JOBSTORE_NO_SUCH_STORE` for a never-created, destroyed, half-created (crash after `storage.create`)
 *   or half-destroyed (crash after `storage.destroy`) store; destroy idempotent and able to finish both;
 * - jobs: create, update, load, exists, delete (idempotent) and `jobs()` (each live job once); update of a
 *   missing or deleted job rejects `JOBSTORE_NO_SUCH_JOB`; jobs past `limits.jobChunkSize` (3 chunks) and
 *   `limits.overlargeJobThreshold` round-trip, shrink and grow again;
 * - records: all fields round-trip; `switchContent` conditional on the expected version (or on absence),
 *   `JOBSTORE_CONCURRENT_MODIFICATION` on a lost race, exactly one winner of two racing switches or
 *   creates; `deleteRecord` conditional; records of different kinds with one name kept apart;
 * - listing: per kind, never a record of another kind; `cleanupOf`, `unreadOnly`; `markRead` idempotent;
 *   `deleteRecords` across more than `limits.deleteBatchSize` names, missing ones included; logs of
 *   several writers each listed once;
 * - aborts: every method with a fired signal rejects `JOBSTORE_ABORTED` and changes nothing.
 *
 * @throws TypeError when `options.target` is not a function (at registration, before any test runs).
 *
 * @example
 * ```ts
 * import { describeMetadataLayer } from "@jobstore/conformance";
 *
 * describeMetadataLayer({
 *   name: "objects on foo",
 *   async target() {
 *     const container = `t-${randomUUID()}`;
 *     const objects = () => createFooObjectStore({ container });
 *     return {
 *       storage: { create: (o) => objects().createContainer(o), destroy: (o) => objects().destroyContainer(o) },
 *       layer: () => createObjectMetadataLayer(objects(), { backend: "foo" }),
 *     };
 *   },
 * });
 * ```
 * @public
 */
export function describeMetadataLayer(options: MetadataLayerSuiteOptions): void {
  if (typeof options?.target !== "function") {
    throw new TypeError(`describeMetadataLayer: target must be a function, got ${typeof options?.target}`);
  }
  describe(`metadata layer contract: ${options.name}`, () => {
    registerRegistryTests(options);
    registerJobTests(options);
    registerRecordTests(options);
    registerListingTests(options);
    registerAbortTests(options);
  });
}
