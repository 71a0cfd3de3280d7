import { createHmac } from "node:crypto";
import type { ParamMap } from "./params.js";

const RESERVED_BY_RFC3986 = /[!'()*]/g;

/**
 * RFC 3986 percent-encoding as SigV2 needs it: only `A-Z a-z 0-9 - _ . ~` stay literal.
 *
 * @remarks `encodeURIComponent` alone leaves `!'()*` bare, which AWS rejects with
 * SignatureDoesNotMatch; those five are patched up here.
 * @example
 * ```ts
 * rfc3986Encode("it's (done)!"); // "it%27s%20%28done%29%21"
 * ```
 * @internal
 */
export function rfc3986Encode(text: string): string {
  return encodeURIComponent(text).replace(
    RESERVED_BY_RFC3986,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function compareUtf8(a: string, b: string): number {
  // Parameter names are ASCII in practice, where UTF-16 order equals UTF-8 byte order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical query line: every parameter but `Signature`, byte-order sorted, RFC 3986 encoded.
 *
 * @example
 * ```ts
 * canonicalQuery(new Map([["B", "2"], ["A", "1"]])); // "A=1&B=2"
 * ```
 * @internal
 */
export function canonicalQuery(params: ParamMap): string {
  const keys = [...params.keys()].filter((k) => k !== "Signature").sort(compareUtf8);
  return keys.map((k) => `${rfc3986Encode(k)}=${rfc3986Encode(params.get(k) ?? "")}`).join("&");
}

/**
 * The SigV2 string to sign: method, lower-cased Host header (with port), path, canonical query.
 *
 * @example
 * ```ts
 * stringToSign("POST", "127.0.0.1:8000", "/", params);
 * ```
 * @internal
 */
export function stringToSign(method: string, host: string, path: string, params: ParamMap): string {
  return `${method.toUpperCase()}\n${host.toLowerCase()}\n${path === "" ? "/" : path}\n${canonicalQuery(params)}`;
}

/**
 * base64(HMAC(secret, stringToSign)) for `HmacSHA256` or `HmacSHA1`.
 *
 * @example
 * ```ts
 * signV2("secret", "HmacSHA256", "GET\nhost\n/\nA=1");
 * ```
 * @internal
 */
export function signV2(secret: string, method: "HmacSHA256" | "HmacSHA1", toSign: string): string {
  return createHmac(method === "HmacSHA1" ? "sha1" : "sha256", secret)
    .update(toSign, "utf8")
    .digest("base64");
}
