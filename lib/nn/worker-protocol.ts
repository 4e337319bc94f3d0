/**
 * Messages between the lab page and its training worker. The worker owns the tensors; the page only
 * ever sees plain numbers (telemetry chunks) and, at the end, the encoded weights.
 */
import type { BACKENDS } from "../protocol/schemas";
import type { NetworkConfig } from "./config";
import type { LayerStats } from "./telemetry";
import type { TrainChunk, TrainStatus } from "./trainer";

export type TrainingBackend = (typeof BACKENDS)[number];

/** How the worker chose its backend: steps per second of each one it could start. */
export interface BackendChoice {
  backend: TrainingBackend;
  /** Measured on the config being warmed, fastest first; empty when a backend was asked for. */
  measured: { backend: TrainingBackend; stepsPerSecond: number }[];
  /** WASM's thread count (more than 1 in a cross-origin isolated page), else null. */
  wasmThreads: number | null;
  /** Whether the worker is cross-origin isolated (what WASM threads need). */
  isolated: boolean;
}

export type ToWorker =
  /**
   * Get ready to train `config` while the student is still choosing: pick the backend (by a short
   * measurement, the first time) and compile its kernels for this shape. Optional: `start` does
   * whatever warming is missing.
   */
  | { type: "warm"; config: NetworkConfig; backend?: TrainingBackend }
  | {
      type: "start";
      config: NetworkConfig;
      telemetryEvery: number;
      chunkSteps: number;
      backend?: TrainingBackend;
    }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "stop" };

export interface TrainingResult {
  status: TrainStatus;
  divergedAtStep: number | null;
  steps: number;
  /** Accuracy and loss of the final weights on the train split (what the student claims). */
  trainAccuracy: number;
  trainLoss: number | null;
  /**
   * With batch norm: the train accuracy with the moving averages the training kept, before they
   * were replaced by the training split's own statistics (precise BN). null without BN.
   */
  movingAverageAccuracy: number | null;
  weights: Uint8Array<ArrayBuffer>;
}

/** What the network currently does with its inputs, for the page to draw. */
export type PredictionView =
  | {
      kind: "boundary";
      /** size x size grid over [x0, x1] x [y0, y1], row-major from (x0, y0). */
      size: number;
      x0: number;
      x1: number;
      y0: number;
      y1: number;
      classes: Int32Array;
      points: { x: Float32Array; y: Int32Array };
    }
  | {
      kind: "digits";
      side: number;
      images: Float32Array;
      labels: Int32Array;
      predicted: Int32Array;
    };

export type FromWorker =
  | { type: "backend"; choice: BackendChoice }
  /** The kernels for this config are compiled: Train answers at once. */
  | { type: "warm"; config: NetworkConfig }
  | { type: "chunk"; chunk: TrainChunk }
  /**
   * The run's gradient flow at initialization, measured before its first step exactly as the server
   * measures it (the same probe batch of the training split, the same weights from the seed).
   */
  | { type: "initial-flow"; layers: LayerStats[] }
  | { type: "prediction"; view: PredictionView }
  | { type: "finished"; result: TrainingResult }
  | { type: "stopped" }
  | { type: "error"; message: string };
