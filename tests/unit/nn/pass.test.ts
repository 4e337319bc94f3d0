import { describe, expect, it } from "vitest";
import { ACTIVATIONS, BATCH_NORM_PLACEMENTS } from "../../../lib/nn/config";
import { backward, forward, softmaxCrossEntropy, unflatten } from "../../../lib/nn/pass";
import * as tf from "../../../lib/nn/tf";
import { smallProblem } from "./helpers";

type Problem = ReturnType<typeof smallProblem>;

function lossOf(p: Problem, flat: tf.Tensor1D): tf.Scalar {
  const x = tf.tensor2d(p.data.x, [p.data.count, p.data.inputDim]);
  const oneHot = tf
    .oneHot(tf.tensor1d(p.data.y, "int32"), p.data.classes)
    .cast("float32") as tf.Tensor2D;
  const fwd = forward(p.config, unflatten(flat, p.layout), x, { kind: "batch" });
  return softmaxCrossEntropy(fwd.logits, oneHot).loss;
}

function explicitGradients(p: Problem, fused = false) {
  return tf.tidy(() => {
    const flat = tf.tensor1d(p.flat);
    const params = unflatten(flat, p.layout);
    const x = tf.tensor2d(p.data.x, [p.data.count, p.data.inputDim]);
    const oneHot = tf
      .oneHot(tf.tensor1d(p.data.y, "int32"), p.data.classes)
      .cast("float32") as tf.Tensor2D;
    const fwd = forward(
      p.config,
      params,
      x,
      { kind: "batch" },
      { fuse: fused, preActivations: !fused },
    );
    const { dlogits } = softmaxCrossEntropy(fwd.logits, oneHot);
    const bwd = backward(p.config, p.layout, params, fwd, dlogits);
    // Identities that pin down dL/dz_l, the gradient autodiff does not expose:
    //   without BN-before, dL/dW_l = h_{l-1}^T dL/dz_l; with BN-before, dL/dgamma_l = sum(dL/dz_l * xhat_l).
    const implied = fwd.caches.map((c, l) =>
      p.config.batchNorm === "before"
        ? bwd.dz[l]!.mul(c.bn!.xhat).sum(0)
        : tf.matMul(c.input, bwd.dz[l]!, true, false).reshape([-1]),
    );
    return {
      grad: bwd.flatGrad().arraySync(),
      implied: implied.map((t) => t.arraySync() as number[]),
    };
  });
}

// Each activation and BN placement, unfused and with the fused products WebGL and WebGPU run
// when the pass keeps no pre-activations (the CPU backend runs them here too).
const cases = ACTIVATIONS.flatMap((activation) =>
  BATCH_NORM_PLACEMENTS.flatMap((batchNorm) =>
    [false, true].map((fused) => ({ activation, batchNorm, fused })),
  ),
);

describe("explicit backward pass", () => {
  it.each(cases)(
    "matches tfjs autodiff: $activation, batch norm $batchNorm, fused $fused",
    ({ activation, batchNorm, fused }) => {
      const p = smallProblem({ activation, batchNorm });
      const { grad, implied } = explicitGradients(p, fused);
      const auto = tf.tidy(
        () =>
          tf
            .grad((flat: tf.Tensor) => lossOf(p, flat as tf.Tensor1D))(tf.tensor1d(p.flat))
            .arraySync() as number[],
      );
      expect(grad).toHaveLength(p.layout.size);
      const scale = Math.max(...auto.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      grad.forEach((g, i) => expect(Math.abs(g - auto[i]!)).toBeLessThan(1e-5 + 1e-4 * scale));

      for (let l = 0; l < p.layout.depth; l++) {
        const entry = p.layout.entries.find(
          (e) => e.name === `h${l + 1}.${batchNorm === "before" ? "gamma" : "kernel"}`,
        )!;
        const expected = grad.slice(entry.offset, entry.offset + entry.size);
        implied[l]!.forEach((v, i) =>
          expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 + 1e-4 * scale),
        );
      }
    },
  );

  it.each(["tanh", "sigmoid", "elu"] as const)(
    "agrees with central finite differences (%s, BN before)",
    (activation) => {
      const p = smallProblem({ activation, batchNorm: "before" }, 16);
      const { grad } = explicitGradients(p);
      const h = 1e-2;
      const loss = (flat: Float32Array) =>
        tf.tidy(() => lossOf(p, tf.tensor1d(flat)).arraySync() as number);
      // Every parameter kind of every layer: the first entry of each.
      for (const entry of p.layout.entries) {
        const i = entry.offset + (entry.size > 1 ? 1 : 0);
        const plus = p.flat.slice();
        const minus = p.flat.slice();
        plus[i]! += h;
        minus[i]! -= h;
        const numeric = (loss(plus) - loss(minus)) / (2 * h);
        expect(Math.abs(grad[i]! - numeric), entry.name).toBeLessThan(
          2e-3 + 0.05 * Math.abs(numeric),
        );
      }
    },
  );
});
