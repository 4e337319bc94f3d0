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
import type { Split } from "../../lib/nn/datasets/types";
import { predictClasses } from "../../lib/nn/evaluate";
import { Trainer } from "../../lib/nn/trainer";
import { encodeWeights } from "../../lib/nn/weights";
import type {
  FromWorker,
  PredictionView,
  ToWorker,
  TrainingBackend,
} from "../../lib/nn/worker-protocol";

/** Grid cells per side of the decision-boundary plot. */
const BOUNDARY_SIZE = 48;
/** Digits shown with their predictions. */
const DIGIT_SAMPLES = 12;
/** Redraw the predictions every this many chunks. */
const PREDICT_EVERY_CHUNKS = 4;

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

async function predictions(t: Trainer, split: Split): Promise<PredictionView> {
  if (split.inputDim === 2) {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < split.count; i++) {
      x0 = Math.min(x0, split.x[2 * i]!);
      x1 = Math.max(x1, split.x[2 * i]!);
      y0 = Math.min(y0, split.x[2 * i + 1]!);
      y1 = Math.max(y1, split.x[2 * i + 1]!);
    }
    const pad = 0.1 * Math.max(x1 - x0, y1 - y0);
    [x0, x1, y0, y1] = [x0 - pad, x1 + pad, y0 - pad, y1 + pad];
    const grid = new Float32Array(2 * BOUNDARY_SIZE * BOUNDARY_SIZE);
    for (let r = 0; r < BOUNDARY_SIZE; r++) {
      for (let c = 0; c < BOUNDARY_SIZE; c++) {
        const k = r * BOUNDARY_SIZE + c;
        grid[2 * k] = x0 + ((c + 0.5) / BOUNDARY_SIZE) * (x1 - x0);
        grid[2 * k + 1] = y0 + ((r + 0.5) / BOUNDARY_SIZE) * (y1 - y0);
      }
    }
    const classes = await predictClasses(t.config, t.net, grid, BOUNDARY_SIZE * BOUNDARY_SIZE);
    return {
      kind: "boundary",
      size: BOUNDARY_SIZE,
      x0,
      x1,
      y0,
      y1,
      classes,
      points: { x: split.x, y: split.y },
    };
  }
  const images = split.x.slice(0, DIGIT_SAMPLES * split.inputDim);
  const predicted = await predictClasses(t.config, t.net, images, DIGIT_SAMPLES);
  return {
    kind: "digits",
    side: Math.round(Math.sqrt(split.inputDim)),
    images,
    labels: split.y.slice(0, DIGIT_SAMPLES),
    predicted,
  };
}

async function train(message: Extract<ToWorker, { type: "start" }>, run: number): Promise<void> {
  const backend = await chooseBackend(message.backend);
  post({ type: "backend", backend });
  const split = await loadTrainSplit(message.config.dataset, message.config.seed);
  trainer?.dispose();
  trainer = new Trainer(message.config, split, { telemetryEvery: message.telemetryEvery });
  let chunks = 0;
  post({ type: "prediction", view: await predictions(trainer, split) });
  while (run === generation && trainer.status === "ready") {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    post({ type: "chunk", chunk: await trainer.advance(message.chunkSteps) });
    if (++chunks % PREDICT_EVERY_CHUNKS === 0 && trainer.status === "ready") {
      post({ type: "prediction", view: await predictions(trainer, split) });
    }
    await nextTick();
  }
  if (run !== generation) return;
  // With batch norm: the accuracy the moving averages give, then the precise statistics over the
  // training split (what the server scores with too).
  const moving = message.config.batchNorm === "off" ? null : await trainer.evaluate(split);
  trainer.finalizeBatchNorm();
  const evaluation = await trainer.evaluate(split);
  if (trainer.status === "done")
    post({ type: "prediction", view: await predictions(trainer, split) });
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
        movingAverageAccuracy: moving && Number.isFinite(moving.accuracy) ? moving.accuracy : null,
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
