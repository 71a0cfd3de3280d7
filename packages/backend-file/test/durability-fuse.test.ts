import { describeJobStoreDurability } from "@jobstore/conformance";
import { fileDurability } from "./durability-setup.js";
import { describeOn } from "./file-systems.js";

// Crashes and races with every store behind a FUSE passthrough mount (four racers: the most the suite
// runs), where a lookup can miss a name that another process is renaming over.
describeOn("FUSE", "durability through a FUSE passthrough mount", (root) => {
  describeJobStoreDurability({ ...fileDurability("file (FUSE)", root), racers: 4 });
});
