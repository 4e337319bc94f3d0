/**
 * tfjs's WASM backend, served from the npm package to the training worker: its binaries, and its
 * upstream script, which the worker loads as is (see app/lab/backends.ts: a bundler's
 * minification breaks the multi-threaded build, which hands its own source to its threads).
 */
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { MaybeRoute } from "./router";

const TFJS_WASM_FILES = new Map([
  ["tfjs-backend-wasm.wasm", "application/wasm"],
  ["tfjs-backend-wasm-simd.wasm", "application/wasm"],
  ["tfjs-backend-wasm-threaded-simd.wasm", "application/wasm"],
  ["tf-backend-wasm.es2017.min.js", "text/javascript; charset=utf-8"],
]);
const tfjsWasmDir = dirname(
  createRequire(import.meta.url).resolve(
    "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
  ),
);

export const tfjsWasmRoute: MaybeRoute = async (req, res) => {
  if (!req.url?.startsWith("/tfjs/")) return false;
  const file = req.url.slice("/tfjs/".length).split("?")[0]!;
  const type = TFJS_WASM_FILES.get(file);
  if (!type) return false;
  res.writeHead(200, {
    "content-type": type,
    "cache-control": "public, max-age=86400",
  });
  await new Promise<void>((resolve, reject) => {
    createReadStream(join(tfjsWasmDir, file)).on("error", reject).pipe(res).on("finish", resolve);
  });
  return true;
};
