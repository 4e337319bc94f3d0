/**
 * Training with gradient-flow telemetry. Each step is one explicit forward/backward pass and one
 * fused optimizer update; every `telemetryEvery` steps the per-layer statistics are reduced on the
 * device. Nothing is read back inside a step: `advance` runs a chunk of steps and reads the chunk's
 * losses and telemetry back with a single `await data()`.
 */
import * as tf from "./tf";
import type { NetworkConfig } from "./config";
import type { Split } from "./datasets/types";
import {
  createNetwork,
  disposeNetwork,
  initialWeights,
  readWeights,
  type Network,
  type NetworkWeights,
} from "./network";
import { createOptimizer, type FlatOptimizer } from "./optimizers";
import {
  backward,
  forward,
  hiddenKernels,
  populationStatistics,
  softmaxCrossEntropy,
  unflatten,
} from "./pass";
import { createRng, permutation, type Rng } from "./random";
import { decodeLayerStats, layerStatsTensor, STAT_COLUMNS, type LayerStats } from "./telemetry";
import { evaluateNetwork, type Evaluation } from "./evaluate";

export const DEFAULT_TELEMETRY_EVERY = 10;

/**
 * The accuracy curve is measured at step 1, every this many steps and the last step: a forward
 * pass over CURVE_ROWS rows costs about three training steps, too much for every frame.
 */
export const ACCURACY_EVERY = 50;

export type TrainStatus = "ready" | "done" | "diverged";

/**
 * Rows of the training split the accuracy curve is measured on: all of a toy set (600 points),
 * a fixed sample of the digits.
 */
export const CURVE_ROWS = 1024;

/**
 * Telemetry of one step. `loss` is that step's mini-batch loss; `accuracy` the weights' accuracy on
 * the curve's rows of the training split (CURVE_ROWS), normalized by their own statistics as at
 * the end of training (precise BN), so the curve ends where the final train accuracy is; NaN on
 * frames between the curve's points (see ACCURACY_EVERY).
 */
export interface TelemetryFrame {
  step: number;
  loss: number;
  accuracy: number;
  layers: LayerStats[];
}

/** What one `advance` call trained and measured. Steps are numbered from 1. */
export interface TrainChunk {
  fromStep: number;
  toStep: number;
  /** Mini-batch loss of every step in the chunk. */
  losses: number[];
  frames: TelemetryFrame[];
  status: TrainStatus;
  /** The first step whose loss was NaN or infinite, when the run diverged. */
  divergedAtStep: number | null;
}

export interface TrainerOptions {
  /** Reduce telemetry every this many steps (and at step 1 and the last step). 0 turns it off. */
  telemetryEvery?: number;
}

interface PendingFrame {
  step: number;
  stats: tf.Tensor2D;
  /** Absent between the accuracy curve's points. */
  accuracy?: tf.Scalar;
}

export class Trainer {
  readonly config: NetworkConfig;
  readonly net: Network;
  private readonly optimizer: FlatOptimizer;
  private readonly x: tf.Tensor2D;
  private readonly oneHot: tf.Tensor2D;
  private readonly labels: tf.Tensor1D;
  private readonly batchRng: Rng;
  /** The rows the accuracy curve is measured on. */
  private readonly curveX: tf.Tensor2D;
  private readonly curveY: tf.Tensor1D;
  private readonly telemetryEvery: number;
  private order: Int32Array;
  private cursor = 0;
  private stepsDone = 0;
  private state: TrainStatus = "ready";
  private divergedAt: number | null = null;

  constructor(
    config: NetworkConfig,
    train: Split,
    options: TrainerOptions = {},
    weights?: NetworkWeights,
  ) {
    this.config = config;
    const start =
      weights ?? initialWeights(config, { inputDim: train.inputDim, classes: train.classes });
    this.net = createNetwork(start);
    this.optimizer = createOptimizer(config, this.net.layout.size);
    this.x = tf.tensor2d(train.x, [train.count, train.inputDim]);
    this.labels = tf.tensor1d(train.y, "int32");
    this.oneHot = tf.tidy(
      () => tf.oneHot(this.labels, train.classes).cast("float32") as tf.Tensor2D,
    );
    this.batchRng = createRng(config.seed, "batches");
    const rows = Math.min(CURVE_ROWS, train.count);
    const curveIdx = tf.tensor1d(
      permutation(train.count, createRng(config.seed, "curve")).subarray(0, rows),
      "int32",
    );
    this.curveX = tf.gather(this.x, curveIdx) as tf.Tensor2D;
    this.curveY = tf.gather(this.labels, curveIdx) as tf.Tensor1D;
    curveIdx.dispose();
    this.order = permutation(train.count, this.batchRng);
    this.telemetryEvery = options.telemetryEvery ?? DEFAULT_TELEMETRY_EVERY;
  }

  get step(): number {
    return this.stepsDone;
  }

  get status(): TrainStatus {
    return this.state;
  }

  get divergedAtStep(): number | null {
    return this.divergedAt;
  }

  private nextBatch(): Int32Array {
    const size = this.config.batchSize;
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      if (this.cursor === this.order.length) {
        this.order = permutation(this.order.length, this.batchRng);
        this.cursor = 0;
      }
      out[i] = this.order[this.cursor++]!;
    }
    return out;
  }

  private wantsTelemetry(step: number): boolean {
    if (this.telemetryEvery <= 0) return false;
    return step === 1 || step % this.telemetryEvery === 0 || step === this.config.steps;
  }

  /** On telemetry steps: whether the accuracy curve gets a point too. */
  private wantsAccuracy(step: number): boolean {
    return step === 1 || step % ACCURACY_EVERY === 0 || step === this.config.steps;
  }

  /** One optimisation step; returns its loss (and telemetry) as tensors still on the device. */
  private trainStep(
    withTelemetry: boolean,
    withAccuracy: boolean,
  ): {
    loss: tf.Scalar;
    frame?: Omit<PendingFrame, "step">;
  } {
    const { config, net } = this;
    const batch = this.nextBatch();
    const iteration = this.stepsDone;
    return tf.tidy(() => {
      const idx = tf.tensor1d(batch, "int32");
      const xb = tf.gather(this.x, idx) as tf.Tensor2D;
      const yb = tf.gather(this.oneHot, idx) as tf.Tensor2D;
      const before = net.params as tf.Tensor1D;
      const params = unflatten(before, net.layout);
      const fwd = forward(config, params, xb, { kind: "batch" }, { preActivations: withTelemetry });
      const { loss, dlogits } = softmaxCrossEntropy(fwd.logits, yb);
      const bwd = backward(config, net.layout, params, fwd, dlogits);
      const next = this.optimizer.step(before, bwd.flatGrad(), iteration);
      let frame: Omit<PendingFrame, "step"> | undefined;
      if (withTelemetry) {
        const update = {
          delta: hiddenKernels(next.sub(before) as tf.Tensor1D, net.layout),
          before: params.hidden.map((p) => p.kernel),
        };
        const stats = layerStatsTensor(config.activation, fwd, bwd, update);
        const accuracy = withAccuracy
          ? (forward(config, params, this.curveX, { kind: "batch" }, { preActivations: false })
              .logits.argMax(1)
              .equal(this.curveY)
              .cast("float32")
              .mean() as tf.Scalar)
          : undefined;
        frame = { stats, accuracy };
      }
      if (net.movingMean && net.movingVariance) {
        // Moving averages of the batch statistics, with the unbiased variance (Ioffe & Szegedy Alg. 2).
        const m = config.bnMomentum;
        const b = xb.shape[0];
        const mean = tf.stack(fwd.caches.map((c) => c.bn!.mean));
        const variance = tf.stack(fwd.caches.map((c) => c.bn!.variance)).mul(b / (b - 1));
        net.movingMean.assign(net.movingMean.mul(m).add(mean.mul(1 - m)));
        net.movingVariance.assign(net.movingVariance.mul(m).add(variance.mul(1 - m)));
      }
      net.params.assign(next);
      return { loss, frame };
    });
  }

  /**
   * Trains up to `maxSteps` more steps (stopping at `config.steps`) and reads the chunk back once.
   * A non-finite loss ends the run as "diverged" at the step it first appeared.
   */
  async advance(maxSteps: number): Promise<TrainChunk> {
    const fromStep = this.stepsDone + 1;
    if (this.state !== "ready") {
      return {
        fromStep,
        toStep: this.stepsDone,
        losses: [],
        frames: [],
        status: this.state,
        divergedAtStep: this.divergedAt,
      };
    }
    const count = Math.max(0, Math.min(maxSteps, this.config.steps - this.stepsDone));
    const losses: tf.Scalar[] = [];
    const pending: PendingFrame[] = [];
    for (let i = 0; i < count; i++) {
      const step = this.stepsDone + 1;
      const { loss, frame } = this.trainStep(this.wantsTelemetry(step), this.wantsAccuracy(step));
      losses.push(loss);
      if (frame) pending.push({ step, ...frame });
      this.stepsDone = step;
    }
    const depth = this.net.layout.depth;
    const packed = tf.tidy(() =>
      tf.concat([
        tf.stack(losses.length > 0 ? losses : [tf.scalar(0)]),
        ...pending.flatMap((p) => [
          p.stats.reshape([-1]),
          p.accuracy ? p.accuracy.reshape([1]) : tf.tensor1d([NaN]),
        ]),
      ]),
    );
    tf.dispose([...losses, ...pending.flatMap((p) => [p.stats, p.accuracy])]);
    const values = (await packed.data()) as Float32Array;
    packed.dispose();

    const lossValues = Array.from(values.subarray(0, count));
    const frameSize = depth * STAT_COLUMNS.length + 1;
    const lossBase = Math.max(1, count);
    const frames = pending.map((p, i) => {
      const offset = lossBase + i * frameSize;
      return {
        step: p.step,
        loss: lossValues[p.step - fromStep]!,
        accuracy: values[offset + frameSize - 1]!,
        layers: decodeLayerStats(values, depth, offset),
      };
    });
    const bad = lossValues.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      this.state = "diverged";
      this.divergedAt = fromStep + bad;
      this.stepsDone = this.divergedAt;
    } else if (this.stepsDone >= this.config.steps) {
      this.state = "done";
    }
    const keep = this.state === "diverged" ? this.divergedAt! - fromStep + 1 : count;
    return {
      fromStep,
      toStep: this.stepsDone,
      losses: lossValues.slice(0, keep),
      frames: frames.filter((f) => f.step < fromStep + keep),
      status: this.state,
      divergedAtStep: this.divergedAt,
    };
  }

  /** Trains to the end (or divergence), collecting every chunk, then makes BN precise. */
  async run(chunkSteps = 50, onChunk?: (chunk: TrainChunk) => void): Promise<TrainChunk[]> {
    const chunks: TrainChunk[] = [];
    while (this.state === "ready") {
      const chunk = await this.advance(chunkSteps);
      chunks.push(chunk);
      onChunk?.(chunk);
    }
    this.finalizeBatchNorm();
    return chunks;
  }

  /**
   * Replaces the moving averages with the population statistics of the training split at the
   * final weights (precise BN, see pass.ts): what inference, the claimed train accuracy and the
   * server's verification all use. No-op without BN or after divergence.
   */
  finalizeBatchNorm(): void {
    const { net } = this;
    if (!net.movingMean || !net.movingVariance || this.state === "diverged") return;
    const stats = tf.tidy(() =>
      populationStatistics(this.config, unflatten(net.params, net.layout), this.x),
    );
    net.movingMean.assign(stats.mean);
    net.movingVariance.assign(stats.variance);
    tf.dispose([stats.mean, stats.variance]);
  }

  evaluate(split: Split): Promise<Evaluation> {
    return evaluateNetwork(this.config, this.net, split);
  }

  weights(): Promise<NetworkWeights> {
    return readWeights(this.net);
  }

  dispose(): void {
    disposeNetwork(this.net);
    this.optimizer.dispose();
    tf.dispose([this.x, this.oneHot, this.labels, this.curveX, this.curveY]);
  }
}
