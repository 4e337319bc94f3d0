/**
 * The benchmarks' baseline: what a tfjs user would write for the reference network. A variable per
 * kernel and bias, tf ops forward, autodiff and Adam through `optimizer.minimize`, one read-back per
 * call. The engine's speed is quoted as a ratio to this loop on the same backend (bench:train in
 * Node, bench:browser in Chromium's worker).
 */
import * as tf from "./tf";
import type { NetworkConfig } from "./config";
import type { Split } from "./datasets/types";
import { initialWeights } from "./network";

export interface BaselineLoop {
  /** Trains `steps` steps and waits for the last loss on the host. */
  run(steps: number): Promise<number>;
  dispose(): void;
}

/** Dense layers with `config.activation` as ReLU (the reference network's), softmax cross-entropy. */
export function baselineLoop(config: NetworkConfig, train: Split): BaselineLoop {
  const weights = initialWeights(config, train);
  const vars = weights.layout.entries.map((e) =>
    tf.variable(tf.tensor(weights.params.subarray(e.offset, e.offset + e.size), e.shape)),
  );
  const x = tf.tensor2d(train.x, [train.count, train.inputDim]);
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, "int32"), train.classes).toFloat());
  const optimizer = tf.train.adam(config.learningRate);
  let cursor = 0;
  return {
    async run(steps) {
      let last: tf.Scalar | null = null;
      for (let s = 0; s < steps; s++) {
        const idx = Int32Array.from(
          { length: config.batchSize },
          (_, i) => (cursor + i) % train.count,
        );
        cursor = (cursor + config.batchSize) % train.count;
        last?.dispose();
        last = optimizer.minimize(() => {
          const i = tf.tensor1d(idx, "int32");
          let h: tf.Tensor = tf.gather(x, i);
          for (let l = 0; l < config.depth; l++)
            h = tf.relu(tf.matMul(h, vars[2 * l]!).add(vars[2 * l + 1]!));
          const logits = tf.matMul(h, vars[2 * config.depth]!).add(vars[2 * config.depth + 1]!);
          return tf.losses.softmaxCrossEntropy(tf.gather(oneHot, i), logits) as tf.Scalar;
        }, true);
      }
      const loss = last ? (await last.data())[0]! : NaN;
      last?.dispose();
      return loss;
    },
    dispose() {
      tf.dispose([...vars, x, oneHot]);
      optimizer.dispose();
    },
  };
}
