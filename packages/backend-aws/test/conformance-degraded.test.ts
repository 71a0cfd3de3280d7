import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore } from "@jobstore/core";
import { type SimpleDbLocalOptions, startSimpleDbLocal } from "@jobstore/simpledb-local";
import { afterAll, beforeAll, describe } from "vitest";
import { localBackend, makeSimpleDb, stackAvailable, uniquePrefix } from "./local-stack.js";

// The whole suite again, with SimpleDB misbehaving as the real service may: the backend must still
// pass, through consistent reads and retries. Fewer property runs: these runs prove robustness, the
// main run proves the model.
const variants: Array<[string, SimpleDbLocalOptions]> = [
  ["eventually consistent reads", { consistency: { staleReadMs: 1000 } }],
  [
    "10% of SimpleDB requests failing with 500/503",
    { faults: { rate: 0.1, statuses: [500, 503], seed: 42 } },
  ],
];

describe.skipIf(!stackAvailable).each(variants)("aws backend with %s", (_label, serverOptions) => {
  let endpoint = "";
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const server = await startSimpleDbLocal({ port: 0, host: "127.0.0.1", ...serverOptions });
    endpoint = server.endpoint;
    close = server.close;
  });
  afterAll(() => close());

  const backend = (prefix: string) =>
    localBackend(prefix, { simpleDb: makeSimpleDb(endpoint), registryDomain: "jobstore-registry" });

  describeJobStoreConformance({
    name: "aws (degraded SimpleDB)",
    propertyRuns: Number(process.env.JOBSTORE_AWS_DEGRADED_PROPERTY_RUNS ?? 5),
    testTimeoutMs: 180_000,
    setup: () => {
      const prefix = uniquePrefix("d");
      return {
        open: () => backend(prefix),
        teardown: async () => {
          const store = createJobStore(backend(prefix));
          await store.destroy();
          await store.close();
        },
      };
    },
  });
});
