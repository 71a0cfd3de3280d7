// What the parent (the vitest process) and its worker processes say to each other over the IPC channel.

/** How a worker reaches the store. */
export interface StoreAccess {
  locator: string;
  openOptions: Record<string, unknown>;
  /** Imported first, for its `registerBackend` side effect. */
  workerModule?: string;
}

/** An object of a check: its key (in content and journal) and its store ID. */
export interface CheckObject {
  key: string;
  id: string;
}

/** The capabilities the checks size their writes by. */
export interface SizeLimits {
  jobChunkSize: number;
  overlargeJobThreshold: number;
  inlineFileLimit: number;
  partSize: number;
}

/** The objects a seeded store holds. */
export interface SeededObjects {
  jobs: CheckObject[];
  files: CheckObject[];
}

/** What a worker is asked to do. */
export type WorkerTask =
  | { mode: "seed"; jobs: number; files: number; journal: string }
  | {
      mode: "loop";
      objects: SeededObjects;
      journal: string;
      life: string;
      /** Stop after this many writes (the crash check kills long before). */
      maxOps: number;
      /** Per-call timeout, for the faults check (0: none). */
      callTimeoutMs: number;
      /** Also read objects between writes, checking each read against the journal (faults check). */
      reads: boolean;
      withParts: boolean;
      /**
       * First report what every object holds (this is a fresh process after a kill), then wait for the
       * parent's `go` before writing anything.
       */
      verifyFirst: boolean;
      /**
       * Make the first write a large file (a multipart upload where the backend has parts) whose first
       * part is handed to the store, announced with `began`, and whose rest is held back: the parent
       * kills the worker in the middle of it.
       */
      largeFirst?: boolean;
    }
  | { mode: "verify"; objects: SeededObjects }
  | {
      mode: "final";
      objects: SeededObjects;
      /** First report what every object holds (`observed`), as a fresh process finds it. */
      observeFirst?: boolean;
      /**
       * After `observed`, wait for the parent's `go` before looking for leftovers: the parent looks at the
       * storage as a resumed store left it (a backend may reclaim leftovers on resume).
       */
      holdAfterObserve?: boolean;
    }
  | { mode: "file-racer"; file: CheckObject; index: number }
  | {
      mode: "job-writer";
      job: CheckObject;
      index: number;
      /** At least this many updates, and more until `minMs` have passed (at most 10 times as many). */
      updates: number;
      minMs: number;
    }
  | { mode: "job-reader"; job: CheckObject };

/** The config a worker receives as its only argument (JSON). */
export type WorkerConfig = StoreAccess & { task: WorkerTask };

/** What a reader found in one object: the tag of a whole version, or what is wrong. */
export interface Observation {
  key: string;
  kind: "job" | "file";
  tag?: string;
  problem?: string;
  /** The error code when the read failed (`UNCODED ...` for an error that is not a `JobStoreError`). */
  code?: string;
}

/** Messages from a worker to the parent. */
export type WorkerMessage =
  | { type: "seeded"; objects: SeededObjects }
  | { type: "ready"; capabilities: SizeLimits }
  | { type: "op"; n: number }
  | { type: "began"; n: number; size: number }
  | {
      type: "observed";
      observations: Observation[];
      jobsListed: number | string;
      /**
       * How many journal entries there were when the readings were done (a loop worker's, which then waits
       * for `go` before writing); absent from a reader whose journal nobody writes any more.
       */
      journalEntries?: number;
    }
  | {
      type: "looped";
      ops: number;
      reads: number;
      failures: Record<string, number>;
      violations: string[];
    }
  | {
      type: "final";
      /** Whether the front end has `findLeftovers` (absent: leftovers are checked only by destroy). */
      findsLeftovers: boolean;
      leftoversFound: number;
      leftoverKinds: Record<string, number>;
      leftoversAfterRemoval: number;
      observations: Observation[];
      notes: string[];
      violations: string[];
    }
  | { type: "read"; round: number; tag?: string; problem?: string; latencyMs: number }
  | { type: "entered"; round: number }
  | { type: "updated"; round: number; tag: string; won: boolean; code?: string }
  | {
      type: "wrote";
      attempted: number;
      written: number;
      lastAcked?: string;
      sizes: number[];
      errors: string[];
    }
  | {
      type: "loaded";
      loads: number;
      problemCount: number;
      problems: string[];
      tags: string[];
      last: Observation;
    }
  | { type: "fatal"; error: string };

/** Commands from the parent to a worker. */
export type ParentMessage =
  | { cmd: "read"; round: number }
  | { cmd: "update"; round: number }
  | { cmd: "release"; round: number }
  /** Start: racers start their round; a loop worker that reported its readings starts writing. */
  | { cmd: "go" }
  | { cmd: "stop" }
  | { cmd: "exit" };
