/**
 * Scores and the leaderboard: pure rules over verified runs. A score is the ranking key, higher is
 * better, and only verified numbers (never a student's claim) produce one.
 */
import type { Verdict } from "../nn/summary";
import type { Objective } from "./spec";

// A type, not an interface: it is stored as JSON, and only types fit JSON's index signature.
export type FlowSummary = {
  /**
   * ||dL/dW_from|| / ||dL/dW_L||: from layer 2 (lib/nn/summary.ts); runs verified before the
   * measure left out the input layer were measured from layer 1.
   */
  gradRatio: number | null;
  from: number;
  signalRatio: number | null;
  verdict: Verdict;
};

/** What the verifier measured for one run. */
export interface VerifiedResult {
  /** Accuracy and loss of the submitted weights on the hidden test split. */
  accuracy: number;
  /** null when the weights produce non-finite outputs. */
  loss: number | null;
  /** Training steps of the run's config. */
  steps: number;
  /**
   * The gradient-flow probe at initialization, recomputed from the seed, with ||dL/dW|| per layer
   * (layer 1 first; null where it overflowed; absent for runs verified before it was kept): what
   * a prediction is scored against.
   */
  probe: FlowSummary & { profile?: (number | null)[] };
  /**
   * The same probe at the submitted (trained) weights: the flow after training, what a failed run's
   * alert rests on (null for runs verified before it was measured).
   */
  final: FlowSummary | null;
  /**
   * For step-ranked challenges, the server's own training of the config from its seed, evaluated on
   * the hidden split: what the step count is ranked on (null for other objectives).
   */
  reproduced: { accuracy: number; loss: number | null; diverged: boolean } | null;
}

/** The objective's score, or null when the run does not qualify (never ranked). */
export function scoreRun(objective: Objective, result: VerifiedResult): number | null {
  // Weights whose outputs overflow on some hidden point (loss null) have no accuracy to rank.
  const usable = result.loss !== null && Number.isFinite(result.accuracy);
  switch (objective.kind) {
    case "accuracy":
      return usable ? result.accuracy : null;
    case "steps-to-target": {
      // Fewer steps rank higher. The step count is a claim the weights cannot prove, so a run
      // qualifies only when its weights and the server's own re-run of its config both reach the
      // target on the hidden split.
      const again = result.reproduced;
      const reproduced = again !== null && !again.diverged && again.loss !== null;
      return usable &&
        result.accuracy >= objective.target &&
        reproduced &&
        again.accuracy >= objective.target
        ? -result.steps
        : null;
    }
    case "gradient-health": {
      // Zero is perfectly level: no growth or decay of gradient or signal from layer 1 to layer L.
      const { gradRatio, signalRatio } = result.probe;
      if (
        !gradRatio ||
        !signalRatio ||
        !Number.isFinite(gradRatio) ||
        !Number.isFinite(signalRatio)
      )
        return null;
      return -(Math.abs(Math.log10(gradRatio)) + Math.abs(Math.log10(signalRatio)));
    }
  }
}

/** The score in the objective's own unit, for display: accuracy, steps, or decades off level. */
export function scoreValue(objective: Objective, score: number): number {
  return objective.kind === "accuracy" ? score : -score;
}

export interface RankableRun {
  runId: string;
  participantId: string;
  score: number | null;
  /** Milliseconds since the epoch. */
  submittedAt: number;
}

export interface LeaderboardEntry {
  rank: number;
  participantId: string;
  runId: string;
  score: number;
  submittedAt: number;
}

/** Whether `a` ranks above `b`: higher score; earlier submission wins a tie; the run id makes the order total. */
export function outranks(a: RankableRun, b: RankableRun): boolean {
  if (a.score! !== b.score!) return a.score! > b.score!;
  if (a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt;
  return a.runId < b.runId;
}

/** Best qualifying run per participant, ranked; ties broken by earlier submission. */
export function buildLeaderboard(runs: readonly RankableRun[]): LeaderboardEntry[] {
  const best = new Map<string, RankableRun>();
  for (const run of runs) {
    if (run.score === null || !Number.isFinite(run.score)) continue;
    const current = best.get(run.participantId);
    if (!current || outranks(run, current)) best.set(run.participantId, run);
  }
  return [...best.values()]
    .sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0))
    .map((r, i) => ({
      rank: i + 1,
      participantId: r.participantId,
      runId: r.runId,
      score: r.score!,
      submittedAt: r.submittedAt,
    }));
}
