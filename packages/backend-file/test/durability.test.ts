import { describeJobStoreDurability } from "@jobstore/conformance";
import { fileDurability } from "./durability-setup.js";

// The durability suite on file: JOBSTORE_DURABILITY_SCALE multiplies the counts.
describeJobStoreDurability(fileDurability("file"));
