import { describe, expect, it } from "vitest";
import { INITIALIZERS, type InitializerKind } from "../../../lib/nn/config";
import {
  initializerVariance,
  sampleWeights,
  TRUNCATED_NORMAL_STD,
} from "../../../lib/nn/initializers";
import { createRng } from "../../../lib/nn/random";

const FAN_IN = 300;
const FAN_OUT = 200;

function variance(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return sq / values.length;
}

describe("initializers", () => {
  // The variance each paper states, written out independently of the implementation.
  const stated: Record<InitializerKind, number> = {
    normal: 0.7 ** 2,
    uniform: 0.7 ** 2,
    "glorot-uniform": 2 / (FAN_IN + FAN_OUT),
    "glorot-normal": 2 / (FAN_IN + FAN_OUT),
    "he-normal": 2 / FAN_IN,
    "he-uniform": 2 / FAN_IN,
    "lecun-normal": 1 / FAN_IN,
  };

  it.each(INITIALIZERS)("%s draws with its stated variance (within 2%)", (kind) => {
    const spec = { kind, sigma: 0.7 };
    expect(initializerVariance(spec, FAN_IN, FAN_OUT)).toBeCloseTo(stated[kind], 12);
    const w = sampleWeights(spec, FAN_IN, FAN_OUT, createRng(1, "test"));
    expect(w).toHaveLength(FAN_IN * FAN_OUT);
    // 60 000 draws: the sample variance's relative standard error is about 0.6%.
    expect(variance(w) / stated[kind]).toBeGreaterThan(0.98);
    expect(variance(w) / stated[kind]).toBeLessThan(1.02);
  });

  it("truncates the normal kinds at two (unscaled) standard deviations", () => {
    const std = Math.sqrt(2 / FAN_IN);
    const w = sampleWeights({ kind: "he-normal", sigma: 1 }, FAN_IN, FAN_OUT, createRng(2, "test"));
    const bound = (2 * std) / TRUNCATED_NORMAL_STD;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound * (1 + 1e-6));
    // tfjs's own heNormal (no rescaling) would give variance 0.774 x 2/fanIn: far outside 2%.
    expect(variance(w) / (std * std)).toBeGreaterThan(0.98);
  });

  it("uniform kinds stay within their limits", () => {
    const limit = Math.sqrt(6 / (FAN_IN + FAN_OUT));
    const w = sampleWeights(
      { kind: "glorot-uniform", sigma: 1 },
      FAN_IN,
      FAN_OUT,
      createRng(3, "test"),
    );
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
  });

  it("is a pure function of the seed", () => {
    const a = sampleWeights({ kind: "lecun-normal", sigma: 1 }, 64, 64, createRng(7, "init"));
    const b = sampleWeights({ kind: "lecun-normal", sigma: 1 }, 64, 64, createRng(7, "init"));
    const c = sampleWeights({ kind: "lecun-normal", sigma: 1 }, 64, 64, createRng(8, "init"));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
