/**
 * An independent float64 probe at initialization in plain JavaScript: the same weights (the
 * engine's initial parameters from the seed) and the same batch, forward and backward by hand, with
 * batch normalization before the nonlinearity (batch mean, biased variance, gamma 1, beta 0) or
 * none. Returns ||dL/dW_l|| per hidden layer. For ReLU, sigmoid and tanh.
 */
import type { NetworkConfig } from "../../lib/nn/config";
import type { Split } from "../../lib/nn/datasets/types";
import { initialParameters, networkLayout } from "../../lib/nn/layout";

type Matrix = Float64Array[];

const activations = {
  relu: { g: (z: number) => (z > 0 ? z : 0), dg: (z: number) => (z > 0 ? 1 : 0) },
  sigmoid: {
    g: (z: number) => 1 / (1 + Math.exp(-z)),
    dg: (z: number) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
  },
  tanh: { g: Math.tanh, dg: (z: number) => 1 - Math.tanh(z) ** 2 },
} as const;

export function float64WeightGradNorms(
  config: Pick<
    NetworkConfig,
    "depth" | "width" | "activation" | "init" | "sigma" | "batchNorm" | "bnEpsilon" | "seed"
  >,
  batch: Split,
): number[] {
  if (!(config.activation in activations)) throw new Error(`no float64 ${config.activation}`);
  if (config.batchNorm === "after") throw new Error("float64 probe: BN off or before only");
  const act = activations[config.activation as keyof typeof activations];
  const layout = networkLayout(config, batch);
  const flat = Float64Array.from(initialParameters(config, layout));
  const entry = (name: string) => layout.entries.find((e) => e.name === name);
  const weights = (name: string): Matrix => {
    const e = entry(name)!;
    const [rows, cols] = e.shape as [number, number];
    return Array.from({ length: rows }, (_, i) =>
      flat.subarray(e.offset + i * cols, e.offset + (i + 1) * cols),
    );
  };
  const n = batch.count;
  const matmul = (a: Matrix, w: Matrix, bias?: Float64Array): Matrix =>
    a.map((row) => {
      const out = new Float64Array(w[0]!.length);
      if (bias) out.set(bias);
      row.forEach((x, i) => {
        if (x === 0) return;
        const wi = w[i]!;
        for (let j = 0; j < out.length; j++) out[j]! += x * wi[j]!;
      });
      return out;
    });

  let h: Matrix = Array.from({ length: n }, (_, r) =>
    Float64Array.from(batch.x.subarray(r * batch.inputDim, (r + 1) * batch.inputDim)),
  );
  const inputs: Matrix[] = [];
  const zs: Matrix[] = [];
  const norms: { xhat: Matrix; invStd: Float64Array }[] = [];
  for (let l = 1; l <= config.depth; l++) {
    inputs.push(h);
    const biasEntry = entry(`h${l}.bias`);
    const bias = biasEntry
      ? flat.subarray(biasEntry.offset, biasEntry.offset + biasEntry.size)
      : undefined;
    let z = matmul(h, weights(`h${l}.kernel`), bias);
    if (config.batchNorm === "before") {
      const width = z[0]!.length;
      const mean = new Float64Array(width);
      const variance = new Float64Array(width);
      for (const row of z) row.forEach((v, j) => (mean[j]! += v / n));
      for (const row of z) row.forEach((v, j) => (variance[j]! += (v - mean[j]!) ** 2 / n));
      const invStd = variance.map((v) => 1 / Math.sqrt(v + config.bnEpsilon));
      // gamma 1 and beta 0 at initialization: z is x-hat itself.
      z = z.map((row) => row.map((v, j) => (v - mean[j]!) * invStd[j]!));
      norms.push({ xhat: z, invStd });
    }
    zs.push(z);
    h = z.map((row) => row.map(act.g));
  }
  const outBias = entry("out.bias")!;
  const logits = matmul(
    h,
    weights("out.kernel"),
    flat.subarray(outBias.offset, outBias.offset + outBias.size),
  );
  // dL/dlogits of softmax cross-entropy averaged over the batch.
  let dh: Matrix = logits.map((row, r) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v, k) => (v / sum - (k === batch.y[r] ? 1 : 0)) / n);
  });
  const back = (d: Matrix, w: Matrix): Matrix =>
    d.map((row) => Float64Array.from(w, (wi) => wi.reduce((s, x, j) => s + x * row[j]!, 0)));
  dh = back(dh, weights("out.kernel"));
  const out: number[] = new Array<number>(config.depth);
  for (let l = config.depth; l >= 1; l--) {
    const z = zs[l - 1]!;
    let dz: Matrix = dh.map((row, r) => row.map((d, j) => d * act.dg(z[r]![j]!)));
    if (config.batchNorm === "before") {
      // Through x-hat = (a - mean) * invStd with batch statistics (gamma 1).
      const { xhat, invStd } = norms[l - 1]!;
      const width = dz[0]!.length;
      const sumD = new Float64Array(width);
      const sumDX = new Float64Array(width);
      dz.forEach((row, r) =>
        row.forEach((d, j) => {
          sumD[j]! += d;
          sumDX[j]! += d * xhat[r]![j]!;
        }),
      );
      dz = dz.map((row, r) =>
        row.map((d, j) => invStd[j]! * (d - sumD[j]! / n - (xhat[r]![j]! * sumDX[j]!) / n)),
      );
    }
    const x = inputs[l - 1]!;
    let sq = 0;
    for (let i = 0; i < x[0]!.length; i++)
      for (let j = 0; j < dz[0]!.length; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += x[r]![i]! * dz[r]![j]!;
        sq += s * s;
      }
    out[l - 1] = Math.sqrt(sq);
    if (l > 1) dh = back(dz, weights(`h${l}.kernel`));
  }
  return out;
}
