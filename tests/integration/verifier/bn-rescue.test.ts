/**
 * The rescue challenge's reference run tells one story: sigmoid, N(0, 1), depth 20, batch norm
 * before, Adam lr 0.01, 500 steps (seed fixed). Its last mini-batch accuracies, its final train
 * accuracy (precise BN) and the server's verified score agree within 3 points; the teacher gets no
 * alert for it; the student reads that its exploding gradients at initialization were expected and
 * settled, at the step they did.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { alertsOf } from "../../../lib/challenges/alerts";
import { startingConfig } from "../../../lib/challenges/constraints";
import { findTemplate } from "../../../lib/challenges/curriculum";
import { verifiedText } from "../../../app/class/[sessionId]/run-text";
import { runReport } from "../../../lib/challenges/run-text";
import { challengeSpecSchema } from "../../../lib/challenges/spec";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { factorFromRatio } from "../../../lib/nn/summary";
import { Trainer } from "../../../lib/nn/trainer";
import { encodeWeights } from "../../../lib/nn/weights";
import type { RunView } from "../../../lib/protocol/views";
import { selectBackend } from "../../../server/engine/backend";
import { verifyRun } from "../../../server/verifier/verify";
import { catalog } from "../../../server/i18n/catalogs";

const spec = challengeSpecSchema.parse(findTemplate("bn-rescue")!.spec);
const config: NetworkConfig = {
  ...startingConfig(spec, DEFAULT_CONFIG),
  batchNorm: "before",
  optimizer: "adam",
  learningRate: 0.01,
  steps: 500,
  seed: 0,
};

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("the batch-norm rescue's reference run", () => {
  it("tells one story from the curve to the score, with no alert", async () => {
    const train = await loadTrainSplit(config.dataset, config.seed);
    const trainer = new Trainer(config, train);
    const chunks = await trainer.run(100);
    const frames = chunks.flatMap((c) => c.frames);
    // The last points of the accuracy curve (measured every ACCURACY_EVERY steps).
    const window = frames
      .map((f) => f.accuracy)
      .filter((a) => Number.isFinite(a))
      .slice(-3);
    const curve = window.reduce((a, b) => a + b, 0) / window.length;
    const final = await trainer.evaluate(train);
    const weights = encodeWeights(await trainer.weights());
    trainer.dispose();

    expect(trainer.status).toBe("done");
    expect(curve).toBeGreaterThan(0.8);
    expect(Math.abs(final.accuracy - curve), "train accuracy vs the curve").toBeLessThan(0.03);

    const out = await verifyRun({
      config,
      weights,
      spec,
      testSeed: 1234,
      claimed: {
        accuracy: final.accuracy,
        loss: final.loss,
        steps: 500,
        diverged: false,
        divergedAtStep: null,
      },
    });
    if (!out.ok) throw new Error(out.failure);
    expect(Math.abs(out.result.accuracy - final.accuracy), "verified vs train").toBeLessThan(0.03);
    expect(out.mismatch).toBe(false);
    // At initialization the gradients explode (Yang et al.); after training they do not.
    expect(out.result.probe.verdict).toBe("exploding");
    expect(out.result.final?.verdict).toBe("healthy");

    const view: RunView = {
      id: "r",
      clientRunId: "c",
      challengeId: "x",
      participantId: "p",
      config,
      status: "verified",
      claimedAccuracy: final.accuracy,
      verifiedAccuracy: out.result.accuracy,
      reproducedAccuracy: null,
      verdict: out.result.probe.verdict,
      initialGradRatio: out.result.probe.gradRatio,
      initialFactor: factorFromRatio(out.result.probe.gradRatio, config.depth),
      finalVerdict: out.result.final?.verdict ?? null,
      score: out.score,
      mismatch: out.mismatch,
      failure: null,
      submittedAt: new Date().toISOString(),
      profile: null,
      diverged: false,
    };
    expect(alertsOf(view)).toEqual([]);
    const line = verifiedText(runReport(view, frames), "en", catalog("en"));
    expect(line).toMatch(/at initialization: exploding, as expected with batch norm/);
    expect(line).toMatch(/grow \d\.\d\dx per layer toward the input/);
    expect(line).toMatch(/settled by step \d+/);
    expect(line).toMatch(/After training: healthy/);
  });
});
