import type { S3Client } from "@aws-sdk/client-s3";

/**
 * Where a bucket lives, for messages: the endpoint URL, or AWS S3 and the region. No credentials.
 *
 * @example
 * ```ts
 * await describeEndpoint(s3, "my-bucket"); // "bucket my-bucket at http://127.0.0.1:9000/"
 * ```
 * @internal
 */
export async function describeEndpoint(s3: S3Client, bucket: string): Promise<string> {
  const endpoint = await s3.config.endpoint?.().catch(() => undefined);
  if (endpoint) {
    const port = endpoint.port ? `:${endpoint.port}` : "";
    return `bucket ${bucket} at ${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`;
  }
  const region = await s3.config.region().catch(() => "?");
  return `bucket ${bucket} on AWS S3 in ${region}`;
}
