/**
 * Measures a curriculum fact (lib/challenges/facts.ts) with the engine, the way the server measures
 * a student's run: the probe at initialization on the seed's training split and probe batch, or a
 * training from the seed scored on a hidden test split with batch norm's precise statistics.
 */
import type { FactMeasure } from "../../lib/challenges/facts";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../lib/nn/config";
import { DATASETS, loadTrainSplit } from "../../lib/nn/datasets/index";
import { loadTestSplit } from "../../lib/nn/datasets/test-split";
import { initialProbeBatch, probeGradientFlow } from "../../lib/nn/probe";
import { summarizeGradientFlow } from "../../lib/nn/summary";
import { Trainer } from "../../lib/nn/trainer";

/** Hidden test splits are drawn from this seed plus the run's seed. */
const TEST_SEED = 1_000;

const configOf = (net: Partial<NetworkConfig>, seed: number): NetworkConfig => ({
  ...DEFAULT_CONFIG,
  ...net,
  seed,
});

const geometricMean = (xs: readonly number[]) =>
  Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

/** Hidden-split accuracy (0..1) of `config` trained from its seed, as the verifier scores it. */
export async function trainedAccuracy(config: NetworkConfig): Promise<number> {
  const train = await loadTrainSplit(config.dataset, config.seed);
  const trainer = new Trainer(config, train, { telemetryEvery: 0 });
  try {
    await trainer.run(); // ends with batch norm's precise statistics, as the server scores
    if (trainer.status === "diverged") return 0;
    const onTest = await trainer.evaluate(
      await loadTestSplit(config.dataset, TEST_SEED + config.seed),
    );
    return Number.isFinite(onTest.accuracy) ? onTest.accuracy : 0;
  } finally {
    trainer.dispose();
  }
}

export async function measureFact(measure: FactMeasure): Promise<number> {
  switch (measure.kind) {
    case "chance":
      return 100 / DATASETS[measure.dataset].classes;
    case "train": {
      let sum = 0;
      for (const seed of measure.seeds) sum += await trainedAccuracy(configOf(measure.net, seed));
      return (100 * sum) / measure.seeds.length;
    }
    case "train-extreme": {
      const all: number[] = [];
      for (const net of measure.nets)
        for (const seed of measure.seeds) all.push(await trainedAccuracy(configOf(net, seed)));
      return 100 * (measure.pick === "min" ? Math.min(...all) : Math.max(...all));
    }
    case "probe": {
      const values: number[] = [];
      for (let seed = 0; seed < measure.seeds; seed++) {
        const config = configOf(measure.net, seed);
        const train = await loadTrainSplit(config.dataset, seed);
        const probe = await probeGradientFlow(config, initialProbeBatch(train, seed));
        const summary = summarizeGradientFlow([probe]);
        const value =
          measure.quantity === "signalFactor"
            ? summary.signalRatio! ** (1 / (config.depth - 1))
            : summary[measure.quantity];
        if (value === null || !(value > 0))
          throw new Error(`no ${measure.quantity} for seed ${seed}`);
        values.push(value);
      }
      return geometricMean(values);
    }
  }
}
