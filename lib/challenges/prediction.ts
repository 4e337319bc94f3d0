/**
 * Predict, then observe: before the first training a student sketches the gradient profile they
 * expect, picks a verdict and an expected accuracy; the verified run scores the prediction. Pure.
 *
 * The sketch is a curve over the hidden-to-hidden layers 2..L (input side first) of
 * log10(||dL/dW_l|| / ||dL/dW_L||) at initialization, L the last hidden layer: decades relative to
 * the top of the network, so the last point is 0 and a vanishing network's lower layers sit far
 * below it. Layer 1 is left out as the verdict leaves it out (lib/nn/summary.ts): its gradient
 * scales with the input's dimension, not with depth. The sketch is compared with the verifier's own
 * probe at initialization (recomputed from the seed, never the student's telemetry).
 *
 * Score (0..100), documented for students in the lab:
 * - profile, 60 points: 60 x max(0, 1 - d / 3), d the root-mean-square distance in decades between
 *   the sketch and the measured profile over the layers (both clipped to +-6 decades; a sketch drawn
 *   for another depth is resampled by relative position). A layer whose gradient overflowed is
 *   undefined and skipped; a profile with no usable reference (layer L's gradient 0 or overflowed:
 *   a dead network) is undefined as a whole and earns no sketch any profile points;
 * - verdict, 25 points when it equals the measured verdict at initialization;
 * - accuracy, 15 x max(0, 1 - |expected - verified| / 0.5).
 */
import { z } from "zod";
import { MAX_DEPTH } from "../nn/config";
import { flowSpan, type Verdict } from "../nn/summary";

/** The sketch's range: decades above and below the last hidden layer. */
export const SKETCH_DECADES = 6;
export const VERDICTS = ["vanishing", "healthy", "exploding"] as const satisfies readonly Verdict[];

export const PROFILE_POINTS = 60;
export const VERDICT_POINTS = 25;
export const ACCURACY_POINTS = 15;
/** A sketch this many decades off (root mean square) earns no profile points. */
export const PROFILE_ZERO_DECADES = 3;
/** An expected accuracy this far off earns no accuracy points. */
export const ACCURACY_ZERO = 0.5;

export const predictionInputSchema = z
  .object({
    /** Decades relative to the last hidden layer, one per hidden layer, input side first. */
    curve: z.array(z.number().min(-SKETCH_DECADES).max(SKETCH_DECADES)).min(2).max(MAX_DEPTH),
    verdict: z.enum(VERDICTS),
    /** Expected hidden-test accuracy, 0..1. */
    accuracy: z.number().min(0).max(1),
  })
  .strict();

export type PredictionInput = z.infer<typeof predictionInputSchema>;

export const clip = (x: number) => Math.max(-SKETCH_DECADES, Math.min(SKETCH_DECADES, x));

/** Points a sketch has for a network of `depth` hidden layers: layers 2..L, at least 2. */
export const sketchPoints = (depth: number): number => Math.max(2, flowSpan(depth).layers + 1);

/** The hidden layer a sketch's first point stands for. */
export const sketchFirstLayer = (depth: number): number => flowSpan(depth).from + 1;

/**
 * A layer that got no gradient at all under a live layer L: below any ratio of two float64 norms
 * (which stay above -650 decades), and JSON-safe where -Infinity is not.
 */
export const NO_GRADIENT_DECADES = -1000;

/**
 * A measured profile (||dL/dW|| per hidden layer, layer 1 first) in the sketch's units over layers
 * 2..L, unclipped: values past +-6 decades are off the sketch's scale, not at its edge. null where a
 * layer's norm overflowed (undefined), NO_GRADIENT_DECADES where it is exactly 0; the whole profile
 * is null when layer L's norm is 0 or overflowed (nothing to be relative to).
 */
export function relativeProfile(norms: readonly (number | null)[]): (number | null)[] | null {
  const span = flowSpan(norms.length);
  const last = norms[span.to];
  if (last === null || last === undefined || !(last > 0) || !Number.isFinite(last)) return null;
  return norms.slice(span.from).map((n) => {
    if (n === null || !Number.isFinite(n)) return null;
    if (n <= 0) return NO_GRADIENT_DECADES;
    return Math.log10(n / last);
  });
}

/** The curve at `n` evenly spaced positions (first and last layers kept), linearly interpolated. */
export function resample(curve: readonly number[], n: number): number[] {
  if (curve.length === n) return [...curve];
  if (n === 1) return [curve.at(-1)!];
  return Array.from({ length: n }, (_, i) => {
    const t = (i / (n - 1)) * (curve.length - 1);
    const lo = Math.floor(t);
    const hi = Math.min(curve.length - 1, lo + 1);
    return curve[lo]! + (curve[hi]! - curve[lo]!) * (t - lo);
  });
}

/** What the prediction is scored against: the verifier's numbers for the run. */
export interface Measured {
  /** ||dL/dW|| per layer at initialization, layer 1 first. */
  profile: readonly (number | null)[];
  verdict: Verdict;
  accuracy: number;
}

// A type, not an interface: it is stored as JSON.
export type PredictionScore = {
  total: number;
  /**
   * Root-mean-square distance of the sketch from the measured profile, in decades, over the layers
   * where it is defined; null when it is defined nowhere.
   */
  distance: number | null;
  profilePoints: number;
  verdictPoints: number;
  accuracyPoints: number;
  /**
   * The measured profile in the sketch's units, layers 2..L, unclipped (what the lab and projector
   * overlay): `relativeProfile`'s values, null where undefined; null as a whole when undefined.
   */
  measured: (number | null)[] | null;
  measuredVerdict: Verdict;
  verifiedAccuracy: number;
};

export function scorePrediction(prediction: PredictionInput, measured: Measured): PredictionScore {
  const relative = relativeProfile(measured.profile);
  let distance: number | null = null;
  if (relative) {
    const sketch = resample(prediction.curve, relative.length).map(clip);
    const defined = relative.flatMap((m, i) => (m === null ? [] : [(sketch[i]! - clip(m)) ** 2]));
    if (defined.length > 0)
      distance = Math.sqrt(defined.reduce((sum, d) => sum + d, 0) / defined.length);
  }
  const profilePoints =
    distance === null ? 0 : PROFILE_POINTS * Math.max(0, 1 - distance / PROFILE_ZERO_DECADES);
  const verdictPoints = prediction.verdict === measured.verdict ? VERDICT_POINTS : 0;
  const accuracyPoints =
    ACCURACY_POINTS *
    Math.max(0, 1 - Math.abs(prediction.accuracy - measured.accuracy) / ACCURACY_ZERO);
  return {
    total: profilePoints + verdictPoints + accuracyPoints,
    distance,
    profilePoints,
    verdictPoints,
    accuracyPoints,
    measured: relative,
    measuredVerdict: measured.verdict,
    verifiedAccuracy: measured.accuracy,
  };
}

/** What the projector shows of the class's predictions before the reveal. */
export interface ClassPredictions {
  count: number;
  verdicts: Record<Verdict, number>;
  /** Per layer, the median of the sketches (resampled to `layers` points); empty with no sketch. */
  median: number[];
  /** Median expected accuracy, or null with no prediction. */
  accuracy: number | null;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function classPredictions(
  predictions: readonly PredictionInput[],
  layers: number,
): ClassPredictions {
  const verdicts: Record<Verdict, number> = { vanishing: 0, healthy: 0, exploding: 0 };
  for (const p of predictions) verdicts[p.verdict]++;
  const curves = predictions.map((p) => resample(p.curve, layers));
  return {
    count: predictions.length,
    verdicts,
    median: curves.length
      ? Array.from({ length: layers }, (_, i) => median(curves.map((c) => c[i]!)))
      : [],
    accuracy: predictions.length ? median(predictions.map((p) => p.accuracy)) : null,
  };
}

/** The prediction board's order: higher score first, then the earlier locked prediction. */
export function predictionOutranks(
  a: { total: number; lockedAt: number },
  b: { total: number; lockedAt: number },
): boolean {
  return a.total !== b.total ? a.total > b.total : a.lockedAt < b.lockedAt;
}

/** A level starting sketch over `layers` hidden layers. */
export const flatSketch = (layers: number): number[] => Array.from({ length: layers }, () => 0);
