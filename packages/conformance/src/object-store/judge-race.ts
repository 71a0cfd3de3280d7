import type { ObjectBytes, WriteOutcome } from "@jobstore/object-store";
import type { RacingPut } from "./race.js";
import { digest } from "./support.js";

/**
 * What is wrong with one round of racing conditional puts: any rejection (a lost condition is a value),
 * a loser's `lost` outside `allowed`, more or fewer than one winner, or a stored object that is not the
 * winner's bytes and tag. A round with no winner is accepted only when an `uncertain` loser's bytes are
 * stored (its lost reply was retried into a loss of its own write).
 */
export function judgeRace(
  label: string,
  puts: readonly RacingPut[],
  allowed: ReadonlyArray<Extract<WriteOutcome, { written: false }>["lost"]>,
  stored: ObjectBytes | undefined,
): string[] {
  const violations: string[] = [];
  const winners: Array<RacingPut & { tag: string }> = [];
  const uncertain: RacingPut[] = [];
  for (const put of puts) {
    const { result } = put;
    if ("error" in result) {
      violations.push(
        `${label}: racer ${put.racer} rejected (a lost condition must be a value): ${result.error}`,
      );
    } else if (result.outcome.written) {
      winners.push({ ...put, tag: result.outcome.tag });
    } else {
      if (!allowed.includes(result.outcome.lost)) {
        violations.push(
          `${label}: racer ${put.racer} lost with "${result.outcome.lost}", expected ${allowed.join(" or ")}`,
        );
      }
      if (result.outcome.uncertain) uncertain.push(put);
    }
  }
  const storedDigest = stored && digest(stored.body);
  if (winners.length > 1) {
    violations.push(
      `${label}: ${winners.length} of ${puts.length} racers were told they won (racers ${winners.map((w) => w.racer).join(", ")}): exactly one may be`,
    );
  } else if (winners.length === 1) {
    const [winner] = winners as [RacingPut & { tag: string }];
    if (storedDigest !== digest(winner.body) || stored?.tag !== winner.tag) {
      violations.push(
        `${label}: the stored object is not the winner's (racer ${winner.racer}) bytes and tag`,
      );
    }
  } else if (!uncertain.some((u) => storedDigest === digest(u.body))) {
    violations.push(`${label}: no racer won`);
  }
  return violations;
}
