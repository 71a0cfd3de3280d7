import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProcessDemo } from "../../../examples/src/process-demo.js";
import { scratchDir } from "./fixture.js";

describe("the workflow demo on a file store, in two processes", () => {
  it("run 1 dies by SIGKILL after its file write, run 2 (another PID) resumes and counts every word", async () => {
    const dir = await scratchDir();
    const lines: string[] = [];
    const summary = await runProcessDemo({
      locator: `file:${join(dir, "store")}`,
      log: (line) => lines.push(line),
    });
    expect(summary.run1Exit).toBe("SIGKILL");
    expect(summary.pids[0]).not.toBe(summary.pids[1]);
    expect(summary.result.totalWords).toBe(52);
    expect(summary.jobsRun).toBe(5);
    expect(
      lines.some((line) => line.includes(`[run 1 pid ${summary.pids[0]}]`) && line.includes("CRASH")),
    ).toBe(true);
    expect(lines.some((line) => line.includes(`[run 2 pid ${summary.pids[1]}] resumed`))).toBe(true);
    expect(lines.some((line) => line.includes("(left by the crash)"))).toBe(true);
    expect(lines.some((line) => line.includes("4/4 output files cleaned up"))).toBe(true);
    // destroyed at the end
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);
});
