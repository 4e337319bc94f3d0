import { describe, expect, it } from "vitest";
import { alertsOf, type AlertableRun } from "../../../lib/challenges/alerts";
import { findTemplate } from "../../../lib/challenges/curriculum";

const run = (patch: Partial<AlertableRun>): AlertableRun => ({
  config: { dataset: "spiral" },
  status: "verified",
  diverged: false,
  verifiedAccuracy: 0.34,
  finalVerdict: "vanishing",
  mismatch: false,
  ...patch,
});

describe("teacher alerts", () => {
  it("raises a stalled, vanishing run where failing is not the lesson", () => {
    expect(alertsOf(run({}))).toEqual(["stalled", "vanishing"]);
  });

  it("stays quiet where the lesson is the failure (the predict challenge's deep sigmoid)", () => {
    const expected = findTemplate("predict-sigmoid")!.spec.expectedFailures;
    expect(alertsOf(run({}), expected)).toEqual([]);
  });

  it("still raises what is never the lesson: a diverged run, an unsupported claim", () => {
    const expected = findTemplate("vanishing-sigmoid")!.spec.expectedFailures;
    expect(alertsOf(run({ diverged: true }), expected)).toEqual(["diverged"]);
    expect(alertsOf(run({ mismatch: true }), expected)).toEqual(["mismatch"]);
  });
});
