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

function phasesOf(rounds: Rounds, names: string[]): string[] {
  const phases: string[] = [];
  for (const name of names) {
    for (const round of rounds.get(name) ?? []) {
      for (const p of round) if (!phases.includes(p.phase)) phases.push(p.phase);
    }
  }
  return phases;
}

function ratio(m: { ops: number } | undefined, to: { ops: number } | undefined): string {
  return m && to ? `${(m.ops / to.ops).toFixed(2)}×` : "-";
}

/**
 * The comparison table: one row per phase (in the baseline's order), the floor's median ops/s when
 * `floor` is given, the baseline's median ops/s (and its share of the floor), then each other contender's
 * median ops/s, its ratio to the baseline and its share of the floor; GB/s on the 16 MiB rows.
 */
export function comparisonTable(rounds: Rounds, baseline: string, others: string[], floor?: string): string {
  const floorCols = (o: string) => (floor ? [`${o} ÷floor`] : []);
  const headers = [
    "phase",
    ...(floor ? [`${floor} ops/s`] : []),
    `${baseline} ops/s`,
    ...floorCols(baseline),
    ...others.flatMap((o) => [`${o} ops/s`, `×${baseline}`, ...floorCols(o)]),
  ];
  const rows = phasesOf(rounds, [baseline, ...others]).map((phase) => {
    const big = phase.includes("16MiB");
    const base = medianOf(rounds.get(baseline), phase);
    const bottom = floor ? medianOf(rounds.get(floor), phase) : undefined;
    const share = (m: { ops: number } | undefined) => (floor ? [ratio(m, bottom)] : []);
    return [
      phase,
      ...(floor ? [cell(bottom, big)] : []),
      cell(base, big),
      ...share(base),
      ...others.flatMap((o) => {
        const m = medianOf(rounds.get(o), phase);
        return [cell(m, big), ratio(m, base), ...share(m)];
      }),
    ];
  });
  return markdown(headers, rows);
}

/** Per phase and contender, `min / median / max` ops/s over the rounds: how far one round strays. */
export function spreadTable(rounds: Rounds, names: string[]): string {
  const rows = phasesOf(rounds, names).map((phase) => [
    phase,
    ...names.map((n) => {
      const ops = (rounds.get(n) ?? []).flatMap((r) =>
        r.filter((p) => p.phase === phase).map((p) => p.ops_per_s),
      );
      if (ops.length === 0) return "-";
      return `${fmt(Math.min(...ops))} / ${fmt(median(ops))} / ${fmt(Math.max(...ops))}`;
    }),
  ]);
  return markdown(["phase", ...names.map((n) => `${n} min / median / max`)], rows);
}
