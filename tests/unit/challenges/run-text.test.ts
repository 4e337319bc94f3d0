import { describe, expect, it } from "vitest";
import { verifiedText } from "../../../app/class/[sessionId]/run-text";
import { failureCode, runReport } from "../../../lib/challenges/run-text";
import { DEFAULT_CONFIG } from "../../../lib/nn/config";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import type { RunView } from "../../../lib/protocol/views";
import { catalog } from "../../../server/i18n/catalogs";

/** The line as an English reader reads it, from the catalog. */
const verifiedLine = (run: RunView, frames: readonly TelemetryFrame[] | undefined) =>
  verifiedText(runReport(run, frames), "en", catalog("en"));

const run = (patch: Partial<RunView>): RunView => ({
  id: "r",
  clientRunId: "c",
  challengeId: "x",
  participantId: "p",
  config: { ...DEFAULT_CONFIG, depth: 20, batchNorm: "before" },
  status: "verified",
  claimedAccuracy: 0.9,
  verifiedAccuracy: 0.9,
  reproducedAccuracy: null,
  verdict: "exploding",
  initialGradRatio: 17,
  initialFactor: 17 ** (1 / 18),
  finalVerdict: "healthy",
  score: 0.9,
  mismatch: false,
  failure: null,
  submittedAt: new Date(0).toISOString(),
  profile: null,
  diverged: false,
  ...patch,
});

describe("verifiedLine", () => {
  it("tells batch norm's growth the same way on both sides of the exploding line", () => {
    const over = verifiedLine(run({}), undefined);
    const under = verifiedLine(
      run({ verdict: "healthy", initialGradRatio: 9.5, initialFactor: 9.5 ** (1 / 18) }),
      undefined,
    );
    expect(over).toMatch(
      /exploding, as expected with batch norm\. Batch norm makes the gradient grow 1\.17x per layer/,
    );
    expect(over).toMatch(/layer 2 gets 17x layer 20's/);
    expect(under).toMatch(
      /healthy, within the 10x line\. Batch norm makes the gradient grow 1\.13x per layer/,
    );
    expect(under).toMatch(/layer 2 gets 9\.5x layer 20's/);
  });

  it("says nothing of growth without batch norm", () => {
    const line = verifiedLine(
      run({ config: { ...DEFAULT_CONFIG, depth: 20 }, verdict: "healthy", initialGradRatio: 1.5 }),
      undefined,
    );
    expect(line).toMatch(/Gradient flow at initialization: healthy\./);
    expect(line).not.toMatch(/Batch norm/);
  });

  it("keeps the numbers apart from the words", () => {
    expect(runReport(run({ reproducedAccuracy: 0.8, mismatch: true }), undefined)).toEqual({
      kind: "verified",
      accuracy: 0.9,
      reproduced: { accuracy: 0.8, steps: DEFAULT_CONFIG.steps },
      init: {
        kind: "bn-exploding",
        growth: { factor: 17 ** (1 / 18), ratio: { kind: "x", value: 17 }, depth: 20 },
        settled: null,
      },
      finalVerdict: "healthy",
      mismatch: "reproduced",
    });
    expect(verifiedLine(run({ reproducedAccuracy: 0.8, mismatch: true }), undefined)).toBe(
      "Verified: 90.0% on the hidden test set. The server's own re-run of your config from its " +
        "seed reached 80.0% in 500 steps. Gradient flow at initialization: exploding, as expected " +
        "with batch norm. Batch norm makes the gradient grow 1.17x per layer toward the input at " +
        "initialization (Yang et al. 2019): layer 2 gets 17x layer 20's. After training: healthy. " +
        "Your claim or your weights did not match what the server measured or re-ran.",
    );
  });

  it("says why a run could not be verified in the reader's words, not the verifier's", () => {
    const failed = run({ status: "unverifiable", failure: "weights: weights are truncated" });
    expect(runReport(failed, undefined)).toEqual({ kind: "unverifiable", failure: "weights" });
    expect(verifiedLine(failed, undefined)).toBe(
      "The server could not verify this run: the trained weights did not match the network",
    );
    expect(failureCode("the run's challenge is gone")).toBe("challenge-gone");
    expect(failureCode("the verifier failed on this run")).toBe("verifier-failed");
    expect(failureCode("the run used another dataset")).toBe("other-dataset");
    expect(failureCode("something new")).toBe("other");
  });
});
