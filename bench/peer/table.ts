/** Medians over rounds and the printed comparison table. */
import { median } from "../median.js";
import type { PhaseResult } from "./phases.js";

/** Per contender, per round, the phases it measured (a skipped round holds none). */
export type Rounds = Map<string, PhaseResult[][]>;

function medianOf(
  rounds: PhaseResult[][] | undefined,
  phase: string,
): { ops: number; mibs?: number } | undefined {
  const hits = (rounds ?? []).flatMap((r) => r.filter((p) => p.phase === phase));
  if (hits.length === 0) return undefined;
  const ops = median(hits.map((h) => h.ops_per_s));
  const withBytes = hits.filter((h) => h.MiB_per_s !== undefined);
  return withBytes.length ? { ops, mibs: median(withBytes.map((h) => h.MiB_per_s!)) } : { ops };
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
}

function cell(m: { ops: number; mibs?: number } | undefined, big: boolean): string {
  if (!m) return "-";
  return big && m.mibs !== undefined
    ? `${fmt(m.ops)} (${((m.mibs * 1.048576) / 1000).toFixed(2)} GB/s)`
    : fmt(m.ops);
}

/** Renders `headers` and `rows` as a Markdown table with padded columns. */
export function markdown(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * The comparison table: one row per phase (in the baseline's order), the baseline's median ops/s, then
 * each other contender's median ops/s and its ratio to the baseline; GB/s on the 16 MiB rows.
 */
export function comparisonTable(rounds: Rounds, baseline: string, others: string[]): string {
  const phases: string[] = [];
  for (const name of [baseline, ...others]) {
    for (const round of rounds.get(name) ?? []) {
      for (const p of round) if (!phases.includes(p.phase)) phases.push(p.phase);
    }
  }
  const headers = ["phase", `${baseline} ops/s`, ...others.flatMap((o) => [`${o} ops/s`, "ratio"])];
  const rows = phases.map((phase) => {
    const big = phase.includes("16MiB");
    const base = medianOf(rounds.get(baseline), phase);
    return [
      phase,
      cell(base, big),
      ...others.flatMap((o) => {
        const m = medianOf(rounds.get(o), phase);
        const ratio = m && base ? `${(m.ops / base.ops).toFixed(2)}×` : "-";
        return [cell(m, big), ratio];
      }),
    ];
  });
  return markdown(headers, rows);
}
