/**
 * Grades for a gradebook: each challenge's best verified score as points out of 100, and an
 * assignment's grade as the mean over its challenges (a challenge not done counts 0). The same
 * points go to a CSV and, through LTI, to the school's gradebook.
 */
import type { Objective } from "./spec";

export const POINTS_POSSIBLE = 100;

/** Decades off level at which a gradient-health challenge earns nothing (as a prediction's profile). */
export const HEALTH_ZERO_DECADES = 3;

/**
 * Points for a challenge from its best score (null: no qualifying run): accuracy in percent; a
 * steps-to-target run qualifies only by reaching the target, so any qualifying run earns full
 * points (the board, not the grade, ranks the steps); gradient health loses points linearly with
 * the decades off level, to 0 at HEALTH_ZERO_DECADES.
 */
export function challengePoints(objective: Objective, best: number | null): number {
  if (best === null) return 0;
  switch (objective.kind) {
    case "accuracy":
      return POINTS_POSSIBLE * best;
    case "steps-to-target":
      return POINTS_POSSIBLE;
    case "gradient-health":
      return POINTS_POSSIBLE * Math.max(0, 1 - -best / HEALTH_ZERO_DECADES);
  }
}

/** The assignment's grade out of POINTS_POSSIBLE: the mean of its challenges' points. */
export const assignmentGrade = (points: readonly number[]): number =>
  points.length === 0 ? 0 : points.reduce((a, b) => a + b, 0) / points.length;

/** Points as a gradebook shows them: one decimal. */
export const roundPoints = (points: number): number => Math.round(points * 10) / 10;

/** A student's points per challenge (from their best scores) and their grade as gradebooks show it. */
export function gradeOf(objectives: readonly Objective[], best: readonly (number | null)[]) {
  const points = objectives.map((o, i) => challengePoints(o, best[i] ?? null));
  return { points, grade: roundPoints(assignmentGrade(points)) };
}
