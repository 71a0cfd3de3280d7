import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { boxUsage } from "./box-usage.js";
import { errorXml } from "./xml.js";

/** After answering, read and drop what the client still sends for this long (or this much). */
const DRAIN_MS = 2_000;
const DRAIN_BYTES = 4 * 1024 * 1024;

const answered = new WeakSet<Duplex>();

interface ClientErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/**
 * Answers a request Node's HTTP parser refused (the server's `clientError` event) with a
 * SimpleDB XML error instead of Node's bare 400/408/431 or a reset connection.
 *
 * @remarks An over-long request line or header block is `URITooLong` 400 (SimpleDB's error for
 * a GET URL that is too long); a request not received in time is `RequestTimeout` 408; a
 * method the parser does not know is `UnsupportedHttpVerb`; any other malformed request is
 * `InvalidParameterValue`. The socket is half-closed after the answer and what the client
 * still sends is read and dropped for a bounded time: closing a socket with unread input makes
 * the kernel send a reset, and the client would never see the answer.
 * @example
 * ```ts
 * server.on("clientError", answerClientError);
 * ```
 * @internal
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The parser reports every further chunk of a refused request again; answer once.
  if (answered.has(socket)) return;
  answered.add(socket);
  // As Node's own handler does: never write into a response whose headers already went out.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const { status, code, message } = classify(error.code);
  const body = errorXml(code, message, randomUUID(), boxUsage(""));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/xml\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  drain(socket);
}

function classify(parserCode: string | undefined): ClientErrorAnswer {
  switch (parserCode) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 400,
        code: "URITooLong",
        message: "The URI (or the header block) of the request exceeds the maximum length of 16 KiB.",
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, code: "RequestTimeout", message: "The request was not received in time." };
    case "HPE_INVALID_METHOD":
      return { status: 400, code: "UnsupportedHttpVerb", message: "The HTTP verb is not supported." };
    default:
      return { status: 400, code: "InvalidParameterValue", message: "The HTTP request is malformed." };
  }
}

function drain(socket: Duplex): void {
  let bytes = 0;
  const timer = setTimeout(() => socket.destroy(), DRAIN_MS);
  timer.unref();
  socket.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > DRAIN_BYTES) socket.destroy();
  });
  socket.once("close", () => clearTimeout(timer));
  socket.resume();
}
