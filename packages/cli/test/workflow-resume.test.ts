import { openJobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
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
});
