import { afterEach, describe, expect, it, vi } from "vitest";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { evaluateWeights } from "../../../lib/nn/evaluate";
import { initialWeights } from "../../../lib/nn/network";
import { STAT_COLUMNS } from "../../../lib/nn/telemetry";
import * as tf from "../../../lib/nn/tf";
import { Trainer } from "../../../lib/nn/trainer";
import { config } from "./helpers";

const small = config({
  depth: 4,
  width: 16,
  activation: "relu",
  init: "he-normal",
  steps: 60,
  batchSize: 32,
});

afterEach(() => vi.restoreAllMocks());

describe("Trainer", () => {
  it("leaks no tensors across steps, chunks and disposal", async () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(
      { ...small, batchNorm: "before", optimizer: "adam" },
      await loadTrainSplit("spiral", 1),
    );
    await trainer.advance(5);
    const afterFirst = tf.memory().numTensors;
    await trainer.advance(20);
    await trainer.advance(20);
    expect(tf.memory().numTensors).toBe(afterFirst);
    await trainer.evaluate(await loadTrainSplit("spiral", 3));
    expect(tf.memory().numTensors).toBe(afterFirst);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reads back once per chunk, never once per step", async () => {
    const trainer = new Trainer(small, await loadTrainSplit("spiral", 1));
    const data = vi.spyOn(tf.Tensor.prototype, "data");
    const dataSync = vi.spyOn(tf.Tensor.prototype, "dataSync");
    const arraySync = vi.spyOn(tf.Tensor.prototype, "arraySync");
    await trainer.advance(40);
    expect(data).toHaveBeenCalledTimes(1);
    expect(dataSync).not.toHaveBeenCalled();
    expect(arraySync).not.toHaveBeenCalled();
    trainer.dispose();
  });

  it("reports every step's loss and telemetry at step 1, every N steps and the last step", async () => {
    const trainer = new Trainer({ ...small, steps: 45 }, await loadTrainSplit("spiral", 1), {
      telemetryEvery: 10,
    });
    const first = await trainer.advance(25);
    expect(first).toMatchObject({ fromStep: 1, toStep: 25, status: "ready", divergedAtStep: null });
    expect(first.losses).toHaveLength(25);
    expect(first.frames.map((f) => f.step)).toEqual([1, 10, 20]);
    const rest = await trainer.advance(100);
    expect(rest).toMatchObject({ fromStep: 26, toStep: 45, status: "done" });
    expect(rest.frames.map((f) => f.step)).toEqual([30, 40, 45]);
    // The accuracy curve: step 1, every ACCURACY_EVERY steps and the last step; NaN between.
    const curve = [...first.frames, ...rest.frames].filter((f) => !Number.isNaN(f.accuracy));
    expect(curve.map((f) => f.step)).toEqual([1, 45]);
    for (const f of curve) {
      expect(f.accuracy).toBeGreaterThanOrEqual(0);
      expect(f.accuracy).toBeLessThanOrEqual(1);
    }
    const frame = first.frames[1]!;
    expect(frame.loss).toBe(first.losses[9]);
    expect(frame.layers).toHaveLength(small.depth);
    for (const layer of frame.layers) {
      for (const column of STAT_COLUMNS) expect(Number.isFinite(layer[column])).toBe(true);
      expect(layer.weightGradNorm).toBeGreaterThan(0);
      expect(layer.updateRatio).toBeGreaterThan(0);
    }
    expect(await trainer.advance(10)).toMatchObject({ losses: [], status: "done" });
    trainer.dispose();
  });

  it("measures the update-to-weight ratio: proportional to the SGD learning rate", async () => {
    const ratio = async (learningRate: number) => {
      const trainer = new Trainer(
        { ...small, optimizer: "sgd", learningRate },
        await loadTrainSplit("spiral", 1),
      );
      const chunk = await trainer.advance(1);
      trainer.dispose();
      return chunk.frames[0]!.layers.map((l) => l.updateRatio);
    };
    const low = await ratio(0.001);
    const high = await ratio(0.01);
    low.forEach((r, i) => expect(high[i]! / r).toBeCloseTo(10, 2));
  });

  it("ends a run as diverged at the first non-finite loss", async () => {
    const trainer = new Trainer(
      {
        ...small,
        depth: 6,
        init: "normal",
        sigma: 3,
        optimizer: "sgd",
        learningRate: 5,
        steps: 200,
      },
      await loadTrainSplit("spiral", 1),
    );
    const chunks = await trainer.run(30);
    const last = chunks.at(-1)!;
    expect(trainer.status).toBe("diverged");
    expect(last.status).toBe("diverged");
    const at = trainer.divergedAtStep!;
    expect(at).toBeGreaterThan(1);
    expect(at).toBeLessThan(200);
    expect(trainer.step).toBe(at);
    const losses = chunks.flatMap((c) => c.losses);
    expect(losses).toHaveLength(at);
    expect(losses.slice(0, -1).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(losses.at(-1)!)).toBe(false);
    expect((await trainer.advance(10)).status).toBe("diverged");
    trainer.dispose();
  });

  it("updates the batch-norm moving averages with the configured momentum", async () => {
    const c = { ...small, batchNorm: "before" as const, bnMomentum: 0.9, steps: 1 };
    const trainer = new Trainer(c, await loadTrainSplit("spiral", 1));
    await trainer.advance(1);
    const mean = await trainer.net.movingMean!.data();
    const variance = await trainer.net.movingVariance!.data();
    // From mean 0 / variance 1: one step moves each 10% of the way to the batch statistic.
    expect(Math.max(...mean.map(Math.abs))).toBeGreaterThan(0);
    expect(Math.max(...mean.map(Math.abs))).toBeLessThan(0.5);
    expect(Math.min(...variance)).toBeGreaterThan(0.9);
    trainer.dispose();
  });

  it("is deterministic: the same config and seed give bit-identical weights", async () => {
    const run = async (seed: number) => {
      const trainer = new Trainer(
        { ...small, seed, batchNorm: "after" },
        await loadTrainSplit("spiral", 1),
      );
      await trainer.run();
      const w = await trainer.weights();
      trainer.dispose();
      return w.params;
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it("evaluates exported weights exactly as the trainer does", async () => {
    const c = { ...small, batchNorm: "before" as const };
    const train = await loadTrainSplit("spiral", 1);
    const trainer = new Trainer(c, train);
    await trainer.run();
    const direct = await trainer.evaluate(train);
    const fromWeights = await evaluateWeights(c, await trainer.weights(), train);
    expect(fromWeights).toEqual(direct);
    trainer.dispose();
  });

  it("can resume from given weights", async () => {
    const train = await loadTrainSplit("spiral", 1);
    const start = initialWeights(small, train);
    const trainer = new Trainer(small, train, {}, start);
    expect((await trainer.weights()).params).toEqual(start.params);
    trainer.dispose();
  });
});

describe("predictClasses", () => {
  it("agrees with the evaluated accuracy and keeps no tensor", async () => {
    const { predictClasses } = await import("../../../lib/nn/evaluate");
    const train = await loadTrainSplit("spiral", 1);
    const trainer = new Trainer({ ...small, steps: 200 }, train);
    await trainer.run();
    const before = tf.memory().numTensors;
    const predicted = await predictClasses(small, trainer.net, train.x, train.count);
    expect(tf.memory().numTensors).toBe(before);
    const correct = predicted.filter((p, i) => p === train.y[i]).length;
    expect(correct / train.count).toBeCloseTo((await trainer.evaluate(train)).accuracy, 10);
    trainer.dispose();
  });
});
