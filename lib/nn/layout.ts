/**
 * Where every parameter of a network lives. Trainable parameters are stored in one flat vector so
 * the optimizer and the telemetry reduce them in a handful of fused ops instead of one op per
 * variable (op overhead, not arithmetic, bounds a step's time in tfjs). Batch-norm moving statistics
 * are kept apart as [depth, width] matrices.
 */
import type { NetworkConfig } from "./config";
import { sampleWeights } from "./initializers";
import { createRng } from "./random";

export type ParamKind = "kernel" | "bias" | "gamma" | "beta";

export interface ParamEntry {
  /** e.g. "h3.kernel", "out.bias". */
  name: string;
  kind: ParamKind;
  /** 1..depth for hidden layers, depth + 1 for the output layer. */
  layer: number;
  shape: [number] | [number, number];
  offset: number;
  size: number;
}

export interface NetworkShape {
  inputDim: number;
  classes: number;
}

export interface NetworkLayout extends NetworkShape {
  depth: number;
  width: number;
  batchNorm: NetworkConfig["batchNorm"];
  entries: ParamEntry[];
  /** Length of the flat trainable vector. */
  size: number;
}

export function networkLayout(
  config: Pick<NetworkConfig, "depth" | "width" | "batchNorm">,
  shape: NetworkShape,
): NetworkLayout {
  const { depth, width, batchNorm } = config;
  const entries: ParamEntry[] = [];
  let offset = 0;
  const add = (name: string, kind: ParamKind, layer: number, dims: [number] | [number, number]) => {
    const size = dims.reduce((a, b) => a * b, 1);
    entries.push({ name, kind, layer, shape: dims, offset, size });
    offset += size;
  };
  for (let l = 1; l <= depth; l++) {
    add(`h${l}.kernel`, "kernel", l, [l === 1 ? shape.inputDim : width, width]);
    // With BN before the nonlinearity the bias is redundant with beta (Ioffe & Szegedy, sec. 3.2).
    if (batchNorm !== "before") add(`h${l}.bias`, "bias", l, [width]);
    if (batchNorm !== "off") {
      add(`h${l}.gamma`, "gamma", l, [width]);
      add(`h${l}.beta`, "beta", l, [width]);
    }
  }
  add("out.kernel", "kernel", depth + 1, [width, shape.classes]);
  add("out.bias", "bias", depth + 1, [shape.classes]);
  return { ...shape, depth, width, batchNorm, entries, size: offset };
}

/**
 * The initial flat parameter vector: kernels from the configured initializer (the output layer's
 * too), biases and betas 0, gammas 1. A pure function of (config, shape): identical on every backend.
 */
export function initialParameters(
  config: Pick<NetworkConfig, "init" | "sigma" | "seed">,
  layout: NetworkLayout,
): Float32Array {
  const rng = createRng(config.seed, "init");
  const flat = new Float32Array(layout.size);
  for (const entry of layout.entries) {
    if (entry.kind === "kernel") {
      const [fanIn, fanOut] = entry.shape as [number, number];
      flat.set(
        sampleWeights({ kind: config.init, sigma: config.sigma }, fanIn, fanOut, rng),
        entry.offset,
      );
    } else if (entry.kind === "gamma") {
      flat.fill(1, entry.offset, entry.offset + entry.size);
    }
  }
  return flat;
}
