import type { SimpleDbLimits } from "./limits.js";

/**
 * The one key pair the emulator accepts when signature checking is on.
 *
 * @example
 * ```ts
 * const credentials: SimpleDbCredentials = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };
 * ```
 * @public
 */
export interface SimpleDbCredentials {
  /** Any other `AWSAccessKeyId` gets 403 `InvalidClientTokenId`. */
  accessKeyId: string;
  /** Used to recompute the SigV2 signature; a mismatch gets 403 `SignatureDoesNotMatch`. */
  secretAccessKey: string;
}

/**
 * Simulated eventual consistency for GetAttributes and Select.
 *
 * @remarks Reads with `ConsistentRead=true` always see the latest state. Other reads see the
 * state as it was `staleReadMs` ago (with probability `staleReadRate`), which is within what
 * AWS allows ("usually within a second") and makes missing `ConsistentRead` flags show up.
 * Domain creation and deletion are always immediate.
 * @example
 * ```ts
 * const consistency: SimpleDbConsistencyOptions = { staleReadMs: 500 };
 * ```
 * @public
 */
export interface SimpleDbConsistencyOptions {
  /** How far back an eventually consistent read may look, in ms. 0 disables staleness. */
  staleReadMs: number;
  /** Fraction (0..1) of eventually consistent reads that are served stale. Default 1: all of them. */
  staleReadRate?: number;
}

/**
 * HTTP statuses a fault can answer with: 500 `InternalError` or 503 `ServiceUnavailable`.
 * @example
 * ```ts
 * const statuses: SimpleDbFaultStatus[] = [503];
 * ```
 * @public
 */
export type SimpleDbFaultStatus = 500 | 503;

/**
 * One scripted fault, consumed by the first request whose action matches.
 *
 * @example
 * ```ts
 * // The next PutAttributes is applied, but the client never hears back.
 * const step: SimpleDbFaultStep = { action: "PutAttributes", drop: true, phase: "after" };
 * ```
 * @public
 */
export interface SimpleDbFaultStep {
  /** Action this step applies to (e.g. `"GetAttributes"`); any action when omitted. */
  action?: string;
  /** Answer with this error status instead of the real response. */
  status?: SimpleDbFaultStatus;
  /** Wait this long first (before the status, drop or normal response). */
  delayMs?: number;
  /** Destroy the socket without any response. */
  drop?: boolean;
  /**
   * `"before"` (default): the request is not executed. `"after"`: it is executed and then the
   * response is replaced by the fault, as when a reply is lost after a write succeeded.
   */
  phase?: "before" | "after";
}

/**
 * Fault injection: a random error rate and/or a script of specific faults.
 *
 * @remarks The script is checked first; a request that matches no step falls through to the
 * random rate. Pass `seed` for reproducible random faults.
 * @example
 * ```ts
 * const faults: SimpleDbFaultOptions = { script: [{ action: "Select", status: 503 }] };
 * ```
 * @public
 */
export interface SimpleDbFaultOptions {
  /** Probability (0..1) that a request fails with one of `statuses`. Default 0. */
  rate?: number;
  /** Statuses the random faults draw from. Default `[503]`. */
  statuses?: SimpleDbFaultStatus[];
  /** Restrict random faults to these actions. Default: all actions. */
  actions?: string[];
  /** Faults consumed one by one by matching requests. */
  script?: SimpleDbFaultStep[];
  /** Seed of the PRNG behind `rate`. Default: random. */
  seed?: number;
}

/**
 * How long the server waits for clients, so idle or trickling connections cannot pin sockets.
 *
 * @remarks A request whose headers (or whole request) do not arrive in time is answered with
 * 408 `RequestTimeout` and its connection closed; an idle keep-alive connection is closed after
 * `keepAliveMs`. A connection that never sends anything counts as a request whose headers are late.
 * @example
 * ```ts
 * const timeouts: SimpleDbTimeoutOptions = { headersMs: 5_000, requestMs: 15_000, keepAliveMs: 10_000 };
 * ```
 * @public
 */
export interface SimpleDbTimeoutOptions {
  /** Time from connection (or the end of the previous response) to the end of the headers. Default 5 s. */
  headersMs?: number;
  /** Time to receive a whole request, headers and body. Default 10 s; raised to `headersMs` if lower. */
  requestMs?: number;
  /** Idle time after a response before a keep-alive connection is closed. Default 30 s. */
  keepAliveMs?: number;
}

/**
 * Options of {@link startSimpleDbLocal}.
 *
 * @example
 * ```ts
 * const options: SimpleDbLocalOptions = { port: 0, host: "127.0.0.1", snapshotFile: "./sdb.json" };
 * ```
 * @public
 */
export interface SimpleDbLocalOptions {
  /** TCP port; 0 (default) picks a free one, reported in the handle. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Turn on SigV2 verification for this key pair. Default: any key, signature not checked. */
  credentials?: SimpleDbCredentials;
  /** Simulate stale eventually consistent reads. Default: every read is consistent. */
  consistency?: SimpleDbConsistencyOptions;
  /** Initial fault injection; change it later with {@link SimpleDbLocalServer.setFaults}. */
  faults?: SimpleDbFaultOptions;
  /** JSON file loaded at start (if it exists) and written on close. */
  snapshotFile?: string;
  /** Also write the snapshot this often (ms) while running. Default: only on close. */
  snapshotIntervalMs?: number;
  /** Override service limits (e.g. a tiny `maxDomainPairs` to test that error). */
  limits?: Partial<SimpleDbLimits>;
  /**
   * What a conditional DeleteAttributes with `Expected.Value` does when the attribute is absent.
   * `"fail"` (default) answers 404 `AttributeDoesNotExist` like the API error tables; `"apply"`
   * performs the delete, as one sentence of the ConditionalDelete guide says.
   */
  conditionalDeleteOnMissingAttribute?: "fail" | "apply";
  /** Header, request and keep-alive timeouts; see {@link SimpleDbTimeoutOptions}. */
  timeouts?: SimpleDbTimeoutOptions;
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const server = await startSimpleDbLocal({ port: 0 });
 * console.log(server.endpoint, server.stats().PutAttributes ?? 0);
 * await server.close();
 * ```
 * @public
 */
export interface SimpleDbLocalServer {
  /** Base URL such as `http://127.0.0.1:43121`. */
  readonly endpoint: string;
  /** Port actually bound. */
  readonly port: number;
  /** Host bound. */
  readonly host: string;
  /** Current fault configuration, including the unconsumed part of the script. */
  readonly faults: Readonly<SimpleDbFaultOptions> | undefined;
  /** Replace the fault configuration (`undefined` turns faults off). Resets the PRNG. */
  setFaults(faults: SimpleDbFaultOptions | undefined): void;
  /** Requests received per action since start or the last {@link SimpleDbLocalServer.resetStats}. */
  stats(): Record<string, number>;
  /** Zero the per-action request counters. */
  resetStats(): void;
  /** Drop every domain and item. */
  reset(): void;
  /** Write the snapshot file now (no-op without `snapshotFile`). */
  saveSnapshot(): Promise<void>;
  /** Stop listening, close open connections and write the snapshot. Idempotent. */
  close(): Promise<void>;
}
