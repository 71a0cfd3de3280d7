import type { LogEntry } from "@jobstore/core";
import type { CopyContext, CopyCount } from "./copy-context.js";

/** Identifies a message with its read state; logs have no IDs, so a copy matches them by content. */
export function logKey(entry: LogEntry): string {
  return `${entry.read ? "r" : "u"}:${entry.message.toString("base64")}`;
}

/**
 * Counts entries per {@link logKey}.
 *
 * @example
 * ```ts
 * const counts = countLogs(entries);
 * ```
 * @public
 */
export function countLogs(entries: readonly LogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(logKey(entry), (counts.get(logKey(entry)) ?? 0) + 1);
  return counts;
}

/**
 * Appends the source's log messages, with their read state, that the destination does not hold yet:
 * each message as many times as the source has it more than the destination (so a resumed copy neither
 * loses nor doubles one), in the source's order.
 *
 * @example
 * ```ts
 * await copyLogs(c, sourceLogs, destinationLogs);
 * ```
 * @public
 */
export async function copyLogs(
  c: CopyContext,
  entries: readonly LogEntry[],
  existing: readonly LogEntry[],
): Promise<CopyCount> {
  const count: CopyCount = { copied: 0, skipped: 0 };
  const there = countLogs(existing);
  for (const entry of entries) {
    const key = logKey(entry);
    const left = there.get(key) ?? 0;
    if (left > 0) {
      there.set(key, left - 1);
      count.skipped += 1;
      continue;
    }
    await c.destination.writeLogs(entry.message, { read: entry.read, signal: c.signal });
    count.copied += 1;
  }
  return count;
}
