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

  it("exits 2 with one line naming the value on an unknown command, an unknown option or a missing argument", async () => {
    const cases: [string[], string][] = [
      [["frobnicate"], "frobnicate"],
      [["status", "--nope"], "--nope"],
      [["cat"], "file"],
      [["copy", "memory:a"], "to"],
      [["logs", "--interval", "3"], "3"],
    ];
    for (const [args, value] of cases) {
      const { code, stderr } = await run(args);
      expect(code, args.join(" ")).toBe(EXIT_CODES.USAGE);
      expect(stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(stderr, args.join(" ")).toContain(value);
    }
  });

  it("exits 2 and prints the help on stderr when no command is given", async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(EXIT_CODES.USAGE);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: jobstore");
  });

  it("exits 2 when destroy is not told which store", async () => {
    const { code } = await run(["destroy", "--yes"]);
    expect(code).toBe(EXIT_CODES.USAGE);
  });
});
