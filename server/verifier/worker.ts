/** The verifier's worker thread: runs lib/nn off the server's event loop. */
import { selectBackend } from "../engine/backend";
import { verifyRun, type VerifyInput, type VerifyOutput } from "./verify";

const ready = selectBackend("cpu");

export default async function verify(input: VerifyInput): Promise<VerifyOutput> {
  await ready;
  return verifyRun(input);
}
