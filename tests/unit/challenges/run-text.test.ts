import { describe, expect, it } from "vitest";
import { verifiedLine } from "../../../lib/challenges/run-text";
import { DEFAULT_CONFIG } from "../../../lib/nn/config";
import type { RunView } from "../../../lib/protocol/views";

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
});
