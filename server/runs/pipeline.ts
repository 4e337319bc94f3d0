/**
 * A run's life in one home: `accept` takes a student's submission (the challenge's rules, the
 * submission cap, weights matching the config, the prediction it answers locked, stored durably,
 * its sweep cell filled, queued for the verifier), and `settled` what follows the verifier's
 * answer (the student and teacher told, the prediction scored or the sweep cell freed, the
 * teacher's alerts, the board). It holds no socket server, room names or view mappers: what it
 * tells people goes through `RunAnnouncer`, which the realtime layer implements.
 */
import { alertsOf, type AlertKind } from "../../lib/challenges/alerts";
import { answerOut, assignmentPhase } from "../../lib/challenges/assignment";
import { checkConstraints, withLocks } from "../../lib/challenges/constraints";
import { slotConfig } from "../../lib/challenges/sweep";
import { DATASETS } from "../../lib/nn/datasets/index";
import { networkLayout } from "../../lib/nn/layout";
import { assertUsableWeights, decodeWeights, WeightsFormatError } from "../../lib/nn/weights";
import { fail, type Ack } from "../../lib/protocol/errors";
import type { RunSubmission } from "../../lib/protocol/schemas";
import type { BoardRun } from "../../lib/protocol/views";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import type { ChallengeFixed } from "../repositories/challenges";
import { RunIdConflictError, type RunSummary, type SettledRun } from "../repositories/runs";
import { BROADCAST_RETRY, retry } from "../retry";
import type { Experiment } from "../realtime/experiment";

/** An assignment before its opening: nothing is taken yet. */
export const notOpenYet = (opensAt: Date) =>
  fail("CHALLENGE_NOT_OPEN", `the assignment opens at ${opensAt.toISOString()}`, [
    { field: "opensAt", message: opensAt.toISOString() },
  ]);

/** An assignment past its due date that takes no late work. */
export const pastDue = (dueAt: Date) =>
  fail("PAST_DUE", `the assignment was due at ${dueAt.toISOString()} and takes no late work`, [
    { field: "dueAt", message: dueAt.toISOString() },
  ]);

/** What the pipeline tells people; the realtime layer turns it into events for rooms. */
export interface RunAnnouncer {
  /** A run was stored: the session's teacher sees it. */
  submitted(run: RunSummary, sessionId: string): void;
  /** A run left "pending": its student and the teacher see what the verifier found. */
  settled(run: SettledRun, challenge: ChallengeFixed): void;
  /** A settled run failed in a way the teacher should know of. */
  alert(kind: AlertKind, run: SettledRun, challenge: ChallengeFixed): void;
}

/** Where a verified run's score goes: the challenge's leaderboard. */
export interface RunBoards {
  ranked(run: BoardRun): void;
}

export interface RunPipeline {
  accept(participantId: string, submission: RunSubmission): Promise<Ack<RunSummary>>;
  settled(run: SettledRun): Promise<void>;
}

/**
 * Runs `task` after every earlier task with the same key: one student's submissions are checked and
 * stored one at a time, so the submission cap holds under concurrent sends (on this node).
 */
function serializer() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

export function createRunPipeline(deps: {
  repos: Repositories;
  /** Verifies a stored run off the event loop (the verifier's queue). */
  verify: (runId: string) => Promise<unknown>;
  experiment: Experiment;
  boards: RunBoards;
  /** A student's grade for a learning platform (LTI) follows their best. */
  grades?: { changed(participantId: string): Promise<void> };
  announce: RunAnnouncer;
  logger: Logger;
}): RunPipeline {
  const { repos, experiment, announce, logger } = deps;
  const perParticipant = serializer();
  const queue = (runId: string) =>
    void deps
      .verify(runId)
      .catch((error: unknown) => logger.error({ err: error, runId }, "verification failed"));

  async function accept(
    participantId: string,
    submission: RunSubmission,
  ): Promise<Ack<RunSummary>> {
    const {
      participant,
      session,
      challenge: found,
      used,
      existing,
    } = await repos.runs.submissionContext(
      participantId,
      submission.challengeId,
      submission.clientRunId,
    );
    if (!participant || !session) return fail("UNAUTHENTICATED", "join a session first");
    if (participant.removed) return fail("REMOVED", "the teacher removed you from this session");
    if (!participant.admitted)
      return fail("NOT_ADMITTED", "your teacher has not let you into the class yet");
    // A resend of an acknowledged run gets the same run back, whatever happened since.
    if (existing) {
      if (
        existing.participantId !== participantId ||
        existing.challengeId !== submission.challengeId
      )
        return fail("FORBIDDEN", "this run id belongs to another run");
      const run = await repos.runs.findById(existing.id);
      if (!run) return fail("NOT_FOUND", "no such run of yours");
      // A resend after a lost acknowledgement: the run may never have reached the verifier.
      if (run.status === "pending") queue(run.id);
      return { data: run };
    }
    // Another session's challenge is as invisible as a missing one.
    const fixed = found && (await repos.challenges.fixed(submission.challengeId));
    if (!found || !fixed || found.sessionId !== participant.sessionId || found.status === "draft")
      return fail("NOT_FOUND", "no such challenge in your session");
    const challenge = { id: submission.challengeId, spec: fixed.spec };
    if (found.status !== "open" || (found.closesAt && found.closesAt.getTime() < Date.now())) {
      return fail(
        "CHALLENGE_NOT_OPEN",
        `the challenge is ${found.status === "open" ? "out of time" : found.status}`,
      );
    }
    // An assignment takes nothing before its opening, and late work only when the teacher said so.
    const now = Date.now();
    const phase = assignmentPhase(session, now);
    if (phase === "not-open") return notOpenYet(session.opensAt!);
    if (phase === "past-due" && session.latePolicy === "refuse") return pastDue(session.dueAt!);
    const sweep = challenge.spec.sweep;
    // A sweep run is the run of the student's slot: its knobs and seed are locked like the
    // challenge's own.
    const slot = sweep ? await repos.sweeps.held(challenge.id, participantId) : null;
    if (sweep && !slot)
      return fail("CONSTRAINT_VIOLATION", "this sweep has no cell for you to run now");
    const rules =
      sweep && slot ? withLocks(challenge.spec, slotConfig(sweep, slot)) : challenge.spec;
    const violations = checkConstraints(rules, submission.config);
    if (violations.length > 0) {
      return fail(
        "CONSTRAINT_VIOLATION",
        "the config breaks the challenge's rules",
        violations.map((v) => ({ field: v.field, message: v.message })),
      );
    }
    if (used >= challenge.spec.limits.maxSubmissions) {
      return fail(
        "SUBMISSION_LIMIT",
        `at most ${challenge.spec.limits.maxSubmissions} submissions per challenge`,
      );
    }
    try {
      const weights = decodeWeights(submission.weights, {
        expected: networkLayout(submission.config, DATASETS[challenge.spec.dataset]),
      });
      // A run that diverged is kept for the teacher's record (never ranked); any other run's
      // weights must be numbers.
      if (!submission.claimed.diverged) assertUsableWeights(weights);
    } catch (error) {
      if (error instanceof WeightsFormatError) return fail("INVALID_WEIGHTS", error.message);
      throw error;
    }
    // Training has started (and ended): the prediction it answers can no longer change. Once the
    // answer is out (revealed, or an assignment's due date passed) no prediction is asked for: one
    // saved before is locked.
    if (
      challenge.spec.predict &&
      !(await repos.predictions.lock(challenge.id, participantId)) &&
      !answerOut(found, session, now)
    )
      return fail("PREDICTION_REQUIRED", "make your prediction before your first run");
    let stored;
    try {
      stored = await repos.runs.submit(participantId, submission);
    } catch (error) {
      if (error instanceof RunIdConflictError)
        return fail("FORBIDDEN", "this run id belongs to another run");
      throw error;
    }
    // Durable now: acknowledge, then verify off the event loop.
    if (stored.created) {
      announce.submitted(stored.run, participant.sessionId);
      // The slot is the run's now; the student's next slot comes with the acknowledgement's wake.
      if (sweep)
        await experiment
          .filled(fixed, participantId, stored.run.id)
          .catch((error: unknown) =>
            logger.error({ err: error, runId: stored.run.id }, "sweep slot fill failed"),
          );
      queue(stored.run.id);
    }
    return { data: stored.run };
  }

  async function settled(run: SettledRun): Promise<void> {
    // The run is settled in the database; what follows waits out a short database outage.
    const challenge = await retry(() => repos.challenges.fixed(run.challengeId), {
      ...BROADCAST_RETRY,
      onRetry: (error) => logger.warn({ err: error, runId: run.id }, "run broadcast waits"),
    });
    if (!challenge) return;
    announce.settled(run, challenge);
    await experiment
      .settled(run, challenge)
      .catch((error: unknown) =>
        logger.error({ err: error, runId: run.id }, "prediction or sweep update failed"),
      );
    for (const kind of alertsOf(
      {
        config: run.config,
        status: run.status,
        diverged: run.claimed.diverged,
        verifiedAccuracy: run.verified?.accuracy ?? null,
        finalVerdict: run.verified?.final?.verdict ?? null,
        mismatch: run.mismatch,
      },
      challenge.spec.expectedFailures,
    ))
      announce.alert(kind, run, challenge);
    if (run.score === null || run.student.removed) return;
    deps.boards.ranked({
      challengeId: run.challengeId,
      runId: run.id,
      participantId: run.participantId,
      nickname: run.student.nickname,
      score: run.score,
      submittedAt: run.submittedAt.getTime(),
    });
    if (!run.student.graded) return;
    await deps.grades
      ?.changed(run.participantId)
      .catch((error: unknown) =>
        logger.error({ err: error, runId: run.id }, "grade passback not scheduled"),
      );
  }

  return {
    accept: (participantId, submission) =>
      perParticipant(participantId, () => accept(participantId, submission)),
    settled: (run) =>
      settled(run).catch((error: unknown) =>
        logger.error({ err: error, runId: run.id }, "run broadcast failed"),
      ),
  };
}
