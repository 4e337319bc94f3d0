import { describe, expect, it } from "vitest";
import {
  answerOut,
  assignmentPhase,
  assignmentSettingsSchema,
  isLate,
  ownScoreShown,
  progressCell,
  type AssignmentTimes,
} from "../../../lib/challenges/assignment";

const OPENS = Date.parse("2026-12-07T08:00:00Z");
const DUE = Date.parse("2026-12-14T23:59:00Z");
const homework = (patch: Partial<AssignmentTimes> = {}): AssignmentTimes => ({
  kind: "assignment",
  opensAt: new Date(OPENS),
  dueAt: new Date(DUE),
  latePolicy: "mark",
  revealPolicy: "own-run",
  ...patch,
});
const live: AssignmentTimes = {
  kind: "live",
  opensAt: null,
  dueAt: null,
  latePolicy: "mark",
  revealPolicy: "own-run",
};

describe("an assignment's phases", () => {
  it("is not open before its opening, open up to and at its due date, past due after", () => {
    expect(assignmentPhase(homework(), OPENS - 1)).toBe("not-open");
    expect(assignmentPhase(homework(), OPENS)).toBe("open");
    expect(assignmentPhase(homework(), DUE)).toBe("open");
    expect(assignmentPhase(homework(), DUE + 1)).toBe("past-due");
    expect(isLate(homework(), DUE + 1)).toBe(true);
    expect(isLate(homework(), DUE)).toBe(false);
  });

  it("never applies to a live class", () => {
    expect(assignmentPhase(live, 0)).toBe("open");
    expect(isLate(live, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(answerOut({ revealed: false }, live, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(ownScoreShown({ revealed: false }, live, 0)).toBe(true);
  });

  it("puts the answer out at the due date (or the teacher's reveal), and the score with it under 'due'", () => {
    const due = homework({ revealPolicy: "due" });
    expect(answerOut({ revealed: false }, due, DUE)).toBe(false);
    expect(answerOut({ revealed: false }, due, DUE + 1)).toBe(true);
    expect(answerOut({ revealed: true }, due, OPENS)).toBe(true);
    expect(ownScoreShown({ revealed: false }, due, DUE)).toBe(false);
    expect(ownScoreShown({ revealed: false }, due, DUE + 1)).toBe(true);
    // Under "own-run" the score comes with the student's first verified run.
    expect(ownScoreShown({ revealed: false }, homework(), OPENS)).toBe(true);
  });
});

describe("the settings a teacher sends", () => {
  const parse = (v: unknown) => assignmentSettingsSchema.safeParse(v);

  it("takes ISO dates with an offset and defaults the policies", () => {
    const r = parse({ opensAt: "2026-12-07T09:00:00+01:00", dueAt: "2026-12-14T23:59:00Z" });
    expect(r.success && r.data).toEqual({
      opensAt: new Date(OPENS),
      dueAt: new Date(DUE),
      latePolicy: "mark",
      revealPolicy: "own-run",
    });
  });

  it("refuses a due date not after the opening, a year and more, and what is not a date", () => {
    const issue = (v: unknown) => {
      const r = parse(v);
      return r.success ? null : r.error.issues.map((i) => [i.path.join("."), i.message]);
    };
    expect(issue({ opensAt: "2026-12-07T08:00:00Z", dueAt: "2026-12-07T08:00:00Z" })).toEqual([
      ["dueAt", "the due date must be after the opening"],
    ]);
    expect(issue({ opensAt: "2026-01-01T00:00:00Z", dueAt: "2027-01-03T00:00:00Z" })).toEqual([
      ["dueAt", "an assignment runs at most 366 days"],
    ]);
    expect(issue({ opensAt: "next monday", dueAt: "2026-12-07T08:00:00Z" })?.[0]?.[0]).toBe(
      "opensAt",
    );
    expect(issue({ opensAt: "2026-12-07T08:00:00", dueAt: "2026-12-08T08:00:00Z" })).not.toBeNull();
    expect(
      issue({
        opensAt: "2026-12-07T08:00:00Z",
        dueAt: "2026-12-08T08:00:00Z",
        latePolicy: "sometimes",
      }),
    ).not.toBeNull();
  });
});

describe("a student's progress on a challenge", () => {
  const run = (at: number, status: string, score: number | null) => ({
    status,
    score,
    submittedAt: new Date(at).toISOString(),
  });

  it("goes from not started to predicted, submitted and verified, with the best score", () => {
    expect(progressCell(homework(), [], false).state).toBe("not started");
    expect(progressCell(homework(), [], true).state).toBe("predicted");
    expect(progressCell(homework(), [run(OPENS, "pending", null)], true)).toMatchObject({
      state: "submitted",
      best: null,
      runs: 1,
    });
    expect(
      progressCell(
        homework(),
        [
          run(OPENS, "verified", 0.8),
          run(OPENS + 1, "unverifiable", null),
          run(OPENS + 2, "verified", 0.7),
        ],
        false,
      ),
    ).toEqual({ state: "verified", best: 0.8, runs: 3, late: false, onlyLate: false });
  });

  it("marks late work, and whether anything came on time", () => {
    const some = progressCell(
      homework(),
      [run(DUE, "verified", 0.6), run(DUE + 1, "verified", 0.9)],
      false,
    );
    expect(some).toMatchObject({ late: true, onlyLate: false, best: 0.9 });
    const all = progressCell(homework(), [run(DUE + 5, "verified", 0.9)], false);
    expect(all).toMatchObject({ late: true, onlyLate: true });
  });
});
