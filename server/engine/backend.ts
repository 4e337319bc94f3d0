/**
 * Chooses the tfjs backend for engine work in Node (the verifier, the CLI, benchmarks): the pure-JS
 * CPU backend, or WASM (its .wasm files ship inside @tensorflow/tfjs-backend-wasm).
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "../../lib/nn/tf";
import { registerWasmSliceKernels } from "../../lib/nn/wasm-kernels";

export type NodeBackend = "cpu" | "wasm";

export async function selectBackend(name: NodeBackend): Promise<void> {
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const require = createRequire(import.meta.url);
    const distDir = dirname(
      require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
    );
    wasm.setWasmPaths(`${distDir}/`);
    registerWasmSliceKernels();
  }
  // PROD silences tfjs's console advice to install tfjs-node (not available here).
  tf.env().set("PROD", true);
  if (!(await tf.setBackend(name))) throw new Error(`the tfjs ${name} backend could not start`);
  await tf.ready();
}
