import { describeMetadataLayer } from "@jobstore/conformance";
import {
  type ContentLayer,
  createObjectContentLayer,
  createObjectMetadataLayer,
  type ObjectStore,
} from "@jobstore/object-store";
import { describe } from "vitest";
import { createAzureObjectStore } from "../src/index.js";
import { CONNECTION_STRING, freshContainerName, testAccount } from "./azure-fixture.js";

// The MetadataLayer contract on the object metadata layer over the Azure adapter (azure:'s), against
// Azurite: a fresh container per test, the content layer's own create and destroy, each handle with its
// own adapter (as another process would have).
describe.skipIf(!CONNECTION_STRING)("azure: metadata layer", () => {
  describeMetadataLayer({
    name: "objects on Azure (Azurite)",
    async target() {
      const container = freshContainerName();
      const adapters: ObjectStore[] = [];
      const objects = () => {
        const adapter = createAzureObjectStore({ account: testAccount(), container });
        adapters.push(adapter);
        return adapter;
      };
      const content: ContentLayer = createObjectContentLayer(objects(), {
        backend: "azure",
        closeObjectStore: false,
      });
      return {
        storage: content.storage,
        layer: () => createObjectMetadataLayer(objects(), { backend: "azure" }),
        async dispose() {
          content.close();
          for (const adapter of adapters) adapter.close();
        },
      };
    },
  });
});
