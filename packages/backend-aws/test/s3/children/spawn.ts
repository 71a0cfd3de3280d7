import { startChild as start, type TestChild } from "@jobstore/conformance/test-utils";

export type { TestChild as Child } from "@jobstore/conformance/test-utils";

/** Starts `node --import tsx test/s3/children/<script> ...args` with this process's environment. */
export const startChild = (script: string, args: string[]): TestChild =>
  start(new URL(script, import.meta.url), args);
