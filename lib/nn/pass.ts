/**
 * The explicit forward and backward pass of a deep MLP with optional batch normalization.
 *
 * Autodiff (`tf.variableGrads`) gives weight gradients but hides the back-propagated gradient at each
 * pre-activation, which is the quantity a gradient-flow lesson is about. Writing the backward pass
 * out gives it directly, with fewer ops than the tape. Checked against tfjs autodiff and finite
 * differences in tests/unit/nn/pass.test.ts.
 *
 * Notation (science.md): layer l computes a_l = h_{l-1} W_l (+ b_l without BN-before), the
 * pre-activation z_l (= BN(a_l) with BN before, else a_l), the activation g(z_l), and the layer's
 * output h_l (= BN(g(z_l)) with BN after, else g(z_l)). All functions must run inside `tf.tidy`.
 */
import * as tf from "./tf";
import type { Activation, NetworkConfig } from "./config";
import type { NetworkLayout } from "./layout";

export const LEAKY_RELU_ALPHA = 0.01;
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export type PassConfig = Pick<NetworkConfig, "activation" | "batchNorm" | "bnEpsilon">;

/** Batch statistics (training mode) or moving statistics (inference). */
export type BatchNormMode =
  { kind: "batch" } | { kind: "moving"; mean: tf.Tensor2D; variance: tf.Tensor2D };

export interface LayerParams {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D | null;
  gamma: tf.Tensor1D | null;
  beta: tf.Tensor1D | null;
}

export interface NetworkParams {
  hidden: LayerParams[];
  outKernel: tf.Tensor2D;
  outBias: tf.Tensor1D;
}

interface BatchNormCache {
  xhat: tf.Tensor2D;
  invStd: tf.Tensor1D;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

export interface LayerCache {
  input: tf.Tensor2D;
  /**
   * Pre-activation z_l, the input of the nonlinearity; null when the pass was asked not to keep it
   * and the backward pass can do without (see ForwardOptions).
   */
  z: tf.Tensor2D | null;
  /** Nonlinearity output g(z_l). */
  act: tf.Tensor2D;
  bn: BatchNormCache | null;
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  caches: LayerCache[];
  /** Input of the output layer. */
  top: tf.Tensor2D;
}

/** The hidden layers' kernels of a flat vector laid out like the parameters (e.g. an update). */
export function hiddenKernels(flat: tf.Tensor1D, layout: NetworkLayout): tf.Tensor2D[] {
  return unflatten(flat, layout).hidden.map((p) => p.kernel);
}

/** Views the flat trainable vector as per-layer tensors (in layout order). */
export function unflatten(flat: tf.Tensor1D, layout: NetworkLayout): NetworkParams {
  const pieces = tf.split(
    flat,
    layout.entries.map((e) => e.size),
  );
  const hidden: LayerParams[] = Array.from({ length: layout.depth }, () => ({
    kernel: null as unknown as tf.Tensor2D,
    bias: null,
    gamma: null,
    beta: null,
  }));
  let outKernel: tf.Tensor2D | null = null;
  let outBias: tf.Tensor1D | null = null;
  layout.entries.forEach((entry, i) => {
    const t = pieces[i]!.reshape(entry.shape);
    if (entry.layer > layout.depth) {
      if (entry.kind === "kernel") outKernel = t as tf.Tensor2D;
      else outBias = t as tf.Tensor1D;
    } else {
      const layer = hidden[entry.layer - 1]!;
      if (entry.kind === "kernel") layer.kernel = t as tf.Tensor2D;
      else layer[entry.kind] = t as tf.Tensor1D;
    }
  });
  if (outKernel === null || outBias === null) throw new Error("layout has no output layer");
  return { hidden, outKernel, outBias };
}

function activate(kind: Activation, z: tf.Tensor2D): tf.Tensor2D {
  switch (kind) {
    case "sigmoid":
      return tf.sigmoid(z);
    case "tanh":
      return tf.tanh(z);
    case "relu":
      return tf.relu(z);
    case "leaky-relu":
      return tf.leakyRelu(z, LEAKY_RELU_ALPHA);
    case "elu":
      return tf.elu(z);
    case "selu":
      return tf.selu(z);
    case "linear":
      return z;
  }
}

/** Activations whose derivative is a function of their output (a > 0 exactly where z > 0). */
const DERIVATIVE_FROM_OUTPUT: ReadonlySet<Activation> = new Set([
  "relu",
  "leaky-relu",
  "elu",
  "selu",
  "linear",
]);

/** The activations tfjs fuses into a matrix product, by their tfjs names. */
const FUSED_ACTIVATION: Partial<Record<Activation, tf.fused.Activation>> = {
  relu: "relu",
  "leaky-relu": "leakyrelu",
  elu: "elu",
  linear: "linear",
};

/**
 * Whether fused products (matMul + bias + activation in one kernel) pay on the current backend:
 * on WebGL and WebGPU one program instead of three; tfjs's WASM build fuses without XNNPACK and
 * is slower than the three kernels (bench in lib/nn/wasm-kernels.ts's commit).
 */
function fusesProducts(): boolean {
  const backend = tf.getBackend();
  return backend === "webgl" || backend === "webgpu";
}

/**
 * a b, either side transposed. tfjs's WASM backend runs a product through XNNPACK only when
 * neither side is transposed (otherwise a naive loop, 7x slower at 64 x 64): there the operand
 * is transposed first, an extra copy that costs far less.
 */
function product(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  transposeA = false,
  transposeB = false,
): tf.Tensor2D {
  if ((transposeA || transposeB) && tf.getBackend() === "wasm")
    return tf.matMul(transposeA ? a.transpose() : a, transposeB ? b.transpose() : b);
  return tf.matMul(a, b, transposeA, transposeB);
}

/**
 * dL/dz = dL/dg * g'(z). g' is written from the output a = g(z) where it can be (ReLU's family:
 * a > 0 exactly where z > 0), from z for the saturating ones.
 */
function activationBackward(
  kind: Activation,
  z: tf.Tensor2D | null,
  a: tf.Tensor2D,
  da: tf.Tensor2D,
): tf.Tensor2D {
  const needZ = () => {
    if (!z) throw new Error(`the ${kind} backward pass needs the pre-activations`);
    return z;
  };
  switch (kind) {
    // The saturating derivatives from |z|, not from the output: a(1 - a) and 1 - a^2 cancel to 0
    // in float32 long before the true derivative is that small.
    case "sigmoid": {
      const e = needZ().abs().neg().exp();
      return da.mul(e.div(e.add(1).square()));
    }
    case "tanh": {
      const e = needZ().abs().mul(-2).exp();
      return da.mul(e.mul(4).div(e.add(1).square()));
    }
    case "relu":
      return da.mul(tf.step(a));
    case "leaky-relu":
      return da.mul(tf.step(a, LEAKY_RELU_ALPHA));
    case "elu":
      // 1 where a > 0, a + 1 = e^z elsewhere.
      return da.mul(a.minimum(0).add(1));
    case "selu":
      return da.mul(
        tf.where(a.greater(0), tf.fill(a.shape, SELU_SCALE), a.add(SELU_SCALE * SELU_ALPHA)),
      );
    case "linear":
      return da;
  }
}

function batchNormForward(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null,
): { y: tf.Tensor2D; cache: BatchNormCache } {
  // Ioffe & Szegedy Alg. 1: batch mean and biased batch variance in training.
  const { mean, variance } =
    stats ?? (tf.moments(x, 0) as { mean: tf.Tensor1D; variance: tf.Tensor1D });
  const invStd = tf.rsqrt(variance.add(epsilon)) as tf.Tensor1D;
  const xhat = x.sub(mean).mul(invStd) as tf.Tensor2D;
  return { y: xhat.mul(gamma).add(beta) as tf.Tensor2D, cache: { xhat, invStd, mean, variance } };
}

/**
 * Gradient through batch normalization with batch statistics. With dgamma = sum(dy * xhat) and
 * dbeta = sum(dy), the usual three-term formula reduces to
 * dx = gamma * invStd * (dy - dbeta / B - xhat * dgamma / B).
 */
function batchNormBackward(
  dy: tf.Tensor2D,
  cache: BatchNormCache,
  gamma: tf.Tensor1D,
): { dx: tf.Tensor2D; dgamma: tf.Tensor1D; dbeta: tf.Tensor1D } {
  const batch = dy.shape[0];
  const dgamma = dy.mul(cache.xhat).sum(0) as tf.Tensor1D;
  const dbeta = dy.sum(0) as tf.Tensor1D;
  const centred = dy.sub(dbeta.div(batch)).sub(cache.xhat.mul(dgamma.div(batch)));
  return { dx: centred.mul(gamma.mul(cache.invStd)), dgamma, dbeta };
}

function movingStats(mode: BatchNormMode, layer: number) {
  if (mode.kind === "batch") return null;
  return {
    mean: mode.mean.slice([layer, 0], [1, -1]).reshape([-1]) as tf.Tensor1D,
    variance: mode.variance.slice([layer, 0], [1, -1]).reshape([-1]) as tf.Tensor1D,
  };
}

export interface ForwardOptions {
  /**
   * Keep each layer's pre-activation z (telemetry reads it). Without it, a layer whose backward
   * pass needs only the activation's output (ReLU's family) may be one fused product.
   * Default true.
   */
  preActivations?: boolean;
  /** Fused products (matMul + bias + activation in one kernel); default: where that pays. */
  fuse?: boolean;
}

export function forward(
  config: PassConfig,
  params: NetworkParams,
  x: tf.Tensor2D,
  mode: BatchNormMode,
  options: ForwardOptions = {},
): ForwardResult {
  const caches: LayerCache[] = [];
  const fused = options.fuse ?? fusesProducts();
  const fusedActivation =
    options.preActivations === false && DERIVATIVE_FROM_OUTPUT.has(config.activation)
      ? FUSED_ACTIVATION[config.activation]
      : undefined;
  let h = x;
  params.hidden.forEach((p, l) => {
    const input = h;
    let z: tf.Tensor2D | null;
    let act: tf.Tensor2D;
    let bn: BatchNormCache | null = null;
    if (config.batchNorm === "before") {
      const out = batchNormForward(
        tf.matMul(input, p.kernel) as tf.Tensor2D,
        p.gamma!,
        p.beta!,
        config.bnEpsilon,
        movingStats(mode, l),
      );
      z = out.y;
      bn = out.cache;
      act = activate(config.activation, z);
    } else if (fused && fusedActivation) {
      z = null;
      act = tf.fused.matMul({
        a: input,
        b: p.kernel,
        bias: p.bias!,
        activation: fusedActivation,
        leakyreluAlpha: LEAKY_RELU_ALPHA,
      }) as tf.Tensor2D;
    } else {
      const dense = (
        fused
          ? tf.fused.matMul({ a: input, b: p.kernel, bias: p.bias! })
          : tf.matMul(input, p.kernel).add(p.bias!)
      ) as tf.Tensor2D;
      z = dense;
      act = activate(config.activation, dense);
    }
    h = act;
    if (config.batchNorm === "after") {
      const out = batchNormForward(act, p.gamma!, p.beta!, config.bnEpsilon, movingStats(mode, l));
      h = out.y;
      bn = out.cache;
    }
    caches.push({ input, z, act, bn });
  });
  const logits = (
    fused
      ? tf.fused.matMul({ a: h, b: params.outKernel, bias: params.outBias })
      : tf.matMul(h, params.outKernel).add(params.outBias)
  ) as tf.Tensor2D;
  return { logits, caches, top: h };
}

/** Mean softmax cross-entropy and its gradient with respect to the logits. */
export function softmaxCrossEntropy(
  logits: tf.Tensor2D,
  oneHot: tf.Tensor2D,
): { loss: tf.Scalar; dlogits: tf.Tensor2D } {
  const batch = logits.shape[0];
  const logp = tf.logSoftmax(logits);
  const loss = oneHot.mul(logp).sum().div(-batch) as tf.Scalar;
  const dlogits = tf.exp(logp).sub(oneHot).div(batch) as tf.Tensor2D;
  return { loss, dlogits };
}

export interface BackwardResult {
  /**
   * Gradient of the flat trainable vector, in layout order (not of a scaled pass), assembled when
   * asked for: a probe never needs it. Call it inside the same tidy as the pass.
   */
  flatGrad: () => tf.Tensor1D;
  /** dL/dz_l for each hidden layer (layer 1 first). */
  dz: tf.Tensor2D[];
  /** dL/dW_l for each hidden layer (layer 1 first). */
  kernelGrads: tf.Tensor2D[];
  /**
   * Natural log of the factor each hidden layer's dz and kernel gradient are divided by: 0 unless
   * the pass was scaled, where the true value is the tensor times exp(logScale[l]).
   */
  logScales: tf.Tensor1D;
}

export interface BackwardOptions {
  /**
   * Rescale the back-propagated gradient to max |dh| = 1 at every layer (the pass is linear in it),
   * keeping the factors apart: gradients far below float32's range (1e-38) still read exactly.
   * For probes and telemetry; the scaled flatGrad is not an update.
   */
  scaled?: boolean;
}

/**
 * The smallest factor a scaled pass divides by: a normal float32 far above its denormals (1.2e-38),
 * so a layer whose |dh| is all below it is still scaled up to at most 1 without losing digits.
 */
const MIN_SCALE = 1e-30;

export function backward(
  config: PassConfig,
  layout: NetworkLayout,
  params: NetworkParams,
  fwd: ForwardResult,
  dlogits: tf.Tensor2D,
  options: BackwardOptions = {},
): BackwardResult {
  const grads = new Map<string, tf.Tensor>();
  const logScales: tf.Scalar[] = [];
  let logScale: tf.Scalar = tf.scalar(0);
  grads.set("out.kernel", product(fwd.top, dlogits, true, false));
  grads.set("out.bias", dlogits.sum(0));
  let dh: tf.Tensor2D = product(dlogits, params.outKernel, false, true);
  const dz: tf.Tensor2D[] = new Array<tf.Tensor2D>(layout.depth);
  const kernelGrads: tf.Tensor2D[] = new Array<tf.Tensor2D>(layout.depth);
  for (let l = layout.depth - 1; l >= 0; l--) {
    const p = params.hidden[l]!;
    const cache = fwd.caches[l]!;
    const name = `h${l + 1}`;
    if (options.scaled) {
      // Divide by max |dh| (floored where dh is all 0, or too small to divide by safely).
      const safe = dh.abs().max().maximum(MIN_SCALE) as tf.Scalar;
      dh = dh.div(safe);
      logScale = logScale.add(safe.log());
    }
    logScales[l] = logScale;
    let dact: tf.Tensor2D = dh;
    if (config.batchNorm === "after") {
      const g = batchNormBackward(dh, cache.bn!, p.gamma!);
      dact = g.dx;
      grads.set(`${name}.gamma`, g.dgamma);
      grads.set(`${name}.beta`, g.dbeta);
    }
    const dzl = activationBackward(config.activation, cache.z, cache.act, dact);
    dz[l] = dzl;
    let da = dzl;
    if (config.batchNorm === "before") {
      const g = batchNormBackward(dzl, cache.bn!, p.gamma!);
      da = g.dx;
      grads.set(`${name}.gamma`, g.dgamma);
      grads.set(`${name}.beta`, g.dbeta);
    } else {
      grads.set(`${name}.bias`, da.sum(0));
    }
    const dW: tf.Tensor2D = product(cache.input, da, true, false);
    kernelGrads[l] = dW;
    grads.set(`${name}.kernel`, dW);
    if (l > 0) dh = product(da, p.kernel, false, true);
  }
  const flatGrad = () =>
    tf.concat(layout.entries.map((e) => grads.get(e.name)!.reshape([-1]))) as tf.Tensor1D;
  return { flatGrad, dz, kernelGrads, logScales: tf.stack(logScales) as tf.Tensor1D };
}

/**
 * Precise batch normalization (Wu & Johnson 2021, "Rethinking 'Batch' in BatchNorm"): each BN
 * layer's population mean and variance over all of `x` (the training split) at the final weights,
 * layer by layer, each layer normalized with the population statistics of the layers below it. The
 * moving averages a trainer keeps lag the weights (with Adam at lr 0.01 a 20-layer sigmoid network
 * reads 66% with them while its mini-batches read 90%); inference with these statistics is exactly
 * full-split normalization. The variance is the population's (biased) one. Rows are processed in
 * chunks of `chunkRows`, one layer's activations of the split on the device at a time.
 */
export function populationStatistics(
  config: PassConfig,
  params: NetworkParams,
  x: tf.Tensor2D,
  chunkRows = 2048,
): { mean: tf.Tensor2D; variance: tf.Tensor2D } {
  const rows = x.shape[0];
  let chunks: tf.Tensor2D[] = [];
  for (let start = 0; start < rows; start += chunkRows)
    chunks.push(x.slice([start, 0], [Math.min(chunkRows, rows - start), -1]));
  const means: tf.Tensor1D[] = [];
  const variances: tf.Tensor1D[] = [];
  params.hidden.forEach((p, l) => {
    const [mean, variance, ...next] = tf.tidy(() => {
      // What the layer's BN normalizes: the dense output (before) or the activation (after).
      const pre = chunks.map((h) =>
        config.batchNorm === "before"
          ? tf.matMul(h, p.kernel)
          : activate(config.activation, tf.matMul(h, p.kernel).add(p.bias!) as tf.Tensor2D),
      );
      const mean = tf.addN(pre.map((a) => a.sum(0))).div(rows) as tf.Tensor1D;
      const variance = tf
        .addN(pre.map((a) => a.sub(mean).square().sum(0)))
        .div(rows) as tf.Tensor1D;
      const stats = { mean, variance };
      const out = pre.map((a) => {
        const y = batchNormForward(a as tf.Tensor2D, p.gamma!, p.beta!, config.bnEpsilon, stats).y;
        return config.batchNorm === "before" ? activate(config.activation, y) : y;
      });
      return [mean, variance, ...out];
    }) as [tf.Tensor1D, tf.Tensor1D, ...tf.Tensor2D[]];
    // The input's own chunks are slices of x, freed here like the layers' activations.
    tf.dispose(chunks);
    chunks = next;
    means[l] = mean;
    variances[l] = variance;
  });
  tf.dispose(chunks);
  const out = {
    mean: tf.stack(means) as tf.Tensor2D,
    variance: tf.stack(variances) as tf.Tensor2D,
  };
  tf.dispose([...means, ...variances]);
  return out;
}
