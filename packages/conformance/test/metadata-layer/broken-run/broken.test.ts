import { describeMetadataLayer } from "../../../src/index.js";
import { brokenLayer, type Flaw } from "../broken-layer.js";
import { fsObjectTarget } from "../fs-target.js";

// Only for the child run started by ../broken-layers.test.ts: the suite against each broken layer named
// in JOBSTORE_BROKEN_FLAWS. It fails on purpose.
for (const flaw of (process.env.JOBSTORE_BROKEN_FLAWS ?? "").split(",").filter(Boolean) as Flaw[]) {
  describeMetadataLayer({
    name: `broken ${flaw}`,
    target: async () => fsObjectTarget((layer) => brokenLayer(layer, flaw)),
  });
}
