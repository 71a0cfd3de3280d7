import { isUtf8 } from "node:buffer";
import { invalidParameter, SdbError } from "./errors.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Decodes a query string or `application/x-www-form-urlencoded` body into a parameter map,
 * refusing bytes that are not UTF-8.
 *
 * @remarks `URLSearchParams` turns invalid UTF-8 (`%FF`) into U+FFFD, which would store a name
 * the client never sent. Here percent-escapes must decode to valid UTF-8; a malformed escape
 * (`%zz`) stays literal, as `URLSearchParams` leaves it. `+` is a space. Later duplicates win.
 * @param encoded - the text after `?` (see {@link queryText}) or the body (see {@link bodyText})
 * @throws SdbError `InvalidParameterValue` naming the parameter whose bytes are not UTF-8
 * @example
 * ```ts
 * decodeForm("Action=PutAttributes&ItemName=job%201").get("ItemName"); // "job 1"
 * decodeForm("ItemName=%FF"); // throws InvalidParameterValue
 * ```
 * @internal
 */
export function decodeForm(encoded: string, into: Map<string, string> = new Map()): Map<string, string> {
  const n = encoded.length;
  let start = 0;
  while (start < n) {
    let end = encoded.indexOf("&", start);
    if (end < 0) end = n;
    if (end > start) {
      const eq = encoded.indexOf("=", start);
      if (eq < 0 || eq > end) {
        into.set(decodeComponent(encoded.slice(start, end), undefined), "");
      } else {
        const key = decodeComponent(encoded.slice(start, eq), undefined);
        into.set(key, decodeComponent(encoded.slice(eq + 1, end), key));
      }
    }
    start = end + 1;
  }
  return into;
}

/**
 * Turns a request body into the text {@link decodeForm} reads: the raw bytes must be UTF-8.
 *
 * @throws SdbError `InvalidParameterValue` when the body is not UTF-8
 * @example
 * ```ts
 * decodeForm(bodyText(Buffer.from("Action=ListDomains")));
 * ```
 * @internal
 */
export function bodyText(body: Buffer): string {
  if (!isUtf8(body)) throw new SdbError("InvalidParameterValue", "The request body is not valid UTF-8.");
  return body.toString("utf8");
}

/**
 * The query part of a request target. Node hands raw bytes above 0x7F over as Latin-1
 * characters; they must form UTF-8 like percent-escapes do.
 *
 * @throws SdbError `InvalidParameterValue` when those bytes are not UTF-8
 * @example
 * ```ts
 * queryText("Action=ListDomains"); // unchanged
 * ```
 * @internal
 */
export function queryText(query: string): string {
  if (!NON_ASCII.test(query)) return query;
  const bytes = Buffer.from(query, "latin1");
  if (!isUtf8(bytes)) throw new SdbError("InvalidParameterValue", "The query string is not valid UTF-8.");
  return bytes.toString("utf8");
}

function decodeComponent(text: string, key: string | undefined): string {
  const spaced = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return decodeLeniently(spaced, key);
  }
}

// decodeURIComponent failed: either a malformed escape (kept literally) or bytes that are not UTF-8.
function decodeLeniently(text: string, key: string | undefined): string {
  const literalPercents = text.replace(/%(?![0-9A-Fa-f]{2})/g, "%25");
  const bytes: number[] = [];
  for (let i = 0; i < literalPercents.length; i++) {
    if (literalPercents[i] === "%") {
      bytes.push(Number.parseInt(literalPercents.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = literalPercents.codePointAt(i) as number;
      if (code > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(code), "utf8"));
    }
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    const name = key ?? "(parameter name)";
    throw invalidParameter(name, text.length > 64 ? `${text.slice(0, 64)}…` : text, "It is not valid UTF-8.");
  }
}
