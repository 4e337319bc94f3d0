/**
 * What one verification costs in network passes (issue: "verify each run once, decode once,
 * evaluate once"): the hidden and train splits go through the submitted network together, once;
 * the flow at initialization of a network already probed is not probed again.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { challengeSpecSchema } from "../../../lib/challenges/spec";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { loadTestSplit } from "../../../lib/nn/datasets/test-split";
import * as tf from "../../../lib/nn/tf";
import { Trainer } from "../../../lib/nn/trainer";
import { encodeWeights } from "../../../lib/nn/weights";
import { selectBackend } from "../../../server/engine/backend";
import { PROBE_BATCH } from "../../../lib/nn/probe";
import { verifyRun } from "../../../server/verifier/verify";

const config: NetworkConfig = { ...DEFAULT_CONFIG, depth: 4, width: 16, steps: 20, seed: 31 };
const spec = challengeSpecSchema.parse({
  dataset: config.dataset,
  objective: { kind: "accuracy" },
  prompt: "Work per run",
});
let weights: Uint8Array;
let accuracy: number;

beforeAll(async () => {
  await selectBackend("wasm");
  const trainer = new Trainer(config, await loadTrainSplit(config.dataset, config.seed), {
    telemetryEvery: 0,
  });
  await trainer.run(config.steps);
  weights = encodeWeights(await trainer.weights());
  accuracy = (await trainer.evaluate(await loadTrainSplit(config.dataset, config.seed))).accuracy;
  trainer.dispose();
});

/** Rows of the first operand of every matrix product one verification runs. */
async function matMulRows(seed: number): Promise<number[]> {
  const rows: number[] = [];
  const profile = await tf.profile(async () => {
    const out = await verifyRun({
      config: { ...config, seed },
      weights,
      spec,
      testSeed: 5,
      claimed: { accuracy, loss: 1, steps: config.steps, diverged: false, divergedAtStep: null },
    });
    expect(out.ok).toBe(true);
  });
  for (const k of profile.kernels)
    if (/matmul/i.test(k.name)) rows.push(k.inputShapes[0]!.at(-2) ?? 0);
  return rows;
}

describe("one verification", () => {
  it("evaluates the hidden and the train split in one pass, and probes twice, then once", async () => {
    const train = await loadTrainSplit(config.dataset, 40);
    const test = await loadTestSplit(config.dataset, 5);
    const evalRows = train.count + test.count;
    const layers = config.depth + 1; // hidden layers and the output layer
    const count = (rows: number[], n: number) => rows.filter((r) => r === n).length;

    const first = await matMulRows(40);
    // One forward pass over both splits together (they fit one evaluation chunk).
    expect(count(first, evalRows)).toBe(layers);
    expect(count(first, train.count)).toBe(0);
    expect(count(first, test.count)).toBe(0);
    // Probe rows: forward (one product per layer) and backward, at initialization and after training.
    const probeProducts = count(first, PROBE_BATCH);
    expect(probeProducts).toBeGreaterThan(0);

    const again = await matMulRows(40);
    expect(count(again, evalRows)).toBe(layers);
    // The same network again: its flow at initialization is known, only the trained flow is probed.
    expect(count(again, PROBE_BATCH)).toBe(probeProducts / 2);
  });
});
