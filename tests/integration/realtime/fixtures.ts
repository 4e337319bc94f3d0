/** Real trained runs for socket tests: a small network trained on the spiral, as a browser would. */
import { randomUUID } from "node:crypto";
import type { ChallengeSpecInput } from "../../../lib/challenges/spec";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { Trainer } from "../../../lib/nn/trainer";
import { encodeWeights } from "../../../lib/nn/weights";
import type { RunSubmission } from "../../../lib/protocol/schemas";

export const SPEC: ChallengeSpecInput = {
  dataset: "spiral",
  locked: { depth: 2, width: 16 },
  objective: { kind: "accuracy" },
  limits: { maxSubmissions: 3, timeLimitSec: null },
  prompt: "Learn the spiral with two layers of 16.",
  teacherNote: "A warm-up.",
};

export const baseConfig = (patch: Partial<NetworkConfig> = {}): NetworkConfig => ({
  ...DEFAULT_CONFIG,
  depth: 2,
  width: 16,
  activation: "tanh",
  init: "glorot-uniform",
  learningRate: 0.03,
  steps: 150,
  dataset: "spiral",
  ...patch,
});

const cache = new Map<string, Omit<RunSubmission, "clientRunId" | "challengeId">>();

/** Trains the config for real and returns a submission (weights, claimed train accuracy). */
export async function trainedRun(
  challengeId: string,
  config: NetworkConfig,
): Promise<RunSubmission> {
  const key = JSON.stringify(config);
  if (!cache.has(key)) {
    const train = await loadTrainSplit(config.dataset, config.seed);
    const trainer = new Trainer(config, train);
    await trainer.run();
    const accuracy = (await trainer.evaluate(train)).accuracy;
    cache.set(key, {
      config,
      backend: "cpu",
      weights: encodeWeights(await trainer.weights()),
      claimed: { accuracy, loss: 0.5, steps: config.steps, diverged: false, divergedAtStep: null },
      telemetry: [],
    });
    trainer.dispose();
  }
  return { clientRunId: randomUUID(), challengeId, ...cache.get(key)! };
}
