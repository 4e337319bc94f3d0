/** Records to the protocol's views: the only way server data reaches a socket. */
import { slotConfig, type SweepSpec } from "../../lib/challenges/sweep";
import { factorFromRatio } from "../../lib/nn/summary";
import type {
  ChallengeView,
  ParticipantView,
  PredictionView,
  PostCheckView,
  RunView,
  SessionView,
  SweepSlotView,
} from "../../lib/protocol/views";
import type { ChallengeRecord } from "../repositories/challenges";
import type { ParticipantRecord } from "../repositories/participants";
import type { PredictionRecord } from "../repositories/predictions";
import type { PostCheckRecord } from "../repositories/post-checks";
import type { TransferKey } from "../../lib/challenges/transfer";
import type { RunSummary } from "../repositories/runs";
import type { SessionRecord } from "../repositories/sessions";
import type { SweepSlotRecord } from "../repositories/sweeps";

export const sessionView = (s: SessionRecord): SessionView => ({
  id: s.id,
  title: s.title,
  joinCode: s.joinCode,
  status: s.status,
  joinLocked: s.joinLocked,
  hideNames: s.hideNames,
  lobby: s.lobby,
  createdAt: s.createdAt.toISOString(),
  kind: s.kind,
  opensAt: s.opensAt?.toISOString() ?? null,
  dueAt: s.dueAt?.toISOString() ?? null,
  latePolicy: s.latePolicy,
  revealPolicy: s.revealPolicy,
  locale: s.locale,
});

/** Students never see the teacher's note; nobody sees the test seed. */
export function challengeView(c: ChallengeRecord, audience: "teacher" | "student"): ChallengeView {
  const { teacherNote, ...studentSpec } = c.spec;
  return {
    id: c.id,
    sessionId: c.sessionId,
    templateKey: c.templateKey,
    title: c.title,
    spec: audience === "teacher" ? { ...studentSpec, teacherNote } : studentSpec,
    status: c.status,
    position: c.position,
    closesAt: c.closesAt?.toISOString() ?? null,
    revealed: c.revealedAt !== null,
  };
}

export const participantView = (p: ParticipantRecord, online: boolean): ParticipantView => ({
  id: p.id,
  nickname: p.nickname,
  removed: p.removed,
  admitted: p.admitted,
  online,
});

export const runView = (r: RunSummary): RunView => ({
  id: r.id,
  clientRunId: r.clientRunId,
  challengeId: r.challengeId,
  participantId: r.participantId,
  config: r.config,
  status: r.status,
  claimedAccuracy: r.claimed.accuracy,
  verifiedAccuracy: r.verified?.accuracy ?? null,
  reproducedAccuracy: r.verified?.reproduced?.accuracy ?? null,
  verdict: r.verified?.probe.verdict ?? null,
  initialGradRatio: r.verified?.probe.gradRatio ?? null,
  initialFactor: r.verified
    ? factorFromRatio(r.verified.probe.gradRatio, r.config.depth, r.verified.probe.from)
    : null,
  finalVerdict: r.verified?.final?.verdict ?? null,
  score: r.score,
  mismatch: r.mismatch,
  failure: r.failure,
  submittedAt: r.submittedAt.toISOString(),
  profile: r.profile,
  diverged: r.claimed.diverged,
});

export const predictionView = (p: PredictionRecord): PredictionView => ({
  ...p.input,
  challengeId: p.challengeId,
  participantId: p.participantId,
  locked: p.lockedAt !== null,
  lockedAt: p.lockedAt?.toISOString() ?? null,
  score: p.score,
});

/**
 * A prediction as its student sees it: its score only once they may see it (an assignment that
 * reveals at the due date keeps it back until then: lib/challenges/assignment.ts).
 */
export const studentPredictionView = (p: PredictionRecord, scoreShown: boolean): PredictionView => {
  const view = predictionView(p);
  return scoreShown ? view : { ...view, score: null };
};

/** A post-check as its student (score when shown) or the teacher (always) sees it. */
export const postCheckView = (
  p: PostCheckRecord,
  transfer: TransferKey,
  scoreShown: boolean,
): PostCheckView => ({
  challengeId: p.challengeId,
  participantId: p.participantId,
  transfer,
  curve: p.input.curve,
  verdict: p.input.verdict,
  lockedAt: p.lockedAt.toISOString(),
  score: scoreShown ? p.score : null,
});

/** Post-checks as views: each with its challenge's transfer item, its score when `shown`. */
export function postCheckViews(
  records: readonly PostCheckRecord[],
  challenges: readonly ChallengeRecord[],
  shown: (challengeId: string) => boolean,
): PostCheckView[] {
  const transferOf = new Map(challenges.map((c) => [c.id, c.spec.postCheck?.transfer]));
  return records.flatMap((p) => {
    const transfer = transferOf.get(p.challengeId);
    return transfer ? [postCheckView(p, transfer, shown(p.challengeId))] : [];
  });
}

export const sweepSlotView = (s: SweepSlotRecord, spec: SweepSpec): SweepSlotView => ({
  challengeId: s.challengeId,
  cell: s.cell,
  seed: s.seed,
  participantId: s.participantId,
  status: s.holderId === null ? "filled" : "held",
  runId: s.runId,
  config: slotConfig(spec, s),
});
