import { SdbError } from "./errors.js";

/**
 * Encodes a paging position as an opaque token.
 *
 * @remarks Like the real service's tokens, ours are line-wrapped base64, so they contain
 * newlines; clients must pass them back byte-for-byte (whitespace is tolerated on the way back
 * in). Lines are short (48 characters) so that even small tokens carry a newline.
 * @example
 * ```ts
 * const token = encodeToken({ after: "item-9" });
 * decodeToken(token); // { after: "item-9" }
 * ```
 * @internal
 */
export function encodeToken(state: object): string {
  const base64 = Buffer.from(JSON.stringify(state), "utf8").toString("base64");
  return base64.replace(/(.{48})(?=.)/g, "$1\n");
}

/**
 * Decodes a token from {@link encodeToken}; anything else is `InvalidNextToken`.
 *
 * @example
 * ```ts
 * decodeToken("not a token"); // throws InvalidNextToken
 * ```
 * @internal
 */
export function decodeToken(token: string): Record<string, unknown> {
  try {
    const compact = token.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+=*$/.test(compact)) throw new Error("not base64");
    const state: unknown = JSON.parse(Buffer.from(compact, "base64").toString("utf8"));
    if (typeof state !== "object" || state === null || Array.isArray(state)) throw new Error("not an object");
    return state as Record<string, unknown>;
  } catch {
    throw invalidNextToken();
  }
}

/**
 * The `InvalidNextToken` error.
 *
 * @example
 * ```ts
 * throw invalidNextToken();
 * ```
 * @internal
 */
export function invalidNextToken(): SdbError {
  return new SdbError("InvalidNextToken", "The specified next token is not valid.");
}
