import { describe, expect, it } from "vitest";
import {
  settledStep,
  summarizeGradientFlow,
  verdictFor,
  type Verdict,
} from "../../../lib/nn/summary";

const run = (
  weight: number[],
  act: number[] = weight.map(() => 1),
  std: number[] = weight.map(() => 1),
) => ({
  layers: weight.map((w, i) => ({
    weightGradNorm: w,
    activationGradNorm: act[i]!,
    activationStd: std[i]!,
  })),
});

describe("gradient-flow summary", () => {
  it.each<[number, number | null, Verdict]>([
    [1, 1, "healthy"],
    [0.11, 1, "healthy"],
    [0.09, 1, "vanishing"],
    [1e-12, 1, "vanishing"],
    [9.9, 1, "healthy"],
    [38, 1, "exploding"],
    [1, 0.005, "vanishing"],
    [1, 500, "exploding"],
    [1, null, "healthy"],
    [38, 0.001, "exploding"],
  ])("gradRatio %s with signalRatio %s is %s", (ratio, signal, verdict) => {
    expect(verdictFor(ratio, signal)).toBe(verdict);
  });

  it("takes the geometric mean over seeds and the per-layer factor", () => {
    const s = summarizeGradientFlow([run([4, 2, 1]), run([16, 4, 1])]);
    expect(s.gradRatio).toBeCloseTo(8, 10); // sqrt(4 * 16)
    expect(s.perLayerFactor).toBeCloseTo(Math.sqrt(8), 10);
    expect(s.verdict).toBe("healthy");
  });

  it("reports the back-propagated gradient and the forward signal separately", () => {
    const s = summarizeGradientFlow([run([1, 1, 1], [0.01, 0.1, 1], [1, 0.1, 0.001])]);
    expect(s.gradRatio).toBeCloseTo(1, 10);
    expect(s.activationGradRatio).toBeCloseTo(0.01, 10);
    expect(s.signalRatio).toBeCloseTo(0.001, 10);
    expect(s.verdict).toBe("vanishing");
  });

  it("calls overflow exploding and a dead network vanishing", () => {
    expect(summarizeGradientFlow([run([Infinity, 1])]).verdict).toBe("exploding");
    expect(summarizeGradientFlow([run([Number.NaN, 1])]).verdict).toBe("exploding");
    expect(summarizeGradientFlow([run([0, 0], [0, 0], [0, 0])]).verdict).toBe("vanishing");
    expect(summarizeGradientFlow([run([1, 0])]).verdict).toBe("exploding");
  });

  it("needs runs of equal depth", () => {
    expect(() => summarizeGradientFlow([])).toThrow();
    expect(() => summarizeGradientFlow([run([1, 1]), run([1])])).toThrow();
  });
});

describe("settledStep", () => {
  const frame = (step: number, ratio: number) => ({
    step,
    layers: [
      { weightGradNorm: ratio, activationGradNorm: ratio, activationStd: 1 },
      { weightGradNorm: 1, activationGradNorm: 1, activationStd: 1 },
    ],
  });
  it.each<[string, [number, number][], number | null]>([
    [
      "level from the start",
      [
        [1, 1],
        [10, 2],
        [20, 1],
      ],
      1,
    ],
    [
      "exploding at init, then level",
      [
        [1, 40],
        [10, 15],
        [20, 3],
        [30, 2],
        [40, 4],
      ],
      20,
    ],
    [
      "level but wandering past the threshold now and then (a BN network's mini-batches)",
      [
        [1, 15],
        [10, 12],
        [20, 8],
        [30, 9],
        [40, 16],
        [50, 3],
        [60, 5],
        [70, 7],
        [80, 9],
        [90, 4],
        [100, 5],
      ],
      20,
    ],
    [
      "never level",
      [
        [1, 40],
        [10, 30],
        [20, 25],
      ],
      null,
    ],
    [
      "level, then exploding at the end",
      [
        [1, 2],
        [10, 2],
        [20, 30],
      ],
      null,
    ],
  ])("%s", (_name, points, expected) => {
    expect(settledStep(points.map(([s, r]) => frame(s, r)))).toBe(expected);
  });
});
