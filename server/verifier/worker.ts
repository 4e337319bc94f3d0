/**
 * The verifier's worker thread: runs lib/nn off the server's event loop, on tfjs's WASM backend
 * (its binaries ship in the npm package), about 5x the pure-JS CPU backend for the same results
 * within float32 rounding.
 */
import { selectBackend } from "../engine/backend";
import type { NetworkConfig } from "../../lib/nn/config";
import { initialFlowOf, verifyRun, type VerifyInput, type VerifyOutput } from "./verify";

const ready = selectBackend("wasm");

export default async function verify(input: VerifyInput): Promise<VerifyOutput> {
  await ready;
  return verifyRun(input);
}

/** A network's flow at initialization (run by name: `pool.run(config, { name: "initialFlow" })`). */
export async function initialFlow(config: NetworkConfig) {
  await ready;
  return initialFlowOf(config);
}
