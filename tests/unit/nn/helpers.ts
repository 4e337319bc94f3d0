import type { NetworkConfig } from "../../../lib/nn/config";
import { DEFAULT_CONFIG } from "../../../lib/nn/config";
import { initialParameters, networkLayout, type NetworkLayout } from "../../../lib/nn/layout";
import { gaussianProbeBatch } from "../../../lib/nn/probe";
import type { Split } from "../../../lib/nn/datasets/types";

export function config(patch: Partial<NetworkConfig>): NetworkConfig {
  return { ...DEFAULT_CONFIG, ...patch };
}

/** A small network and batch for exact gradient checks. */
export function smallProblem(
  patch: Partial<NetworkConfig>,
  batch = 8,
): {
  config: NetworkConfig;
  layout: NetworkLayout;
  flat: Float32Array;
  data: Split;
} {
  const c = config({ depth: 3, width: 5, init: "glorot-normal", ...patch });
  const data = gaussianProbeBatch(11, batch, 4, 3);
  const layout = networkLayout(c, data);
  const flat = initialParameters(c, layout);
  // Non-trivial biases, gammas and betas so their gradients are tested away from the init values.
  for (const e of layout.entries) {
    if (e.kind !== "kernel") {
      for (let i = 0; i < e.size; i++)
        flat[e.offset + i] = (e.kind === "gamma" ? 1 : 0) + 0.3 * Math.sin(7 * e.offset + i);
    }
  }
  return { config: c, layout, flat, data };
}
