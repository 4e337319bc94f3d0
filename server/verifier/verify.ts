/**
 * Turns a submitted run into trustworthy numbers: the weights' accuracy on the hidden test split, their
 * accuracy on the public train split (to check the student's claim), and the gradient-flow probe at
 * initialization recomputed from the seed. Runs inside a worker thread (see worker.ts).
 *
 * A run's training data is the train split drawn from its config's seed, as in the browser.
 */
import { scoreRun, type VerifiedResult } from "../../lib/challenges/scoring";
import type { ChallengeSpec } from "../../lib/challenges/spec";
import type { NetworkConfig } from "../../lib/nn/config";
import { DATASETS, loadTrainSplit } from "../../lib/nn/datasets/index";
import { loadTestSplit } from "../../lib/nn/datasets/test-split";
import { evaluateWeights } from "../../lib/nn/evaluate";
import { networkLayout } from "../../lib/nn/layout";
import { probeGradientFlow, sampleProbeBatch } from "../../lib/nn/probe";
import { summarizeGradientFlow } from "../../lib/nn/summary";
import { decodeWeights, WeightsFormatError } from "../../lib/nn/weights";
import type { ClaimedMetrics } from "../../lib/protocol/schemas";

/** A claim further than this from the verified train accuracy flags the run as a mismatch. */
export const CLAIM_TOLERANCE = 0.02;
/** Rows of the probe batch (or the whole train split when smaller). */
export const PROBE_BATCH = 128;

export interface VerifyInput {
  config: NetworkConfig;
  weights: Uint8Array;
  spec: ChallengeSpec;
  testSeed: number;
  claimed: ClaimedMetrics;
}

export type VerifyOutput =
  | {
      ok: true;
      result: VerifiedResult;
      trainAccuracy: number;
      score: number | null;
      mismatch: boolean;
    }
  | { ok: false; failure: string };

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);

export async function verifyRun(input: VerifyInput): Promise<VerifyOutput> {
  const { config, spec } = input;
  if (config.dataset !== spec.dataset)
    return { ok: false, failure: "the run used another dataset" };
  const info = DATASETS[config.dataset];
  let weights;
  try {
    weights = decodeWeights(input.weights, { expected: networkLayout(config, info) });
  } catch (error) {
    if (error instanceof WeightsFormatError)
      return { ok: false, failure: `weights: ${error.message}` };
    throw error;
  }
  const train = await loadTrainSplit(config.dataset, config.seed);
  const test = await loadTestSplit(config.dataset, input.testSeed);
  const onTest = await evaluateWeights(config, weights, test);
  const onTrain = await evaluateWeights(config, weights, train);
  const probeRuns = [
    await probeGradientFlow(
      config,
      sampleProbeBatch(train, config.seed, Math.min(PROBE_BATCH, train.count)),
    ),
  ];
  const summary = summarizeGradientFlow(probeRuns);
  const result: VerifiedResult = {
    // Broken (NaN) weights classify nothing correctly; their loss is reported as null.
    accuracy: finiteOr(onTest.accuracy, 0),
    loss: Number.isFinite(onTest.loss) ? onTest.loss : null,
    steps:
      input.claimed.diverged && input.claimed.divergedAtStep
        ? input.claimed.divergedAtStep
        : config.steps,
    probe: {
      gradRatio: summary.gradRatio,
      signalRatio: summary.signalRatio,
      verdict: summary.verdict,
    },
  };
  const trainAccuracy = finiteOr(onTrain.accuracy, 0);
  return {
    ok: true,
    result,
    trainAccuracy,
    score: input.claimed.diverged ? null : scoreRun(spec.objective, result),
    mismatch: Math.abs(input.claimed.accuracy - trainAccuracy) > CLAIM_TOLERANCE,
  };
}
