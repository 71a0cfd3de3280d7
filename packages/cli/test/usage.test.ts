import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { run } from "./harness.js";

describe("usage", () => {
  it("prints help with examples and the exit codes, exit 0", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(EXIT_CODES.OK);
    for (const command of ["status", "jobs", "cat", "logs", "gc", "destroy", "copy"])
      expect(stdout).toContain(command);
    expect(stdout).toContain("Exit codes:");
    expect(stdout).toContain("$ jobstore");
  });

  it("gives every command's help an examples section", async () => {
    for (const command of ["status", "jobs", "cat", "logs", "gc", "destroy", "copy"]) {
      const { code, stdout } = await run([command, "--help"]);
      expect(code, command).toBe(EXIT_CODES.OK);
      expect(stdout, command).toContain("Examples:");
      expect(stdout, command).toContain(`$ jobstore ${command}`);
    }
  });

  it("exits 2 on an unknown command, an unknown option or a missing argument", async () => {
    for (const args of [["frobnicate"], ["status", "--nope"], ["cat"], ["copy", "memory:a"], []]) {
      const { code, stderr } = await run(args);
      expect(code, args.join(" ")).toBe(EXIT_CODES.USAGE);
      expect(stderr, args.join(" ")).not.toBe("");
    }
  });

  it("exits 2 when destroy is not told which store", async () => {
    const { code } = await run(["destroy", "--yes"]);
    expect(code).toBe(EXIT_CODES.USAGE);
  });
});
