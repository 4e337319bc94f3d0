"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { BENCHMARK_CONFIG } from "../../lib/nn/config";
import type { FromWorker, ToWorker, TrainingBackend } from "../../lib/nn/worker-protocol";
import type { PlainAnswer, PlainRequest } from "./plain.worker";

interface Result {
  variant: "engine" | "plain";
  backend: string;
  telemetryEvery: number;
  steps: number;
  stepsPerSecond: number;
  longestTaskMs: number;
  /** WASM's threads (engine variant), else null. */
  wasmThreads?: number | null;
}

/**
 * Why a benchmark stopped: the training backend was not the one asked for, or the worker failed
 * (its own message, for the developer running the benchmark).
 */
type BenchError =
  { kind: "backend"; asked: string; got: string } | { kind: "worker"; message: string };

/** What `npm run bench:browser` reads from data-error: the same words in every language. */
const errorRecord = (e: BenchError) =>
  e.kind === "backend" ? `asked for ${e.asked}, got ${e.got}` : e.message;

export function BrowserBench() {
  const t = useTranslations("bench");
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<BenchError | null>(null);
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const backend = (params.get("backend") ?? "webgl") as TrainingBackend;
    const telemetryEvery = Number(params.get("telemetry") ?? 10);
    const steps = Number(params.get("steps") ?? 300);
    const warmup = 25;
    let longestTaskMs = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        longestTaskMs = Math.max(longestTaskMs, entry.duration);
    });
    observer.observe({ type: "longtask", buffered: false });
    if (params.get("variant") === "plain") {
      const plain = new Worker(new URL("./plain.worker.ts", import.meta.url), { type: "module" });
      plain.onmessage = (event: MessageEvent<PlainAnswer>) => {
        const m = event.data;
        observer.disconnect();
        if (m.type === "error") setError({ kind: "worker", message: m.message });
        else if (m.backend !== backend)
          setError({ kind: "backend", asked: backend, got: m.backend });
        else
          setResult({
            variant: "plain",
            backend,
            telemetryEvery: 0,
            steps,
            stepsPerSecond: m.stepsPerSecond,
            longestTaskMs,
          });
        plain.terminate();
      };
      plain.postMessage({ backend, warmup, steps } satisfies PlainRequest);
      return () => {
        observer.disconnect();
        plain.terminate();
      };
    }
    const worker = new Worker(new URL("../lab/training.worker.ts", import.meta.url), {
      type: "module",
    });
    let started = 0;
    let wasmThreads: number | null = null;
    let startStep = 0;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === "backend") {
        if (m.choice.backend !== backend)
          setError({ kind: "backend", asked: backend, got: m.choice.backend });
        wasmThreads = m.choice.wasmThreads;
      }
      if (m.type === "chunk" && m.chunk.toStep >= warmup && started === 0) {
        // Time from the end of the warm-up chunk: shader compilation and uploads are not training.
        started = performance.now();
        startStep = m.chunk.toStep;
      }
      if (m.type === "finished") {
        const seconds = (performance.now() - started) / 1000;
        observer.disconnect();
        setResult({
          variant: "engine",
          backend,
          telemetryEvery,
          steps: m.result.steps - startStep,
          stepsPerSecond: (m.result.steps - startStep) / seconds,
          longestTaskMs,
          wasmThreads,
        });
        worker.terminate();
      }
      if (m.type === "error") setError({ kind: "worker", message: m.message });
    };
    const start: ToWorker = {
      type: "start",
      config: { ...BENCHMARK_CONFIG, steps },
      telemetryEvery,
      chunkSteps: warmup,
      backend,
    };
    worker.postMessage(start);
    return () => {
      observer.disconnect();
      worker.terminate();
    };
  }, []);
  if (error)
    return (
      <p role="alert" data-error={errorRecord(error)}>
        {error.kind === "backend"
          ? t("backendMismatch", { asked: error.asked, got: error.got })
          : error.message}
      </p>
    );
  if (!result) return <p role="status">{t("training")}</p>;
  return (
    <pre id="bench-result" data-result={JSON.stringify(result)}>
      {JSON.stringify(result, null, 2)}
    </pre>
  );
}
