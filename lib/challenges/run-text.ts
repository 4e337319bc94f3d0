/**
 * A verified run as the student reads it, as data: the score, and the gradient flow at
 * initialization and after training kept apart, so that the expected explosion of batch norm at
 * init (Yang et al. 2019) never reads as the run's failure. Which sentences apply and their numbers
 * are decided here; the lab words them in the reader's language (app/class/[sessionId]/run-text.ts).
 */
import type { TelemetryFrame } from "../nn/trainer";
import { EXPLODING_RATIO, settledStep, type Verdict } from "../nn/summary";
import type { RunView } from "../protocol/views";

/** Why the server could not verify a run, from the reason it recorded (server/verifier). */
export type FailureCode =
  "challenge-gone" | "verifier-failed" | "other-dataset" | "weights" | "other";

/**
 * The reasons the verifier records (server/verifier), kept in English in the run's record (exports,
 * logs); the page shows a translated sentence chosen by the code, never the phrase itself. A
 * weights error appends its detail after WEIGHTS_FAILURE_PREFIX.
 */
export const RUN_FAILURES = {
  "challenge-gone": "the run's challenge is gone",
  "verifier-failed": "the verifier failed on this run",
  "other-dataset": "the run used another dataset",
} as const satisfies Partial<Record<FailureCode, string>>;
export const WEIGHTS_FAILURE_PREFIX = "weights: ";

export function failureCode(failure: string | null): FailureCode {
  if (!failure) return "other";
  for (const [code, text] of Object.entries(RUN_FAILURES))
    if (failure === text) return code as keyof typeof RUN_FAILURES;
  if (failure.startsWith(WEIGHTS_FAILURE_PREFIX)) return "weights";
  return "other";
}

/**
 * A gradient ratio as `times` (lib/nn/summary.ts) writes it: "17x", "9.5x", or, far from 1, a
 * power of ten ("1e+5 times"); 0 reads "0 times".
 */
export type Ratio = { kind: "x"; value: number } | { kind: "times"; value: string };

export function ratioOf(x: number): Ratio {
  if (x === 0) return { kind: "times", value: "0" };
  if (x >= 1e5 || x < 1e-3) return { kind: "times", value: x.toExponential(0) };
  return { kind: "x", value: x >= 10 ? Math.round(x) : Number(x.toPrecision(2)) };
}

/** Batch norm's growth at initialization: per layer, and layer 2's gradient against layer L's. */
export interface Growth {
  factor: number;
  ratio: Ratio;
  depth: number;
}

/**
 * The flow at initialization, and why batch norm's explosion there is no failure. With batch norm
 * the growth per layer is always named, so a run just under the exploding line and one just over it
 * tell the same story (Yang et al.'s growth), not "healthy" against "exploding, as expected".
 */
export type InitReading =
  /** Exploding with batch norm, as expected; `settled`: the step from which it stayed healthy. */
  | { kind: "bn-exploding"; growth: Growth | null; settled: number | null }
  /** Healthy with batch norm, within the exploding line, and its growth named. */
  | { kind: "bn-healthy"; line: number; growth: Growth; settled: number | null }
  /** Vanishing or exploding at init, and training brought it level. */
  | { kind: "brought-level"; verdict: Verdict; settled: number }
  | { kind: "plain"; verdict: Verdict };

export type RunReport =
  | { kind: "pending" }
  | { kind: "unverifiable"; failure: FailureCode }
  | {
      kind: "verified";
      accuracy: number;
      /** Step-ranked challenges: the server's own re-run of the config from its seed. */
      reproduced: { accuracy: number; steps: number } | null;
      /** Null where the server measured no verdict at initialization. */
      init: InitReading | null;
      finalVerdict: Verdict | null;
      /** What did not match: the claim or the weights against a re-run, or the claim alone. */
      mismatch: "reproduced" | "claim" | null;
    };

/** What the server found: the score, and the gradient flow at initialization and after training. */
export function runReport(run: RunView, frames: readonly TelemetryFrame[] | undefined): RunReport {
  if (run.status === "pending") return { kind: "pending" };
  if (run.status === "unverifiable")
    return { kind: "unverifiable", failure: failureCode(run.failure) };
  return {
    kind: "verified",
    accuracy: run.verifiedAccuracy ?? 0,
    reproduced:
      run.reproducedAccuracy !== null
        ? { accuracy: run.reproducedAccuracy, steps: run.config.steps }
        : null,
    init: initReading(run, frames),
    finalVerdict: run.finalVerdict,
    mismatch: !run.mismatch ? null : run.reproducedAccuracy !== null ? "reproduced" : "claim",
  };
}

function initReading(
  run: RunView,
  frames: readonly TelemetryFrame[] | undefined,
): InitReading | null {
  if (!run.verdict) return null;
  // Step 0 is no settling: the flow was level from the start.
  const settled = (frames && settledStep(frames)) || null;
  const bn = run.config.batchNorm !== "off";
  const growth: Growth | null =
    bn && run.initialFactor !== null && run.initialGradRatio !== null
      ? { factor: run.initialFactor, ratio: ratioOf(run.initialGradRatio), depth: run.config.depth }
      : null;
  if (run.verdict === "exploding" && bn) return { kind: "bn-exploding", growth, settled };
  if (run.verdict === "healthy" && growth)
    return { kind: "bn-healthy", line: EXPLODING_RATIO, growth, settled };
  if (run.verdict !== "healthy" && settled && run.finalVerdict === "healthy")
    return { kind: "brought-level", verdict: run.verdict, settled };
  return { kind: "plain", verdict: run.verdict };
}
