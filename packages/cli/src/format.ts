import type { CliOutput } from "./cli-io.js";

/**
 * A byte count for people: `1.5 MiB`.
 *
 * @example
 * ```ts
 * formatBytes(1536); // "1.5 KiB"
 * ```
 * @public
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// Tables are drawn only on a terminal: a pipe never pays for loading the table module.
async function loadTable() {
  return (await import("cli-table3")).default;
}

// No rule between body rows: a list reads better dense (the header keeps its rule).
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/**
 * Writes rows: a boxed table on a terminal, tab-separated lines (header first) on a pipe, so that `cut`
 * and `awk` work on the output.
 *
 * @example
 * ```ts
 * await writeRows(io.stdout, ["ID", "name"], [["j1", "root"]]);
 * ```
 * @public
 */
export async function writeRows(
  out: CliOutput,
  head: readonly string[],
  rows: readonly (readonly string[])[],
): Promise<void> {
  if (!out.isTTY) {
    for (const row of [head, ...rows]) out.write(`${row.join("\t")}\n`);
    return;
  }
  const Table = await loadTable();
  const table = new Table({ head: [...head], chars: COMPACT, style: { head: ["bold"], border: [] } });
  for (const row of rows) table.push([...row]);
  out.write(`${table.toString()}\n`);
}

/**
 * Writes `key: value` pairs: a two-column table on a terminal, `key<TAB>value` lines on a pipe.
 *
 * @example
 * ```ts
 * await writePairs(io.stdout, [["workflow", id], ["jobs", "3"]]);
 * ```
 * @public
 */
export async function writePairs(
  out: CliOutput,
  pairs: readonly (readonly [string, string])[],
): Promise<void> {
  if (!out.isTTY) {
    for (const [key, value] of pairs) out.write(`${key}\t${value}\n`);
    return;
  }
  const Table = await loadTable();
  const table = new Table({ chars: COMPACT, style: { head: [], border: [] } });
  for (const [key, value] of pairs) table.push({ [key]: value });
  out.write(`${table.toString()}\n`);
}

/**
 * Writes a value as indented JSON and a newline.
 *
 * @example
 * ```ts
 * writeJson(io.stdout, { jobs: 3 });
 * ```
 * @public
 */
export function writeJson(out: CliOutput, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}
