/**
 * A network's tensors: the flat trainable vector and the batch-norm moving statistics, created from
 * plain numbers and read back to plain numbers. The only place the engine allocates variables.
 */
import * as tf from "./tf";
import type { NetworkConfig } from "./config";
import { initialParameters, networkLayout, type NetworkLayout, type NetworkShape } from "./layout";
import type { BatchNormMode } from "./pass";

/** A network's weights as plain numbers (what is serialised, submitted and verified). */
export interface NetworkWeights {
  layout: NetworkLayout;
  /** The flat trainable vector, in layout order. */
  params: Float32Array;
  /** [depth, width] row-major, or null without batch normalization. */
  movingMean: Float32Array | null;
  movingVariance: Float32Array | null;
}

export interface Network {
  layout: NetworkLayout;
  params: tf.Variable<tf.Rank.R1>;
  movingMean: tf.Variable<tf.Rank.R2> | null;
  movingVariance: tf.Variable<tf.Rank.R2> | null;
}

/** The weights a config starts from: seeded initial kernels, BN moving mean 0 and variance 1. */
export function initialWeights(
  config: Pick<NetworkConfig, "depth" | "width" | "batchNorm" | "init" | "sigma" | "seed">,
  shape: NetworkShape,
): NetworkWeights {
  const layout = networkLayout(config, shape);
  const bn = layout.batchNorm !== "off";
  const stats = layout.depth * layout.width;
  return {
    layout,
    params: initialParameters(config, layout),
    movingMean: bn ? new Float32Array(stats) : null,
    movingVariance: bn ? new Float32Array(stats).fill(1) : null,
  };
}

/** A variable that owns its data: the initial tensor is released once the variable holds it. */
export function ownedVariable<R extends tf.Rank>(
  initial: tf.Tensor<R>,
  trainable: boolean,
): tf.Variable<R> {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

export function createNetwork(weights: NetworkWeights): Network {
  const { layout } = weights;
  const statsShape: [number, number] = [layout.depth, layout.width];
  return {
    layout,
    params: ownedVariable(tf.tensor1d(weights.params), true),
    movingMean: weights.movingMean
      ? ownedVariable(tf.tensor2d(weights.movingMean, statsShape), false)
      : null,
    movingVariance: weights.movingVariance
      ? ownedVariable(tf.tensor2d(weights.movingVariance, statsShape), false)
      : null,
  };
}

export async function readWeights(net: Network): Promise<NetworkWeights> {
  const [params, movingMean, movingVariance] = await Promise.all([
    net.params.data() as Promise<Float32Array>,
    net.movingMean ? (net.movingMean.data() as Promise<Float32Array>) : null,
    net.movingVariance ? (net.movingVariance.data() as Promise<Float32Array>) : null,
  ]);
  return { layout: net.layout, params, movingMean, movingVariance };
}

/** Batch-norm statistics for inference: the moving averages (identity when BN is off). */
export function inferenceMode(net: Network): BatchNormMode {
  return net.movingMean && net.movingVariance
    ? { kind: "moving", mean: net.movingMean, variance: net.movingVariance }
    : { kind: "batch" };
}

export function disposeNetwork(net: Network): void {
  net.params.dispose();
  net.movingMean?.dispose();
  net.movingVariance?.dispose();
}
