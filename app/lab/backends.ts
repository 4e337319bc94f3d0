/// <reference lib="webworker" />
/**
 * tfjs backends in a worker: WebGPU where the browser has it, WebGL through OffscreenCanvas, WASM
 * (its multi-threaded SIMD build when the page is cross-origin isolated, see server/http/edge.ts),
 * and the pure-JS CPU backend as the last resort.
 *
 * The WASM backend is tfjs's own script, served from the npm package (/tfjs/), not bundled: its
 * threaded build starts each thread from its own function's source text, which a bundler's
 * minification breaks (the threads fail with "a is not defined"). The script registers itself
 * into `globalThis.tf`, which is given this bundle's tfjs.
 */
import "@tensorflow/tfjs-backend-webgpu";
import * as tf from "../../lib/nn/tf";
import { registerWasmSliceKernels } from "../../lib/nn/wasm-kernels";
import type { TrainingBackend } from "../../lib/nn/worker-protocol";

declare const self: DedicatedWorkerGlobalScope & { tf?: Record<string, unknown> };

// The engine reads back once per chunk; tfjs's advice to use tfjs-node is for Node.
tf.env().set("PROD", true);

/** Candidates in order of preference when speeds tie (and with no measurement). */
export const BACKEND_ORDER: TrainingBackend[] = ["webgpu", "webgl", "wasm", "cpu"];

/** The order they are measured in: the quickest to start first, so Train can cut it short. */
export const MEASURE_ORDER: TrainingBackend[] = ["wasm", "webgpu", "webgl"];

/** The part of tfjs-backend-wasm's API the worker uses. */
interface WasmApi {
  setWasmPaths(prefix: string): void;
  getThreadsCount(): number;
}

let wasm: Promise<WasmApi> | null = null;

function loadWasm(): Promise<WasmApi> {
  wasm ??= (async () => {
    // A plain object: the script adds `wasm` to it (a module namespace cannot take it).
    self.tf = { ...tf };
    const url = "/tfjs/tf-backend-wasm.es2017.min.js";
    await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url);
    const api = self.tf.wasm as WasmApi;
    api.setWasmPaths("/tfjs/");
    registerWasmSliceKernels();
    return api;
  })();
  return wasm;
}

/** Why a backend could not start, for the benchmark's report. */
export const startFailures = new Map<TrainingBackend, string>();

/** Starts `name`; false when this browser cannot run it. */
export async function startBackend(name: TrainingBackend): Promise<boolean> {
  try {
    if (name === "webgpu" && !("gpu" in navigator)) return false;
    if (name === "wasm") await loadWasm();
    if (!(await tf.setBackend(name))) {
      startFailures.set(name, "its initialization failed (tfjs logs why)");
      return false;
    }
    await tf.ready();
    return tf.getBackend() === name;
  } catch (error) {
    startFailures.set(name, String((error as Error).message ?? error));
    return false;
  }
}

/** WASM's thread pool size once it runs, else null. */
export async function wasmThreads(): Promise<number | null> {
  if (tf.getBackend() !== "wasm" || !wasm) return null;
  try {
    return (await wasm).getThreadsCount();
  } catch {
    return null;
  }
}
