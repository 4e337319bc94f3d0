/**
 * The class's sweep figure reproduces the papers: `sweep-bn-factor`'s grid drawn with the engine,
 * slot by slot as the server measures each student's run (the slot's seed, its training split and
 * probe batch), against an independent float64 computation of the same per-layer factor on the same
 * weights and points; and the seeds' mean against the published lines (He et al. 1.00 without BN,
 * Yang et al. 1.21 with BN before) from depth 10 on, as the template's note says.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startingConfig } from "../../../lib/challenges/constraints";
import { findTemplate } from "../../../lib/challenges/curriculum";
import { cellCount, cellValues, REFERENCES, slotConfig } from "../../../lib/challenges/sweep";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { initialProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";
import { factorFromRatio, summarizeGradientFlow } from "../../../lib/nn/summary";
import { selectBackend } from "../../../server/engine/backend";
import { float64WeightGradNorms } from "../../support/float64-probe";

const template = findTemplate("sweep-bn-factor")!;
const sweep = template.spec.sweep!;
const base = startingConfig(template.spec, DEFAULT_CONFIG);
/** From this depth on the class's means sit within 5% of the published lines (the note says so). */
const LIMIT_FROM_DEPTH = 10;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("sweep-bn-factor, drawn with the engine", () => {
  it.each(Array.from({ length: cellCount(sweep) }, (_, cell) => cell))(
    "cell %s: the seeds' mean agrees with float64 and, deep enough, with the published line",
    async (cell) => {
      const values = cellValues(sweep, cell);
      const engine: number[] = [];
      const exact: number[] = [];
      for (let seed = 0; seed < sweep.seeds; seed++) {
        const config = { ...base, ...slotConfig(sweep, { cell, seed }) } as NetworkConfig;
        const batch = initialProbeBatch(
          await loadTrainSplit(config.dataset, config.seed),
          config.seed,
        );
        const summary = summarizeGradientFlow([await probeGradientFlow(config, batch)]);
        const norms = float64WeightGradNorms(config, batch);
        const f64 = factorFromRatio(norms[1]! / norms[config.depth - 1]!, config.depth)!;
        // Run by run, float32 and float64 on the same weights agree closely...
        expect(Math.abs(summary.perLayerFactor! / f64 - 1)).toBeLessThan(1e-3);
        engine.push(summary.perLayerFactor!);
        exact.push(f64);
      }
      // ...and the class's mean sits within 2 seed-SDs of float64's.
      expect(Math.abs(mean(engine) - mean(exact))).toBeLessThanOrEqual(2 * sd(engine));
      const published = REFERENCES["yang-bn"].value(String(values.batchNorm))!;
      if (values.depth! >= LIMIT_FROM_DEPTH)
        expect(Math.abs(mean(engine) / published - 1), `depth ${values.depth}`).toBeLessThan(0.05);
    },
    120_000,
  );
});
