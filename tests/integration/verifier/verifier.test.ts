/** The verifier scores real trained weights on the hidden split, flags false claims and never ranks broken runs. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challengeSpecSchema } from "../../../lib/challenges/spec";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { initialWeights } from "../../../lib/nn/network";
import { Trainer } from "../../../lib/nn/trainer";
import { encodeWeights } from "../../../lib/nn/weights";
import type { RunSubmission } from "../../../lib/protocol/schemas";
import type { Repositories } from "../../../server/repositories";
import type { Verifier } from "../../../server/verifier";
import { verifierFixture, type VerifierFixture } from "./fixture";
import type { RunSummary } from "../../../server/repositories/runs";

const config: NetworkConfig = {
  ...DEFAULT_CONFIG,
  depth: 3,
  width: 32,
  activation: "tanh",
  init: "glorot-uniform",
  steps: 400,
  learningRate: 0.02,
  seed: 5,
};
const spec = challengeSpecSchema.parse({
  dataset: "spiral",
  objective: { kind: "accuracy" },
  prompt: "Learn the spiral",
});

let fixture: VerifierFixture;
let repos: Repositories;
let verifier: Verifier;
let challengeId: string;
let participantId: string;
let settled: RunSummary[];
let trained: { weights: Uint8Array<ArrayBuffer>; trainAccuracy: number };

beforeAll(async () => {
  fixture = await verifierFixture(spec, 424242);
  ({ repos, verifier, challengeId, participantId, settled } = fixture);
  // A real training run, as the browser makes it: train split drawn from the config's seed.
  const train = await loadTrainSplit("spiral", config.seed);
  const trainer = new Trainer(config, train);
  await trainer.run();
  trained = {
    weights: encodeWeights(await trainer.weights()),
    trainAccuracy: (await trainer.evaluate(train)).accuracy,
  };
  trainer.dispose();
});

afterAll(async () => {
  await fixture.close();
});

async function submitAndVerify(patch: Partial<RunSubmission>): Promise<RunSummary> {
  const submission: RunSubmission = {
    clientRunId: randomUUID(),
    challengeId,
    config,
    backend: "wasm",
    weights: trained.weights,
    claimed: {
      accuracy: trained.trainAccuracy,
      loss: 0.2,
      steps: config.steps,
      diverged: false,
      divergedAtStep: null,
    },
    telemetry: [],
    ...patch,
  };
  const { run } = await repos.runs.submit(participantId, submission);
  return (await verifier.verify(run.id))!;
}

describe("verifier", () => {
  it("scores trained weights by their accuracy on the hidden test split, in a worker thread", async () => {
    const run = await submitAndVerify({});
    expect(run.status).toBe("verified");
    expect(run.mismatch).toBe(false);
    expect(run.verified!.accuracy).toBeGreaterThan(0.8);
    expect(run.score).toBe(run.verified!.accuracy);
    expect(run.verified!.probe.verdict).toBe("healthy");
    expect(settled.map((r) => r.id)).toContain(run.id);
  });

  it("flags a claim the weights do not support, and ranks the verified number", async () => {
    const untrained = encodeWeights(initialWeights(config, { inputDim: 2, classes: 3 }));
    const run = await submitAndVerify({
      weights: untrained,
      claimed: { accuracy: 0.99, loss: 0.01, steps: 400, diverged: false, divergedAtStep: null },
    });
    expect(run.status).toBe("verified");
    expect(run.mismatch).toBe(true);
    expect(run.score!).toBeLessThan(0.6);
  });

  it.each<[string, Partial<RunSubmission>]>([
    ["garbage weights", { weights: new Uint8Array([1, 2, 3, 4, 5]) }],
    ["weights of another architecture", { config: { ...config, width: 16 } }],
    ["another dataset", { config: { ...config, dataset: "xor" } }],
  ])("marks %s unverifiable, with no score", async (_name, patch) => {
    const run = await submitAndVerify(patch);
    expect(run.status).toBe("unverifiable");
    expect(run.score).toBeNull();
    expect(run.failure).toBeTruthy();
  });

  it("does not rank a diverged run", async () => {
    const run = await submitAndVerify({
      claimed: { accuracy: 0.33, loss: null, steps: 57, diverged: true, divergedAtStep: 57 },
    });
    expect(run.status).toBe("verified");
    expect(run.score).toBeNull();
    expect(run.verified!.steps).toBe(57);
  });

  it("verifies runs left pending by a restart, once each", async () => {
    const { run } = await repos.runs.submit(participantId, {
      clientRunId: randomUUID(),
      challengeId,
      config,
      backend: "cpu",
      weights: trained.weights,
      claimed: {
        accuracy: trained.trainAccuracy,
        loss: 0.2,
        steps: 400,
        diverged: false,
        divergedAtStep: null,
      },
      telemetry: [],
    });
    expect(await verifier.recover()).toBe(1);
    void verifier.verify(run.id); // a duplicate request joins the one in flight
    await verifier.idle();
    expect((await repos.runs.findById(run.id))!.status).toBe("verified");
    expect(settled.filter((r) => r.id === run.id)).toHaveLength(1);
  });
});
