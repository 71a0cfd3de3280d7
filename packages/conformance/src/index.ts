export { describeJobStoreConformance } from "./describe-conformance.js";
export { describeJobStoreDurability } from "./durability/parent/describe-durability.js";
export {
  type FaultKind,
  type FaultProxy,
  type FaultProxyOptions,
  startFaultProxy,
} from "./durability/parent/fault-proxy.js";
export type {
  DurabilityFaultOptions,
  DurabilityLocatorContext,
  DurabilityOptions,
  FaultEnvironment,
} from "./durability/parent/options.js";
export type { DurabilityCheckName, DurabilityReport } from "./durability/parent/report.js";
export { durabilityScale, runDurabilityCheck } from "./durability/parent/run-durability-check.js";
export { type ConformanceFixture, type UseFixtureOptions, useFixture } from "./fixture.js";
export {
  describeMetadataLayer,
  type MetadataLayerSuiteOptions,
  type MetadataLayerTarget,
} from "./metadata-layer/index.js";
export { registerModelProperties } from "./model/model-properties.js";
export { describeObjectStore } from "./object-store/describe-object-store.js";
export type {
  ObjectStoreFactory,
  ObjectStoreFactoryRef,
  ObjectStoreSuiteOptions,
} from "./object-store/options.js";
export type { ConformanceOptions, ConformanceStore } from "./options.js";
export { registerAbortTests } from "./suites/abort.js";
export { registerBadInputTests } from "./suites/bad-input.js";
export { registerBatchTests } from "./suites/batch.js";
export { registerCallerErrorTests } from "./suites/caller-errors.js";
export { registerCapabilityTests } from "./suites/capabilities.js";
export { registerErrorCodeTests } from "./suites/error-codes.js";
export { registerFileDeletionTests } from "./suites/file-deletion.js";
export { registerFileStreamTests } from "./suites/file-streams.js";
export { registerFileTests } from "./suites/files.js";
export { registerImportExportTests } from "./suites/import-export.js";
export { registerJobTests } from "./suites/jobs.js";
export { registerLeftoverTests } from "./suites/leftovers.js";
export { registerLifecycleTests } from "./suites/lifecycle.js";
export { registerListingTests } from "./suites/listing.js";
export { registerLogTests } from "./suites/logs.js";
export { registerOpenStateTests } from "./suites/open-state.js";
export { registerProgressTests } from "./suites/progress.js";
export { registerPublicUrlTests } from "./suites/public-urls.js";
export { registerRestoreTests } from "./suites/restore.js";
export { registerSharedFileTests } from "./suites/shared-files.js";
