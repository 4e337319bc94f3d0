import { describe, expect, it } from "vitest";
import {
  buildLeaderboard,
  scoreRun,
  scoreValue,
  type Objective,
  type RankableRun,
  type VerifiedResult,
} from "../../../lib/challenges";

const result = (patch: Partial<VerifiedResult>): VerifiedResult => ({
  accuracy: 0.9,
  loss: 0.3,
  steps: 500,
  probe: { from: 2, gradRatio: 1, signalRatio: 1, verdict: "healthy" },
  reproduced: null,
  final: null,
  ...patch,
});
const again = (
  accuracy: number,
  patch: Partial<NonNullable<VerifiedResult["reproduced"]>> = {},
) => ({
  reproduced: { accuracy, loss: 0.3, diverged: false, ...patch },
});

describe("scoreRun", () => {
  it.each<[string, Objective, Partial<VerifiedResult>, number | null]>([
    ["accuracy", { kind: "accuracy" }, { accuracy: 0.87 }, 0.87],
    ["accuracy of broken weights", { kind: "accuracy" }, { accuracy: Number.NaN }, null],
    ["accuracy of overflowing outputs", { kind: "accuracy" }, { accuracy: 0, loss: null }, null],
    [
      "steps, target reached by the weights and the server's re-run",
      { kind: "steps-to-target", target: 0.9 },
      { accuracy: 0.9, steps: 120, ...again(0.91) },
      -120,
    ],
    [
      "steps, target missed",
      { kind: "steps-to-target", target: 0.9 },
      { accuracy: 0.899, steps: 10, ...again(0.9) },
      null,
    ],
    [
      "steps, weights at target but never re-run",
      { kind: "steps-to-target", target: 0.9 },
      { accuracy: 0.97, steps: 10 },
      null,
    ],
    [
      "steps, the server's re-run misses the target (weights from longer training)",
      { kind: "steps-to-target", target: 0.9 },
      { accuracy: 0.97, steps: 10, ...again(0.41) },
      null,
    ],
    [
      "steps, the server's re-run diverged",
      { kind: "steps-to-target", target: 0.9 },
      { accuracy: 0.95, steps: 10, ...again(0.95, { diverged: true }) },
      null,
    ],
    ["level gradients", { kind: "gradient-health" }, {}, 0],
    [
      "Yang's 33x",
      { kind: "gradient-health" },
      { probe: { from: 2, gradRatio: 33, signalRatio: 1, verdict: "exploding" } },
      -Math.log10(33),
    ],
    [
      "vanishing both ways",
      { kind: "gradient-health" },
      { probe: { from: 2, gradRatio: 0.01, signalRatio: 1000, verdict: "vanishing" } },
      -5,
    ],
    [
      "overflow",
      { kind: "gradient-health" },
      { probe: { from: 2, gradRatio: null, signalRatio: 1, verdict: "exploding" } },
      null,
    ],
  ])("%s", (_name, objective, patch, expected) => {
    const score = scoreRun(objective, result(patch));
    if (expected === null) expect(score).toBeNull();
    else expect(score).toBeCloseTo(expected, 12);
  });

  it("displays scores in the objective's own unit", () => {
    expect(scoreValue({ kind: "accuracy" }, 0.8)).toBe(0.8);
    expect(scoreValue({ kind: "steps-to-target", target: 0.9 }, -120)).toBe(120);
  });
});

const run = (
  runId: string,
  participantId: string,
  score: number | null,
  submittedAt: number,
): RankableRun => ({
  runId,
  participantId,
  score,
  submittedAt,
});

describe("buildLeaderboard", () => {
  it.each<[string, RankableRun[], [string, string][]]>([
    ["empty", [], []],
    ["unverified runs are never ranked", [run("r1", "ann", null, 1)], []],
    [
      "higher score first",
      [run("r1", "ann", 0.5, 1), run("r2", "bob", 0.8, 2)],
      [
        ["bob", "r2"],
        ["ann", "r1"],
      ],
    ],
    [
      "best run per student",
      [run("r1", "ann", 0.5, 1), run("r2", "ann", 0.9, 2), run("r3", "ann", 0.7, 3)],
      [["ann", "r2"]],
    ],
    [
      "tie: earlier submission first",
      [run("r2", "bob", 0.8, 20), run("r1", "ann", 0.8, 10)],
      [
        ["ann", "r1"],
        ["bob", "r2"],
      ],
    ],
    [
      "tie within a student: the earlier run",
      [run("late", "ann", 0.8, 20), run("early", "ann", 0.8, 10)],
      [["ann", "early"]],
    ],
    [
      "same instant: run id decides",
      [run("b", "bob", 0.8, 5), run("a", "ann", 0.8, 5)],
      [
        ["ann", "a"],
        ["bob", "b"],
      ],
    ],
    [
      "negative scores (steps)",
      [run("r1", "ann", -300, 1), run("r2", "bob", -120, 2)],
      [
        ["bob", "r2"],
        ["ann", "r1"],
      ],
    ],
  ])("%s", (_name, runs, expected) => {
    const board = buildLeaderboard(runs);
    expect(board.map((e) => [e.participantId, e.runId])).toEqual(expected);
    expect(board.map((e) => e.rank)).toEqual(expected.map((_, i) => i + 1));
  });
});
