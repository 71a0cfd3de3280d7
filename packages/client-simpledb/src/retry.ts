/**
 * The retry policy as pure functions, so it can be tested without a network
 * and without sleeping.
 */

/**
 * Tuning of the backoff; the defaults suit SimpleDB's throttling (503).
 *
 * @example
 * ```ts
 * const policy: RetryPolicy = { maxAttempts: 5, timeBudgetMs: 10_000, baseDelayMs: 50, maxDelayMs: 2_000 };
 * ```
 */
export interface RetryPolicy {
  /** Total attempts including the first (default 8). */
  maxAttempts: number;
  /** Give up once this much time (ms) has passed since the first attempt (default 30 000). */
  timeBudgetMs: number;
  /** Base of the exponential backoff in ms (default 50). */
  baseDelayMs: number;
  /** Upper bound of a single backoff sleep in ms (default 2 000). */
  maxDelayMs: number;
}

/**
 * Defaults used by `SimpleDbClient`.
 *
 * @example
 * ```ts
 * DEFAULT_RETRY_POLICY.maxAttempts; // 8
 * ```
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 8,
  timeBudgetMs: 30_000,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
});

/**
 * How an attempt ended, as far as the retry decision is concerned.
 *
 * @example
 * ```ts
 * const outcome: AttemptOutcome = { kind: "response", httpStatusCode: 503 };
 * ```
 */
export type AttemptOutcome = { kind: "response"; httpStatusCode: number } | { kind: "network" };

/**
 * Whether an attempt's outcome is transient. Only HTTP 500 and 503 and
 * transport failures are: every 4xx is a definite answer (including 408
 * `RequestTimeout`, which means the query is too expensive, not that the
 * network was slow).
 *
 * @example
 * ```ts
 * isRetryableOutcome({ kind: "response", httpStatusCode: 503 }); // true
 * isRetryableOutcome({ kind: "response", httpStatusCode: 409 }); // false
 * ```
 */
export function isRetryableOutcome(outcome: AttemptOutcome): boolean {
  if (outcome.kind === "network") return true;
  return outcome.httpStatusCode === 500 || outcome.httpStatusCode === 503;
}

/**
 * Full-jitter exponential backoff: a uniform random delay in
 * `[0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))`, where `attempt` is the
 * number of the attempt that just failed (1 for the first). Full jitter
 * spreads retries of many clients that failed together.
 *
 * @example
 * ```ts
 * backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.5); // 100 (half of 50 * 2^2)
 * ```
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * exp);
}

/**
 * Input of {@link decideRetry}.
 *
 * @example
 * ```ts
 * decideRetry({ attempt: 1, elapsedMs: 12, outcome: { kind: "network" } }, DEFAULT_RETRY_POLICY);
 * ```
 */
export interface RetryState {
  /** Number of the attempt that just failed (1-based). */
  attempt: number;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
  outcome: AttemptOutcome;
}

/**
 * Decides whether to retry and after how long. It retries only transient
 * outcomes, only while attempts remain, and only if the sleep still ends
 * inside the time budget (a sleep that would overrun it is not started, so
 * the caller gets the real error rather than waiting for nothing).
 *
 * @example
 * ```ts
 * decideRetry({ attempt: 1, elapsedMs: 10, outcome: { kind: "network" } }, DEFAULT_RETRY_POLICY);
 * // { retry: true, delayMs: <0..49> }
 * ```
 */
export function decideRetry(
  state: RetryState,
  policy: RetryPolicy,
  random: () => number = Math.random,
): { retry: false } | { retry: true; delayMs: number } {
  if (!isRetryableOutcome(state.outcome)) return { retry: false };
  if (state.attempt >= policy.maxAttempts) return { retry: false };
  const delayMs = backoffDelay(state.attempt, policy, random);
  if (state.elapsedMs + delayMs >= policy.timeBudgetMs) return { retry: false };
  return { retry: true, delayMs };
}
