/** The verdicts and numbers the home page states are the probe's, on the curriculum's spiral. */
import { describe, expect, it } from "vitest";
import { RESULTS } from "../../../app/results";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { initialProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";
import { summarizeGradientFlow, type GradientSummary } from "../../../lib/nn/summary";

/** The numbers a finding states (home.results.KEY.finding in every catalog), checked against the summary. */
const STATED: Record<string, (s: GradientSummary) => void> = {
  sigmoidXavier: (s) => {
    expect(s.perLayerFactor!).toBeGreaterThan(0.2);
    expect(s.perLayerFactor!).toBeLessThan(0.3);
    expect(-Math.log10(s.gradRatio!)).toBeGreaterThan(11);
    expect(-Math.log10(s.gradRatio!)).toBeLessThan(12);
  },
  reluHeBn: (s) => {
    expect(Math.abs(s.perLayerFactor! / 1.21 - 1)).toBeLessThan(0.05);
  },
};

describe("home page results", () => {
  it.each(RESULTS)("$key: $verdict", async ({ key, probe, verdict }) => {
    const runs = [];
    for (const seed of [0, 1, 2, 3, 4]) {
      const config = { depth: 20, width: 64, sigma: 1, bnEpsilon: 1e-3, seed, ...probe };
      const train = await loadTrainSplit("spiral", seed);
      runs.push(await probeGradientFlow(config, initialProbeBatch(train, seed)));
    }
    const summary = summarizeGradientFlow(runs);
    expect(summary.verdict).toBe(verdict);
    STATED[key]?.(summary);
  });
});
