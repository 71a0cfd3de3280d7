import type { StoreContext } from "../context.js";
import { readdirIfThere } from "./io.js";

/**
 * The message names in one log directory (`logs/read/` or `logs/unread/`), sorted: oldest first, since
 * names start with their write time. None when the directory is missing.
 */
export async function logNames(ctx: StoreContext, dir: string): Promise<string[]> {
  return ((await readdirIfThere(ctx.fs, dir)) ?? []).sort();
}
