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
