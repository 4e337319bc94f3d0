/**
 * Gradient-flow telemetry (design.md, "Measuring gradient flow"): per hidden layer, reduced on the
 * device into one [depth, STAT_COLUMNS.length] tensor, so a frame costs one read-back.
 */
import * as tf from "./tf";
import type { Activation } from "./config";
import type { BackwardResult, ForwardResult } from "./pass";

/** Per-layer statistics, layer 1 nearest the input. */
export interface LayerStats {
  layer: number;
  /** ||dL/dW_l||, Frobenius norm of the weight gradient. */
  weightGradNorm: number;
  /** ||dL/dz_l||, the back-propagated gradient at the pre-activation, over the whole batch. */
  activationGradNorm: number;
  /** Mean and standard deviation of the nonlinearity's output g(z_l) over batch and units. */
  activationMean: number;
  activationStd: number;
  /** Mean and standard deviation of the pre-activation z_l (what Ioffe & Szegedy's Fig. 1 plots). */
  preActivationMean: number;
  preActivationStd: number;
  /** sigmoid/tanh: fraction of outputs in the flat tails (|g - centre| > 0.98 of the half-range). */
  saturated: number;
  /** ReLU family: fraction of units whose pre-activation is <= 0 for every example of the batch. */
  dead: number;
  /** ||delta W_l|| / ||W_l|| for the step's update (0 in a probe, which makes no update). */
  updateRatio: number;
}

export const STAT_COLUMNS = [
  "weightGradNorm",
  "activationGradNorm",
  "activationMean",
  "activationStd",
  "preActivationMean",
  "preActivationStd",
  "saturated",
  "dead",
  "updateRatio",
] as const satisfies readonly (keyof LayerStats)[];

/** Output values closer to the activation's bounds than this share of its half-range are saturated. */
export const SATURATION_THRESHOLD = 0.98;

const DEAD_FAMILY: ReadonlySet<Activation> = new Set(["relu", "leaky-relu", "elu", "selu"]);

function perLayerMoments(stack: tf.Tensor3D): { mean: tf.Tensor1D; std: tf.Tensor1D } {
  const { mean, variance } = tf.moments(stack, [1, 2]);
  return { mean: mean as tf.Tensor1D, std: tf.sqrt(variance) as tf.Tensor1D };
}

function saturatedFraction(activation: Activation, act: tf.Tensor3D): tf.Tensor1D {
  const depth = act.shape[0];
  if (activation === "sigmoid") {
    // Sigmoid's range is (0, 1): centre 0.5, half-range 0.5.
    return act
      .sub(0.5)
      .abs()
      .greater(0.5 * SATURATION_THRESHOLD)
      .cast("float32")
      .mean([1, 2]);
  }
  if (activation === "tanh")
    return act.abs().greater(SATURATION_THRESHOLD).cast("float32").mean([1, 2]);
  return tf.zeros([depth]);
}

function deadFraction(activation: Activation, z: tf.Tensor3D): tf.Tensor1D {
  if (!DEAD_FAMILY.has(activation)) return tf.zeros([z.shape[0]]);
  return z.max(1).lessEqual(0).cast("float32").mean(1);
}

/** Frobenius norm of each tensor, as one [n] tensor. */
function norms(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.stack(tensors.map((t) => t.square().sum())).sqrt() as tf.Tensor1D;
}

/** The hidden kernels' change in one step and their values before it. */
export interface KernelUpdate {
  delta: tf.Tensor2D[];
  before: tf.Tensor2D[];
}

/**
 * Builds the [depth, STAT_COLUMNS.length] telemetry tensor of one step; `update` is null in a probe.
 * Ops here scale with depth, so trainers call it every few steps, not every step.
 */
export function layerStatsTensor(
  activation: Activation,
  fwd: ForwardResult,
  bwd: BackwardResult,
  update: KernelUpdate | null,
): tf.Tensor2D {
  const depth = fwd.caches.length;
  const z = tf.stack(fwd.caches.map((c) => c.z)) as tf.Tensor3D;
  const act = tf.stack(fwd.caches.map((c) => c.act)) as tf.Tensor3D;
  const dz = tf.stack(bwd.dz) as tf.Tensor3D;
  const actMoments = perLayerMoments(act);
  const zMoments = perLayerMoments(z);
  const columns: Record<(typeof STAT_COLUMNS)[number], tf.Tensor1D> = {
    weightGradNorm: norms(bwd.kernelGrads),
    activationGradNorm: dz.square().sum([1, 2]).sqrt() as tf.Tensor1D,
    activationMean: actMoments.mean,
    activationStd: actMoments.std,
    preActivationMean: zMoments.mean,
    preActivationStd: zMoments.std,
    saturated: saturatedFraction(activation, act),
    dead: deadFraction(activation, z),
    updateRatio: update ? norms(update.delta).div(norms(update.before)) : tf.zeros([depth]),
  };
  return tf.stack(
    STAT_COLUMNS.map((c) => columns[c]),
    1,
  ) as tf.Tensor2D;
}

/** Reads the rows of a read-back telemetry tensor into plain objects. */
export function decodeLayerStats(
  values: ArrayLike<number>,
  depth: number,
  offset = 0,
): LayerStats[] {
  const width = STAT_COLUMNS.length;
  return Array.from({ length: depth }, (_, l) => {
    const row = { layer: l + 1 } as LayerStats;
    STAT_COLUMNS.forEach((c, j) => {
      row[c] = values[offset + l * width + j]!;
    });
    return row;
  });
}
