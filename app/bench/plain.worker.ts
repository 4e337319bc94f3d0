/// <reference lib="webworker" />
/**
 * The benchmark's baseline in the browser: the plain tfjs loop (lib/nn/baseline.ts) in a worker,
 * like the training worker, on the backend asked for.
 */
import { baselineLoop } from "../../lib/nn/baseline";
import { BENCHMARK_CONFIG } from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import * as tf from "../../lib/nn/tf";
import type { TrainingBackend } from "../../lib/nn/worker-protocol";
import { startBackend, startFailures } from "../lab/backends";

declare const self: DedicatedWorkerGlobalScope;

export interface PlainRequest {
  backend: TrainingBackend;
  warmup: number;
  steps: number;
}

export type PlainAnswer =
  { type: "result"; backend: string; stepsPerSecond: number } | { type: "error"; message: string };

self.onmessage = async (event: MessageEvent<PlainRequest>) => {
  const { backend, warmup, steps } = event.data;
  try {
    if (!(await startBackend(backend)))
      throw new Error(
        `${backend} could not start: ${startFailures.get(backend) ?? "not available"}`,
      );
    const loop = baselineLoop(BENCHMARK_CONFIG, await loadTrainSplit("spiral", 0));
    await loop.run(warmup);
    const t0 = performance.now();
    // Read back every 25 steps, as the engine's worker does.
    for (let done = 0; done < steps; done += 25) await loop.run(Math.min(25, steps - done));
    const seconds = (performance.now() - t0) / 1000;
    loop.dispose();
    self.postMessage({
      type: "result",
      backend: tf.getBackend(),
      stepsPerSecond: steps / seconds,
    } satisfies PlainAnswer);
  } catch (error) {
    self.postMessage({ type: "error", message: (error as Error).message } satisfies PlainAnswer);
  }
};
