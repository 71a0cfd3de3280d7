export { startChild, type TestChild } from "./start-child.js";
