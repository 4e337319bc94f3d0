/** Normalized gain and the confusions that moved, checked against numbers worked by hand. */
import { describe, expect, it } from "vitest";
import {
  classGain,
  confusionShifts,
  normalizedGain,
  verdictsRight,
  type EvidenceRow,
} from "../../../lib/challenges/gain";
import { comparablePoints, scorePostCheck } from "../../../lib/challenges/transfer";

const row = (
  id: string,
  pre: number | null,
  post: number | null,
  verdicts: Partial<EvidenceRow> = {},
): EvidenceRow => ({
  participantId: id,
  pre,
  post,
  preVerdict: null,
  preMeasured: null,
  postVerdict: null,
  postMeasured: null,
  ...verdicts,
});

describe("normalized gain", () => {
  it("is (post - pre) / (100 - pre), and undefined without both or from 100", () => {
    expect(normalizedGain(40, 70)).toBeCloseTo(0.5, 12);
    expect(normalizedGain(80, 60)).toBeCloseTo(-1, 12);
    expect(normalizedGain(0, 100)).toBe(1);
    expect(normalizedGain(100, 100)).toBeNull();
    expect(normalizedGain(null, 50)).toBeNull();
    expect(normalizedGain(50, null)).toBeNull();
  });

  it("takes the class's g from the class averages (Hake), over students with both", () => {
    // Means over a, b, c: pre 40, post 70 -> g = 30 / 60 = 0.5; d has no post-check.
    const rows = [row("a", 20, 60), row("b", 40, 70), row("c", 60, 80), row("d", 10, null)];
    const g = classGain(rows);
    expect(g.students).toBe(3);
    expect(g.preMean).toBeCloseTo(40, 12);
    expect(g.postMean).toBeCloseTo(70, 12);
    expect(g.gain).toBeCloseTo(0.5, 12);
    // Own gains: 40/80 = 0.5, 30/60 = 0.5, 20/40 = 0.5.
    expect(g.meanOfGains).toBeCloseTo(0.5, 12);
    expect(g.bands.map((b) => b.count)).toEqual([0, 0, 3, 0]);
  });

  it("puts each student's g in Hake's bands, losses apart", () => {
    const rows = [
      row("a", 50, 40),
      row("b", 50, 55),
      row("c", 50, 75),
      row("d", 50, 100),
      row("e", 100, 90),
    ];
    // g: -0.2, 0.1, 0.5, 1; e started at 100: no g.
    expect(classGain(rows).bands.map((b) => b.count)).toEqual([1, 1, 1, 1]);
    expect(classGain([]).gain).toBeNull();
  });
});

describe("verdict confusions", () => {
  it("counts each wrong verdict before and after, the ones that moved most first", () => {
    const rows = [
      // Three said healthy for a vanishing sigmoid network; after, two said vanishing for BN's
      // exploding one, one got it.
      row("a", 10, 50, {
        preVerdict: "healthy",
        preMeasured: "vanishing",
        postVerdict: "vanishing",
        postMeasured: "exploding",
      }),
      row("b", 10, 50, {
        preVerdict: "healthy",
        preMeasured: "vanishing",
        postVerdict: "vanishing",
        postMeasured: "exploding",
      }),
      row("c", 10, 90, {
        preVerdict: "healthy",
        preMeasured: "vanishing",
        postVerdict: "exploding",
        postMeasured: "exploding",
      }),
      row("d", 90, 90, {
        preVerdict: "vanishing",
        preMeasured: "vanishing",
        postVerdict: "exploding",
        postMeasured: "exploding",
      }),
    ];
    expect(confusionShifts(rows)).toEqual([
      { answered: "healthy", measured: "vanishing", before: 3, after: 0 },
      { answered: "vanishing", measured: "exploding", before: 0, after: 2 },
    ]);
    expect(verdictsRight(rows)).toEqual({
      before: { right: 1, of: 4 },
      after: { right: 2, of: 4 },
    });
  });
});

describe("post-check scores", () => {
  it("count the profile and the verdict out of 100, as the prediction's do", () => {
    expect(comparablePoints({ profilePoints: 60, verdictPoints: 25 })).toBe(100);
    expect(comparablePoints({ profilePoints: 30, verdictPoints: 0 })).toBeCloseTo(35.294, 3);
    // A flat sketch against a profile falling 1 decade per layer over layers 2..4 of 4.
    const measured = { profile: [1, 1e-2, 1e-1, 1], verdict: "vanishing" as const };
    const score = scorePostCheck({ curve: [0, 0, 0], verdict: "vanishing" }, measured);
    // Relative: -2, -1, 0 decades; RMS distance sqrt(5/3) = 1.291; profile 60 x (1 - 1.291/3).
    expect(score.distance).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(score.total).toBeCloseTo((100 * (60 * (1 - Math.sqrt(5 / 3) / 3) + 25)) / 85, 9);
  });
});
