import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { expectSameStore } from "./copy-check.js";
import { memoryLocator, run, seedStore } from "./harness.js";

// Runs against the local AWS stack: `source /work/main/.local-aws/env` (sets JOBSTORE_AWS_IT) first.
const enabled = Boolean(process.env.JOBSTORE_AWS_IT && process.env.AWS_ENDPOINT_URL_S3);
const region = process.env.AWS_REGION ?? "us-east-1";

function awsLocator(): string {
  return `aws:${region}:cli-${randomBytes(5).toString("hex")}`;
}

const created: string[] = [];
afterEach(async () => {
  for (const locator of created.splice(0)) await run(["destroy", "-s", locator, "--yes", "--force"]);
});

describe.skipIf(!enabled)("aws: (local stack)", () => {
  it("copies a store to aws: and back: byte-identical files, equal jobs, logs and root job", {
    timeout: 120_000,
  }, async () => {
    const [from, back] = [memoryLocator(), memoryLocator()];
    const remote = awsLocator();
    created.push(remote);
    await seedStore(from, { binaryBytes: 300_000 });
    const there = await run(["copy", from, remote]);
    expect(there.stderr).toBe("");
    expect(there.code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, remote);
    const status = JSON.parse((await run(["status", "-s", remote, "--json"])).stdout);
    expect(status).toMatchObject({ backend: "aws", jobs: { count: 4 }, logs: { count: 3, unread: 2 } });
    expect((await run(["copy", remote, back])).code).toBe(EXIT_CODES.OK);
    await expectSameStore(from, back);
  });

  it("exits 3 for a store that does not exist on aws:", { timeout: 60_000 }, async () => {
    const { code, stderr } = await run(["status", "-s", awsLocator()]);
    expect(code).toBe(EXIT_CODES.NO_SUCH_STORE);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});
