import type { SimpleDbFaultOptions, SimpleDbFaultStatus, SimpleDbFaultStep } from "../options.js";

/**
 * Decides, per request, whether to inject a fault.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector({ script: [{ status: 503 }] });
 * faults.next("ListDomains"); // { status: 503 }
 * faults.next("ListDomains"); // undefined
 * ```
 * @internal
 */
export class FaultInjector {
  private script: SimpleDbFaultStep[];
  private readonly random: () => number;

  constructor(private readonly options: SimpleDbFaultOptions) {
    this.script = [...(options.script ?? [])];
    this.random = mulberry32(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** The configuration with the unconsumed script. */
  get current(): SimpleDbFaultOptions {
    return { ...this.options, script: [...this.script] };
  }

  /** The fault for this request, if any; a matching script step is consumed. */
  next(action: string): SimpleDbFaultStep | undefined {
    const index = this.script.findIndex((step) => step.action === undefined || step.action === action);
    if (index >= 0) return this.script.splice(index, 1)[0];
    const rate = this.options.rate ?? 0;
    if (rate <= 0) return undefined;
    if (this.options.actions !== undefined && !this.options.actions.includes(action)) return undefined;
    if (this.random() >= rate) return undefined;
    const statuses: SimpleDbFaultStatus[] = this.options.statuses?.length ? this.options.statuses : [503];
    return { status: statuses[Math.floor(this.random() * statuses.length)] ?? 503 };
  }
}

// Small, fast, seedable PRNG; statistical quality is irrelevant for fault rates.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
