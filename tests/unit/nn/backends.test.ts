/** The same config and seed give the same network on every backend (CPU and WASM in Node). */
import { afterAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../server/engine/backend";
import {
  createNetwork,
  disposeNetwork,
  initialWeights,
  readWeights,
} from "../../../lib/nn/network";
import { gaussianProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";
import * as tf from "../../../lib/nn/tf";
import { config } from "./helpers";

const c = config({
  depth: 20,
  width: 64,
  activation: "relu",
  init: "he-normal",
  batchNorm: "before",
  seed: 9,
});
const shape = { inputDim: 64, classes: 10 };

async function onBackend(name: "cpu" | "wasm") {
  await selectBackend(name);
  const net = createNetwork(initialWeights(c, shape));
  const weights = await readWeights(net);
  disposeNetwork(net);
  const probe = await probeGradientFlow(c, gaussianProbeBatch(9, 128, 64, 10));
  return { backend: tf.getBackend(), weights, probe };
}

afterAll(async () => {
  await selectBackend("cpu");
});

describe("backends", () => {
  it("give bit-identical initial weights and probes equal within float tolerance", async () => {
    const cpu = await onBackend("cpu");
    const wasm = await onBackend("wasm");
    expect([cpu.backend, wasm.backend]).toEqual(["cpu", "wasm"]);
    expect(wasm.weights.params).toEqual(cpu.weights.params);
    expect(wasm.weights.movingVariance).toEqual(cpu.weights.movingVariance);
    expect(Math.abs(wasm.probe.loss - cpu.probe.loss)).toBeLessThan(1e-4);
    cpu.probe.layers.forEach((layer, i) => {
      const other = wasm.probe.layers[i]!;
      expect(Math.abs(other.weightGradNorm / layer.weightGradNorm - 1)).toBeLessThan(1e-3);
      expect(Math.abs(other.activationGradNorm / layer.activationGradNorm - 1)).toBeLessThan(1e-3);
    });
  });
});
