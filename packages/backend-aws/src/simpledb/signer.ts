import { createHmac } from "node:crypto";

/**
 * Percent-encodes a string the way Signature Version 2 requires (RFC 3986):
 * only `A-Z a-z 0-9 - _ . ~` stay literal, every other UTF-8 byte becomes
 * `%XX` with upper-case hex, and space is `%20` (never `+`).
 *
 * `encodeURIComponent` alone is not enough: it leaves `! ' ( ) *` alone, and
 * SimpleDB then answers `SignatureDoesNotMatch`.
 *
 * @example
 * ```ts
 * uriEscape("it's (done)!"); // "it%27s%20%28done%29%21"
 * ```
 */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Builds the canonical query of Signature Version 2: every parameter except
 * `Signature`, sorted by name in byte order (plain string order, so
 * `Attribute.10.Name` sorts before `Attribute.2.Name`), each name and value
 * encoded with {@link uriEscape}, joined as `name=value` with `&`.
 *
 * The same string is sent as the POST body, so what is signed is exactly what
 * the server decodes.
 *
 * @example
 * ```ts
 * canonicalQuery({ b: "2", a: "x y" }); // "a=x%20y&b=2"
 * ```
 */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  const names = Object.keys(params).filter((n) => n !== "Signature");
  // Parameter names are ASCII in practice, and for ASCII the default code-unit
  // sort is byte order. Only otherwise pay for a UTF-8 byte comparison.
  if (names.every((n) => /^[\x00-\x7f]*$/.test(n))) names.sort();
  else names.sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  let out = "";
  for (const name of names) {
    if (out.length > 0) out += "&";
    out += `${uriEscape(name)}=${uriEscape(params[name] ?? "")}`;
  }
  return out;
}

/** What {@link signV2} needs to know about the request besides its parameters. */
export interface SignV2Request {
  /** `GET` or `POST` (upper case). */
  method: string;
  /** The Host header value as sent, including `:port` when it is not the default. */
  host: string;
  /** Absolute request path; `/` for SimpleDB. */
  path: string;
  /** All request parameters except `Signature`. */
  params: Readonly<Record<string, string>>;
}

/**
 * Returns the Signature Version 2 string-to-sign:
 * `METHOD \n lowercase(host) \n path \n canonicalQuery`.
 *
 * @example
 * ```ts
 * stringToSign({ method: "POST", host: "SDB.amazonaws.com", path: "/", params: { a: "1" } });
 * // "POST\nsdb.amazonaws.com\n/\na=1"
 * ```
 */
export function stringToSign(req: SignV2Request): string {
  return `${req.method.toUpperCase()}\n${req.host.toLowerCase()}\n${req.path || "/"}\n${canonicalQuery(req.params)}`;
}

/**
 * Computes the Signature Version 2 value: base64(HMAC-SHA256(secret, stringToSign)).
 * The caller adds it to the parameters as `Signature` (percent-encoded in the body).
 *
 * @example
 * ```ts
 * const sig = signV2(
 *   { method: "POST", host: "sdb.amazonaws.com", path: "/", params },
 *   "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
 * );
 * ```
 */
export function signV2(req: SignV2Request, secretAccessKey: string): string {
  return createHmac("sha256", secretAccessKey).update(stringToSign(req), "utf8").digest("base64");
}

/**
 * Formats a date as SimpleDB wants `Timestamp`: UTC ISO-8601 at second
 * precision, no fraction (`2010-01-25T15:01:28Z`).
 *
 * @example
 * ```ts
 * isoTimestamp(new Date(0)); // "1970-01-01T00:00:00Z"
 * ```
 */
export function isoTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
