"use client";
/**
 * Drives the training worker: start, pause, resume, stop; collects losses and telemetry frames, and
 * keeps every run this page trained (per challenge), so a new training never wipes the last one.
 */
import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import type { NetworkConfig } from "../../../lib/nn/config";
import type { LayerStats } from "../../../lib/nn/telemetry";
import type { TelemetryFrame, TrainChunk } from "../../../lib/nn/trainer";
import type {
  FromWorker,
  PredictionView,
  ToWorker,
  BackendChoice,
  TrainingResult,
} from "../../../lib/nn/worker-protocol";
import { newRunId } from "../../_client/socket";

export type TrainingPhase = "idle" | "training" | "paused" | "finished" | "failed";

/** A run trained in this page: the client run id it is submitted under, and what it measured. */
export interface LocalRun {
  runId: string;
  challengeId: string;
  config: NetworkConfig;
  startedAt: number;
  losses: number[];
  frames: TelemetryFrame[];
  /** The flow at initialization on the server's probe batch (null until the worker measured it). */
  initial: LayerStats[] | null;
  result: TrainingResult | null;
}

export interface TrainingState {
  phase: TrainingPhase;
  /** The backend the worker trains on, and how it was chosen; null until it has chosen. */
  backend: BackendChoice | null;
  /** The worker has compiled the last config it was asked to warm: Train answers at once. */
  ready: boolean;
  /** The run being trained (or last trained); null before the first. */
  run: LocalRun | null;
  step: number;
  prediction: PredictionView | null;
  error: string | null;
}

const INITIAL: TrainingState = {
  phase: "idle",
  backend: null,
  ready: false,
  run: null,
  step: 0,
  prediction: null,
  error: null,
};

/** Telemetry every 10 steps; the page hears from the worker every 25 steps. */
const TELEMETRY_EVERY = 10;
const CHUNK_STEPS = 25;
/**
 * The page redraws its charts at most this often, however fast chunks arrive (a small network
 * sends dozens a second). Redrawing every chunk kept the main thread waiting on the GPU for its
 * canvases (Chromium's "GPU backpressure" at each canvas frame: 0.7-1.6 s tasks in a 3,000-step
 * run) and took that GPU's time, in software, from the training worker.
 */
export const REDRAW_EVERY_MS = 250;

export function useTraining() {
  const worker = useRef<Worker | null>(null);
  const [state, setState] = useState<TrainingState>(INITIAL);
  /** Chunks received since the last redraw, merged into the state together. */
  const pending = useRef<TrainChunk[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Finished runs of this page, oldest first. */
  const [finished, setFinished] = useState<LocalRun[]>([]);

  useEffect(() => {
    const w = new Worker(new URL("../../lab/training.worker.ts", import.meta.url), {
      type: "module",
    });
    const flush = () => {
      timer.current = null;
      const chunks = pending.current;
      if (chunks.length === 0) return;
      pending.current = [];
      // A transition: React renders the charts in slices, never one long task.
      startTransition(() =>
        setState((s) =>
          s.run
            ? {
                ...s,
                step: chunks.at(-1)!.toStep,
                run: {
                  ...s.run,
                  losses: s.run.losses.concat(...chunks.map((c) => c.losses)),
                  frames: s.run.frames.concat(...chunks.map((c) => c.frames)),
                },
              }
            : s,
        ),
      );
    };
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === "chunk") {
        pending.current.push(m.chunk);
        timer.current ??= setTimeout(flush, REDRAW_EVERY_MS);
        return;
      }
      // Whatever ends or restarts a run comes after the chunks before it.
      if (timer.current) clearTimeout(timer.current);
      flush();
      startTransition(() =>
        setState((s) => {
          switch (m.type) {
            case "backend":
              return { ...s, backend: m.choice };
            case "warm":
              return { ...s, ready: true };
            case "initial-flow":
              return s.run ? { ...s, run: { ...s.run, initial: m.layers } } : s;
            case "prediction":
              return { ...s, prediction: m.view };
            case "finished": {
              if (!s.run) return s;
              const run = { ...s.run, result: m.result };
              setFinished((f) => [...f.filter((r) => r.runId !== run.runId), run]);
              return { ...s, phase: "finished", run };
            }
            case "stopped":
              return { ...INITIAL, backend: s.backend, ready: s.ready };
            case "error":
              return { ...s, phase: "failed", error: m.message };
          }
        }),
      );
    };
    worker.current = w;
    return () => {
      if (timer.current) clearTimeout(timer.current);
      w.terminate();
    };
  }, []);

  const send = (message: ToWorker) => worker.current?.postMessage(message);

  return {
    state,
    finished,
    start: useCallback((config: NetworkConfig, challengeId: string) => {
      const run: LocalRun = {
        runId: newRunId(),
        challengeId,
        config,
        startedAt: Date.now(),
        losses: [],
        frames: [],
        initial: null,
        result: null,
      };
      setState((s) => ({ ...INITIAL, backend: s.backend, ready: s.ready, phase: "training", run }));
      send({ type: "start", config, telemetryEvery: TELEMETRY_EVERY, chunkSteps: CHUNK_STEPS });
    }, []),
    /** Get the worker ready for `config` (backend chosen, kernels compiled) before Train. */
    warm: useCallback((config: NetworkConfig) => {
      setState((s) => ({ ...s, ready: false }));
      send({ type: "warm", config });
    }, []),
    pause: useCallback(() => {
      send({ type: "pause" });
      setState((s) => ({ ...s, phase: "paused" }));
    }, []),
    resume: useCallback(() => {
      send({ type: "resume" });
      setState((s) => ({ ...s, phase: "training" }));
    }, []),
    reset: useCallback(() => send({ type: "stop" }), []),
  };
}

export type Training = ReturnType<typeof useTraining>;
