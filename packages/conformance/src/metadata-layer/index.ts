export { describeMetadataLayer } from "./describe-metadata-layer.js";
export type { MetadataLayerSuiteOptions, MetadataLayerTarget } from "./options.js";
