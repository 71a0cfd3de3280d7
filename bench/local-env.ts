import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..");

/**
 * Makes sure the local AWS stack's variables are in `process.env`: taken from the environment, from a
 * running stack, or (as root) by starting one with scripts/local-aws. Returns whether this call started it.
 */
export function ensureLocalStack(): boolean {
  if (process.env.AWS_ENDPOINT_URL_S3 && process.env.AWS_ENDPOINT_URL_SIMPLEDB) return false;
  const envFile = join(repo, ".local-aws", "env");
  let started = false;
  const running = (() => {
    try {
      execFileSync("bash", [join(repo, "scripts/local-aws"), "status"], { stdio: "ignore" });
      return existsSync(envFile);
    } catch {
      return false;
    }
  })();
  if (!running) {
    if (process.getuid?.() !== 0) {
      throw new Error(
        "the benchmark needs the local AWS stack: run as root, or `scripts/local-aws start` first",
      );
    }
    execFileSync("bash", [join(repo, "scripts/local-aws"), "start"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    started = true;
  }
  for (const line of readFileSync(envFile, "utf8").split("\n")) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) process.env[match[1]!] = match[2]!.replace(/^['"]|['"]$/g, "");
  }
  return started;
}

export function stopLocalStack(): void {
  execFileSync("bash", [join(repo, "scripts/local-aws"), "stop"], { stdio: "ignore" });
}
