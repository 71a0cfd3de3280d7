/**
 * Whether a CreateBucket error means the bucket name lives in another region (S3 answers 301
 * PermanentRedirect, or IllegalLocationConstraintException when the name is taken elsewhere).
 */
export function isRegionRedirect(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return (
    e?.name === "PermanentRedirect" ||
    e?.name === "IllegalLocationConstraintException" ||
    e?.$metadata?.httpStatusCode === 301
  );
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The region a bucket is in when it differs from `expected`, from GetBucketLocation's answer (empty for
 * us-east-1, `EU` for the legacy eu-west-1). S3-compatible servers answer with their own zone names
 * (radosgw: `default`), which are no AWS region and never a conflict.
 */
export function conflictingRegion(
  locationConstraint: string | undefined,
  expected: string,
): string | undefined {
  const actual = !locationConstraint
    ? "us-east-1"
    : locationConstraint === "EU"
      ? "eu-west-1"
      : locationConstraint;
  return AWS_REGION.test(actual) && actual !== expected ? actual : undefined;
}
