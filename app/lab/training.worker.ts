/// <reference lib="webworker" />
/**
 * The training worker: tfjs on WebGL through OffscreenCanvas (WASM or CPU when WebGL is missing),
 * so the page stays responsive. It trains in chunks, posting each chunk's telemetry, and yields to
 * its message queue between chunks so pause and stop take effect at once.
 */
import "@tensorflow/tfjs-backend-wasm";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import * as tf from "../../lib/nn/tf";
import { Trainer } from "../../lib/nn/trainer";
import { encodeWeights } from "../../lib/nn/weights";
import type { FromWorker, ToWorker, TrainingBackend } from "../../lib/nn/worker-protocol";

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);

let trainer: Trainer | null = null;
let paused = false;
let generation = 0;

async function chooseBackend(preferred?: TrainingBackend): Promise<TrainingBackend> {
  setWasmPaths("/tfjs/");
  const order: TrainingBackend[] = preferred
    ? [preferred, "webgl", "wasm", "cpu"]
    : ["webgl", "wasm", "cpu"];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next backend
    }
  }
  throw new Error("no tfjs backend could start");
}

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function train(message: Extract<ToWorker, { type: "start" }>, run: number): Promise<void> {
  const backend = await chooseBackend(message.backend);
  post({ type: "backend", backend });
  const split = await loadTrainSplit(message.config.dataset, message.config.seed);
  trainer?.dispose();
  trainer = new Trainer(message.config, split, { telemetryEvery: message.telemetryEvery });
  while (run === generation && trainer.status === "ready") {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    post({ type: "chunk", chunk: await trainer.advance(message.chunkSteps) });
    await nextTick();
  }
  if (run !== generation) return;
  const evaluation = await trainer.evaluate(split);
  const weights = encodeWeights(await trainer.weights());
  post(
    {
      type: "finished",
      result: {
        status: trainer.status,
        divergedAtStep: trainer.divergedAtStep,
        steps: trainer.step,
        trainAccuracy: Number.isFinite(evaluation.accuracy) ? evaluation.accuracy : 0,
        trainLoss: Number.isFinite(evaluation.loss) ? evaluation.loss : null,
        weights,
      },
    },
    [weights.buffer],
  );
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "start": {
      generation++;
      paused = false;
      const run = generation;
      train(message, run).catch((error: unknown) =>
        post({ type: "error", message: (error as Error).message }),
      );
      break;
    }
    case "pause":
      paused = true;
      break;
    case "resume":
      paused = false;
      break;
    case "stop":
      generation++;
      trainer?.dispose();
      trainer = null;
      post({ type: "stopped" });
      break;
  }
};
