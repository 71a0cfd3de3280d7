import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { run, seedStore } from "./harness.js";

let dir: string;
let mainScript: string | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-cli-backends-"));
  // Where a user's project would have its own node_modules; and a main script there, not the test
  // runner's (whose directory is inside the workspace's node_modules, where every package is hoisted),
  // so that the CLI finds its own backends only from its own location.
  vi.spyOn(process, "cwd").mockReturnValue(dir);
  mainScript = process.argv[1];
  process.argv[1] = join(dir, "main.js");
});
afterEach(async () => {
  vi.restoreAllMocks();
  if (mainScript === undefined) process.argv.splice(1, 1);
  else process.argv[1] = mainScript;
  await rm(dir, { recursive: true, force: true });
});

/**
 * Installs a third-party backend package the CLI has never heard of, under `dir/node_modules/<name>`:
 * its package.json declares `scheme`, and its main entry registers it (through the process-wide registry,
 * as a backend built against its own copy of core does) with a factory that serves the memory store of
 * the same name under another backend name.
 */
async function installBackend(name: string, scheme: string): Promise<void> {
  const pkg = join(dir, "node_modules", name);
  await mkdir(pkg, { recursive: true });
  const manifest = { name, type: "module", exports: "./index.js", jobstore: { schemes: [scheme] } };
  await writeFile(join(pkg, "package.json"), JSON.stringify(manifest));
  const entry = [
    `const registry = (globalThis[Symbol.for("@jobstore/core.backends")] ??= new Map());`,
    `registry.set(${JSON.stringify(scheme)}, async (rest, options) => {`,
    `  const memory = await registry.get("memory")(rest, options);`,
    `  return Object.assign(Object.create(memory), { name: ${JSON.stringify(name)} });`,
    `});`,
  ];
  await writeFile(join(pkg, "index.js"), `${entry.join("\n")}\n`);
}

function freshScheme(): string {
  return `tiny${randomUUID().slice(0, 8)}`;
}

describe("backends the CLI learns from installed packages", () => {
  it("--help lists the schemes of the backends installed with the CLI, with their packages", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toMatch(/^ {2}file: +@jobstore\/backend-file$/m);
    expect(stdout).toMatch(/^ {2}memory: +@jobstore\/backend-memory$/m);
    // And opens them from there: no store yet (exit 3), not an unknown scheme (exit 2).
    const missing = await run(["status", `file:${join(dir, "none")}`]);
    expect(missing.code, missing.stderr).toBe(EXIT_CODES.NO_SUCH_STORE);
  });

  it("an installed @jobstore backend appears in --help and opens, with no change to the CLI", async () => {
    const scheme = freshScheme();
    expect((await run(["--help"])).stdout).not.toContain(`${scheme}:`);
    await installBackend("@jobstore/backend-tiny", scheme);
    const help = await run(["--help"]);
    expect(help.stdout).toMatch(new RegExp(`^ {2}${scheme}: +@jobstore/backend-tiny$`, "m"));
    const name = `tiny-${randomUUID().slice(0, 8)}`;
    const seeded = await seedStore(`memory:${name}`);
    const { code, stdout } = await run(["status", `${scheme}:${name}`, "--json"]);
    expect(code).toBe(EXIT_CODES.OK);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ backend: "@jobstore/backend-tiny", workflowId: seeded.workflowId });
    expect(report.jobs.count).toBe(seeded.jobs.length);
  });

  it("a backend of another scope is found through JOBSTORE_BACKENDS in the CLI's environment", async () => {
    const scheme = freshScheme();
    await installBackend("acme-jobstore-tiny", scheme);
    const env = { JOBSTORE_BACKENDS: "acme-jobstore-tiny" };
    expect((await run(["--help"])).stdout).not.toContain(`${scheme}:`);
    expect((await run(["--help"], { env })).stdout).toMatch(
      new RegExp(`^ {2}${scheme}: +acme-jobstore-tiny$`, "m"),
    );
    const name = `tiny-${randomUUID().slice(0, 8)}`;
    const seeded = await seedStore(`memory:${name}`);
    const from = `${scheme}:${name}`;
    const to = `memory:copy-${randomUUID().slice(0, 8)}`;
    const copied = await run(["copy", from, to, "--json"], { env });
    expect(copied.code, copied.stderr).toBe(EXIT_CODES.OK);
    expect(JSON.parse(copied.stdout).jobs.copied).toBe(seeded.jobs.length);
  });

  it("an unknown scheme exits 2 naming it and the installed ones", async () => {
    const scheme = freshScheme();
    const { code, stderr } = await run(["status", `${scheme}:x`]);
    expect(code).toBe(EXIT_CODES.USAGE);
    expect(stderr).toContain(`"${scheme}"`);
    expect(stderr).toContain("file");
  });
});
