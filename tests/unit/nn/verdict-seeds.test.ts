/**
 * Verdicts that hold across seeds (lib/nn/summary.ts): on every curriculum dataset and on the
 * Gaussian probe, 16 seeds each, width 64 (and the lab's default 32 for the level ones), a probe
 * batch of 128, the textbook configurations read what the papers say at depths 5, 10, 20 and 50.
 * Seed by seed, not a mean over seeds: a student runs one seed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DATASET_KEYS, type DatasetKey } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import {
  gaussianProbeBatch,
  initialProbeBatch,
  probeGradientFlow,
  type ProbeConfig,
} from "../../../lib/nn/probe";
import { summarizeGradientFlow, type Verdict } from "../../../lib/nn/summary";
import { selectBackend } from "../../../server/engine/backend";

const SEEDS = Array.from({ length: 16 }, (_, i) => i);
const DEPTHS = [5, 10, 20, 50];

type Net = Partial<ProbeConfig>;
const LEVEL: [string, Net][] = [
  // Glorot & Bengio (tanh + Xavier), He et al. (ReLU family + He), Klambauer et al. (SELU + LeCun).
  ["ReLU + He", { activation: "relu", init: "he-normal" }],
  ["leaky ReLU + He", { activation: "leaky-relu", init: "he-normal" }],
  ["tanh + Xavier", { activation: "tanh", init: "glorot-uniform" }],
  ["SELU + LeCun", { activation: "selu", init: "lecun-normal" }],
];
const CASES: [string, Net, (depth: number) => Verdict | null][] = [
  ...LEVEL.map(([name, net]) => [name, net, () => "healthy"] as [string, Net, () => Verdict]),
  ...LEVEL.map(
    ([name, net]) =>
      [`${name}, width 32`, { ...net, width: 32 }, () => "healthy"] as [string, Net, () => Verdict],
  ),
  // Glorot & Bengio: sigmoid's derivative (<= 1/4) shrinks the gradient layer after layer.
  [
    "sigmoid + Xavier",
    { activation: "sigmoid", init: "glorot-uniform" },
    (d) => (d >= 10 ? "vanishing" : null),
  ],
  // A naive N(0, 0.01) start: the signal shrinks about 0.06x per layer and dies.
  ["ReLU + N(0, 0.01)", { activation: "relu", init: "normal", sigma: 0.01 }, () => "vanishing"],
  ["tanh + N(0, 0.01)", { activation: "tanh", init: "normal", sigma: 0.01 }, () => "vanishing"],
  // Yang et al. 2019: about 1.21x per layer toward the input, past 10x from 14 hidden-to-hidden
  // layers on; shallower networks stay within the line.
  [
    "ReLU + He + BN before",
    { activation: "relu", init: "he-normal", batchNorm: "before" },
    (d) => (d >= 20 ? "exploding" : d <= 10 ? "healthy" : null),
  ],
];

beforeAll(async () => {
  await selectBackend("wasm");
});

describe.each(["gaussian", ...DATASET_KEYS] as const)("verdicts over 16 seeds on %s", (data) => {
  it("read what the papers say, seed by seed", async () => {
    const wrong: string[] = [];
    for (const [name, net, expected] of CASES) {
      for (const depth of DEPTHS) {
        const want = expected(depth);
        if (want === null) continue;
        for (const seed of SEEDS) {
          // As the server measures a student's run: its seed's training split and probe batch.
          const split = data === "gaussian" ? null : await loadTrainSplit(data as DatasetKey, seed);
          const config: ProbeConfig = {
            depth,
            width: 64,
            activation: "relu",
            init: "he-normal",
            sigma: 1,
            batchNorm: "off",
            bnEpsilon: 1e-3,
            seed,
            ...net,
          };
          const batch = split
            ? initialProbeBatch(split, seed)
            : gaussianProbeBatch(seed, 128, 64, 10);
          const { verdict, gradRatio } = summarizeGradientFlow([
            await probeGradientFlow(config, batch),
          ]);
          if (verdict !== want)
            wrong.push(`${name}, depth ${depth}, seed ${seed}: ${verdict} (ratio ${gradRatio})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});
