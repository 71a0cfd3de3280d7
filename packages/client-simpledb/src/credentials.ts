/**
 * AWS credentials as used by the SDKs.
 *
 * @example
 * ```ts
 * const creds: SimpleDbCredentials = { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" };
 * ```
 */
export interface SimpleDbCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** STS session token; sent (and signed) as `SecurityToken`. */
  sessionToken?: string | undefined;
  /** When temporary credentials stop working; the client refreshes before then. */
  expiration?: Date | undefined;
}

/**
 * An async source of credentials, e.g. `fromNodeProviderChain()`.
 *
 * @example
 * ```ts
 * const provider: SimpleDbCredentialProvider = async () => ({ accessKeyId: "AKID", secretAccessKey: "secret" });
 * ```
 */
export type SimpleDbCredentialProvider = () => Promise<SimpleDbCredentials>;

// Refresh this long before expiry so a request signed just before the
// deadline does not arrive just after it (the SDK uses the same margin).
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Wraps static credentials or a provider into a provider that caches the
 * result until shortly before `expiration` and shares one in-flight lookup
 * among concurrent callers. With no input the AWS default chain
 * (`fromNodeProviderChain()`) is loaded on first use, so constructing a client
 * never touches the environment or the network.
 *
 * @example
 * ```ts
 * const get = memoizeCredentials({ accessKeyId: "AKID", secretAccessKey: "secret" });
 * await get(); // the same object every time
 * ```
 */
export function memoizeCredentials(
  source: SimpleDbCredentials | SimpleDbCredentialProvider | undefined,
  now: () => number = Date.now,
): SimpleDbCredentialProvider {
  if (source !== undefined && typeof source !== "function") {
    const fixed = source;
    return () => Promise.resolve(fixed);
  }
  let provider: SimpleDbCredentialProvider | undefined = source;
  let cached: SimpleDbCredentials | undefined;
  let inflight: Promise<SimpleDbCredentials> | undefined;
  const fresh = (c: SimpleDbCredentials) =>
    c.expiration === undefined || c.expiration.getTime() - REFRESH_MARGIN_MS > now();
  return async () => {
    if (cached !== undefined && fresh(cached)) return cached;
    if (inflight !== undefined) return inflight;
    inflight = (async () => {
      try {
        if (provider === undefined) {
          const mod = await import("@aws-sdk/credential-providers");
          provider = mod.fromNodeProviderChain() as SimpleDbCredentialProvider;
        }
        const c = await provider();
        cached = c;
        return c;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };
}
