import type { ConformanceOptions } from "../options.js";

/**
 * Registers the fast-check model-based properties (placeholder until the model lands; registers nothing).
 *
 * @example
 * ```ts
 * registerModelProperties(options);
 * ```
 * @public
 */
export function registerModelProperties(_options: ConformanceOptions): void {}
