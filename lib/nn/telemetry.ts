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
  /**
   * sigmoid/tanh: fraction of outputs in the flat tails (|g - centre| > 0.98 of the half-range);
   * ELU: fraction of units whose derivative is under 2% of its maximum, 1 (z below ln 0.02, about
   * -3.9); SELU: under 2% of its slope on the positive side, lambda (lambda alpha e^z < 0.02 lambda,
   * z below ln(0.02 / alpha), about -4.4); 0 for the others.
   */
  saturated: number;
  /** ReLU only: fraction of units whose pre-activation is <= 0 for every example of the batch. */
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

/**
 * Below these pre-activations the units pass almost no gradient, like a sigmoid near its bounds:
 * ELU's derivative e^z is under 2% of its maximum (1); SELU's, lambda alpha e^z, is under 2% of its
 * slope for positive inputs (lambda), so alpha e^z < 0.02. (Leaky ReLU never saturates: its
 * negative slope is a fixed 0.01.)
 */
const ELU_SATURATED_Z = Math.log(0.02);
const SELU_SATURATED_Z = Math.log(0.02 / 1.6732632423543772);

/**
 * The largest |x| over `axes` (kept as size-1 dims), and the same with 0 replaced by 1: what every
 * statistic below divides by first, so squares neither underflow (|x| < 1e-19 squares to 0 in
 * float32) nor overflow (|x| > 1.8e19 squares to Infinity). Each finite value reads finite.
 */
function scale(t: tf.Tensor, axes: number[]): { scale: tf.Tensor; safe: tf.Tensor } {
  const m = t.abs().max(axes, true);
  return { scale: m, safe: tf.where(m.greater(0), m, tf.onesLike(m)) };
}

/** Per layer of a [depth, batch, units] stack: mean and (biased) std, computed on the scaled values. */
function perLayerMoments(stack: tf.Tensor3D): { mean: tf.Tensor1D; std: tf.Tensor1D } {
  const { safe } = scale(stack, [1, 2]);
  const { mean, variance } = tf.moments(stack.div(safe), [1, 2]);
  const s = safe.reshape([-1]);
  return { mean: mean.mul(s) as tf.Tensor1D, std: tf.sqrt(variance).mul(s) as tf.Tensor1D };
}

/** ||t|| over `axes` as max|t| * ||t / max|t|||. */
function scaledNorm(t: tf.Tensor, axes: number[]): tf.Tensor {
  const { scale: m, safe } = scale(t, axes);
  return t
    .div(safe)
    .square()
    .sum(axes)
    .sqrt()
    .mul(m.reshape([-1]));
}

/**
 * sigmoid/tanh: share of outputs in the flat tails (within 2% of the half-range of a bound);
 * ELU/SELU: share of units in the negative tail where the derivative is under 2% of its maximum.
 */
function saturatedFraction(activation: Activation, act: tf.Tensor3D, z: tf.Tensor3D): tf.Tensor1D {
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
  if (activation === "elu" || activation === "selu")
    return z
      .less(activation === "elu" ? ELU_SATURATED_Z : SELU_SATURATED_Z)
      .cast("float32")
      .mean([1, 2]);
  return tf.zeros([depth]);
}

/**
 * ReLU only: the share of units whose pre-activation is <= 0 for every example of the batch, which
 * therefore get no gradient at all. Leaky ReLU, ELU and SELU units never die that way.
 */
function deadFraction(activation: Activation, z: tf.Tensor3D): tf.Tensor1D {
  if (activation !== "relu") return tf.zeros([z.shape[0]]);
  return z.max(1).lessEqual(0).cast("float32").mean(1);
}

/**
 * Frobenius norm of each tensor, as one [n] tensor (scaled: see `scale`). Consecutive tensors of
 * one size are stacked and reduced together: a deep network's hidden kernels (all but the first
 * are width x width) cost a handful of ops, not a dozen per layer.
 */
function norms(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  const groups: tf.Tensor[][] = [];
  for (const t of tensors) {
    const last = groups.at(-1);
    if (last && last[0]!.size === t.size) last.push(t);
    else groups.push([t]);
  }
  return tf.concat(
    groups.map((g) => scaledNorm(tf.stack(g.map((t) => t.reshape([-1]))), [1])),
  ) as tf.Tensor1D;
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
  const z = tf.stack(
    fwd.caches.map((c) => {
      if (!c.z) throw new Error("telemetry needs a pass that kept its pre-activations");
      return c.z;
    }),
  ) as tf.Tensor3D;
  const act = tf.stack(fwd.caches.map((c) => c.act)) as tf.Tensor3D;
  const dz = tf.stack(bwd.dz) as tf.Tensor3D;
  const actMoments = perLayerMoments(act);
  const zMoments = perLayerMoments(z);
  const columns: Record<(typeof STAT_COLUMNS)[number], tf.Tensor1D> = {
    weightGradNorm: norms(bwd.kernelGrads),
    activationGradNorm: scaledNorm(dz, [1, 2]) as tf.Tensor1D,
    activationMean: actMoments.mean,
    activationStd: actMoments.std,
    preActivationMean: zMoments.mean,
    preActivationStd: zMoments.std,
    saturated: saturatedFraction(activation, act, z),
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
