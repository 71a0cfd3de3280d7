import type { StoreContext } from "../context.js";
import { isMissing } from "../errors.js";

/**
 * The message names in one log directory (`logs/read/` or `logs/unread/`), sorted: oldest first, since
 * names start with their write time. None when the directory is missing.
 */
export async function logNames(ctx: StoreContext, dir: string): Promise<string[]> {
  try {
    return (await ctx.fs.readdir(dir)).sort();
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}
