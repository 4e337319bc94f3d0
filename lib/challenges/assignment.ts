/**
 * Assignments: a session's challenges done self-paced between an opening and a due date, without a
 * live teacher. The rules here are pure (the time is an argument), shared by the server that
 * enforces them and the pages that show them.
 */
import { z } from "zod";

export const SESSION_KINDS = ["live", "assignment"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** What happens to a run submitted after the due date. */
export const LATE_POLICIES = ["mark", "refuse"] as const;
export type LatePolicy = (typeof LATE_POLICIES)[number];

/**
 * When a student sees how their prediction scored: after their own first verified run, or for
 * everyone at the due date. Either way predictions close at the due date: after it the answer is out.
 */
export const REVEAL_POLICIES = ["own-run", "due"] as const;
export type RevealPolicy = (typeof REVEAL_POLICIES)[number];

export interface AssignmentTimes {
  kind: SessionKind;
  opensAt: Date | null;
  dueAt: Date | null;
  latePolicy: LatePolicy;
  revealPolicy: RevealPolicy;
}

/** The longest an assignment may run, opening to due date (a school year). */
export const MAX_ASSIGNMENT_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** An assignment's dates and policies as a teacher sets them (dates as ISO 8601 with an offset). */
export const assignmentSettingsSchema = z
  .object({
    opensAt: isoDate,
    dueAt: isoDate,
    latePolicy: z.enum(LATE_POLICIES).default("mark"),
    revealPolicy: z.enum(REVEAL_POLICIES).default("own-run"),
  })
  .strict()
  .superRefine((a, ctx) => {
    // (zod runs the refinement even when a date failed to parse.)
    if (!(a.opensAt instanceof Date) || !(a.dueAt instanceof Date)) return;
    if (a.dueAt.getTime() <= a.opensAt.getTime())
      ctx.addIssue({
        code: "custom",
        path: ["dueAt"],
        message: "the due date must be after the opening",
      });
    else if (a.dueAt.getTime() - a.opensAt.getTime() > MAX_ASSIGNMENT_DAYS * DAY_MS)
      ctx.addIssue({
        code: "custom",
        path: ["dueAt"],
        message: `an assignment runs at most ${MAX_ASSIGNMENT_DAYS} days`,
      });
  });
export type AssignmentSettings = z.infer<typeof assignmentSettingsSchema>;

/** Where an assignment stands at `now`: before its opening, open, or past its due date. */
export type AssignmentPhase = "not-open" | "open" | "past-due";

export function assignmentPhase(a: AssignmentTimes, now: number): AssignmentPhase {
  if (a.kind !== "assignment") return "open";
  if (a.opensAt && now < a.opensAt.getTime()) return "not-open";
  if (a.dueAt && now > a.dueAt.getTime()) return "past-due";
  return "open";
}

/** A run submitted at `submittedAt` is late when the session is an assignment past its due date. */
export const isLate = (a: AssignmentTimes, submittedAt: number): boolean =>
  assignmentPhase(a, submittedAt) === "past-due";

/**
 * Whether a challenge's answer (the measured profiles) is out for everyone: the teacher revealed it,
 * or the assignment's due date has passed. No prediction is taken once it is.
 */
export const answerOut = (
  challenge: { revealed: boolean },
  a: AssignmentTimes,
  now: number,
): boolean => challenge.revealed || (a.kind === "assignment" && isLate(a, now));

/**
 * Whether a student sees how their own prediction scored: at once in a live class and under the
 * "own-run" policy (the score comes with their first verified run), only once the answer is out
 * under "due".
 */
export const ownScoreShown = (
  challenge: { revealed: boolean },
  a: AssignmentTimes,
  now: number,
): boolean =>
  a.kind !== "assignment" || a.revealPolicy === "own-run" || answerOut(challenge, a, now);

/** Where one student stands on one challenge of an assignment, for the teacher. */
export type ProgressState = "not started" | "predicted" | "submitted" | "verified";

export interface ProgressCell {
  state: ProgressState;
  /** Best verified score (what the board ranks), null when none. */
  best: number | null;
  runs: number;
  /** Some run came after the due date. */
  late: boolean;
  /** Every run came after the due date (nothing on time). */
  onlyLate: boolean;
}

/**
 * The progress table: one cell per student and challenge, from the runs and predictions the
 * teacher's view already holds.
 */
export function progressCell(
  a: AssignmentTimes,
  runs: readonly { status: string; score: number | null; submittedAt: string }[],
  predicted: boolean,
): ProgressCell {
  let best: number | null = null;
  let late = 0;
  for (const r of runs) {
    if (r.score !== null && (best === null || r.score > best)) best = r.score;
    if (isLate(a, Date.parse(r.submittedAt))) late++;
  }
  const state: ProgressState = runs.some((r) => r.status === "verified")
    ? "verified"
    : runs.length > 0
      ? "submitted"
      : predicted
        ? "predicted"
        : "not started";
  return {
    state,
    best,
    runs: runs.length,
    late: late > 0,
    onlyLate: late > 0 && late === runs.length,
  };
}

/** An assignment's times as a view carries them (ISO strings) to the rules' dates. */
export const timesOf = (v: {
  kind: SessionKind;
  opensAt: string | null;
  dueAt: string | null;
  latePolicy: LatePolicy;
  revealPolicy: RevealPolicy;
}): AssignmentTimes => ({
  kind: v.kind,
  opensAt: v.opensAt === null ? null : new Date(v.opensAt),
  dueAt: v.dueAt === null ? null : new Date(v.dueAt),
  latePolicy: v.latePolicy,
  revealPolicy: v.revealPolicy,
});
