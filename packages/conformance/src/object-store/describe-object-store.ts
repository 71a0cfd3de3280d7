import { describe } from "vitest";
import type { ObjectStoreSuiteOptions } from "./options.js";
import { registerConditionTests } from "./suites/conditions.js";
import { registerContainerTests } from "./suites/containers.js";
import { registerErrorTests } from "./suites/errors.js";
import { registerListingTests } from "./suites/listing.js";
import { registerMultipartTests } from "./suites/multipart.js";
import { registerPresignTests } from "./suites/presign.js";
import { registerReadTests } from "./suites/reads.js";

/**
 * Registers the `ObjectStore` contract suite for one adapter, against a real server: the obligations
 * stated on {@link @jobstore/object-store!ObjectStore}, each checked by a test named after it. Call it
 * once, at the top level of a vitest file.
 *
 * @remarks
 * Every test gets a fresh container: the suite picks a name, builds an adapter with the factory, creates
 * the container through it and, after the test (pass or fail), empties and destroys it and closes every
 * adapter it built. The factory is named by module and export, not passed as a function, because the
 * condition races build adapters in several worker processes (`node --import tsx`, inheriting the
 * environment), so that the conditions are shown atomic on the server and not merely in one event loop.
 *
 * - reads and writes: read-after-write on another adapter through get, open and head (tags agree);
 *   replacement; ranged reads (first, last, single byte, span, whole); empty objects; absence is `undefined`;
 * - listing and deleting: list-after-write, list-after-delete, more than one page of at most
 *   `listPageSize`, `deleteMany` across batches with missing keys;
 * - conditions: exactly one winner among racing creates and among racing replaces on one tag (losers get
 *   `{ written: false }` with the right `lost`, never an error), lost creates and stale or missing
 *   `ifMatch`, `ifMatch: "*"` (where `ifMatchAny`), conditional delete (where `conditionalDelete`);
 * - multipart uploads: parts out of order, nothing visible until complete, `listUploads`, abort,
 *   conditional complete (where `conditionalComplete`);
 * - containers: idempotent create, destroy of a missing container, `"no-container"` afterwards;
 * - presigned reads fetchable by a plain `fetch`; errors: a fired signal gives `"aborted"` on every
 *   operation, a gone upload `"missing"`; every rejection checked is an `ObjectStoreError`.
 *
 * Capabilities are read from the adapter; a check they rule out is reported as skipped with the reason.
 * Options tune the harness only.
 *
 * @example
 * ```ts
 * import { fileURLToPath } from "node:url";
 * import { describeObjectStore } from "@jobstore/conformance";
 *
 * // test/foo-factory.ts exports: createTestObjectStore(container, config) => createFooObjectStore(...)
 * describeObjectStore({
 *   name: "foo",
 *   factory: {
 *     module: fileURLToPath(new URL("./foo-factory.ts", import.meta.url)),
 *     export: "createTestObjectStore",
 *   },
 * });
 * ```
 * @public
 */
export function describeObjectStore(options: ObjectStoreSuiteOptions): void {
  describe(`object store contract: ${options.name}`, () => {
    registerReadTests(options);
    registerListingTests(options);
    registerConditionTests(options);
    registerMultipartTests(options);
    registerContainerTests(options);
    registerPresignTests(options);
    registerErrorTests(options);
  });
}
