/**
 * The probe's telemetry at the extremes the lessons visit, against an independent float64
 * forward/backward pass in plain JavaScript (same weights, same batch): every layer's ||dL/dW||,
 * ||dL/dz|| and activation std within 1e-3 relative, where float32 squares once read 0 or null.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type Activation, type NetworkConfig } from "../../../lib/nn/config";
import { initialParameters, networkLayout } from "../../../lib/nn/layout";
import { gaussianProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";
import type { Split } from "../../../lib/nn/datasets/types";
import { forward, unflatten } from "../../../lib/nn/pass";
import * as tf from "../../../lib/nn/tf";

const g = {
  sigmoid: (z: number) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
} as const;
const dg = {
  sigmoid: (z: number) => {
    const e = Math.exp(-Math.abs(z));
    return e / (1 + e) ** 2;
  },
  tanh: (z: number) => {
    const e = Math.exp(-2 * Math.abs(z));
    return (4 * e) / (1 + e) ** 2;
  },
} as const;

/**
 * Plain float64 MLP: z = h W + b, h = g(z), softmax cross-entropy averaged over the batch. With
 * `given`, each layer's pre-activations are the engine's own (read back from its forward pass):
 * in the chaotic phase float32 and float64 forward passes part ways after a few layers (the
 * network amplifies the last bit), so only the backward pass can be compared there.
 */
function reference(config: NetworkConfig, batch: Split, given?: number[][][]) {
  const layout = networkLayout(config, batch);
  const flat = Float64Array.from(initialParameters(config, layout));
  const entry = (name: string) => layout.entries.find((e) => e.name === name)!;
  const matrix = (name: string) => {
    const e = entry(name);
    const [rows, cols] = e.shape as [number, number];
    return { rows, cols, at: (i: number, j: number) => flat[e.offset + i * cols + j]! };
  };
  const n = batch.count;
  let h: number[][] = Array.from({ length: n }, (_, r) =>
    Array.from(batch.x.subarray(r * batch.inputDim, (r + 1) * batch.inputDim)),
  );
  const inputs: number[][][] = [];
  const zs: number[][][] = [];
  const acts: number[][][] = [];
  const act = config.activation as "sigmoid" | "tanh";
  const dense = (x: number[][], name: string) => {
    const W = matrix(`${name}.kernel`);
    const b = entry(`${name}.bias`);
    return x.map((row) =>
      Array.from({ length: W.cols }, (_, j) => {
        let s = flat[b.offset + j]!;
        for (let i = 0; i < W.rows; i++) s += row[i]! * W.at(i, j);
        return s;
      }),
    );
  };
  for (let l = 1; l <= config.depth; l++) {
    inputs.push(h);
    const z = given?.[l - 1] ?? dense(h, `h${l}`);
    zs.push(z);
    h = z.map((row) => row.map(g[act]));
    acts.push(h);
  }
  const logits = dense(h, "out");
  // dL/dlogits = (softmax - onehot) / n
  let dh = logits.map((row, r) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v, k) => (v / sum - (k === batch.y[r] ? 1 : 0)) / n);
  });
  const Wout = matrix("out.kernel");
  dh = dh.map((row) =>
    Array.from({ length: Wout.rows }, (_, i) => row.reduce((s, d, k) => s + d * Wout.at(i, k), 0)),
  );
  const layers: { weightGradNorm: number; activationGradNorm: number; activationStd: number }[] =
    [];
  for (let l = config.depth; l >= 1; l--) {
    const z = zs[l - 1]!;
    const dz = dh.map((row, r) => row.map((d, j) => d * dg[act](z[r]![j]!)));
    const x = inputs[l - 1]!;
    let dW2 = 0;
    for (let i = 0; i < x[0]!.length; i++)
      for (let j = 0; j < dz[0]!.length; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += x[r]![i]! * dz[r]![j]!;
        dW2 += s * s;
      }
    const a = acts[l - 1]!.flat();
    const mean = a.reduce((p, v) => p + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((p, v) => p + (v - mean) ** 2, 0) / a.length);
    layers[l - 1] = {
      weightGradNorm: Math.sqrt(dW2),
      activationGradNorm: Math.sqrt(dz.flat().reduce((p, v) => p + v * v, 0)),
      activationStd: std,
    };
    const W = matrix(`h${l}.kernel`);
    dh = dz.map((row) =>
      Array.from({ length: W.rows }, (_, i) => row.reduce((s, d, j) => s + d * W.at(i, j), 0)),
    );
  }
  return layers;
}

/** The engine's float32 pre-activations of every hidden layer, for the same weights and batch. */
function engineForward(config: NetworkConfig, batch: Split): number[][][] {
  const layout = networkLayout(config, batch);
  return tf.tidy(() => {
    const params = unflatten(tf.tensor1d(initialParameters(config, layout)), layout);
    const x = tf.tensor2d(batch.x, [batch.count, batch.inputDim]);
    return forward(config, params, x, { kind: "batch" }).caches.map(
      (c) => c.z!.arraySync() as number[][],
    );
  });
}

const relative = (a: number, b: number) =>
  Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

describe("the probe at the extremes, against float64", () => {
  it.each<[string, Activation, number, number]>([
    ["sigmoid N(0, 0.01): gradients from 1e-4 down to 1e-80", "sigmoid", 0.01, 32],
    ["tanh N(0, 10): gradients past 1e19, where float32 squares overflowed", "tanh", 10, 64],
  ])("%s at depth 50", async (_name, activation, sigma, width) => {
    const config: NetworkConfig = {
      ...DEFAULT_CONFIG,
      depth: 50,
      width,
      activation,
      init: "normal",
      sigma,
      batchNorm: "off",
      seed: activation === "tanh" ? 5 : 3,
    };
    const batch = gaussianProbeBatch(
      config.seed,
      width === 64 ? 128 : 32,
      width === 64 ? 64 : 8,
      4,
    );
    const probe = await probeGradientFlow(config, batch);
    const exact = reference(
      config,
      batch,
      activation === "tanh" ? engineForward(config, batch) : undefined,
    );
    for (const [i, l] of probe.layers.entries()) {
      const e = exact[i]!;
      expect(Number.isFinite(l.weightGradNorm) && l.weightGradNorm > 0, `layer ${i + 1}`).toBe(
        true,
      );
      expect(relative(l.weightGradNorm, e.weightGradNorm), `||dL/dW|| layer ${i + 1}`).toBeLessThan(
        1e-3,
      );
      expect(
        relative(l.activationGradNorm, e.activationGradNorm),
        `||dL/dz|| layer ${i + 1}`,
      ).toBeLessThan(1e-3);
      expect(relative(l.activationStd, e.activationStd), `std layer ${i + 1}`).toBeLessThan(1e-3);
    }
    // The extremes are really there.
    const norms = exact.map((l) => l.weightGradNorm);
    if (activation === "sigmoid") expect(Math.min(...norms)).toBeLessThan(1e-40);
    else expect(Math.max(...norms)).toBeGreaterThan(1.9e19);
  });
});
