/**
 * The engine's results do not change with its speed work: short training runs recorded on CPU
 * before it (reference/engine-reference.json) are reproduced on CPU and on WASM, losses,
 * telemetry and final weights, within float tolerance.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { STAT_COLUMNS } from "../../../lib/nn/telemetry";
import { ACCURACY_EVERY } from "../../../lib/nn/trainer";
import { selectBackend } from "../../../server/engine/backend";
import { REFERENCE_RUNS, recordRun, type RecordedRun } from "./reference/runs";

const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, "reference", "engine-reference.json"), "utf8"),
) as { runs: RecordedRun[] };

/** |a - b| within `rel` of the larger magnitude, or within `abs`. */
function close(a: number | null, b: number | null, rel: number, abs = 1e-6): boolean {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Tolerances: `rel` of the larger magnitude; near-zero means and parameters absolute ones (WASM
 * sums in another order, and 24 steps of training carry the difference along).
 */
interface Tolerance {
  rel: number;
  mean: number;
  param: number;
}

function mismatches(
  got: RecordedRun,
  want: RecordedRun,
  lastStep: number,
  { rel, mean, param }: Tolerance,
): string[] {
  const out: string[] = [];
  const check = (what: string, a: number | null, b: number | null, abs?: number) => {
    if (!close(a, b, rel, abs)) out.push(`${what}: ${a} vs ${b}`);
  };
  if (got.losses.length !== want.losses.length)
    out.push(`steps: ${got.losses.length} vs ${want.losses.length}`);
  got.losses.forEach((l, i) => check(`loss ${i + 1}`, l, want.losses[i]!));
  if (got.frames.map((f) => f.step).join() !== want.frames.map((f) => f.step).join())
    out.push("frame steps differ");
  got.frames.forEach((f, i) => {
    const w = want.frames[i]!;
    // The accuracy curve is measured at step 1, every ACCURACY_EVERY steps and the last step.
    if (f.step === 1 || f.step % ACCURACY_EVERY === 0 || f.step === lastStep)
      check(`step ${f.step} accuracy`, f.accuracy, w.accuracy, 0.01);
    else if (f.accuracy !== null)
      out.push(`step ${f.step} accuracy ${f.accuracy}: not a curve point`);
    f.layers.forEach((layer, l) => {
      for (const c of STAT_COLUMNS) {
        // Shares of units (saturated, dead) may flip a unit or two at a threshold.
        const abs = c === "saturated" || c === "dead" ? 0.02 : c.endsWith("Mean") ? mean : 1e-6;
        check(`step ${f.step} layer ${l + 1} ${c}`, layer[c], w.layers[l]![c], abs);
      }
    });
  });
  got.params.forEach((p, i) => check(`param ${i}`, p, want.params[i]!, param));
  check("final accuracy", got.finalAccuracy, want.finalAccuracy, 0.01);
  return out;
}

afterAll(async () => {
  await selectBackend("cpu");
});

describe.each([
  ["cpu", { rel: 1e-4, mean: 1e-6, param: 1e-5 }],
  ["wasm", { rel: 5e-3, mean: 1e-4, param: 1e-3 }],
] as const)("the engine on %s", (backend, tolerance) => {
  it.each(REFERENCE_RUNS.map((run, i) => [run.name, i] as const))(
    "reproduces the recorded run: %s",
    async (_, i) => {
      await selectBackend(backend);
      // Through JSON like the recording: NaN and Infinity read null on both sides.
      const got = JSON.parse(JSON.stringify(await recordRun(REFERENCE_RUNS[i]!))) as RecordedRun;
      expect(
        mismatches(got, reference.runs[i]!, REFERENCE_RUNS[i]!.config.steps, tolerance),
      ).toEqual([]);
    },
  );
});
