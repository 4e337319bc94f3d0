import { describe, expect, it } from "vitest";
import {
  factorFromRatio,
  flowBand,
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
  it.each<[number, number | null, number, Verdict]>([
    [1, 1, 18, "healthy"],
    [0.11, 1, 3, "healthy"],
    [0.09, 1, 3, "vanishing"],
    [1e-12, 1, 18, "vanishing"],
    [9.9, 1, 18, "healthy"],
    [38, 1, 18, "exploding"],
    // Over 48 layers a level network's ratio wanders past 10x by chance: the line is 1.13^48 ~ 355.
    [38, 1, 48, "healthy"],
    [1 / 38, 1, 48, "healthy"],
    [1.21 ** 48, 1, 48, "exploding"],
    [0.23 ** 48, 1, 48, "vanishing"],
    [1, 0.005, 18, "vanishing"],
    [1, 500, 18, "exploding"],
    [1, null, 18, "healthy"],
    [38, 0.001, 18, "exploding"],
  ])("gradRatio %s with signalRatio %s over %s layers is %s", (ratio, signal, span, verdict) => {
    expect(verdictFor(ratio, signal, span)).toBe(verdict);
  });

  it("draws the line at 10x, or 1.13x per layer where that is more", () => {
    expect(flowBand(0)).toBe(10);
    expect(flowBand(18)).toBe(10);
    expect(flowBand(19)).toBeCloseTo(1.13 ** 19, 9);
    expect(flowBand(48)).toBeCloseTo(355, -1);
  });

  it("reads layers 2..L: the geometric mean over seeds and the per-layer factor", () => {
    const s = summarizeGradientFlow([run([0.1, 4, 2, 1]), run([0.2, 16, 4, 1])]);
    expect(s.gradRatio).toBeCloseTo(8, 10); // sqrt(4 * 16)
    expect(s.perLayerFactor).toBeCloseTo(Math.sqrt(8), 10); // over 2 layers
    expect(s.inputLayerRatio).toBeCloseTo(Math.sqrt(0.02), 10);
    expect(s.verdict).toBe("healthy");
  });

  it("never judges the input layer: a 2-D input's small layer-1 gradient is not vanishing", () => {
    const s = summarizeGradientFlow([run([0.01, 1, 1, 1, 1])]);
    expect(s.inputLayerRatio).toBeCloseTo(0.01, 10);
    expect(s.gradRatio).toBe(1);
    expect(s.verdict).toBe("healthy");
  });

  it("has no per-layer factor below 3 hidden layers", () => {
    for (const depth of [1, 2]) {
      const s = summarizeGradientFlow([run(Array.from({ length: depth }, (_, i) => 1 + i))]);
      expect(s.gradRatio).toBe(1);
      expect(s.perLayerFactor).toBeNull();
      expect(s.verdict).toBe("healthy");
    }
  });

  it("reports the back-propagated gradient and the forward signal separately", () => {
    const s = summarizeGradientFlow([run([1, 1, 1], [0.01, 0.1, 1], [1, 0.1, 0.001])]);
    expect(s.gradRatio).toBeCloseTo(1, 10);
    expect(s.activationGradRatio).toBeCloseTo(0.01, 10);
    expect(s.signalRatio).toBeCloseTo(0.001, 10);
    expect(s.verdict).toBe("vanishing");
  });

  it("calls overflow exploding, a dead network or a signal underflowed to 0 vanishing", () => {
    expect(summarizeGradientFlow([run([1, Infinity, 1])]).verdict).toBe("exploding");
    expect(summarizeGradientFlow([run([1, Number.NaN, 1])]).verdict).toBe("exploding");
    expect(summarizeGradientFlow([run([1, 1, 1], [1, 1, 1], [1, Infinity, 1])]).verdict).toBe(
      "exploding",
    );
    expect(summarizeGradientFlow([run([0, 0, 0], [0, 0, 0], [0, 0, 0])]).verdict).toBe("vanishing");
    // N(0, 0.01) over 50 tanh layers: the signal reaches 0, layer L's gradient with it.
    const died = summarizeGradientFlow([
      run([3e-56, 3e-56, 0], [1e-56, 1e-30, 5e-3], [6e-3, 1e-40, 0]),
    ]);
    expect(died.gradRatio).toBeNull();
    expect(died.verdict).toBe("vanishing");
    expect(summarizeGradientFlow([run([1, 1, 0])]).verdict).toBe("exploding");
  });

  it("needs runs of equal depth", () => {
    expect(() => summarizeGradientFlow([])).toThrow();
    expect(() => summarizeGradientFlow([run([1, 1]), run([1])])).toThrow();
  });
});

describe("factorFromRatio", () => {
  it.each<[number | null, number, number | undefined, number | null]>([
    [1.21 ** 18, 20, undefined, 1.21],
    [1.21 ** 19, 20, 1, 1.21],
    [0, 5, undefined, 0],
    [null, 5, undefined, null],
    [Infinity, 5, undefined, null],
    [3, 2, undefined, null],
    [3, 1, 1, null],
  ])("ratio %s over %s layers from layer %s: %s", (ratio, depth, from, factor) => {
    const f = factorFromRatio(ratio, depth, from);
    if (factor === null) expect(f).toBeNull();
    else expect(f).toBeCloseTo(factor, 9);
  });
});

describe("settledStep", () => {
  const frame = (step: number, ratio: number) => ({
    step,
    layers: [
      { weightGradNorm: 0.1, activationGradNorm: 1, activationStd: 1 },
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
