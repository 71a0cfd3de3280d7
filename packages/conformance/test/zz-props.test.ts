import { describe } from "vitest";
import { registerModelProperties } from "../src/model/model-properties.js";
import { modelSetup } from "./model-backend.js";
describe("props", () => registerModelProperties({ name: "model", setup: modelSetup() }));
