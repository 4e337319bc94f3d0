import { describe, expect, it } from "vitest";
import { assignmentGrade, challengePoints, roundPoints } from "../../../lib/challenges/grading";

describe("gradebook points", () => {
  it("gives accuracy in percent, full points for reaching a step target, and health by decades off", () => {
    expect(challengePoints({ kind: "accuracy" }, 0.873)).toBeCloseTo(87.3, 9);
    expect(challengePoints({ kind: "steps-to-target", target: 0.9 }, -300)).toBe(100);
    expect(challengePoints({ kind: "gradient-health" }, -0)).toBe(100);
    expect(challengePoints({ kind: "gradient-health" }, -1.5)).toBeCloseTo(50, 9);
    expect(challengePoints({ kind: "gradient-health" }, -7)).toBe(0);
  });

  it("gives nothing without a qualifying run, and averages an assignment's challenges", () => {
    expect(challengePoints({ kind: "accuracy" }, null)).toBe(0);
    expect(challengePoints({ kind: "steps-to-target", target: 0.9 }, null)).toBe(0);
    expect(assignmentGrade([90, 100, 0])).toBeCloseTo(63.333, 3);
    expect(assignmentGrade([])).toBe(0);
    expect(roundPoints(63.3333)).toBe(63.3);
  });
});
