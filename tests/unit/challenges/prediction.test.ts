import { describe, expect, it } from "vitest";
import {
  classPredictions,
  predictionInputSchema,
  predictionOutranks,
  NO_GRADIENT_DECADES,
  relativeProfile,
  resample,
  scorePrediction,
  sketchFirstLayer,
  sketchPoints,
  type PredictionInput,
} from "../../../lib/challenges/prediction";

/** A 21-layer sigmoid-like profile: each layer 4x below the one above it (12 decades clipped to 6). */
const vanishing = Array.from({ length: 21 }, (_, i) => 1e-3 * 4 ** (i - 20));

const prediction = (patch: Partial<PredictionInput> = {}): PredictionInput => ({
  curve: [-6, -3, 0],
  verdict: "vanishing",
  accuracy: 0.4,
  ...patch,
});

describe("relativeProfile", () => {
  it.each([
    // Layer 1 (the input layer) is left out: layers 2..L.
    { norms: [1e-9, 1e-4, 1e-2, 1], expected: [-4, -2, 0] },
    { norms: [0.01, 10, 1, 1], expected: [1, 0, 0] },
    // Beyond the sketch's range values stay what they are (off scale), a zero gradient reads
    // NO_GRADIENT_DECADES, an overflowed one is undefined.
    { norms: [1, 1e-9, 0, null, 1e9, 1], expected: [-9, NO_GRADIENT_DECADES, null, 9, 0] },
  ])("$norms -> $expected decades", ({ norms, expected }) => {
    expect(
      relativeProfile(norms)!.map((x) => (x === null ? null : Math.round(x * 1e9) / 1e9)),
    ).toEqual(expected);
  });

  it("is undefined when the last layer's norm is 0 or overflowed (a dead network)", () => {
    expect(relativeProfile([1, 1, 0])).toBeNull();
    expect(relativeProfile([1, 1, null])).toBeNull();
    expect(relativeProfile([1, 1, Infinity])).toBeNull();
  });

  it("has one point per layer 2..L", () => {
    expect(sketchPoints(12)).toBe(11);
    expect(sketchFirstLayer(12)).toBe(2);
    expect(sketchPoints(2)).toBe(2);
  });
});

describe("resample", () => {
  it.each([
    { curve: [0, 2], n: 3, expected: [0, 1, 2] },
    { curve: [0, 1, 2, 3, 4], n: 3, expected: [0, 2, 4] },
    { curve: [-6, 0], n: 2, expected: [-6, 0] },
  ])("$curve at $n points", ({ curve, n, expected }) => {
    expect(resample(curve, n)).toEqual(expected);
  });
});

describe("scorePrediction", () => {
  const measured = { profile: vanishing, verdict: "vanishing" as const, accuracy: 0.4 };

  const exactOf = (norms: readonly number[]) =>
    relativeProfile(norms)!.map((x) => Math.max(-6, Math.min(6, x!)));

  it("gives 100 to a sketch on the measured profile with the verdict and accuracy right", () => {
    const exact = exactOf(vanishing);
    const score = scorePrediction(prediction({ curve: exact }), measured);
    expect(score.distance).toBeCloseTo(0, 9);
    expect(score.total).toBeCloseTo(100, 9);
  });

  it("scores the profile by its root-mean-square distance in decades (0 points at 3)", () => {
    // Level everywhere, against a profile 6 decades down at layer 1: far, but not all the way.
    const flat = scorePrediction(prediction({ curve: [0, 0] }), measured);
    const exact = exactOf(vanishing);
    const rms = Math.sqrt(exact.reduce((s, x) => s + x * x, 0) / exact.length);
    expect(flat.distance).toBeCloseTo(rms, 9);
    expect(flat.profilePoints).toBeCloseTo(60 * Math.max(0, 1 - rms / 3), 9);
    // A sketch 3 decades off at every layer earns no profile points.
    const off = scorePrediction(prediction({ curve: exact.map((x) => x + 3) }), measured);
    expect(off.distance).toBeCloseTo(3, 9);
    expect(off.profilePoints).toBe(0);
  });

  it("resamples a sketch drawn for another depth by relative position", () => {
    const coarse = scorePrediction(prediction({ curve: [-6, 0] }), {
      ...measured,
      profile: [1e-9, 1e-6, 1e-3, 1],
    });
    expect(coarse.distance).toBeCloseTo(0, 9);
  });

  it("gives no sketch profile points from an undefined profile (a dead network)", () => {
    for (const curve of [
      [6, 6, 6],
      [-6, -6, 0],
      [0, 0, 0],
    ]) {
      const dead = scorePrediction(prediction({ curve, verdict: "vanishing" }), {
        profile: [0, 0, 0, 0],
        verdict: "vanishing",
        accuracy: 0.33,
      });
      expect(dead.measured).toBeNull();
      expect(dead.distance).toBeNull();
      expect(dead.profilePoints).toBe(0);
      expect(dead.total).toBeCloseTo(dead.verdictPoints + dead.accuracyPoints, 9);
    }
  });

  it("skips undefined layers and scores off-scale ones at the scale's edge", () => {
    // Layer 3 overflowed (undefined), layer 4 got no gradient, layer 2 is 30 decades down.
    const score = scorePrediction(prediction({ curve: [-6, 6, -6, 0] }), {
      profile: [1, 1e-30, null, 0, 1],
      verdict: "vanishing",
      accuracy: 0.4,
    });
    expect(score.measured).toEqual([-30, null, NO_GRADIENT_DECADES, 0]);
    expect(score.distance).toBeCloseTo(0, 9);
    expect(score.profilePoints).toBeCloseTo(60, 9);
  });

  it.each([
    { verdict: "vanishing" as const, accuracy: 0.4, points: [25, 15] },
    { verdict: "healthy" as const, accuracy: 0.4, points: [0, 15] },
    { verdict: "vanishing" as const, accuracy: 0.65, points: [25, 7.5] },
    { verdict: "exploding" as const, accuracy: 1, points: [0, 0] },
  ])("verdict $verdict, accuracy $accuracy -> $points", ({ verdict, accuracy, points }) => {
    const score = scorePrediction(prediction({ verdict, accuracy }), measured);
    expect(score.verdictPoints).toBe(points[0]);
    expect(score.accuracyPoints).toBeCloseTo(points[1]!, 9);
    expect(score.total).toBeCloseTo(score.profilePoints + points[0]! + points[1]!, 9);
  });

  it("keeps the measured profile in the sketch's units for the overlay", () => {
    const score = scorePrediction(prediction(), measured);
    expect(score.measured).toHaveLength(20);
    expect(score.measured!.at(-1)).toBe(0);
    // Layer 2 sits 19 x log10(4) ~ 11.4 decades down: off the sketch's scale, kept as measured.
    expect(score.measured![0]).toBeCloseTo(-19 * Math.log10(4), 9);
  });
});

describe("classPredictions", () => {
  it("counts verdicts and takes the median sketch per layer", () => {
    const summary = classPredictions(
      [
        prediction({ curve: [-6, 0], verdict: "vanishing", accuracy: 0.3 }),
        prediction({ curve: [-2, 0], verdict: "vanishing", accuracy: 0.5 }),
        prediction({ curve: [0, 0, 0], verdict: "healthy", accuracy: 0.9 }),
      ],
      3,
    );
    expect(summary.count).toBe(3);
    expect(summary.verdicts).toEqual({ vanishing: 2, healthy: 1, exploding: 0 });
    expect(summary.median).toEqual([-2, -1, 0]);
    expect(summary.accuracy).toBe(0.5);
  });

  it("is empty with no predictions", () => {
    expect(classPredictions([], 5)).toMatchObject({ count: 0, median: [], accuracy: null });
  });
});

describe("the prediction schema and board order", () => {
  it.each([
    { curve: [0], why: "one point" },
    { curve: [-7, 0], why: "below the range" },
    { curve: Array.from({ length: 51 }, () => 0), why: "more layers than a network has" },
  ])("refuses a sketch with $why", ({ curve }) => {
    expect(predictionInputSchema.safeParse(prediction({ curve })).success).toBe(false);
  });

  it("ranks the higher score first, then the earlier lock", () => {
    expect(predictionOutranks({ total: 80, lockedAt: 2 }, { total: 70, lockedAt: 1 })).toBe(true);
    expect(predictionOutranks({ total: 70, lockedAt: 1 }, { total: 70, lockedAt: 2 })).toBe(true);
    expect(predictionOutranks({ total: 70, lockedAt: 2 }, { total: 70, lockedAt: 1 })).toBe(false);
  });
});
