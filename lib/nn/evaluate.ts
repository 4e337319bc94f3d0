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
export const EVAL_CHUNK_ROWS = 1024;

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
  if (split.inputDim !== net.layout.inputDim || split.classes !== net.layout.classes) {
    throw new Error(
      `split is ${split.inputDim} -> ${split.classes}, network is ${net.layout.inputDim} -> ${net.layout.classes}`,
    );
  }
  const totals = tf.tidy(() => {
    const params = unflatten(net.params, net.layout);
    const mode = inferenceMode(net);
    let lossSum: tf.Tensor = tf.scalar(0);
    let correct: tf.Tensor = tf.scalar(0);
    for (let start = 0; start < split.count; start += EVAL_CHUNK_ROWS) {
      const rows = Math.min(EVAL_CHUNK_ROWS, split.count - start);
      const x = tf.tensor2d(
        split.x.subarray(start * split.inputDim, (start + rows) * split.inputDim),
        [rows, split.inputDim],
      );
      const y = tf.tensor1d(split.y.subarray(start, start + rows), "int32");
      const { logits } = forward(config, params, x, mode);
      const logp = tf.logSoftmax(logits);
      lossSum = lossSum.add(tf.oneHot(y, split.classes).mul(logp).sum().neg());
      // A row whose outputs are not all finite classifies nothing (argMax would say class 0).
      const finite = logits.isFinite().all(1);
      correct = correct.add(logits.argMax(1).equal(y).logicalAnd(finite).cast("float32").sum());
    }
    return tf.stack([lossSum, correct]);
  });
  const [lossSum, correct] = await totals.data();
  totals.dispose();
  return { accuracy: correct! / split.count, loss: lossSum! / split.count, count: split.count };
}

/** Evaluates plain weights (a submitted run) without keeping any tensor afterwards. */
export async function evaluateWeights(
  config: Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">,
  weights: NetworkWeights,
  split: Split,
): Promise<Evaluation> {
  const net = createNetwork(weights);
  try {
    return await evaluateNetwork(config, net, split);
  } finally {
    disposeNetwork(net);
  }
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
