"use client";
/** Drives the training worker: start, pause, resume, stop; collects losses and telemetry frames. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { NetworkConfig } from "../../../lib/nn/config";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import type {
  FromWorker,
  PredictionView,
  ToWorker,
  TrainingBackend,
  TrainingResult,
} from "../../../lib/nn/worker-protocol";

export type TrainingPhase = "idle" | "training" | "paused" | "finished" | "failed";

export interface TrainingState {
  phase: TrainingPhase;
  backend: TrainingBackend | null;
  step: number;
  losses: number[];
  frames: TelemetryFrame[];
  result: TrainingResult | null;
  prediction: PredictionView | null;
  error: string | null;
}

const INITIAL: TrainingState = {
  phase: "idle",
  backend: null,
  step: 0,
  losses: [],
  frames: [],
  result: null,
  prediction: null,
  error: null,
};

/** Telemetry every 10 steps; the page hears from the worker every 25 steps. */
const TELEMETRY_EVERY = 10;
const CHUNK_STEPS = 25;

export function useTraining() {
  const worker = useRef<Worker | null>(null);
  const [state, setState] = useState<TrainingState>(INITIAL);

  useEffect(() => {
    const w = new Worker(new URL("../../lab/training.worker.ts", import.meta.url), {
      type: "module",
    });
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      setState((s) => {
        switch (m.type) {
          case "backend":
            return { ...s, backend: m.backend };
          case "chunk":
            return {
              ...s,
              step: m.chunk.toStep,
              losses: [...s.losses, ...m.chunk.losses],
              frames: [...s.frames, ...m.chunk.frames],
            };
          case "prediction":
            return { ...s, prediction: m.view };
          case "finished":
            return { ...s, phase: "finished", result: m.result };
          case "stopped":
            return INITIAL;
          case "error":
            return { ...s, phase: "failed", error: m.message };
        }
      });
    };
    worker.current = w;
    return () => w.terminate();
  }, []);

  const send = (message: ToWorker) => worker.current?.postMessage(message);

  return {
    state,
    start: useCallback((config: NetworkConfig) => {
      setState({ ...INITIAL, phase: "training" });
      send({ type: "start", config, telemetryEvery: TELEMETRY_EVERY, chunkSteps: CHUNK_STEPS });
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
