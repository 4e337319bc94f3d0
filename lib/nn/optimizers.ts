/**
 * SGD, momentum and Adam applied to the whole flat parameter vector at once: a dozen ops per step
 * whatever the depth, where per-variable optimizers cost a dozen ops per variable.
 * Conventions follow tfjs/Keras: momentum v = m v + g, p -= lr v; Adam beta1 0.9, beta2 0.999,
 * epsilon 1e-7 with bias correction folded into the step size.
 */
import * as tf from "./tf";
import type { NetworkConfig } from "./config";
import { ownedVariable } from "./network";

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-7;

export interface FlatOptimizer {
  /** Returns the new parameters; updates its own slots. Call inside tf.tidy. */
  step(params: tf.Tensor1D, grad: tf.Tensor1D, iteration: number): tf.Tensor1D;
  dispose(): void;
}

export function createOptimizer(
  config: Pick<NetworkConfig, "optimizer" | "learningRate" | "momentum">,
  size: number,
): FlatOptimizer {
  const lr = config.learningRate;
  switch (config.optimizer) {
    case "sgd":
      return { step: (p, g) => p.sub(g.mul(lr)), dispose: () => {} };
    case "momentum": {
      const velocity = ownedVariable(tf.zeros([size]), false);
      return {
        step: (p, g) => {
          const v = velocity.mul(config.momentum).add(g) as tf.Tensor1D;
          velocity.assign(v);
          return p.sub(v.mul(lr));
        },
        dispose: () => velocity.dispose(),
      };
    }
    case "adam": {
      const m1 = ownedVariable(tf.zeros([size]), false);
      const m2 = ownedVariable(tf.zeros([size]), false);
      return {
        step: (p, g, iteration) => {
          const t = iteration + 1;
          const m = m1.mul(ADAM_BETA1).add(g.mul(1 - ADAM_BETA1)) as tf.Tensor1D;
          const v = m2.mul(ADAM_BETA2).add(g.square().mul(1 - ADAM_BETA2)) as tf.Tensor1D;
          m1.assign(m);
          m2.assign(v);
          const stepSize = (lr * Math.sqrt(1 - ADAM_BETA2 ** t)) / (1 - ADAM_BETA1 ** t);
          return p.sub(m.div(v.sqrt().add(ADAM_EPSILON)).mul(stepSize));
        },
        dispose: () => {
          m1.dispose();
          m2.dispose();
        },
      };
    }
  }
}
