/** The verdicts the home page states are the probe's, for the contract's settings. */
import { describe, expect, it } from "vitest";
import { RESULTS } from "../../../app/results";
import { gaussianProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";
import { summarizeGradientFlow } from "../../../lib/nn/summary";

describe("home page results", () => {
  it.each(RESULTS)("$network: $verdict", async ({ probe, verdict }) => {
    const runs = [];
    for (const seed of [0, 1, 2, 3, 4]) {
      const config = { depth: 20, width: 64, sigma: 1, bnEpsilon: 1e-3, seed, ...probe };
      runs.push(await probeGradientFlow(config, gaussianProbeBatch(seed, 128, 64, 10)));
    }
    expect(summarizeGradientFlow(runs).verdict).toBe(verdict);
  });
});
