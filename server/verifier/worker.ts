/**
 * The verifier's worker thread: runs lib/nn off the server's event loop, on tfjs's WASM backend
 * (its binaries ship in the npm package), about 5x the pure-JS CPU backend for the same results
 * within float32 rounding.
 */
import { selectBackend } from "../engine/backend";
import { verifyRun, type VerifyInput, type VerifyOutput } from "./verify";

const ready = selectBackend("wasm");

export default async function verify(input: VerifyInput): Promise<VerifyOutput> {
  await ready;
  return verifyRun(input);
}
