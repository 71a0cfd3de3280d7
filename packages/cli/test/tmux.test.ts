import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import "@jobstore/backend-file";
import { openJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectSameStore } from "./copy-check.js";
import { seedStore } from "./harness.js";
import { BIN } from "./spawn.js";

// Drives the real binary in a real terminal: a tmux pane. Set CLI_PANE_DIR to keep the captured panes.
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) {
  // Loud, not silent: scripts/test.sh installs tmux as root (scripts/install-tools.sh), and its skip check
  // accepts these skips only where tmux is missing (scripts/expected-skips.txt, condition no-tmux).
  console.warn(
    "cli tmux tests: SKIPPED, tmux is not installed (apt-get install tmux, or run scripts/install-tools.sh as root)",
  );
}

let socket = "";
let dir = "";

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
}

function type(line: string): void {
  tmux("send-keys", "-t", "cli", "-l", line);
  tmux("send-keys", "-t", "cli", "Enter");
}

/** Clears the screen and waits until it is clear, so the next capture holds only the next command. */
async function clear(): Promise<void> {
  type("clear");
  await waitFor(/^(?![\s\S]*EXIT=)/);
}

function pane(): string {
  return tmux("capture-pane", "-p", "-J", "-t", "cli");
}

async function waitFor(pattern: RegExp, ms = 30_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const text = pane();
    if (pattern.test(text)) return text;
    if (Date.now() > until) throw new Error(`pane never matched ${pattern}:\n${text}`);
    await sleep(50);
  }
}

async function keep(name: string, text: string): Promise<void> {
  if (process.env.CLI_PANE_DIR) await writeFile(join(process.env.CLI_PANE_DIR, `${name}.txt`), text);
}

async function bulkStore(locator: string, count: number, size: number): Promise<void> {
  const store = await openJobStore(locator);
  await store.initialize();
  const job = await store.createJob(store.assignJobId({ jobName: "bulk" }));
  for (let i = 0; i < count; i += 1) {
    const bytes = Buffer.alloc(size, i % 251);
    await store.writeFileStream((w) => w.end(bytes), { jobId: job.jobStoreId, cleanup: true });
  }
  await store.close();
}

beforeEach(async () => {
  if (!hasTmux) return;
  dir = await mkdtemp(join(tmpdir(), "jobstore-tmux-"));
  socket = `jobstore-cli-${randomBytes(4).toString("hex")}`;
  execFileSync(
    "tmux",
    [
      "-L",
      socket,
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-s",
      "cli",
      "-x",
      "120",
      "-y",
      "40",
      "-c",
      dir,
      "bash --norc --noprofile",
    ],
    {
      env: { ...process.env, PS1: "$ ", TERM: "xterm-256color", JOBSTORE_STORE: "" },
    },
  );
});

afterEach(async () => {
  if (!hasTmux) return;
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)("on a real terminal (tmux)", () => {
  it("status draws a table on the terminal and plain lines through a pipe", async () => {
    const locator = `file:${join(dir, "run")}`;
    const seeded = await seedStore(locator);
    type(`node ${BIN} status -s ${locator}; echo "EXIT=$?"`);
    const table = await waitFor(/EXIT=\d+/);
    await keep("status-tty", table);
    expect(table).toContain("EXIT=0");
    expect(table).toMatch(/┌─+┬─+┐/);
    expect(table).toMatch(/│ workflow\s+│ [0-9a-f-]{36}\s+│/);
    expect(table).toContain(seeded.workflowId);
    await clear();
    type(`node ${BIN} status -s ${locator} | cat; echo "EXIT=$?"`);
    const plain = await waitFor(/EXIT=\d+/);
    await keep("status-pipe", plain);
    expect(plain).not.toMatch(/[┌│└]/);
    expect(plain).toMatch(/^workflow\s+[0-9a-f-]{36}$/m);
  });

  it("copy shows a progress bar with bytes and files on the terminal, nothing through a pipe", async () => {
    const from = `file:${join(dir, "src")}`;
    await bulkStore(from, 12, 1024 * 1024);
    type(`node ${BIN} copy ${from} file:${join(dir, "dst")}; echo "EXIT=$?"`);
    const tty = await waitFor(/EXIT=\d+/);
    await keep("copy-tty", tty);
    expect(tty).toContain("EXIT=0");
    expect(tty).toMatch(/\|[█░]+\| 100% \| 12 MiB \/ 12 MiB \| files 12\/12 \|/);
    expect(tty).toMatch(/copied .* verified/);
    await expectSameStore(from, `file:${join(dir, "dst")}`);
    await clear();
    type(`node ${BIN} copy ${from} file:${join(dir, "dst2")} 2>&1 | cat; echo "EXIT=\${PIPESTATUS[0]}"`);
    const piped = await waitFor(/EXIT=\d+/);
    await keep("copy-pipe", piped);
    expect(piped).toContain("EXIT=0");
    expect(piped).toMatch(/copied .* verified/);
    expect(piped).not.toMatch(/\d+%/);
    expect(piped).not.toContain("files 12/12");
  });

  it("Ctrl-C during a copy stops it cleanly (exit 130); running it again resumes and verifies", async () => {
    const from = `file:${join(dir, "src")}`;
    const to = `file:${join(dir, "dst")}`;
    // 480 MiB: a copy of 40 MiB finished in 0.2 s on a quiet machine, before the Ctrl-C that follows
    // the first progress line (~0.2 s later) arrived; this one takes seconds.
    await bulkStore(from, 40, 12 * 1024 * 1024);
    type(`node ${BIN} copy ${from} ${to}; echo "EXIT=$?"`);
    await waitFor(/files [1-9]\d*\/40/);
    tmux("send-keys", "-t", "cli", "C-c");
    const stopped = await waitFor(/EXIT=\d+/);
    await keep("copy-interrupted", stopped);
    expect(stopped).toContain("EXIT=130");
    expect(stopped).toMatch(/interrupted; run the same command again to resume/);
    await clear();
    type(`node ${BIN} copy ${from} ${to}; echo "EXIT=$?"`);
    const resumed = await waitFor(/EXIT=\d+/);
    await keep("copy-resumed", resumed);
    expect(resumed).toContain("EXIT=0");
    expect(resumed).toMatch(/\(resumed\)/);
    await expectSameStore(from, to);
  });
});
