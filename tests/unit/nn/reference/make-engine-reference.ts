/**
 * Writes engine-reference.json: losses, telemetry frames and final weights of a few short training
 * runs, recorded on the CPU backend. The engine test (tests/unit/nn/engine-reference.test.ts)
 * checks that the engine still produces them, on CPU and WASM: the speed work must not change a
 * result. Re-record only for a deliberate change of the math, and say so in the commit.
 *
 *   npx tsx tests/unit/nn/reference/make-engine-reference.ts && npx prettier --write tests/unit/nn/reference
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { selectBackend } from "../../../../server/engine/backend";
import { REFERENCE_RUNS, recordRun } from "./runs";

await selectBackend("cpu");
const runs = [];
for (const run of REFERENCE_RUNS) runs.push(await recordRun(run));
const file = join(import.meta.dirname, "engine-reference.json");
writeFileSync(file, JSON.stringify({ backend: "cpu", runs }) + "\n");
console.log(`wrote ${runs.length} runs to ${file}`);
