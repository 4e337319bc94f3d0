/**
 * The published results of ../shared/science.md, reproduced by the probe with the contract's
 * settings: 20 hidden layers of 64 units, a probe batch of 128 N(0, 1) inputs of dimension 64,
 * 10 classes, five seeds. The bounds come from the papers' numbers, not from our own output.
 */
import { describe, expect, it } from "vitest";
import type { ProbeConfig, ProbeResult } from "../../../lib/nn/probe";
import { gaussianProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";
import { summarizeGradientFlow, type GradientSummary } from "../../../lib/nn/summary";

const DEPTH = 20;
const SEEDS = [0, 1, 2, 3, 4];

async function probe(
  patch: Partial<ProbeConfig>,
): Promise<{ runs: ProbeResult[]; summary: GradientSummary }> {
  const runs: ProbeResult[] = [];
  for (const seed of SEEDS) {
    const config: ProbeConfig = {
      depth: DEPTH,
      width: 64,
      activation: "relu",
      init: "he-normal",
      sigma: 1,
      batchNorm: "off",
      bnEpsilon: 1e-3,
      seed,
      ...patch,
    };
    runs.push(await probeGradientFlow(config, gaussianProbeBatch(seed, 128, 64, 10)));
  }
  return { runs, summary: summarizeGradientFlow(runs) };
}

const meanOver = (runs: ProbeResult[], pick: (r: ProbeResult) => number) =>
  Math.exp(runs.reduce((s, r) => s + Math.log(pick(r)), 0) / runs.length);

describe("science.md result 1: sigmoid vanishes (Glorot & Bengio 2010)", () => {
  it("shrinks the weight gradient by many orders of magnitude over 20 layers", async () => {
    const { summary } = await probe({ activation: "sigmoid", init: "glorot-uniform" });
    // sigma'(z) <= 1/4, so with Xavier variance each layer scales the gradient by about 1/4.
    expect(summary.gradRatio!).toBeLessThan(1e-8);
    expect(summary.perLayerFactor!).toBeGreaterThan(0.15);
    expect(summary.perLayerFactor!).toBeLessThan(0.3);
    expect(summary.verdict).toBe("vanishing");
  });
});

describe("science.md result 2: tanh + Xavier keeps weight gradients level (Glorot & Bengio eq. 14)", () => {
  it("keeps ||dL/dW|| within a small factor while the back-propagated gradient and activations shrink", async () => {
    const { runs, summary } = await probe({ activation: "tanh", init: "glorot-uniform" });
    expect(summary.gradRatio!).toBeGreaterThan(0.5);
    expect(summary.gradRatio!).toBeLessThan(2);
    // ...but the telemetry must also show what does shrink toward the input / up the stack:
    expect(summary.activationGradRatio!).toBeLessThan(0.5);
    expect(summary.signalRatio!).toBeLessThan(0.5);
    expect(meanOver(runs, (r) => r.layers[0]!.activationStd)).toBeGreaterThan(0.5);
    expect(summary.verdict).toBe("healthy");
  });
});

describe("science.md result 3: ReLU needs He init (He et al. 2015)", () => {
  it("keeps the forward and backward signal with He, loses 1/sqrt(2) per layer with Xavier", async () => {
    const he = await probe({ init: "he-normal" });
    const xavier = await probe({ init: "glorot-uniform" });
    // He: the back-propagated gradient keeps its scale through 20 layers (finite width adds noise).
    expect(he.summary.activationGradRatio!).toBeGreaterThan(0.5);
    expect(he.summary.activationGradRatio!).toBeLessThan(2);
    expect(he.summary.signalRatio!).toBeGreaterThan(0.3);
    expect(he.summary.verdict).toBe("healthy");
    // Xavier: per layer, the signal relative to He's shrinks by 1/sqrt(2) (variance 1/n instead of 2/n).
    const forward = (xavier.summary.signalRatio! / he.summary.signalRatio!) ** (1 / (DEPTH - 1));
    const backward =
      (xavier.summary.activationGradRatio! / he.summary.activationGradRatio!) ** (1 / (DEPTH - 1));
    expect(forward).toBeGreaterThan(0.66);
    expect(forward).toBeLessThan(0.75);
    expect(backward).toBeGreaterThan(0.66);
    expect(backward).toBeLessThan(0.75);
    expect(xavier.summary.verdict).toBe("vanishing");
  });
});

describe("science.md result 5: BN does not stop explosion at initialization (Yang et al. 2019)", () => {
  it("grows the gradient about 1.21 per layer toward the input with ReLU + He + BN before", async () => {
    const { summary } = await probe({ init: "he-normal", batchNorm: "before" });
    // Thm 3.10: squared norm x pi/(pi-1) per layer, the norm x 1.21; about 38x over 20 layers.
    expect(summary.perLayerFactor!).toBeGreaterThan(1.12);
    expect(summary.perLayerFactor!).toBeLessThan(1.3);
    expect(summary.gradRatio!).toBeGreaterThan(15);
    expect(summary.gradRatio!).toBeLessThan(80);
    expect(summary.verdict).toBe("exploding");
  });

  it("does so whatever the initial scale, since BN normalises it away", async () => {
    const naive = await probe({ init: "normal", sigma: 3, batchNorm: "before" });
    expect(naive.summary.perLayerFactor!).toBeGreaterThan(1.12);
    expect(naive.summary.perLayerFactor!).toBeLessThan(1.3);
  });
});

describe("naive initialization", () => {
  it("N(0, 1) explodes the forward signal of a ReLU network", async () => {
    const { summary } = await probe({ init: "normal", sigma: 1 });
    // Each layer multiplies the signal by about sqrt(64 / 2) ~ 5.7.
    expect(summary.signalRatio!).toBeGreaterThan(1e10);
    expect(summary.verdict).toBe("exploding");
  });
});
