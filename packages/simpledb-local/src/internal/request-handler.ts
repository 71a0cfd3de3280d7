import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { SimpleDbLimits } from "../limits.js";
import type { SimpleDbFaultOptions, SimpleDbFaultStep, SimpleDbLocalOptions } from "../options.js";
import { ACTIONS } from "./actions/action-table.js";
import type { ActionContext, ActionHandler } from "./actions/context.js";
import { verifyRequest } from "./auth.js";
import { boxUsage } from "./box-usage.js";
import { SdbError } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { bodyText, decodeForm, queryText } from "./form.js";
import type { ParamMap } from "./params.js";
import type { Store } from "./store.js";
import { errorXml, successXml } from "./xml.js";

const API_VERSION = "2009-04-15";
// Far above any legal request (batch calls stop at 1 MB); only guards memory.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The HTTP front of the emulator: decodes parameters, counts, injects faults, authenticates,
 * dispatches to an action and writes the XML.
 *
 * @example
 * ```ts
 * const handler = new RequestHandler(store, DEFAULT_LIMITS, options);
 * http.createServer(handler.handle);
 * ```
 * @internal
 */
export class RequestHandler {
  private faultInjector: FaultInjector | undefined;
  private counts: Record<string, number> = {};
  private readonly staleReadMs: number;
  private readonly staleReadRate: number;

  constructor(
    private readonly store: Store,
    private readonly limits: SimpleDbLimits,
    private readonly options: SimpleDbLocalOptions,
  ) {
    this.staleReadMs = Math.max(0, options.consistency?.staleReadMs ?? 0);
    this.staleReadRate = options.consistency?.staleReadRate ?? 1;
    this.setFaults(options.faults);
  }

  get faults(): SimpleDbFaultOptions | undefined {
    return this.faultInjector?.current;
  }

  setFaults(faults: SimpleDbFaultOptions | undefined): void {
    this.faultInjector = faults === undefined ? undefined : new FaultInjector(faults);
  }

  stats(): Record<string, number> {
    return { ...this.counts };
  }

  resetStats(): void {
    this.counts = {};
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? "" : url.slice(q + 1);
    if (req.method !== "POST") {
      req.resume();
      if (req.method !== "GET") {
        send(
          res,
          400,
          errorXml(
            "UnsupportedHttpVerb",
            `The HTTP verb ${req.method} is not supported.`,
            randomUUID(),
            boxUsage(""),
          ),
        );
        return;
      }
      void this.process(req, res, path, () => decodeForm(queryText(query)), query.length);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        send(
          res,
          400,
          errorXml("InvalidParameterValue", "The request body is too large.", randomUUID(), boxUsage("")),
        );
        return;
      }
      const decode = () => {
        // Query-string parameters on a POST are honoured too; the body wins on a clash.
        const params = query === "" ? new Map<string, string>() : decodeForm(queryText(query));
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
        return decodeForm(bodyText(body), params);
      };
      void this.process(req, res, path, decode, size);
    });
    req.on("error", () => req.socket.destroy());
  };

  private async process(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    decode: () => ParamMap,
    requestBytes: number,
  ) {
    const requestId = randomUUID();
    let action = "";
    try {
      const params = decode();
      action = params.get("Action") ?? "";
      const handler = this.resolve(action, params);
      const fault = this.faultInjector?.next(action);
      if (fault !== undefined && fault.phase !== "after") {
        if (await applyFault(fault, req, res, requestId, action)) return;
      }
      const now = Date.now();
      verifyRequest(
        params,
        { method: req.method ?? "GET", host: req.headers.host ?? "", path },
        this.options.credentials,
        now,
      );
      const { result, units } = handler(this.context(params, now, requestBytes));
      const body = successXml(action, result, requestId, boxUsage(action, units));
      if (fault !== undefined && fault.phase === "after") {
        if (await applyFault(fault, req, res, requestId, action)) return;
      }
      send(res, 200, body);
    } catch (error) {
      if (error instanceof SdbError) {
        send(res, error.status, errorXml(error.code, error.message, requestId, boxUsage(action)));
      } else {
        const message = error instanceof Error ? error.message : String(error);
        send(
          res,
          500,
          errorXml(
            "InternalError",
            `Request could not be executed due to an internal service error: ${message}`,
            requestId,
            boxUsage(action),
          ),
        );
      }
    }
  }

  private resolve(action: string, params: ParamMap): ActionHandler {
    if (action === "") throw new SdbError("MissingAction", "No action was supplied with this request.");
    const handler = ACTIONS.get(action);
    if (handler === undefined)
      throw new SdbError("InvalidAction", `The action ${action} is not valid for this web service.`);
    this.counts[action] = (this.counts[action] ?? 0) + 1;
    const version = params.get("Version");
    if (version !== undefined && version !== API_VERSION) {
      throw new SdbError(
        "NoSuchVersion",
        `The requested version (${version}) of service AmazonSimpleDB does not exist.`,
      );
    }
    return handler;
  }

  private context(params: ParamMap, now: number, requestBytes: number): ActionContext {
    return {
      params,
      store: this.store,
      limits: this.limits,
      now,
      requestBytes,
      readAt: (consistent) => {
        if (consistent || this.staleReadMs === 0) return undefined;
        if (this.staleReadRate < 1 && Math.random() >= this.staleReadRate) return undefined;
        return now - this.staleReadMs;
      },
      conditionalDeleteOnMissingAttribute: this.options.conditionalDeleteOnMissingAttribute ?? "fail",
    };
  }
}

/** @returns true when the fault answered (or dropped) the request. */
async function applyFault(
  fault: SimpleDbFaultStep,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  action: string,
): Promise<boolean> {
  if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault.drop) {
    req.socket.destroy();
    return true;
  }
  if (fault.status === 500) {
    send(
      res,
      500,
      errorXml(
        "InternalError",
        "Request could not be executed due to an internal service error.",
        requestId,
        boxUsage(action),
      ),
    );
    return true;
  }
  if (fault.status === 503) {
    send(
      res,
      503,
      errorXml(
        "ServiceUnavailable",
        "Service AmazonSimpleDB is currently unavailable. Please try again later.",
        requestId,
        boxUsage(action),
      ),
    );
    return true;
  }
  return false;
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
