/** Accuracy and loss of a network on a split, with batch norm in inference mode (moving averages). */
import * as tf from "./tf";
import type { NetworkConfig } from "./config";
import type { Split } from "./datasets/types";
import {
  createNetwork,
  disposeNetwork,
  inferenceMode,
  type Network,
  type NetworkWeights,
} from "./network";
import { forward, populationStatistics, unflatten } from "./pass";

/** Rows per forward pass when evaluating, to bound memory on large splits. */
export const EVAL_CHUNK_ROWS = 2048;

export interface Evaluation {
  accuracy: number;
  /** Mean softmax cross-entropy; Infinity/NaN when the weights are broken. */
  loss: number;
  count: number;
}

export async function evaluateNetwork(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  net: Network,
  split: Split,
): Promise<Evaluation> {
  return (await evaluateNetworkOn(config, net, [split]))[0]!;
}

/**
 * Evaluates the network on several splits in one pass (their rows run through together, in
 * chunks of EVAL_CHUNK_ROWS) and one read-back: what the verifier does with the hidden test split
 * and the train split.
 */
export async function evaluateNetworkOn(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  net: Network,
  splits: readonly Split[],
): Promise<Evaluation[]> {
  for (const split of splits)
    if (split.inputDim !== net.layout.inputDim || split.classes !== net.layout.classes) {
      throw new Error(
        `split is ${split.inputDim} -> ${split.classes}, network is ${net.layout.inputDim} -> ${net.layout.classes}`,
      );
    }
  const { inputDim, classes } = net.layout;
  const total = splits.reduce((n, s) => n + s.count, 0);
  const x = new Float32Array(total * inputDim);
  const y = new Int32Array(total);
  let at = 0;
  for (const split of splits) {
    x.set(split.x.subarray(0, split.count * inputDim), at * inputDim);
    y.set(split.y.subarray(0, split.count), at);
    at += split.count;
  }
  // Per row: its loss and whether it is classified right.
  const perRow = tf.tidy(() => {
    const params = unflatten(net.params, net.layout);
    const mode = inferenceMode(net);
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < total; start += EVAL_CHUNK_ROWS) {
      const rows = Math.min(EVAL_CHUNK_ROWS, total - start);
      const xs = tf.tensor2d(x.subarray(start * inputDim, (start + rows) * inputDim), [
        rows,
        inputDim,
      ]);
      const ys = tf.tensor1d(y.subarray(start, start + rows), "int32");
      const { logits } = forward(config, params, xs, mode);
      const loss = tf.oneHot(ys, classes).mul(tf.logSoftmax(logits)).sum(1).neg();
      // A row whose outputs are not all finite classifies nothing (argMax would say class 0).
      const right = logits.argMax(1).equal(ys).logicalAnd(logits.isFinite().all(1));
      parts.push(tf.stack([loss, right.cast("float32")], 1));
    }
    return tf.concat(parts);
  });
  const values = await perRow.data();
  perRow.dispose();
  let row = 0;
  return splits.map((split) => {
    let lossSum = 0;
    let correct = 0;
    for (let i = 0; i < split.count; i++, row++) {
      lossSum += values[2 * row]!;
      correct += values[2 * row + 1]!;
    }
    return { accuracy: correct / split.count, loss: lossSum / split.count, count: split.count };
  });
}

/** Evaluates plain weights on several splits in one pass, keeping no tensor afterwards. */
export async function evaluateWeightsOn(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  weights: NetworkWeights,
  splits: readonly Split[],
): Promise<Evaluation[]> {
  const net = createNetwork(weights);
  try {
    return await evaluateNetworkOn(config, net, splits);
  } finally {
    disposeNetwork(net);
  }
}

/** Evaluates plain weights (a submitted run) without keeping any tensor afterwards. */
export async function evaluateWeights(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  weights: NetworkWeights,
  split: Split,
): Promise<Evaluation> {
  return (await evaluateWeightsOn(config, weights, [split]))[0]!;
}

/** The predicted class of each row (argmax of the logits, batch norm in inference mode). */
export async function predictClasses(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  net: Network,
  x: Float32Array,
  rows: number,
): Promise<Int32Array> {
  const inputDim = net.layout.inputDim;
  if (x.length !== rows * inputDim) throw new Error(`expected ${rows} x ${inputDim} inputs`);
  const classes = tf.tidy(() => {
    const params = unflatten(net.params, net.layout);
    const input = tf.tensor2d(x, [rows, inputDim]);
    return forward(config, params, input, inferenceMode(net)).logits.argMax(1);
  });
  const values = (await classes.data()) as Int32Array;
  classes.dispose();
  return values;
}

/**
 * The weights with their batch-norm statistics recomputed over `train` (precise BN, see
 * populationStatistics): what the verifier scores, whatever moving averages were submitted.
 */
export async function withPopulationStatistics(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  weights: NetworkWeights,
  train: Split,
): Promise<NetworkWeights> {
  if (config.batchNorm === "off" || !weights.movingMean) return weights;
  const stats = tf.tidy(() => {
    const params = unflatten(tf.tensor1d(weights.params), weights.layout);
    const x = tf.tensor2d(train.x, [train.count, train.inputDim]);
    const { mean, variance } = populationStatistics(config, params, x);
    return tf.concat([mean.reshape([-1]), variance.reshape([-1])]);
  });
  const values = (await stats.data()) as Float32Array;
  stats.dispose();
  const n = values.length / 2;
  return { ...weights, movingMean: values.slice(0, n), movingVariance: values.slice(n) };
}
