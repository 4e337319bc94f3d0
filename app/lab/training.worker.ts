/// <reference lib="webworker" />
/**
 * The training worker: tfjs on the fastest backend this browser has (WebGPU, WebGL through
 * OffscreenCanvas, or WASM; CPU as the last resort), so the page stays responsive. While the
 * student is still choosing, `warm` picks the backend by a short measurement of their config and
 * compiles its kernels; `start` then trains in chunks (the first one a single step, so the first
 * loss point and heatmap column come at once), posting each chunk's telemetry, and yields to its
 * message queue between chunks so pause and stop take effect at once.
 */
import type { NetworkConfig } from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import type { Split } from "../../lib/nn/datasets/types";
import { predictClasses } from "../../lib/nn/evaluate";
import { initialProbeBatch, probeGradientFlow } from "../../lib/nn/probe";
import * as tf from "../../lib/nn/tf";
import { Trainer } from "../../lib/nn/trainer";
import { encodeWeights } from "../../lib/nn/weights";
import type {
  BackendChoice,
  FromWorker,
  PredictionView,
  ToWorker,
  TrainingBackend,
} from "../../lib/nn/worker-protocol";
import { BACKEND_ORDER, MEASURE_ORDER, startBackend, wasmThreads } from "./backends";

/** Grid cells per side of the decision-boundary plot. */
const BOUNDARY_SIZE = 48;
/** Digits shown with their predictions. */
const DIGIT_SAMPLES = 12;
/** Redraw the predictions at most this often (ms of training). */
const PREDICT_EVERY_MS = 1_500;
/** The first chunks' sizes: the first picture after one step, then the page's chunk size. */
const FIRST_CHUNKS = [1, 4, 10];
/** Measuring a backend: steps timed after the warm-up steps, and at most this long. */
const MEASURE_STEPS = 8;
const MEASURE_MS = 800;

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);

let trainer: Trainer | null = null;
let paused = false;
let generation = 0;
let choice: BackendChoice | null = null;
/** The config whose kernels are compiled on the chosen backend. */
let warmed: string | null = null;
/** Set when Train is pressed during the measurement: the fastest backend measured so far wins. */
let cutShort = false;
/** Warming and training take turns on the one tfjs engine. */
let queue: Promise<void> = Promise.resolve();
const enqueue = (task: () => Promise<void>) => {
  queue = queue
    .then(task)
    .catch((error: unknown) => post({ type: "error", message: (error as Error).message }));
};

/** What decides which kernels a run needs (shapes and ops), not its numbers. */
const kernelsKey = (c: NetworkConfig) =>
  JSON.stringify([
    c.depth,
    c.width,
    c.activation,
    c.batchNorm,
    c.optimizer,
    c.batchSize,
    c.dataset,
  ]);

/** Steps per second of `config` on the current backend, after two warm-up steps. */
async function stepsPerSecond(config: NetworkConfig, split: Split): Promise<number> {
  const t = new Trainer({ ...config, steps: 1_000 }, split, { telemetryEvery: 10 });
  try {
    await t.advance(2);
    const t0 = performance.now();
    let steps = 0;
    while (steps < MEASURE_STEPS && performance.now() - t0 < MEASURE_MS && !cutShort) {
      await t.advance(2);
      steps += 2;
    }
    return steps / ((performance.now() - t0) / 1000);
  } finally {
    t.dispose();
  }
}

/** Measures every backend this browser can start on `config`; keeps the fastest running. */
async function measureBackends(config: NetworkConfig): Promise<BackendChoice> {
  const split = await loadTrainSplit(config.dataset, config.seed);
  const measured: BackendChoice["measured"] = [];
  for (const name of MEASURE_ORDER) {
    if (cutShort && measured.length > 0) break;
    if (!(await startBackend(name))) continue;
    try {
      measured.push({ backend: name, stepsPerSecond: await stepsPerSecond(config, split) });
    } catch {
      // A backend that starts but cannot train this network is not a candidate.
    }
  }
  measured.sort((a, b) => b.stepsPerSecond - a.stepsPerSecond);
  const backend = measured[0]?.backend ?? "cpu";
  if (!(await startBackend(backend))) throw new Error("no tfjs backend could start");
  return running(measured);
}

/** The choice of the backend now running; its kernels for any config still to compile. */
async function running(measured: BackendChoice["measured"]): Promise<BackendChoice> {
  warmed = null;
  return {
    backend: tf.getBackend() as TrainingBackend,
    measured,
    wasmThreads: await wasmThreads(),
    isolated: self.crossOriginIsolated,
  };
}

/** The backend asked for (the benchmark), else the fastest one measured. */
async function ensureBackend(config: NetworkConfig, asked?: TrainingBackend): Promise<void> {
  if (asked) {
    if (choice?.backend === asked) return;
    const order = [asked, ...BACKEND_ORDER.filter((b) => b !== asked)];
    for (const name of order)
      if (await startBackend(name)) {
        choice = await running([]);
        post({ type: "backend", choice });
        return;
      }
    throw new Error("no tfjs backend could start");
  }
  if (!choice) {
    cutShort = false;
    choice = await measureBackends(config);
    post({ type: "backend", choice });
  }
}

/** Compiles the kernels a run of `config` needs: two steps (with and without telemetry), a picture. */
async function warm(config: NetworkConfig): Promise<void> {
  if (warmed === kernelsKey(config)) return;
  const split = await loadTrainSplit(config.dataset, config.seed);
  const t = new Trainer({ ...config, steps: 1_000 }, split, { telemetryEvery: 10 });
  try {
    await t.advance(2);
    await predictions(t, split);
  } finally {
    t.dispose();
  }
  warmed = kernelsKey(config);
  post({ type: "warm", config });
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
  await ensureBackend(message.config, message.backend);
  const split = await loadTrainSplit(message.config.dataset, message.config.seed);
  const initial = await probeGradientFlow(
    message.config,
    initialProbeBatch(split, message.config.seed),
  );
  if (run !== generation) return;
  post({ type: "initial-flow", layers: initial.layers });
  trainer?.dispose();
  trainer = new Trainer(message.config, split, { telemetryEvery: message.telemetryEvery });
  let chunks = 0;
  let lastPicture = -Infinity;
  while (run === generation && trainer.status === "ready") {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const steps = FIRST_CHUNKS[chunks] ?? message.chunkSteps;
    post({ type: "chunk", chunk: await trainer.advance(steps) });
    chunks++;
    if (trainer.status === "ready" && performance.now() - lastPicture > PREDICT_EVERY_MS) {
      post({ type: "prediction", view: await predictions(trainer, split) });
      lastPicture = performance.now();
    }
    await nextTick();
  }
  if (run !== generation) return;
  warmed = kernelsKey(message.config);
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
    case "warm":
      enqueue(async () => {
        await ensureBackend(message.config, message.backend);
        await warm(message.config);
      });
      break;
    case "start": {
      cutShort = true;
      generation++;
      paused = false;
      const run = generation;
      enqueue(() => train(message, run));
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
      post({ type: "stopped" });
      // After the chunk in flight: the training loop sees the new generation and returns.
      enqueue(async () => {
        trainer?.dispose();
        trainer = null;
      });
      break;
  }
};
