/** tfjs's WASM backend binaries, served from the npm package to the training worker. */
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { MaybeRoute } from "./router";

const TFJS_WASM_FILES = new Set([
  "tfjs-backend-wasm.wasm",
  "tfjs-backend-wasm-simd.wasm",
  "tfjs-backend-wasm-threaded-simd.wasm",
]);
const tfjsWasmDir = dirname(
  createRequire(import.meta.url).resolve(
    "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
  ),
);

export const tfjsWasmRoute: MaybeRoute = async (req, res) => {
  if (!req.url?.startsWith("/tfjs/")) return false;
  const file = req.url.slice("/tfjs/".length).split("?")[0]!;
  if (!TFJS_WASM_FILES.has(file)) return false;
  res.writeHead(200, {
    "content-type": "application/wasm",
    "cache-control": "public, max-age=86400",
  });
  await new Promise<void>((resolve, reject) => {
    createReadStream(join(tfjsWasmDir, file)).on("error", reject).pipe(res).on("finish", resolve);
  });
  return true;
};
