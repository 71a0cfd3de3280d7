import { describe } from "vitest";
import { registerModelProperties } from "../src/model/model-properties.js";
import { modelSetup } from "./model-backend.js";

describe("model properties on the model backend", () => {
  registerModelProperties({ name: "model", setup: modelSetup() });
});
