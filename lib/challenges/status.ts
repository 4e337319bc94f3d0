/**
 * The statuses of challenges and runs, and the teacher's actions on a challenge: one definition,
 * imported by the protocol, the repositories, the rules and the pages.
 */

export const CHALLENGE_STATUSES = ["draft", "open", "locked", "closed"] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const CHALLENGE_ACTIONS = ["open", "lock", "reopen", "close"] as const;
export type ChallengeAction = (typeof CHALLENGE_ACTIONS)[number];

/** Which statuses each teacher action moves a challenge from, and to. */
export const TRANSITIONS: Record<
  ChallengeAction,
  { from: readonly ChallengeStatus[]; to: ChallengeStatus }
> = {
  open: { from: ["draft"], to: "open" },
  lock: { from: ["open"], to: "locked" },
  reopen: { from: ["locked"], to: "open" },
  close: { from: ["draft", "open", "locked"], to: "closed" },
};

/** The actions a challenge in `status` offers the teacher (TRANSITIONS read the other way). */
export const actionsFrom = (status: ChallengeStatus): ChallengeAction[] =>
  CHALLENGE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));

/** A run is pending until the verifier has scored it, or found it cannot. */
export const RUN_STATUSES = ["pending", "verified", "unverifiable"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
