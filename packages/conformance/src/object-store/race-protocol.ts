import type { WriteCondition, WriteOutcome } from "@jobstore/object-store";
import type { ObjectStoreFactoryRef } from "./options.js";

/** The JSON a racer process gets as its only argument. */
export interface RacerConfig {
  factory: ObjectStoreFactoryRef;
  container: string;
}

/** Parent → racer: one conditional put at wall-clock time `at` (ms), or the end. */
export type RacerCommand =
  | { cmd: "put"; round: number; key: string; body: string; condition: WriteCondition; at: number }
  | { cmd: "exit" };

/** What a put came to: the outcome, or the rejection as the racer saw it. */
export type RacerResult =
  | { type: "result"; round: number; outcome: WriteOutcome }
  | { type: "result"; round: number; error: string };

/** Racer → parent. */
export type RacerMessage = { type: "ready" } | { type: "fatal"; error: string } | RacerResult;
