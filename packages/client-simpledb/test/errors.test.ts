import { describe, expect, it, vi } from "vitest";
import {
  ConditionalCheckFailedException,
  createServiceException,
  InternalErrorException,
  isSimpleDbError,
  NoSuchDomainException,
  RequestTimeoutException,
  SimpleDbServiceException,
} from "../src/index.js";

const $metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };

describe("createServiceException", () => {
  it("builds the subclass of a known code with name and Code set to it", () => {
    const err = createServiceException({ Code: "NoSuchDomain", message: "gone", $metadata });
    expect(err).toBeInstanceOf(NoSuchDomainException);
    expect(err).toBeInstanceOf(SimpleDbServiceException);
    expect(err).toMatchObject({
      name: "NoSuchDomain",
      Code: "NoSuchDomain",
      message: "gone",
      $fault: "client",
    });
  });

  it("builds the base class for an unknown code", () => {
    for (const Code of ["BrandNewCode", "constructor", "toString", "__proto__"]) {
      const err = createServiceException({ Code, message: "m", $metadata });
      expect(err.constructor).toBe(SimpleDbServiceException);
      expect(err.name).toBe(Code);
    }
  });

  it("keeps QueryTimeout (the newer spelling) as a base-class error with its own code", () => {
    const err = createServiceException({
      Code: "QueryTimeout",
      message: "m",
      $metadata: { ...$metadata, httpStatusCode: 408 },
    });
    expect(err.Code).toBe("QueryTimeout");
    expect(err).not.toBeInstanceOf(RequestTimeoutException);
  });

  it("marks 500 and 503 as retryable server faults", () => {
    const err = createServiceException({
      Code: "InternalError",
      message: "m",
      $metadata: { ...$metadata, httpStatusCode: 500 },
    });
    expect(err).toBeInstanceOf(InternalErrorException);
    expect(err).toMatchObject({ $retryable: true, $fault: "server", $mayHaveApplied: false });
  });
});

describe("error classes across duplicate module copies", () => {
  it("instanceof and isSimpleDbError recognise errors created by another copy of the module", async () => {
    // A fresh module registry evaluates a second, independent copy, as a
    // duplicate install in node_modules would.
    vi.resetModules();
    const other = await import("../src/index.js");
    expect(other.NoSuchDomainException).not.toBe(NoSuchDomainException);
    const err = other.createServiceException({ Code: "NoSuchDomain", message: "m", $metadata });
    expect(err).toBeInstanceOf(SimpleDbServiceException);
    expect(err).toBeInstanceOf(NoSuchDomainException);
    expect(err).not.toBeInstanceOf(ConditionalCheckFailedException);
    expect(isSimpleDbError(err, "NoSuchDomain")).toBe(true);
  });

  it("does not treat plain errors with the same name as SimpleDB errors", () => {
    const fake = Object.assign(new Error("x"), { name: "NoSuchDomain", Code: "NoSuchDomain" });
    expect(fake).not.toBeInstanceOf(SimpleDbServiceException);
    expect(fake).not.toBeInstanceOf(NoSuchDomainException);
    expect(isSimpleDbError(fake)).toBe(false);
  });
});
