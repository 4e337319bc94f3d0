/** What the server sends: plain views of its records, never secrets (test seeds, token hashes, weights). */
import type { Locale } from "../i18n/locales";
import type { AlertKind } from "../challenges/alerts";
import type { LatePolicy, RevealPolicy, SessionKind } from "../challenges/assignment";
import type { PredictionInput, PredictionScore } from "../challenges/prediction";
import type { ChallengeSpec } from "../challenges/spec";
import type { PostCheckScore, TransferKey } from "../challenges/transfer";
import type { ChallengeStatus, RunStatus } from "../challenges/status";
import type { LeaderboardEntry } from "../challenges/scoring";
import type { NetworkConfig } from "../nn/config";
import type { Verdict } from "../nn/summary";

export interface SessionView {
  id: string;
  title: string;
  joinCode: string | null;
  status: "open" | "closed";
  /** No new students may join (students already in can come back). */
  joinLocked: boolean;
  /** Leaderboards and the projector show no nicknames. */
  hideNames: boolean;
  /** New students wait in a lobby until the teacher admits them (students already in rejoin). */
  lobby: boolean;
  createdAt: string;
  /** "assignment": self-paced between opensAt and dueAt, without a live teacher. */
  kind: SessionKind;
  opensAt: string | null;
  dueAt: string | null;
  latePolicy: LatePolicy;
  revealPolicy: RevealPolicy;
  /** The class's language for students whose browser asks for none the app speaks. */
  locale: Locale;
}

export interface ChallengeView {
  id: string;
  sessionId: string;
  templateKey: string | null;
  title: string;
  /** The student-facing spec (the teacher note is only in the teacher's view). */
  spec: Omit<ChallengeSpec, "teacherNote"> & { teacherNote?: string };
  status: ChallengeStatus;
  position: number;
  closesAt: string | null;
  /** The teacher revealed the measured profiles over the class's predictions. */
  revealed: boolean;
}

/** A student's prediction: what they sketched, whether it is locked, and its score once verified. */
export interface PredictionView extends PredictionInput {
  challengeId: string;
  participantId: string;
  locked: boolean;
  lockedAt: string | null;
  score: PredictionScore | null;
}

/** A student's post-check: their sketch and verdict for the challenge's transfer network. */
export interface PostCheckView {
  challengeId: string;
  participantId: string;
  transfer: TransferKey;
  curve: number[];
  verdict: Verdict;
  lockedAt: string;
  /** Null for the student until they may see it (an assignment revealing at its due date). */
  score: PostCheckScore | null;
}

/** One (cell, seed) of a sweep, held by a student while they run it, then filled by their run. */
export interface SweepSlotView {
  challengeId: string;
  cell: number;
  seed: number;
  participantId: string;
  status: "held" | "filled";
  runId: string | null;
  /** The config fields the slot fixes: its knobs and its seed. */
  config: Partial<NetworkConfig>;
}

/** A change of a sweep slot, for the teacher. */
export interface SweepSlotChange {
  slot: SweepSlotView;
  /** The slot was given back (its student left, or its run could not be verified). */
  released: boolean;
}

export interface ParticipantView {
  id: string;
  nickname: string;
  removed: boolean;
  /** False while the student waits in the lobby for the teacher to admit them. */
  admitted: boolean;
  online: boolean;
}

/** A join the server refused because the device was removed: what the teacher's lobby shows. */
export interface RefusedJoinView {
  /** The nickname the device tried now, and the one it was removed as. */
  nickname: string;
  removedAs: string;
  at: string;
}

export interface RunView {
  id: string;
  clientRunId: string;
  challengeId: string;
  participantId: string;
  config: NetworkConfig;
  status: RunStatus;
  claimedAccuracy: number;
  verifiedAccuracy: number | null;
  /** Step-ranked challenges: hidden-split accuracy of the server's own re-run of the config. */
  reproducedAccuracy: number | null;
  /** The gradient-flow verdict at initialization (the probe from the seed). */
  verdict: Verdict | null;
  /** ||dL/dW_2|| / ||dL/dW_L|| of that probe (null: overflowed or not verified). */
  initialGradRatio: number | null;
  /** Its growth per layer toward the input, over layers 2..L (null: undefined or below 3 layers). */
  initialFactor: number | null;
  /** The verdict at the trained weights: after training. */
  finalVerdict: Verdict | null;
  score: number | null;
  mismatch: boolean;
  failure: string | null;
  submittedAt: string;
  /** ||dL/dW|| per layer (layer 1 first) in the run's last telemetry frame, for the class heatmap. */
  profile: (number | null)[] | null;
  diverged: boolean;
}

export interface BoardEntryView extends LeaderboardEntry {
  /** null while the teacher hides names. */
  nickname: string | null;
}

/** Entries every client of a session gets with each change of a board. */
export const BOARD_TOP = 10;

/** Where a board message comes from: the node's stream (new at each start) and its change count. */
export interface BoardStamp {
  challengeId: string;
  epoch: string;
  version: number;
}

/** A board as fetched: its top (or every entry, when asked for), its size and the asker's entry. */
export interface LeaderboardView extends BoardStamp {
  entries: BoardEntryView[];
  total: number;
  /** The asking student's entry; null for the teacher or a student not on the board. */
  mine: BoardEntryView | null;
}

/** To the whole session after each change: the top of the board and its size. */
export interface BoardUpdateView extends BoardStamp {
  top: BoardEntryView[];
  total: number;
}

/** A ranked run as the servers' boards take it in place (and announce it to one another). */
export interface BoardRun {
  challengeId: string;
  runId: string;
  participantId: string;
  nickname: string;
  score: number;
  submittedAt: number;
}

/** To one student whose own place changed in that change (null: no longer on the board). */
export interface BoardRankView extends BoardStamp {
  entry: BoardEntryView | null;
}

export interface StudentState {
  session: SessionView;
  participant: ParticipantView;
  challenges: ChallengeView[];
  /** The student's own predictions. */
  predictions: PredictionView[];
  /** The student's own post-checks. */
  postChecks: PostCheckView[];
}

export interface TeacherState {
  session: SessionView;
  /**
   * The link students' devices can open: JOIN_URL's when set, else the address the teacher used, or
   * this machine's first LAN address when that was localhost.
   */
  joinUrl: string | null;
  /** Origins a student's device might open, the server's choice first, for the teacher to pick. */
  joinChoices: string[];
  challenges: ChallengeView[];
  roster: ParticipantView[];
  leaderboards: LeaderboardView[];
  submissions: number;
  /** Every run of the session, oldest first. */
  runs: RunView[];
  predictions: PredictionView[];
  postChecks: PostCheckView[];
  /** Every held or filled slot of the session's sweeps. */
  sweepSlots: SweepSlotView[];
}

export interface RunAlert {
  kind: AlertKind;
  runId: string;
  participantId: string;
  challengeId: string;
}
