/**
 * The gradient-flow probe at initialization (science.md): one forward and backward pass on a fixed
 * probe batch, no update. Every dense layer (the output too) uses the chosen initializer, biases 0,
 * BN gamma 1, beta 0 with batch statistics; the loss is softmax cross-entropy averaged over the batch.
 */
import * as tf from "./tf";
import type { NetworkConfig } from "./config";
import type { Split } from "./datasets/types";
import { initialParameters, networkLayout } from "./layout";
import { backward, forward, softmaxCrossEntropy, unflatten } from "./pass";
import { createRng } from "./random";
import { PROBE_BATCH } from "./summary";
import { decodeLayerStats, layerStatsTensor, type LayerStats } from "./telemetry";

export { PROBE_BATCH };

export type ProbeConfig = Pick<
  NetworkConfig,
  "depth" | "width" | "activation" | "init" | "sigma" | "batchNorm" | "bnEpsilon" | "seed"
>;

export interface ProbeResult {
  seed: number;
  loss: number;
  layers: LayerStats[];
}

/** Inputs N(0, 1) of shape batch x inputDim and labels uniform over the classes, drawn from the seed. */
export function gaussianProbeBatch(
  seed: number,
  batch: number,
  inputDim: number,
  classes: number,
): Split {
  const rng = createRng(seed, "probe");
  const x = new Float32Array(batch * inputDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Int32Array(batch);
  for (let i = 0; i < batch; i++) y[i] = rng.int(classes);
  return { x, y, count: batch, inputDim, classes };
}

/** `batch` rows of a split drawn without replacement from the seed. */
export function sampleProbeBatch(split: Split, seed: number, batch: number): Split {
  if (batch > split.count)
    throw new Error(`probe batch ${batch} is larger than the split (${split.count})`);
  const rng = createRng(seed, "probe");
  const chosen = new Set<number>();
  while (chosen.size < batch) chosen.add(rng.int(split.count));
  const rows = [...chosen];
  const x = new Float32Array(batch * split.inputDim);
  const y = new Int32Array(batch);
  rows.forEach((r, i) => {
    x.set(split.x.subarray(r * split.inputDim, (r + 1) * split.inputDim), i * split.inputDim);
    y[i] = split.y[r]!;
  });
  return { x, y, count: batch, inputDim: split.inputDim, classes: split.classes };
}

/**
 * The batch a run's flow at initialization is measured on: PROBE_BATCH rows of its training split
 * drawn from its seed. The server's verdict and the lab's reading at initialization both use it, so
 * they read the same network on the same points.
 */
export const initialProbeBatch = (train: Split, seed: number): Split =>
  sampleProbeBatch(train, seed, Math.min(PROBE_BATCH, train.count));

/**
 * One forward and backward pass on `batch`, no update: at initialization (the weights drawn from
 * the seed), or with `weights` given (the flat parameters), at those weights (a trained network's flow after training).
 */
export async function probeGradientFlow(
  config: ProbeConfig,
  batch: Split,
  weights?: Float32Array,
): Promise<ProbeResult> {
  const layout = networkLayout(config, batch);
  if (weights && weights.length !== layout.size)
    throw new Error(`weights hold ${weights.length} values, the network ${layout.size}`);
  const packed = tf.tidy(() => {
    const flat = tf.tensor1d(weights ?? initialParameters(config, layout));
    const params = unflatten(flat, layout);
    const x = tf.tensor2d(batch.x, [batch.count, batch.inputDim]);
    const oneHot = tf
      .oneHot(tf.tensor1d(batch.y, "int32"), batch.classes)
      .cast("float32") as tf.Tensor2D;
    const fwd = forward(config, params, x, { kind: "batch" });
    const { loss, dlogits } = softmaxCrossEntropy(fwd.logits, oneHot);
    // Scaled: a sigmoid network's lowest layers get gradients far below float32's range.
    const bwd = backward(config, layout, params, fwd, dlogits, { scaled: true });
    const stats = layerStatsTensor(config.activation, fwd, bwd, null);
    return tf.concat([loss.reshape([1]), bwd.logScales, stats.reshape([-1])]);
  });
  const values = await packed.data();
  packed.dispose();
  const depth = config.depth;
  const layers = decodeLayerStats(values, depth, 1 + depth).map((l, i) => {
    // Back to true scale in float64, where 1e-80 is still a number.
    const factor = Math.exp(values[1 + i]!);
    return {
      ...l,
      weightGradNorm: l.weightGradNorm * factor,
      activationGradNorm: l.activationGradNorm * factor,
    };
  });
  return { seed: config.seed, loss: values[0]!, layers };
}
