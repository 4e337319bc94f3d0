/** The short training runs whose results the engine must keep (see make-engine-reference.ts). */
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../../lib/nn/config";
import { loadTrainSplit } from "../../../../lib/nn/datasets/index";
import { Trainer, type TelemetryFrame } from "../../../../lib/nn/trainer";

export interface ReferenceRun {
  name: string;
  config: NetworkConfig;
  /** Steps per `advance` call, as the lab chunks them. */
  chunks: number[];
  telemetryEvery: number;
}

export interface RecordedRun {
  name: string;
  losses: number[];
  frames: TelemetryFrame[];
  /** Every PARAM_STRIDE-th final parameter (the whole vector would be a megabyte of JSON). */
  params: number[];
  finalAccuracy: number;
}

const base = (patch: Partial<NetworkConfig>): NetworkConfig => ({
  ...DEFAULT_CONFIG,
  steps: 24,
  ...patch,
});

export const REFERENCE_RUNS: ReferenceRun[] = [
  {
    name: "relu He adam (the reference network, shallower)",
    config: base({
      depth: 8,
      width: 32,
      activation: "relu",
      init: "he-normal",
      learningRate: 1e-3,
    }),
    chunks: [3, 9, 12],
    telemetryEvery: 5,
  },
  {
    name: "sigmoid normal sgd (vanishing)",
    config: base({
      depth: 10,
      width: 16,
      activation: "sigmoid",
      init: "normal",
      sigma: 1,
      optimizer: "sgd",
      learningRate: 0.5,
      dataset: "circles",
    }),
    chunks: [24],
    telemetryEvery: 4,
  },
  {
    name: "tanh glorot BN before momentum",
    config: base({
      depth: 6,
      width: 24,
      activation: "tanh",
      init: "glorot-uniform",
      batchNorm: "before",
      optimizer: "momentum",
      learningRate: 0.05,
      dataset: "xor",
      batchSize: 32,
    }),
    chunks: [5, 19],
    telemetryEvery: 3,
  },
  {
    name: "selu lecun BN after adam",
    config: base({
      depth: 5,
      width: 20,
      activation: "selu",
      init: "lecun-normal",
      batchNorm: "after",
      dataset: "blobs",
    }),
    chunks: [10, 14],
    telemetryEvery: 6,
  },
  {
    name: "elu he-uniform digits",
    config: base({ depth: 4, width: 32, activation: "elu", init: "he-uniform", dataset: "digits" }),
    chunks: [12, 12],
    telemetryEvery: 10,
  },
  {
    name: "leaky-relu uniform sgd exploding",
    config: base({
      depth: 12,
      width: 16,
      activation: "leaky-relu",
      init: "uniform",
      sigma: 0.6,
      optimizer: "sgd",
      learningRate: 0.05,
    }),
    chunks: [8, 16],
    telemetryEvery: 4,
  },
  {
    name: "linear glorot-normal adam",
    config: base({ depth: 3, width: 8, activation: "linear", init: "glorot-normal" }),
    chunks: [24],
    telemetryEvery: 8,
  },
];

export const PARAM_STRIDE = 23;

export async function recordRun(run: ReferenceRun): Promise<RecordedRun> {
  const split = await loadTrainSplit(run.config.dataset, run.config.seed);
  const trainer = new Trainer(run.config, split, { telemetryEvery: run.telemetryEvery });
  const losses: number[] = [];
  const frames: TelemetryFrame[] = [];
  for (const steps of run.chunks) {
    const chunk = await trainer.advance(steps);
    losses.push(...chunk.losses);
    frames.push(...chunk.frames);
  }
  trainer.finalizeBatchNorm();
  const finalAccuracy = (await trainer.evaluate(split)).accuracy;
  const weights = await trainer.weights();
  trainer.dispose();
  return {
    name: run.name,
    losses,
    frames,
    params: Array.from(weights.params.filter((_, i) => i % PARAM_STRIDE === 0)),
    finalAccuracy,
  };
}
