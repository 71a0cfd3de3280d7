import { randomUUID } from "node:crypto";
import { createJobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../../examples/src/workflow-demo.js";
import { createMemoryBackend } from "../src/index.js";
import { codeOf } from "./fixture.js";

describe("the workflow demo on a memory store", () => {
  it("runDemo crashes a child, resumes from the store and counts every word", async () => {
    const lines: string[] = [];
    const summary = await runDemo({
      locator: `memory:demo-${randomUUID()}`,
      log: (line) => lines.push(line),
    });
    expect(summary.resumed).toBe(true);
    expect(summary.result.totalWords).toBe(52);
    expect(summary.jobsRun).toBe(5);
    expect(summary.logsRead).toBe(3);
    expect(lines.some((line) => line.includes("CRASH"))).toBe(true);
    expect(lines.some((line) => line.includes("[run 2] resumed"))).toBe(true);
    expect(lines.some((line) => line.includes("4/4 output files cleaned up"))).toBe(true);
  });

  it("runDemo destroys the store at the end unless keep is set", async () => {
    const name = `demo-${randomUUID()}`;
    await runDemo({ locator: `memory:${name}`, log: () => {} });
    expect(await codeOf(createJobStore(createMemoryBackend({ name })).resume())).toBe(
      "JOBSTORE_NO_SUCH_STORE",
    );
    await runDemo({ locator: `memory:${name}`, log: () => {}, keep: true });
    const kept = createJobStore(createMemoryBackend({ name }));
    await kept.resume();
    expect(await kept.jobExists("anything")).toBe(false);
    await kept.destroy();
  });

  it("runDemo on an existing store rejects with JOBSTORE_EXISTS and leaves that store alone", async () => {
    const name = `demo-${randomUUID()}`;
    const existing = createJobStore(createMemoryBackend({ name }));
    await existing.initialize();
    expect(await codeOf(runDemo({ locator: `memory:${name}`, log: () => {} }))).toBe("JOBSTORE_EXISTS");
    const again = createJobStore(createMemoryBackend({ name }));
    await again.resume();
    expect(again.config.workflowId).toBe(existing.config.workflowId);
    await again.destroy();
  });

  it("runDemo without a crash runs every job once", async () => {
    const summary = await runDemo({ locator: `memory:demo-${randomUUID()}`, log: () => {}, crashChild: 0 });
    expect(summary.resumed).toBe(false);
    expect(summary.jobsRun).toBe(4);
  });
});
