/**
 * Turns a submitted run into trustworthy numbers: the weights' accuracy on the hidden test split, their
 * accuracy on the public train split (to check the student's claim), and the gradient-flow probe at
 * initialization recomputed from the seed. Runs inside a worker thread (see worker.ts).
 *
 * A run's training data is the train split drawn from its config's seed, as in the browser.
 *
 * What each objective trusts: "accuracy" the submitted weights alone (they prove their accuracy on
 * points the browser never saw); "gradient-health" nothing of the student's (the probe is recomputed
 * from the seed); "steps-to-target" the server's own training of the config from its seed (the
 * step count is a claim no weights can prove), which must also agree with the submitted weights
 * within REPRODUCTION_TOLERANCE or the run is flagged.
 */
import { RUN_FAILURES, WEIGHTS_FAILURE_PREFIX } from "../../lib/challenges/run-text";
import { scoreRun, type VerifiedResult } from "../../lib/challenges/scoring";
import type { ChallengeSpec } from "../../lib/challenges/spec";
import type { NetworkConfig } from "../../lib/nn/config";
import { DATASETS, loadTrainSplit } from "../../lib/nn/datasets/index";
import { loadTestSplit } from "../../lib/nn/datasets/test-split";
import {
  evaluateWeightsOn,
  withPopulationStatistics,
  type Evaluation,
} from "../../lib/nn/evaluate";
import { networkLayout } from "../../lib/nn/layout";
import { initialProbeBatch, probeGradientFlow } from "../../lib/nn/probe";
import { FLOW_FROM_LAYER, summarizeGradientFlow, type GradientSummary } from "../../lib/nn/summary";
import type { Split } from "../../lib/nn/datasets/types";
import { Trainer } from "../../lib/nn/trainer";
import { decodeWeights, WeightsFormatError } from "../../lib/nn/weights";
import type { ClaimedMetrics } from "../../lib/protocol/schemas";

/** A claim further than this from the verified train accuracy flags the run as a mismatch. */
export const CLAIM_TOLERANCE = 0.02;
/**
 * Hidden-split accuracy of the submitted weights and of the server's re-run further apart than this
 * flags the run. Training is deterministic per backend, but float32 results differ across backends
 * (WebGL, WASM, CPU): measured up to 0.012 apart for 6-layer BN networks over 800 steps, 0 for small
 * ones (tests/integration/verifier/steps-ranking.test.ts keeps an honest run under it).
 */
export const REPRODUCTION_TOLERANCE = 0.05;
/** Steps per read-back while re-running training (no telemetry: only divergence is checked). */
const REPRODUCTION_CHUNK_STEPS = 200;

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
  if (config.dataset !== spec.dataset) return { ok: false, failure: RUN_FAILURES["other-dataset"] };
  const info = DATASETS[config.dataset];
  let weights;
  try {
    weights = decodeWeights(input.weights, { expected: networkLayout(config, info) });
  } catch (error) {
    if (error instanceof WeightsFormatError)
      return { ok: false, failure: `${WEIGHTS_FAILURE_PREFIX}${error.message}` };
    throw error;
  }
  const train = await loadTrainSplit(config.dataset, config.seed);
  const test = await loadTestSplit(config.dataset, input.testSeed);
  // Batch norm is scored with statistics the server computes itself over the run's train split
  // (precise BN), exactly as the browser finalizes them: nothing submitted but the weights counts.
  weights = await withPopulationStatistics(config, weights, train);
  const [onTest, onTrain] = (await evaluateWeightsOn(config, weights, [test, train])) as [
    Evaluation,
    Evaluation,
  ];
  const probeBatch = initialProbeBatch(train, config.seed);
  const { summary, profile } = await initialFlow(config, probeBatch);
  // The flow at the trained weights, on the same batch: did the gradients still vanish or explode
  // after training? (Diverged weights have no flow to measure.)
  const final = input.claimed.diverged
    ? null
    : summarizeGradientFlow([await probeGradientFlow(config, probeBatch, weights.params)]);
  const reproduced =
    spec.objective.kind === "steps-to-target" ? await reproduce(config, train, test) : null;
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
      from: FLOW_FROM_LAYER,
      signalRatio: summary.signalRatio,
      verdict: summary.verdict,
      profile,
    },
    final: final && {
      gradRatio: final.gradRatio,
      from: FLOW_FROM_LAYER,
      signalRatio: final.signalRatio,
      verdict: final.verdict,
    },
    reproduced,
  };
  const trainAccuracy = finiteOr(onTrain.accuracy, 0);
  const claimOff = Math.abs(input.claimed.accuracy - trainAccuracy) > CLAIM_TOLERANCE;
  const reproductionOff =
    reproduced !== null && Math.abs(reproduced.accuracy - result.accuracy) > REPRODUCTION_TOLERANCE;
  return {
    ok: true,
    result,
    trainAccuracy,
    score: input.claimed.diverged ? null : scoreRun(spec.objective, result),
    mismatch: claimOff || reproductionOff,
  };
}

/**
 * A network's gradient flow at initialization alone (a post-check's transfer network: no weights,
 * no training): ||dL/dW|| per layer and the verdict, as a run's probe measures them.
 */
export async function initialFlowOf(
  config: NetworkConfig,
): Promise<{ profile: (number | null)[]; verdict: GradientSummary["verdict"] }> {
  const train = await loadTrainSplit(config.dataset, config.seed);
  const { summary, profile } = await initialFlow(config, initialProbeBatch(train, config.seed));
  return { profile, verdict: summary.verdict };
}

/**
 * The flow at initialization depends on the architecture, the seed and the dataset alone (the
 * weights are drawn from the seed, the probe batch from the seed's train split), so a student's
 * re-submissions of one network with other training settings share it: kept per thread, for the
 * last INIT_FLOW_CACHE architectures seen.
 */
export const INIT_FLOW_CACHE = 256;
const initFlows = new Map<string, InitialFlow>();

interface InitialFlow {
  summary: GradientSummary;
  /** ||dL/dW|| per layer (null where it overflowed). */
  profile: (number | null)[];
}

async function initialFlow(config: NetworkConfig, probeBatch: Split): Promise<InitialFlow> {
  const { dataset, depth, width, activation, init, sigma, batchNorm, bnEpsilon, seed } = config;
  const key = JSON.stringify([
    dataset,
    depth,
    width,
    activation,
    init,
    sigma,
    batchNorm,
    bnEpsilon,
    seed,
  ]);
  let flow = initFlows.get(key);
  if (flow) {
    initFlows.delete(key); // most recently used last
  } else {
    const probe = await probeGradientFlow(config, probeBatch);
    flow = {
      summary: summarizeGradientFlow([probe]),
      profile: probe.layers.map((l) =>
        Number.isFinite(l.weightGradNorm) ? l.weightGradNorm : null,
      ),
    };
    if (initFlows.size >= INIT_FLOW_CACHE) initFlows.delete(initFlows.keys().next().value!);
  }
  initFlows.set(key, flow);
  return flow;
}

/** Trains the config from its seed as the browser does, and scores the result on the hidden split. */
async function reproduce(
  config: NetworkConfig,
  train: Split,
  test: Split,
): Promise<NonNullable<VerifiedResult["reproduced"]>> {
  const trainer = new Trainer(config, train, { telemetryEvery: 0 });
  try {
    await trainer.run(REPRODUCTION_CHUNK_STEPS);
    const diverged = trainer.status === "diverged";
    const onTest = await trainer.evaluate(test);
    return {
      accuracy: diverged ? 0 : finiteOr(onTest.accuracy, 0),
      loss: !diverged && Number.isFinite(onTest.loss) ? onTest.loss : null,
      diverged,
    };
  } finally {
    trainer.dispose();
  }
}
