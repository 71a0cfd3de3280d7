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
  // Most names and values (Action, DomainName, ids) need no escaping at all;
  // skipping the encode-and-replace for them is a measurable share of a request.
  if (isUnreservedOnly(value)) return value;
  const encoded = encodeURIComponent(value);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_G, escapeSubDelim) : encoded;
}

// A table lookup per character: about ten times faster than a regular expression test on
// the short strings a request is made of, and every name and value goes through it.
const UNRESERVED = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~") {
  UNRESERVED[c.charCodeAt(0)] = 1;
}

function isUnreservedOnly(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 127 || UNRESERVED[code] === 0) return false;
  }
  return true;
}
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_G = /[!'()*]/g;
const escapeSubDelim = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * Builds the canonical query of Signature Version 2: every parameter except
 * `Signature`, sorted by name in byte order (plain string order, so
 * `Attribute.10.Name` sorts before `Attribute.2.Name`), each name and value
 * encoded with {@link uriEscape}, joined as `name=value` with `&`.
 *
 * The same string is sent as the POST body, so what is signed is exactly what
 * the server decodes. Several parameter sets can be given (the action's and the
 * common ones); on a name in more than one, the last set wins. That spares the
 * caller merging them into one object on every request.
 *
 * @example
 * ```ts
 * canonicalQuery({ b: "2", a: "x y" }); // "a=x%20y&b=2"
 * canonicalQuery({ DomainName: "d" }, { Action: "DomainMetadata" }); // "Action=DomainMetadata&DomainName=d"
 * ```
 */
export function canonicalQuery(...sets: ReadonlyArray<Readonly<Record<string, string>>>): string {
  const names: string[] = [];
  let ascii = true;
  for (let s = 0; s < sets.length; s++) {
    for (const name in sets[s]) {
      if (name === "Signature" || laterSetHas(sets, s, name)) continue;
      names.push(name);
      if (ascii && !isAscii(name)) ascii = false;
    }
  }
  // For ASCII the default code-unit sort is byte order. Only otherwise pay for a
  // UTF-8 byte comparison.
  if (ascii) names.sort();
  else names.sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  let out = "";
  for (const name of names) {
    let value = "";
    for (let s = sets.length - 1; s >= 0; s--) {
      const v = sets[s]?.[name];
      if (v !== undefined) {
        value = v;
        break;
      }
    }
    if (out.length > 0) out += "&";
    out += `${uriEscape(name)}=${uriEscape(value)}`;
  }
  return out;
}

function laterSetHas(
  sets: ReadonlyArray<Readonly<Record<string, string>>>,
  index: number,
  name: string,
): boolean {
  for (let s = index + 1; s < sets.length; s++) if (Object.hasOwn(sets[s] as object, name)) return true;
  return false;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * What {@link signV2} needs to know about the request besides its parameters.
 *
 * @example
 * ```ts
 * const req: SignV2Request = { method: "POST", host: "sdb.amazonaws.com", path: "/", params: { Action: "ListDomains" } };
 * ```
 */
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
  return stringToSignFromCanonical(req.method, req.host, req.path, canonicalQuery(req.params));
}

function stringToSignFromCanonical(method: string, host: string, path: string, canonical: string): string {
  return `${method.toUpperCase()}\n${host.toLowerCase()}\n${path || "/"}\n${canonical}`;
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
  return signRequest(req, secretAccessKey).signature;
}

/**
 * Signs a request and also returns its canonical query, which is exactly the
 * POST body to send (plus `&Signature=`), so it is computed only once.
 * `extraParams` are added to `req.params` (and win on a clash) without merging objects.
 *
 * @example
 * ```ts
 * const { canonical, signature } = signRequest({ method: "POST", host, path: "/", params }, secret);
 * const body = `${canonical}&Signature=${uriEscape(signature)}`;
 * ```
 */
export function signRequest(
  req: SignV2Request,
  secretAccessKey: string,
  extraParams?: Readonly<Record<string, string>>,
): { canonical: string; signature: string } {
  const canonical =
    extraParams === undefined ? canonicalQuery(req.params) : canonicalQuery(req.params, extraParams);
  const signature = createHmac("sha256", secretAccessKey)
    .update(stringToSignFromCanonical(req.method, req.host, req.path, canonical), "utf8")
    .digest("base64");
  return { canonical, signature };
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
  // Every request of a second gets the same string: format it once per second.
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = `${date.toISOString().slice(0, 19)}Z`;
  }
  return lastStamp;
}

let lastSecond = Number.NaN;
let lastStamp = "";
