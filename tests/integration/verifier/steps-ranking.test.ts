/**
 * "Fewest steps to target" rests only on what the server verified: the server re-runs the claimed
 * training from the seed and ranks its own result. The same weights trained 1,500 steps and
 * submitted as a 10-step run once ranked first.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkConstraints } from "../../../lib/challenges/constraints";
import { challengeSpecSchema } from "../../../lib/challenges/spec";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { Trainer } from "../../../lib/nn/trainer";
import { encodeWeights } from "../../../lib/nn/weights";
import type { RunSubmission } from "../../../lib/protocol/schemas";
import type { Repositories } from "../../../server/repositories";
import type { Verifier } from "../../../server/verifier";
import { verifierFixture, type VerifierFixture } from "./fixture";
import type { RunSummary } from "../../../server/repositories/runs";

const TARGET = 0.9;
const spec = challengeSpecSchema.parse({
  dataset: "spiral",
  ranges: { depth: { min: 2, max: 20 }, steps: { min: 10, max: 3000 } },
  objective: { kind: "steps-to-target", target: TARGET },
  prompt: "Reach 90% in the fewest steps",
});
const honest: NetworkConfig = {
  ...DEFAULT_CONFIG,
  depth: 2,
  width: 32,
  activation: "relu",
  init: "he-normal",
  learningRate: 0.03,
  steps: 300,
  seed: 1,
};

let fixture: VerifierFixture;
let repos: Repositories;
let verifier: Verifier;
let challengeId: string;
let participantId: string;

async function trained(config: NetworkConfig) {
  const train = await loadTrainSplit(config.dataset, config.seed);
  const trainer = new Trainer(config, train, { telemetryEvery: 0 });
  await trainer.run(100);
  const out = {
    weights: encodeWeights(await trainer.weights()),
    accuracy: (await trainer.evaluate(train)).accuracy,
  };
  trainer.dispose();
  return out;
}

async function submit(config: NetworkConfig, weights: Uint8Array<ArrayBuffer>, accuracy: number) {
  const submission: RunSubmission = {
    clientRunId: randomUUID(),
    challengeId,
    config,
    backend: "webgl",
    weights,
    claimed: { accuracy, loss: 0.2, steps: config.steps, diverged: false, divergedAtStep: null },
    telemetry: [],
  };
  const { run } = await repos.runs.submit(participantId, submission);
  return (await verifier.verify(run.id)) as RunSummary;
}

beforeAll(async () => {
  fixture = await verifierFixture(spec, 777);
  ({ repos, verifier, challengeId, participantId } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

describe("steps-to-target ranking", () => {
  it("ranks an honest run by the server's own re-run of its config", async () => {
    const { weights, accuracy } = await trained(honest);
    const run = await submit(honest, weights, accuracy);
    expect(run.status).toBe("verified");
    expect(run.verified!.reproduced!.accuracy).toBeGreaterThanOrEqual(TARGET);
    expect(Math.abs(run.verified!.reproduced!.accuracy - run.verified!.accuracy)).toBeLessThan(
      0.05,
    );
    expect(run.mismatch).toBe(false);
    expect(run.score).toBe(-300);
  });

  it("does not rank weights trained 1,500 steps and submitted as a 10-step run, and flags them", async () => {
    const long = await trained({ ...honest, steps: 1_500 });
    const forged = await submit({ ...honest, steps: 10 }, long.weights, long.accuracy);
    expect(forged.status).toBe("verified");
    // The weights themselves are good on the hidden split...
    expect(forged.verified!.accuracy).toBeGreaterThan(TARGET);
    // ...but 10 steps from the seed are not.
    expect(forged.verified!.reproduced!.accuracy).toBeLessThan(TARGET);
    expect(forged.score).toBeNull();
    expect(forged.mismatch).toBe(true);
    const board = await repos.runs.ranked(challengeId);
    expect(board.map((r) => r.score)).toEqual([-300]);
  });

  it("refuses, before any training, configs too large for the server to re-run", () => {
    const huge = { ...honest, depth: 20, width: 256, batchSize: 1024, steps: 3000 };
    expect(checkConstraints(spec, huge)).toEqual([
      expect.objectContaining({ field: "steps", code: "reproductionTooCostly" }),
    ]);
    expect(checkConstraints(spec, honest)).toEqual([]);
    // An accuracy challenge trusts the weights alone: no re-run, no budget.
    const accuracy = challengeSpecSchema.parse({ ...spec, objective: { kind: "accuracy" } });
    expect(checkConstraints(accuracy, huge)).toEqual([]);
  });
});
