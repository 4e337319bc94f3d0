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
  /** Pre-activation z_l, the input of the nonlinearity. */
  z: tf.Tensor2D;
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

/** dL/dz = dL/dg * g'(z), with g' written from z or from the output a = g(z). */
function activationBackward(
  kind: Activation,
  z: tf.Tensor2D,
  a: tf.Tensor2D,
  da: tf.Tensor2D,
): tf.Tensor2D {
  switch (kind) {
    case "sigmoid":
      return da.mul(a.mul(tf.sub(1, a)));
    case "tanh":
      return da.mul(tf.sub(1, a.square()));
    case "relu":
      return da.mul(tf.step(z));
    case "leaky-relu":
      return da.mul(tf.step(z, LEAKY_RELU_ALPHA));
    case "elu":
      return da.mul(tf.where(z.greater(0), tf.onesLike(z), a.add(1)));
    case "selu":
      return da.mul(
        tf.where(z.greater(0), tf.fill(z.shape, SELU_SCALE), a.add(SELU_SCALE * SELU_ALPHA)),
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

export function forward(
  config: PassConfig,
  params: NetworkParams,
  x: tf.Tensor2D,
  mode: BatchNormMode,
): ForwardResult {
  const caches: LayerCache[] = [];
  let h = x;
  params.hidden.forEach((p, l) => {
    const input = h;
    let z: tf.Tensor2D = tf.matMul(input, p.kernel);
    let bn: BatchNormCache | null = null;
    if (config.batchNorm === "before") {
      const out = batchNormForward(z, p.gamma!, p.beta!, config.bnEpsilon, movingStats(mode, l));
      z = out.y;
      bn = out.cache;
    } else {
      z = z.add(p.bias!) as tf.Tensor2D;
    }
    const act = activate(config.activation, z);
    h = act;
    if (config.batchNorm === "after") {
      const out = batchNormForward(act, p.gamma!, p.beta!, config.bnEpsilon, movingStats(mode, l));
      h = out.y;
      bn = out.cache;
    }
    caches.push({ input, z, act, bn });
  });
  const logits = tf.matMul(h, params.outKernel).add(params.outBias) as tf.Tensor2D;
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
  /** Gradient of the flat trainable vector, in layout order. */
  flatGrad: tf.Tensor1D;
  /** dL/dz_l for each hidden layer (layer 1 first). */
  dz: tf.Tensor2D[];
  /** dL/dW_l for each hidden layer (layer 1 first). */
  kernelGrads: tf.Tensor2D[];
}

export function backward(
  config: PassConfig,
  layout: NetworkLayout,
  params: NetworkParams,
  fwd: ForwardResult,
  dlogits: tf.Tensor2D,
): BackwardResult {
  const grads = new Map<string, tf.Tensor>();
  grads.set("out.kernel", tf.matMul(fwd.top, dlogits, true, false));
  grads.set("out.bias", dlogits.sum(0));
  let dh: tf.Tensor2D = tf.matMul(dlogits, params.outKernel, false, true);
  const dz: tf.Tensor2D[] = new Array<tf.Tensor2D>(layout.depth);
  const kernelGrads: tf.Tensor2D[] = new Array<tf.Tensor2D>(layout.depth);
  for (let l = layout.depth - 1; l >= 0; l--) {
    const p = params.hidden[l]!;
    const cache = fwd.caches[l]!;
    const name = `h${l + 1}`;
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
    const dW: tf.Tensor2D = tf.matMul(cache.input, da, true, false);
    kernelGrads[l] = dW;
    grads.set(`${name}.kernel`, dW);
    if (l > 0) dh = tf.matMul(da, p.kernel, false, true);
  }
  const flatGrad = tf.concat(
    layout.entries.map((e) => grads.get(e.name)!.reshape([-1])),
  ) as tf.Tensor1D;
  return { flatGrad, dz, kernelGrads };
}
