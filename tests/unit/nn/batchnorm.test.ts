/** Batch normalization as Ioffe & Szegedy's Alg. 1: batch statistics in training, moving ones in inference. */
import { describe, expect, it } from "vitest";
import {
  createNetwork,
  disposeNetwork,
  inferenceMode,
  initialWeights,
} from "../../../lib/nn/network";
import { forward, unflatten } from "../../../lib/nn/pass";
import { gaussianProbeBatch } from "../../../lib/nn/probe";
import * as tf from "../../../lib/nn/tf";
import { config } from "./helpers";

const EPS = 1e-3;

function columnStats(t: tf.Tensor2D) {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t, 0);
    return { mean: Array.from(mean.dataSync()), variance: Array.from(variance.dataSync()) };
  });
}

describe("batch normalization", () => {
  it.each(["before", "after"] as const)(
    "normalises each unit with the batch mean and biased batch variance (BN %s)",
    (batchNorm) => {
      const c = config({
        depth: 3,
        width: 16,
        activation: "tanh",
        batchNorm,
        bnEpsilon: EPS,
        init: "normal",
        sigma: 2,
      });
      const batch = gaussianProbeBatch(3, 64, 8, 4);
      const net = createNetwork(initialWeights(c, batch));
      tf.tidy(() => {
        const x = tf.tensor2d(batch.x, [64, 8]);
        const fwd = forward(c, unflatten(net.params, net.layout), x, { kind: "batch" });
        for (const cache of fwd.caches) {
          // The normalised value: the pre-activation with BN before, the layer's output with BN after.
          const normalised = batchNorm === "before" ? cache.z! : (cache.bn!.xhat as tf.Tensor2D);
          const stats = columnStats(normalised);
          const inputVar = Array.from(cache.bn!.variance.dataSync());
          stats.mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
          // gamma 1, beta 0: var(y) = var_B / (var_B + eps) with the biased batch variance.
          stats.variance.forEach((v, j) =>
            expect(v).toBeCloseTo(inputVar[j]! / (inputVar[j]! + EPS), 4),
          );
        }
      });
      disposeNetwork(net);
    },
  );

  it("uses the moving statistics in inference: a fresh network divides by sqrt(1 + eps)", () => {
    const c = config({
      depth: 2,
      width: 8,
      activation: "linear",
      batchNorm: "before",
      bnEpsilon: EPS,
    });
    const batch = gaussianProbeBatch(4, 16, 8, 3);
    const net = createNetwork(initialWeights(c, batch));
    tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [16, 8]);
      const params = unflatten(net.params, net.layout);
      const fwd = forward(c, params, x, inferenceMode(net));
      const expected = tf.matMul(x, params.hidden[0]!.kernel).div(Math.sqrt(1 + EPS));
      expect(fwd.caches[0]!.z!.sub(expected).abs().max().dataSync()[0]).toBeLessThan(1e-5);
    });
    disposeNetwork(net);
  });
});
