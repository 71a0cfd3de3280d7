import type { SimpleDbCredentials } from "../options.js";
import { invalidParameter, missingParameter, SdbError } from "./errors.js";
import type { ParamMap } from "./params.js";
import { signV2, stringToSign } from "./signature.js";

/** SigV2 requests are valid for 15 minutes after their Timestamp. */
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

/**
 * What the verifier needs from the HTTP request besides its parameters.
 * @example
 * ```ts
 * const line: RequestLine = { method: "POST", host: "127.0.0.1:8000", path: "/" };
 * ```
 * @internal
 */
export interface RequestLine {
  method: string;
  host: string;
  path: string;
}

/**
 * Checks Timestamp/Expires and, when credentials are configured, the access key and SigV2
 * signature.
 *
 * @remarks Without configured credentials any key is accepted and the signature is not
 * checked (there is no secret to check it against), but time checks still apply.
 * @throws SdbError `RequestExpired`, `AuthMissingFailure`, `InvalidClientTokenId`,
 *   `SignatureDoesNotMatch`, `IncompleteSignature`, `InvalidParameterValue`
 * @example
 * ```ts
 * verifyRequest(params, { method: "POST", host: "127.0.0.1:8000", path: "/" }, undefined, Date.now());
 * ```
 * @internal
 */
export function verifyRequest(
  params: ParamMap,
  line: RequestLine,
  credentials: SimpleDbCredentials | undefined,
  now: number,
): void {
  checkTime(params, now);
  if (credentials === undefined) return;
  const keyId = params.get("AWSAccessKeyId");
  const signature = params.get("Signature");
  if (keyId === undefined && signature === undefined) {
    throw new SdbError(
      "AuthMissingFailure",
      "AWS was not able to authenticate the request: access keys are missing.",
    );
  }
  if (keyId === undefined) throw missingParameter("AWSAccessKeyId");
  if (keyId !== credentials.accessKeyId) {
    throw new SdbError(
      "InvalidClientTokenId",
      "The AWS Access Key Id you provided does not exist in our records.",
    );
  }
  if (signature === undefined)
    throw new SdbError("IncompleteSignature", "The request must contain the parameter Signature");
  const version = params.get("SignatureVersion");
  if (version !== "2")
    throw invalidParameter("SignatureVersion", version ?? "", "Only SignatureVersion 2 is supported.");
  const method = params.get("SignatureMethod") ?? "HmacSHA256";
  if (method !== "HmacSHA256" && method !== "HmacSHA1") throw invalidParameter("SignatureMethod", method);
  const expected = signV2(
    credentials.secretAccessKey,
    method,
    stringToSign(line.method, line.host, line.path, params),
  );
  if (expected !== signature) {
    throw new SdbError(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
}

function checkTime(params: ParamMap, now: number): void {
  const timestamp = params.get("Timestamp");
  if (timestamp !== undefined) {
    const at = Date.parse(timestamp);
    if (Number.isNaN(at)) throw invalidParameter("Timestamp", timestamp);
    if (Math.abs(now - at) > TIMESTAMP_WINDOW_MS) {
      throw new SdbError("RequestExpired", `Request has expired. Timestamp date is ${timestamp}`);
    }
  }
  const expires = params.get("Expires");
  if (expires !== undefined) {
    const at = Date.parse(expires);
    if (Number.isNaN(at)) throw invalidParameter("Expires", expires);
    if (at < now) throw new SdbError("RequestExpired", `Request has expired. Expires date is ${expires}`);
  }
}
