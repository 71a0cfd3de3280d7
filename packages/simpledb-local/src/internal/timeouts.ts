import type { SimpleDbTimeoutOptions } from "../options.js";

/** Clients such as SDK connection pools reuse sockets; keep idle ones longer than their pools do. */
const DEFAULTS = { headersMs: 20_000, requestMs: 60_000, keepAliveMs: 30_000 } as const;

/**
 * Timeouts with defaults filled in, plus how often Node should look for late requests.
 *
 * @example
 * ```ts
 * serverTimeouts({ headersMs: 1000 }); // { headersMs: 1000, requestMs: 60000, keepAliveMs: 30000, checkEveryMs: 250 }
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
