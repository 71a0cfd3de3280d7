import { S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler, SimpleDbClient } from "@jobstore/client-simpledb";

/** Requests per S3 operation and SimpleDB action, counted per HTTP attempt. */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  reset(): void {
    this.counts.clear();
  }
  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }
  describe(): string {
    return [...this.counts].map(([name, n]) => `${name} ${n}`).join(", ");
  }
}

/** An S3 client for the local stack (its variables in the environment): path style, no flexible checksums. */
export function localS3(): S3Client {
  return new S3Client({
    region: process.env.AWS_REGION ?? "us-east-1",
    endpoint: process.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function countingS3(counter: RequestCounter): S3Client {
  const s3 = localS3();
  // Low priority in finalizeRequest runs inside the retry loop, so every HTTP attempt is counted.
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      counter.add(`S3 ${String(context.commandName).replace(/Command$/, "")}`);
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "jobstoreBenchCounter" },
  );
  return s3;
}

export function countingSimpleDb(counter: RequestCounter): SimpleDbClient {
  const transport = new NodeHttpHandler();
  return new SimpleDbClient({
    region: process.env.AWS_REGION ?? "us-east-1",
    endpoint: process.env.AWS_ENDPOINT_URL_SIMPLEDB,
    requestHandler: {
      handle(request, options) {
        counter.add(`SDB ${new URLSearchParams(request.body).get("Action") ?? "?"}`);
        return transport.handle(request, options);
      },
      destroy: () => transport.destroy(),
    },
  });
}
