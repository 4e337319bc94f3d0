/**
 * Weight initializers with exactly their stated variance (science.md, "Initializers").
 *
 * tfjs's own `heNormal`, `glorotNormal` and `leCunNormal` truncate at 2 sigma without rescaling, so
 * their variance is about 23% too small (tfjs issue 8594); over 20 ReLU layers that shrinks the
 * signal about 15x. These draw the truncated normal and divide by its standard deviation, as Keras
 * does, so the variance is the one the papers state.
 */
import type { InitializerKind } from "./config";
import type { Rng } from "./random";

/** Standard deviation of N(0, 1) truncated to [-2, 2]. */
export const TRUNCATED_NORMAL_STD = 0.8796256610342398;

export interface InitializerSpec {
  kind: InitializerKind;
  /** Standard deviation of the naive `normal` and `uniform` kinds. */
  sigma: number;
}

type Distribution =
  { shape: "normal" | "truncated-normal"; std: number } | { shape: "uniform"; limit: number };

/** The distribution an initializer draws from for a fanIn x fanOut matrix. */
export function initializerDistribution(
  spec: InitializerSpec,
  fanIn: number,
  fanOut: number,
): Distribution {
  switch (spec.kind) {
    case "normal":
      return { shape: "normal", std: spec.sigma };
    case "uniform":
      return { shape: "uniform", limit: spec.sigma * Math.sqrt(3) };
    case "glorot-uniform":
      return { shape: "uniform", limit: Math.sqrt(6 / (fanIn + fanOut)) };
    case "glorot-normal":
      return { shape: "truncated-normal", std: Math.sqrt(2 / (fanIn + fanOut)) };
    case "he-normal":
      return { shape: "truncated-normal", std: Math.sqrt(2 / fanIn) };
    case "he-uniform":
      return { shape: "uniform", limit: Math.sqrt(6 / fanIn) };
    case "lecun-normal":
      return { shape: "truncated-normal", std: Math.sqrt(1 / fanIn) };
  }
}

/** The variance every entry of the matrix has under this initializer. */
export function initializerVariance(spec: InitializerSpec, fanIn: number, fanOut: number): number {
  const d = initializerDistribution(spec, fanIn, fanOut);
  return d.shape === "uniform" ? (d.limit * d.limit) / 3 : d.std * d.std;
}

/** Draws a fanIn x fanOut weight matrix, row-major. */
export function sampleWeights(
  spec: InitializerSpec,
  fanIn: number,
  fanOut: number,
  rng: Rng,
): Float32Array {
  const d = initializerDistribution(spec, fanIn, fanOut);
  const out = new Float32Array(fanIn * fanOut);
  if (d.shape === "uniform") {
    for (let i = 0; i < out.length; i++) out[i] = (2 * rng.uniform() - 1) * d.limit;
  } else if (d.shape === "normal") {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal() * d.std;
  } else {
    const scale = d.std / TRUNCATED_NORMAL_STD;
    for (let i = 0; i < out.length; i++) {
      let x = rng.normal();
      while (x < -2 || x > 2) x = rng.normal();
      out[i] = x * scale;
    }
  }
  return out;
}
