import type { SimpleDbLocalOptions } from "../options.js";

/**
 * Usage text of the `simpledb-local` command.
 * @example
 * ```ts
 * process.stdout.write(`${USAGE}\n`);
 * ```
 * @internal
 */
export const USAGE = `Usage: simpledb-local [options]
  --port N              port to listen on (default 8000; 0 picks a free one)
  --host H              interface to bind (default 127.0.0.1)
  --access-key K        accept only this access key and verify SigV2 signatures...
  --secret-key S        ...with this secret (both or neither)
  --snapshot FILE       load FILE at start, save it on exit
  --snapshot-interval MS  also save every MS milliseconds
  --stale-read-ms MS    serve reads without ConsistentRead=true up to MS ms stale
  --fault-rate R        answer a fraction R (0..1) of requests with 503
  --seed N              seed for --fault-rate
  -h, --help            show this text`;

/**
 * Result of {@link parseCliArgs}: server options, or a request for the usage text.
 * @example
 * ```ts
 * const command: CliCommand = parseCliArgs(["--port", "0"]);
 * ```
 * @internal
 */
export type CliCommand = { kind: "run"; options: SimpleDbLocalOptions } | { kind: "help" };

/**
 * Parses `simpledb-local` arguments (`--flag value` or `--flag=value`).
 *
 * @throws Error with a readable message on an unknown flag or a bad value
 * @example
 * ```ts
 * parseCliArgs(["--port", "8000", "--snapshot", "sdb.json"]);
 * ```
 * @internal
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const options: SimpleDbLocalOptions = { port: 8000, host: "127.0.0.1" };
  let accessKey: string | undefined;
  let secretKey: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-h" || arg === "--help") return { kind: "help" };
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--port":
        options.port = integer(flag, value());
        break;
      case "--host":
        options.host = value();
        break;
      case "--access-key":
        accessKey = value();
        break;
      case "--secret-key":
        secretKey = value();
        break;
      case "--snapshot":
        options.snapshotFile = value();
        break;
      case "--snapshot-interval":
        options.snapshotIntervalMs = integer(flag, value());
        break;
      case "--stale-read-ms":
        options.consistency = { staleReadMs: integer(flag, value()) };
        break;
      case "--fault-rate": {
        const rate = Number(value());
        if (!(rate >= 0 && rate <= 1)) throw new Error(`${flag} must be between 0 and 1`);
        options.faults = { ...options.faults, rate };
        break;
      }
      case "--seed":
        options.faults = { ...options.faults, seed: integer(flag, value()) };
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if ((accessKey === undefined) !== (secretKey === undefined)) {
    throw new Error("--access-key and --secret-key must be given together");
  }
  if (accessKey !== undefined && secretKey !== undefined) {
    options.credentials = { accessKeyId: accessKey, secretAccessKey: secretKey };
  }
  return { kind: "run", options };
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${flag} needs a non-negative integer, got ${text}`);
  return Number(text);
}
