import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@jobstore/backend-file";
import { openJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore } from "./copy-check.js";
import { pseudoRandomBytes, resumed, run } from "./harness.js";
import { EXPECTED_TOTAL, finishWorkflow, startWorkflow } from "./workflow.js";

// Runs against the local AWS stack: `source .local-aws/env` from the repository root (sets JOBSTORE_AWS_IT) first.
const enabled = Boolean(process.env.JOBSTORE_AWS_IT && process.env.AWS_ENDPOINT_URL_S3);
const region = process.env.AWS_REGION ?? "us-east-1";

const remoteStores: string[] = [];
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-cli-aws-"));
});
afterEach(async () => {
  for (const locator of remoteStores.splice(0)) {
    expect((await run(["destroy", "-s", locator, "--yes", "--force"])).code).toBe(EXIT_CODES.OK);
  }
  await rm(dir, { recursive: true, force: true });
});

function remote(scheme: "aws" | "s3"): string {
  const locator = `${scheme}:${region}:cli-${randomBytes(5).toString("hex")}`;
  remoteStores.push(locator);
  return locator;
}

/** A file: store holding a workflow stopped half-way, plus a binary file, a read log and a shared file. */
async function halfRunWorkflow(locator: string): Promise<void> {
  const store = await openJobStore(locator);
  await store.initialize({ engine: "cli-aws-test" });
  await startWorkflow(store, 2);
  const binary = pseudoRandomBytes(300_000);
  await store.writeFileStream((w) => w.end(binary), { basename: "data.bin" });
  await store.writeLogs("already seen", { read: true });
  await store.writeSharedFileStream("engine-state.json", (w) => w.end('{"round":1}'));
  await store.close();
}

describe.skipIf(!enabled).each(["aws", "s3"] as const)("%s: (local stack)", (scheme) => {
  it(`copies file: → ${scheme}: → file: byte-identical, and the workflow resumes on the ${scheme}: copy`, {
    timeout: 120_000,
  }, async () => {
    const [from, back] = [`file:${join(dir, "a")}`, `file:${join(dir, "b")}`];
    const there = remote(scheme);
    await halfRunWorkflow(from);
    const out = await run(["copy", from, there]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, there);
    expect((await run(["copy", there, back])).code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, back);
    const copy = await resumed(there);
    expect(await finishWorkflow(copy)).toEqual({ total: EXPECTED_TOTAL, resumedChildren: 2 });
    await copy.close();
  });

  it(`refuses (exit 2) a source whose IDs ${scheme}: cannot keep, and creates nothing`, {
    timeout: 60_000,
  }, async () => {
    const from = `file:${join(dir, "long")}`;
    const store = await openJobStore(from);
    await store.initialize();
    const longId = "x".repeat(4000);
    await store.restoreFileStream(longId, (w) => w.end("data"));
    await store.close();
    const there = remote(scheme);
    const { code, stderr } = await run(["copy", from, there]);
    expect(code).toBe(EXIT_CODES.USAGE);
    expect(stderr).toContain(there);
    expect((await run(["status", "-s", there])).code).toBe(EXIT_CODES.NO_SUCH_STORE);
    remoteStores.pop();
  });

  it(`exits 3 naming a ${scheme}: store that does not exist`, { timeout: 60_000 }, async () => {
    const locator = `${scheme}:${region}:cli-${randomBytes(5).toString("hex")}`;
    const { code, stderr } = await run(["status", "-s", locator]);
    expect(code).toBe(EXIT_CODES.NO_SUCH_STORE);
    expect(stderr).toBe(`jobstore: no job store at ${locator}\n`);
  });
});
