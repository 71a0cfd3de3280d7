import type { SimpleDbTimeoutOptions } from "../options.js";

/**
 * A SimpleDB request is at most 1 MB and its clients are local: a whole request arrives in milliseconds,
 * so a client still sending after seconds is stuck or hostile, and must not pin a socket (20 s / 60 s
 * kept trickling clients connected). Clients such as SDK connection pools reuse sockets; keep idle ones
 * longer than their pools do.
 */
const DEFAULTS = { headersMs: 5_000, requestMs: 10_000, keepAliveMs: 30_000 } as const;

/**
 * Timeouts with defaults filled in, plus how often Node should look for late requests.
 *
 * @example
 * ```ts
 * serverTimeouts({ headersMs: 1000 }); // { headersMs: 1000, requestMs: 10000, keepAliveMs: 30000, checkEveryMs: 250 }
 * ```
 * @internal
 */
export interface ServerTimeouts extends Required<SimpleDbTimeoutOptions> {
  /** Node only notices late headers or requests when it checks its connections. */
  checkEveryMs: number;
}

/**
 * Fills in {@link SimpleDbTimeoutOptions} defaults. Node refuses a request timeout below the
 * header timeout, so the request timeout is raised to it.
 *
 * @throws RangeError when a timeout is not a positive finite number
 * @example
 * ```ts
 * const { headersMs, checkEveryMs } = serverTimeouts(options.timeouts);
 * ```
 * @internal
 */
export function serverTimeouts(options: SimpleDbTimeoutOptions = {}): ServerTimeouts {
  const headersMs = positive("timeouts.headersMs", options.headersMs ?? DEFAULTS.headersMs);
  const requestMs = Math.max(
    headersMs,
    positive("timeouts.requestMs", options.requestMs ?? DEFAULTS.requestMs),
  );
  const keepAliveMs = positive("timeouts.keepAliveMs", options.keepAliveMs ?? DEFAULTS.keepAliveMs);
  const checkEveryMs = Math.min(5_000, Math.max(10, Math.floor(headersMs / 4)));
  return { headersMs, requestMs, keepAliveMs, checkEveryMs };
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
  return value;
}
