import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@jobstore/backend-file";
import { openJobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { SimulatedCrash } from "../../../examples/src/demo-jobs.js";
import { emptyStats, Trace } from "../../../examples/src/trace.js";
import { DEMO_INPUTS, firstRun, resumedRun } from "../../../examples/src/workflow-demo.js";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore } from "./copy-check.js";
import { memoryLocator, resumed, run } from "./harness.js";
import { EXPECTED_TOTAL, finishWorkflow, startWorkflow } from "./workflow.js";

describe("a workflow resumes on a copy", () => {
  it("a run stopped half-way on one store finishes on its copy, reading files by the IDs in job bodies", async () => {
    const [from, to] = [memoryLocator(), memoryLocator()];
    const source = await openJobStore(from);
    await source.initialize();
    await startWorkflow(source, 2);
    await source.close();
    expect((await run(["copy", from, to])).code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, to);
    const copy = await resumed(to);
    expect(await finishWorkflow(copy)).toEqual({ total: EXPECTED_TOTAL, resumedChildren: 2 });
    await copy.close();
  });

  it("the repository's demo, crashed on file:, resumes on its memory: copy and finds the crash's orphan by listing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "jobstore-cli-demo-"));
    try {
      const [from, to] = [`file:${join(dir, "demo")}`, memoryLocator()];
      const quiet = () => new Trace(() => {});
      const source = await openJobStore(from);
      await source.initialize();
      const crash = await firstRun({ store: source, trace: quiet(), stats: emptyStats() }, 2).catch((e) => e);
      await source.close();
      expect(crash).toBeInstanceOf(SimulatedCrash);
      expect((await run(["copy", from, to])).code).toBe(EXIT_CODES.OK);
      await expectSameStore(from, to);
      const copy = await resumed(to);
      const lines: string[] = [];
      const result = await resumedRun({
        store: copy,
        trace: new Trace((l) => lines.push(l)),
        stats: emptyStats(),
      });
      expect(lines.join("\n")).toMatch(/listFiles\(\): 1 cleanup file\(s\)/);
      await copy.close();
      const words = DEMO_INPUTS.map((text) => text.split(/[^\p{L}\p{N}'-]+/u).filter(Boolean).length);
      expect(result.totalWords).toBe(words.reduce((a, b) => a + b, 0));
      expect(Object.keys(result.perChild)).toHaveLength(DEMO_INPUTS.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
