import { StoreCommand } from "./store-command.js";
import { type HandleName, type ModelWorld, pickFrom } from "./world.js";

/**
 * A command on a job the run has assigned, live or deleted: the `pick`-th of the known job IDs (modulo
 * their count). It runs only once some job ID is known.
 */
export abstract class KnownJobCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly pick: number,
  ) {
    super(handle);
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return m.state.knownJobIds.length > 0;
  }

  /** The job ID this command works on. */
  protected pickedJob(m: Readonly<ModelWorld>): string {
    return pickFrom(m.state.knownJobIds, this.pick) as string;
  }
}

/**
 * A command on a file the run has written, live or deleted: the `pick`-th of the known file IDs (modulo
 * their count). It runs only once some file ID is known.
 */
export abstract class KnownFileCommand extends StoreCommand {
  constructor(
    handle: HandleName,
    readonly pick: number,
  ) {
    super(handle);
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return m.state.knownFileIds.length > 0;
  }

  /** The file ID this command works on. */
  protected pickedFile(m: Readonly<ModelWorld>): string {
    return pickFrom(m.state.knownFileIds, this.pick) as string;
  }
}
