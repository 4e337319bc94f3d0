/** Small presentation helpers shared by the student and teacher pages. */
import type { ChallengeView } from "../../lib/protocol/views";

/** A leaderboard score in its objective's own unit. */
export function formatScore(challenge: ChallengeView, score: number): string {
  switch (challenge.spec.objective.kind) {
    case "accuracy":
      return `${(100 * score).toFixed(1)}%`;
    case "steps-to-target":
      return `${-score} steps`;
    case "gradient-health":
      return `${(-score).toFixed(2)} decades off`;
  }
}

/** Replaces the item with the same id, or appends it. */
export function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  return list.some((x) => x.id === item.id)
    ? list.map((x) => (x.id === item.id ? item : x))
    : [...list, item];
}

/**
 * A tick on a log axis: plain between 0.001 and 1000, else a power of ten ("1e-5", "3e6"). A
 * gradient of 1e-5 must never print as "0" (uPlot's default rounds small ticks away).
 */
export function logTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e3) return String(Number(v.toPrecision(2)));
  const [mantissa, exponent] = v.toExponential(0).split("e") as [string, string];
  return `${mantissa}e${Number(exponent)}`;
}
