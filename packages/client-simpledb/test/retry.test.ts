import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../src/index.js";
import { backoffDelay, decideRetry, isRetryableOutcome } from "../src/retry.js";

describe("isRetryableOutcome", () => {
  it("retries HTTP 500 and 503 and network failures", () => {
    expect(isRetryableOutcome({ kind: "response", httpStatusCode: 500 })).toBe(true);
    expect(isRetryableOutcome({ kind: "response", httpStatusCode: 503 })).toBe(true);
    expect(isRetryableOutcome({ kind: "network" })).toBe(true);
  });
  it("never retries 4xx (including 408 RequestTimeout) or other statuses", () => {
    for (const s of [400, 401, 403, 404, 408, 409, 502, 504]) {
      expect(isRetryableOutcome({ kind: "response", httpStatusCode: s })).toBe(false);
    }
  });
});

describe("backoffDelay (full jitter)", () => {
  const policy = { baseDelayMs: 50, maxDelayMs: 2000 };
  it("doubles the ceiling per attempt starting at the base", () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0.999999))).toEqual([49, 99, 199, 399]);
  });
  it("caps the ceiling at maxDelayMs", () => {
    expect(backoffDelay(30, policy, () => 0.999999)).toBe(1999);
  });
  it("draws uniformly from zero", () => {
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
    expect(backoffDelay(5, policy, () => 0.5)).toBe(400);
  });
});

describe("decideRetry", () => {
  const half = () => 0.5;
  it("retries a transient outcome with a jittered delay", () => {
    expect(
      decideRetry({ attempt: 2, elapsedMs: 0, outcome: { kind: "network" } }, DEFAULT_RETRY_POLICY, half),
    ).toEqual({
      retry: true,
      delayMs: 50,
    });
  });
  it("stops at maxAttempts", () => {
    const outcome = { kind: "response", httpStatusCode: 503 } as const;
    expect(decideRetry({ attempt: 7, elapsedMs: 0, outcome }, DEFAULT_RETRY_POLICY, half).retry).toBe(true);
    expect(decideRetry({ attempt: 8, elapsedMs: 0, outcome }, DEFAULT_RETRY_POLICY, half).retry).toBe(false);
  });
  it("stops when the sleep would end past the time budget", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, timeBudgetMs: 1000 };
    expect(
      decideRetry({ attempt: 5, elapsedMs: 599, outcome: { kind: "network" } }, policy, half).retry,
    ).toBe(true);
    expect(
      decideRetry({ attempt: 5, elapsedMs: 600, outcome: { kind: "network" } }, policy, half).retry,
    ).toBe(false);
  });
  it("never retries a 4xx even with attempts and time left", () => {
    expect(
      decideRetry(
        { attempt: 1, elapsedMs: 0, outcome: { kind: "response", httpStatusCode: 409 } },
        DEFAULT_RETRY_POLICY,
      ).retry,
    ).toBe(false);
  });
});
