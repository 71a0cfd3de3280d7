import type { CliOutput } from "../cli-io.js";
import { formatBytes } from "../format.js";
import type { CopyProgress } from "./copy-context.js";

/**
 * A progress display for {@link copyStore}.
 *
 * @public
 */
export interface ProgressDisplay {
  /** Shows the latest state (throttled by the bar). */
  update(progress: Readonly<CopyProgress>): void;
  /** Draws the last state and releases the line; idempotent. */
  stop(): void;
}

const FORMAT =
  "{stage} |{bar}| {percentage}% | {done} / {all} | files {filesDone}/{filesTotal} | {rate} | ETA {eta_formatted}";

/**
 * A progress bar with bytes and files on a terminal; on anything else a display that shows nothing.
 *
 * @example
 * ```ts
 * const bar = await progressDisplay(io.stderr);
 * await copyStore(source, destination, { ...locators, onProgress: (p) => bar.update(p) });
 * bar.stop();
 * ```
 * @public
 */
export async function progressDisplay(out: CliOutput): Promise<ProgressDisplay> {
  if (!out.isTTY) return { update: () => {}, stop: () => {} };
  const { Presets, SingleBar } = (await import("cli-progress")).default;
  const bar = new SingleBar(
    { stream: out, format: FORMAT, hideCursor: true, barsize: 24, fps: 10, etaBuffer: 50 },
    Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  const payload = (p: Readonly<CopyProgress>) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return {
      stage: p.stage.padEnd(12),
      done: formatBytes(p.bytesDone),
      all: formatBytes(p.bytesTotal),
      filesDone: p.filesDone,
      filesTotal: p.filesTotal,
      rate: `${formatBytes(p.bytesDone / seconds)}/s`,
    };
  };
  return {
    update(p) {
      if (!running) {
        bar.start(p.bytesTotal, p.bytesDone, payload(p));
        running = true;
      }
      bar.setTotal(p.bytesTotal);
      bar.update(p.bytesDone, payload(p));
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
