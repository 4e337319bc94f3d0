/**
 * Learning evidence from a challenge's prediction (pre) and post-check (post), each on the same
 * 0..100 scale (./transfer.ts: profile and verdict points): each student's normalized gain
 * g = (post - pre) / (100 - pre), the class's (Hake 1998: g of the class averages, over the students
 * with both; interactive-engagement courses average 0.48, traditional ones 0.23), its distribution
 * in Hake's bands, and which verdict confusions moved between the two. Pure.
 */
import type { Verdict } from "../nn/summary";
import { comparablePoints } from "./transfer";

export interface EvidenceRow {
  participantId: string;
  /** 0..100, null when the student has no scored prediction (or post-check). */
  pre: number | null;
  post: number | null;
  preVerdict: Verdict | null;
  preMeasured: Verdict | null;
  postVerdict: Verdict | null;
  postMeasured: Verdict | null;
}

/** g for one student; null without both scores or when pre is already 100 (nothing to gain). */
export function normalizedGain(pre: number | null, post: number | null): number | null {
  if (pre === null || post === null || pre >= 100) return null;
  return (post - pre) / (100 - pre);
}

/** Hake's bands, with losses apart. */
export const GAIN_BANDS = [
  { label: "lost (g < 0)", from: -Infinity, to: 0 },
  { label: "low (0 ≤ g < 0.3)", from: 0, to: 0.3 },
  { label: "medium (0.3 ≤ g < 0.7)", from: 0.3, to: 0.7 },
  { label: "high (g ≥ 0.7)", from: 0.7, to: Infinity },
] as const;

export interface ClassGain {
  /** Students with both a pre and a post score. */
  students: number;
  preMean: number | null;
  postMean: number | null;
  /** (postMean - preMean) / (100 - preMean); null with no student or preMean 100. */
  gain: number | null;
  /** The mean of the students' own g (students whose pre was below 100). */
  meanOfGains: number | null;
  bands: { label: string; count: number }[];
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

export function classGain(rows: readonly EvidenceRow[]): ClassGain {
  const both = rows.filter((r) => r.pre !== null && r.post !== null);
  const preMean = mean(both.map((r) => r.pre!));
  const postMean = mean(both.map((r) => r.post!));
  const gains = both.flatMap((r) => {
    const g = normalizedGain(r.pre, r.post);
    return g === null ? [] : [g];
  });
  return {
    students: both.length,
    preMean,
    postMean,
    gain: normalizedGain(preMean, postMean),
    meanOfGains: mean(gains),
    bands: GAIN_BANDS.map((b) => ({
      label: b.label,
      count: gains.filter((g) => g >= b.from && g < b.to).length,
    })),
  };
}

export interface ConfusionShift {
  /** What students answered, when the network's measured verdict was `measured`. */
  answered: Verdict;
  measured: Verdict;
  /** How many answered so in the prediction, and in the post-check. */
  before: number;
  after: number;
}

/**
 * Wrong verdicts, before and after: for each (answered, measured) pair that is a confusion, how many
 * students' predictions and post-checks made it; the ones that moved most first.
 */
export function confusionShifts(rows: readonly EvidenceRow[]): ConfusionShift[] {
  const counts = new Map<string, ConfusionShift>();
  const add = (answered: Verdict | null, measured: Verdict | null, field: "before" | "after") => {
    if (!answered || !measured || answered === measured) return;
    const key = `${answered}|${measured}`;
    const shift = counts.get(key) ?? { answered, measured, before: 0, after: 0 };
    shift[field]++;
    counts.set(key, shift);
  };
  for (const r of rows) {
    add(r.preVerdict, r.preMeasured, "before");
    add(r.postVerdict, r.postMeasured, "after");
  }
  return [...counts.values()].sort(
    (a, b) =>
      Math.abs(b.after - b.before) - Math.abs(a.after - a.before) ||
      b.before + b.after - (a.before + a.after),
  );
}

/** How many students answered the verdict right, before and after. */
export function verdictsRight(rows: readonly EvidenceRow[]) {
  const count = (pick: (r: EvidenceRow) => [Verdict | null, Verdict | null]) => {
    const answered = rows.map(pick).filter(([a, m]) => a !== null && m !== null);
    return { right: answered.filter(([a, m]) => a === m).length, of: answered.length };
  };
  return {
    before: count((r) => [r.preVerdict, r.preMeasured]),
    after: count((r) => [r.postVerdict, r.postMeasured]),
  };
}

interface Scored {
  participantId: string;
  verdict: Verdict;
  score: { profilePoints: number; verdictPoints: number; measuredVerdict: Verdict } | null;
}

/**
 * One row per student with a prediction or a post-check on a challenge: pre and post on the same
 * scale (profile and verdict points out of 100), and the verdicts answered and measured.
 */
export function evidenceRows(
  predictions: readonly Scored[],
  postChecks: readonly Scored[],
): EvidenceRow[] {
  const rows = new Map<string, EvidenceRow>();
  const row = (participantId: string) => {
    let r = rows.get(participantId);
    if (!r) {
      r = {
        participantId,
        pre: null,
        post: null,
        preVerdict: null,
        preMeasured: null,
        postVerdict: null,
        postMeasured: null,
      };
      rows.set(participantId, r);
    }
    return r;
  };
  for (const p of predictions) {
    if (!p.score) continue;
    Object.assign(row(p.participantId), {
      pre: comparablePoints(p.score),
      preVerdict: p.verdict,
      preMeasured: p.score.measuredVerdict,
    });
  }
  for (const p of postChecks) {
    if (!p.score) continue;
    Object.assign(row(p.participantId), {
      post: comparablePoints(p.score),
      postVerdict: p.verdict,
      postMeasured: p.score.measuredVerdict,
    });
  }
  return [...rows.values()];
}
