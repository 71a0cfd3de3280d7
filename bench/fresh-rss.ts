/**
 * Runs each big-file leg (raw S3, `aws:`, `s3:`; write, then read) in a fresh process through
 * `rss-leg.ts` and returns the median peak RSS (MB) and client CPU time (s) per leg, as table rows.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./median.js";

const here = import.meta.dirname;
const tsx = join(here, "node_modules", ".bin", "tsx");

interface LegResult {
  peakMb: number;
  seconds: number;
  cpuSeconds: number;
  fileId?: string;
}

function leg(who: string, direction: "write" | "read", prefix: string, fileId = ""): LegResult {
  const out = execFileSync(tsx, [join(here, "rss-leg.ts"), who, direction, prefix, fileId], {
    cwd: here,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const line = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as LegResult;
}

/**
 * `rounds` rounds of the six legs, alternating; each store's file is deleted (through the caller's
 * handles) after its read.
 */
export async function freshProcessRss(
  prefix: string,
  rounds: number,
  deleteAws: (fileId: string) => Promise<void>,
  deleteS3: (fileId: string) => Promise<void>,
): Promise<string[][]> {
  const peaks = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const note = (key: string, r: LegResult) => {
    peaks.set(key, [...(peaks.get(key) ?? []), r.peakMb]);
    cpu.set(key, [...(cpu.get(key) ?? []), r.cpuSeconds]);
  };
  for (let round = 0; round < rounds; round++) {
    note("raw write", leg("raw", "write", prefix));
    note("raw read", leg("raw", "read", prefix));
    for (const [who, remove] of [
      ["aws", deleteAws],
      ["s3", deleteS3],
    ] as const) {
      const written = leg(who, "write", prefix);
      note(`${who} write`, written);
      note(`${who} read`, leg(who, "read", prefix, written.fileId));
      await remove(written.fileId ?? "");
    }
  }
  const cell = (key: string) =>
    `${median(peaks.get(key) ?? [Number.NaN]).toFixed(0)} (${median(cpu.get(key) ?? [Number.NaN]).toFixed(2)})`;
  return (["write", "read"] as const).map((d) => [d, cell(`raw ${d}`), cell(`aws ${d}`), cell(`s3 ${d}`)]);
}
