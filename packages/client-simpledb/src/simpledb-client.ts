import {
  memoizeCredentials,
  type SimpleDbCredentialProvider,
  type SimpleDbCredentials,
} from "./credentials.js";
import { resolveEndpoint } from "./endpoints.js";
import {
  createServiceException,
  SimpleDbAbortError,
  SimpleDbNetworkError,
  type SimpleDbServiceException,
} from "./errors.js";
import {
  NodeHttpHandler,
  type SimpleDbHttpResponse,
  type SimpleDbRequestHandler,
} from "./protocol/http-handler.js";
import { isoTimestamp, signRequest, uriEscape } from "./protocol/signer.js";
import { parseErrorBody, parseSuccessBody } from "./protocol/xml.js";
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from "./retry.js";
import type { SimpleDbCommand } from "./simpledb-command.js";
import type { SendOptions, SimpleDbOutput } from "./types.js";

/**
 * The API version every request names.
 *
 * @example
 * ```ts
 * SIMPLEDB_API_VERSION; // "2009-04-15"
 * ```
 */
export const SIMPLEDB_API_VERSION = "2009-04-15";

/**
 * Options of {@link SimpleDbClient}.
 *
 * @example
 * ```ts
 * const config: SimpleDbClientConfig = { region: "eu-west-1", maxAttempts: 4, retryTimeBudgetMs: 10_000 };
 * ```
 */
export interface SimpleDbClientConfig {
  /**
   * One of the eight SimpleDB regions (default: `AWS_REGION`, then the shared config profile's
   * `region`). Optional when an endpoint is given or configured.
   */
  region?: string | undefined;
  /**
   * Overrides the regional endpoint, e.g. `http://127.0.0.1:8090` for simpledb-local. Wins over
   * `AWS_ENDPOINT_URL_SIMPLEDB`, `AWS_ENDPOINT_URL` and the profile's `endpoint_url` (see `resolveEndpoint`).
   */
  endpoint?: string | URL | undefined;
  /** Static credentials or a provider; default `fromNodeProviderChain()`, resolved on first use and cached until expiry. */
  credentials?: SimpleDbCredentials | SimpleDbCredentialProvider | undefined;
  /** Total attempts per call including the first (default 8). `1` disables retries. */
  maxAttempts?: number | undefined;
  /** No retry starts after this many ms since the call began (default 30 000). */
  retryTimeBudgetMs?: number | undefined;
  /** Base of the full-jitter exponential backoff in ms (default 50). */
  retryBaseDelayMs?: number | undefined;
  /** Cap of one backoff sleep in ms (default 2 000). */
  retryMaxDelayMs?: number | undefined;
  /** Transport; default a keep-alive {@link NodeHttpHandler}. */
  requestHandler?: SimpleDbRequestHandler | undefined;
  /**
   * Per-attempt timeout of the default transport in ms (default: none). A timed-out attempt
   * counts as a network error and is retried. Ignored when `requestHandler` is given.
   */
  requestTimeoutMs?: number | undefined;
}

// Codes with which a conditional write reports that its condition no longer
// holds. After an ambiguous earlier attempt these may be caused by that
// attempt having been applied.
const CONDITIONAL_FAILURE_CODES = new Set(["ConditionalCheckFailed", "AttributeDoesNotExist"]);

/**
 * A SimpleDB client shaped like an AWS SDK v3 client: create one, reuse it,
 * `send` commands, `destroy` it at shutdown.
 *
 * Every call signs with Signature Version 2 (HmacSHA256) and a fresh
 * timestamp per attempt, POSTs a form body, retries HTTP 500/503 and network
 * failures with full-jitter exponential backoff (bounded by `maxAttempts` and
 * `retryTimeBudgetMs`), and turns error bodies into
 * {@link SimpleDbServiceException}s.
 *
 * @example
 * ```ts
 * const client = new SimpleDbClient({ region: "us-east-1" });
 * await client.send(new PutAttributesCommand({
 *   DomainName: "jobs", ItemName: "j1",
 *   Attributes: [{ Name: "state", Value: "done", Replace: true }],
 *   Expected: { Name: "state", Value: "running" },
 * }));
 * client.destroy();
 * ```
 */
export class SimpleDbClient {
  /** The resolved endpoint (read-only view for diagnostics). */
  readonly endpoint: URL;
  /** The resolved retry policy. */
  readonly retryPolicy: Readonly<RetryPolicy>;
  readonly #credentials: SimpleDbCredentialProvider;
  readonly #handler: SimpleDbRequestHandler;
  readonly #ownsHandler: boolean;
  #destroyed = false;

  constructor(config: SimpleDbClientConfig = {}) {
    this.endpoint = resolveEndpoint({ region: config.region, endpoint: config.endpoint });
    this.#credentials = memoizeCredentials(config.credentials);
    this.#ownsHandler = config.requestHandler === undefined;
    this.#handler =
      config.requestHandler ??
      new NodeHttpHandler(
        config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs },
      );
    const policy: RetryPolicy = {
      maxAttempts: config.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      timeBudgetMs: config.retryTimeBudgetMs ?? DEFAULT_RETRY_POLICY.timeBudgetMs,
      baseDelayMs: config.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: config.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
    }
    this.retryPolicy = Object.freeze(policy);
  }

  /**
   * Sends one command and resolves with its output, or rejects with a
   * {@link SimpleDbServiceException} (the service said no),
   * {@link SimpleDbNetworkError} (no usable response after all attempts) or
   * {@link SimpleDbAbortError} (the signal fired).
   *
   * @example
   * ```ts
   * const { Attributes } = await client.send(
   *   new GetAttributesCommand({ DomainName: "jobs", ItemName: "j1", ConsistentRead: true }),
   *   { abortSignal: AbortSignal.timeout(5_000) },
   * );
   * ```
   */
  async send<Input extends object, Output extends SimpleDbOutput>(
    command: SimpleDbCommand<Input, Output>,
    options: SendOptions = {},
  ): Promise<Output> {
    const signal = options.abortSignal;
    if (signal?.aborted) throw new SimpleDbAbortError(signal.reason);
    if (this.#destroyed) throw new Error("SimpleDbClient has been destroyed");
    const actionParams = command.serialize();
    // Whether any attempt reached the transport; an abort after that leaves a
    // write's outcome unknown.
    const progress = { sent: false };
    try {
      return await this.#sendWithRetries(command, actionParams, signal, progress);
    } catch (err) {
      if (err instanceof SimpleDbAbortError && command.isWrite && progress.sent) err.$mayHaveApplied = true;
      throw err;
    }
  }

  async #sendWithRetries<Input extends object, Output extends SimpleDbOutput>(
    command: SimpleDbCommand<Input, Output>,
    actionParams: Record<string, string>,
    signal: AbortSignal | undefined,
    progress: { sent: boolean },
  ): Promise<Output> {
    const started = Date.now();
    const policy = this.retryPolicy;
    let attempt = 0;
    let totalRetryDelay = 0;
    // Set once an attempt ended in a way that leaves its effect unknown
    // (5xx or a transport failure): a write may have been applied anyway.
    let ambiguous = false;

    for (;;) {
      attempt++;
      const credentials = await abortable(this.#credentials(), signal);
      const request = this.#buildRequest(command.action, actionParams, credentials);

      let response: SimpleDbHttpResponse;
      try {
        progress.sent = true;
        response = await this.#handler.handle(request, { abortSignal: signal });
      } catch (err) {
        if (signal?.aborted) throw new SimpleDbAbortError(signal.reason);
        const decision = decideRetry(
          { attempt, elapsedMs: Date.now() - started, outcome: { kind: "network" } },
          policy,
        );
        if (!decision.retry) {
          throw new SimpleDbNetworkError(
            `SimpleDB ${command.action} failed after ${attempt} attempt(s): ${(err as Error)?.message ?? String(err)}`,
            { attempts: attempt, totalRetryDelay },
            err,
            command.isWrite,
          );
        }
        ambiguous = true;
        await sleep(decision.delayMs, signal);
        totalRetryDelay += decision.delayMs;
        continue;
      }

      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        let parsed: ReturnType<typeof parseSuccessBody>;
        try {
          parsed = parseSuccessBody(command.action, response.body);
        } catch (err) {
          throw createServiceException({
            Code: "InvalidResponse",
            message: `SimpleDB ${command.action} returned HTTP ${status} with an unreadable body: ${(err as Error).message}`,
            $metadata: { httpStatusCode: status, attempts: attempt, totalRetryDelay },
            $retryable: false,
            cause: err,
          });
        }
        const out = command.deserialize(parsed) as Output;
        out.$metadata = {
          httpStatusCode: status,
          requestId: parsed.requestId,
          attempts: attempt,
          totalRetryDelay,
        };
        out.BoxUsage = parsed.boxUsage;
        return out;
      }

      const decision = decideRetry(
        { attempt, elapsedMs: Date.now() - started, outcome: { kind: "response", httpStatusCode: status } },
        policy,
      );
      if (decision.retry) {
        ambiguous = true;
        await sleep(decision.delayMs, signal);
        totalRetryDelay += decision.delayMs;
        continue;
      }
      const error = this.#toException(response, attempt, totalRetryDelay);
      if (command.isWrite && (status >= 500 || (ambiguous && CONDITIONAL_FAILURE_CODES.has(error.Code)))) {
        error.$mayHaveApplied = true;
      }
      throw error;
    }
  }

  /** Closes pooled connections of the default transport. Further `send` calls reject. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    // A caller-supplied handler may be shared; its owner destroys it.
    if (this.#ownsHandler) this.#handler.destroy?.();
  }

  #buildRequest(action: string, actionParams: Record<string, string>, credentials: SimpleDbCredentials) {
    // Kept apart from the action's parameters: merging them into one object per request cost
    // more than signing them as two sets.
    const common: Record<string, string> = {
      Action: action,
      Version: SIMPLEDB_API_VERSION,
      AWSAccessKeyId: credentials.accessKeyId,
      SignatureVersion: "2",
      SignatureMethod: "HmacSHA256",
      Timestamp: isoTimestamp(new Date()),
    };
    if (credentials.sessionToken) common.SecurityToken = credentials.sessionToken;
    const url = this.endpoint;
    const { canonical, signature } = signRequest(
      { method: "POST", host: url.host, path: url.pathname || "/", params: actionParams },
      credentials.secretAccessKey,
      common,
    );
    return {
      url,
      method: "POST" as const,
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      // The body is the signed canonical string itself, so the server decodes
      // exactly what was signed.
      body: `${canonical}&Signature=${uriEscape(signature)}`,
    };
  }

  #toException(
    response: SimpleDbHttpResponse,
    attempts: number,
    totalRetryDelay: number,
  ): SimpleDbServiceException {
    const status = response.statusCode;
    const parsed = parseErrorBody(response.body);
    const headerId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"];
    const $metadata = {
      httpStatusCode: status,
      requestId: parsed?.RequestId ?? (typeof headerId === "string" ? headerId : undefined),
      attempts,
      totalRetryDelay,
    };
    if (parsed === undefined) {
      // Not a SimpleDB error document (a proxy page, an empty 503): name it
      // after the status so callers still get a typed error.
      const code = status === 503 ? "ServiceUnavailable" : status === 500 ? "InternalError" : `Http${status}`;
      return createServiceException({
        Code: code,
        message: `SimpleDB returned HTTP ${status}: ${response.body.slice(0, 200)}`,
        $metadata,
      });
    }
    return createServiceException({
      Code: parsed.Code,
      message: parsed.Message || parsed.Code,
      $metadata,
      BoxUsage: parsed.BoxUsage,
    });
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new SimpleDbAbortError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SimpleDbAbortError(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new SimpleDbAbortError(signal.reason));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SimpleDbAbortError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
