/**
 * What the telemetry shows while networks train, against the papers' figures: the top sigmoid layer
 * saturating toward 0 (Glorot & Bengio 2010, Fig. 2) and BN's gradient explosion settling after the
 * first steps (Yang et al. 2019).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../server/engine/backend";
import type { NetworkConfig } from "../../../lib/nn/config";
import { loadTrainSplit } from "../../../lib/nn/datasets/index";
import { Trainer, type TelemetryFrame } from "../../../lib/nn/trainer";
import { config } from "./helpers";

async function frames(
  patch: Partial<NetworkConfig>,
  telemetryEvery: number,
): Promise<TelemetryFrame[]> {
  const c = config(patch);
  const trainer = new Trainer(c, await loadTrainSplit(c.dataset, 1), { telemetryEvery });
  try {
    return (await trainer.run(100)).flatMap((chunk) => chunk.frames);
  } finally {
    trainer.dispose();
  }
}

// Whole training runs use the WASM backend for speed; backends.test.ts checks it agrees with CPU.
beforeAll(async () => {
  await selectBackend("wasm");
});

describe("telemetry during training", () => {
  it("shows the top hidden sigmoid layer saturating toward 0 while the lower ones stay near 0.5", async () => {
    // Glorot & Bengio's setting: 4 sigmoid layers, "standard" init U[-1/sqrt(n), 1/sqrt(n)] (n = 100
    // here, so sigma = 1/sqrt(300)), plain SGD with mini-batches of 10.
    const f = await frames(
      {
        depth: 4,
        width: 100,
        activation: "sigmoid",
        init: "uniform",
        sigma: 1 / Math.sqrt(300),
        optimizer: "sgd",
        learningRate: 0.1,
        batchSize: 10,
        steps: 800,
        dataset: "digits",
      },
      100,
    );
    const first = f[0]!;
    const last = f.at(-1)!;
    expect(first.layers[3]!.activationMean).toBeGreaterThan(0.45);
    expect(last.layers[3]!.activationMean).toBeLessThan(0.35);
    for (const layer of last.layers.slice(0, 3)) {
      expect(layer.activationMean).toBeGreaterThan(0.45);
      expect(layer.activationMean).toBeLessThan(0.6);
    }
  });

  it("shows BN's gradient explosion at initialization settling after the first steps", async () => {
    const f = await frames(
      {
        depth: 20,
        width: 64,
        activation: "relu",
        init: "he-normal",
        batchNorm: "before",
        optimizer: "sgd",
        learningRate: 0.05,
        batchSize: 128,
        steps: 40,
        dataset: "digits",
      },
      20,
    );
    const ratio = (frame: TelemetryFrame) =>
      frame.layers[0]!.weightGradNorm / frame.layers[19]!.weightGradNorm;
    expect(f.map((x) => x.step)).toEqual([1, 20, 40]);
    expect(ratio(f[0]!)).toBeGreaterThan(20);
    expect(ratio(f[2]!)).toBeLessThan(ratio(f[0]!) / 3);
  });
});
