/**
 * The student's events: join or rejoin with a token, submit runs (their life is the run pipeline's,
 * server/runs/pipeline.ts), predict, claim a sweep cell, read runs and leaderboards.
 */
import { createHash, randomBytes } from "node:crypto";
import { answerOut, assignmentPhase, ownScoreShown } from "../../lib/challenges/assignment";
import { fail } from "../../lib/protocol/errors";
import { nicknameKey } from "../../lib/protocol/nickname-key";
import type { StudentState } from "../../lib/protocol/views";
import { NicknameTakenError, type ParticipantRecord } from "../repositories/participants";
import type { SessionRecord } from "../repositories/sessions";
import type { Logger } from "../log";
import type { HandlerDeps } from "./deps";
import type { JoinRefusal } from "./join-limits";
import { notOpenYet, pastDue } from "../runs/pipeline";
import { handle } from "./handle";
import { currentTeacher } from "./identity";
import { rooms, type IoSocket } from "./types";
import {
  challengeView,
  participantView,
  predictionView,
  runView,
  studentPredictionView,
  postCheckView,
  postCheckViews,
  sessionView,
  sweepSlotView,
} from "./views";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A refused attempt, saying which limit refused: this device's, or the network's. */
const tooManyWrong = (refused: JoinRefusal, what: "codes" | "tokens") =>
  fail(
    "RATE_LIMITED",
    refused === "device"
      ? `too many wrong ${what} from this device: wait a minute`
      : `too many wrong ${what} from your network (every device behind its address): wait a minute`,
    [{ field: "limit", message: refused }],
  );

export function registerStudentHandlers(socket: IoSocket, deps: HandlerDeps, log: Logger): void {
  const { io, repos, runs, leaderboards, joinLimits, experiment } = deps;
  const ctx = { log, ping: deps.ping, calls: deps.calls, admission: deps.admission };

  async function enter(
    session: SessionRecord,
    participant: ParticipantRecord,
  ): Promise<StudentState> {
    socket.data.participantId = participant.id;
    socket.data.sessionId = session.id;
    await repos.participants.touch(participant.id);
    const view = participantView(participant, true);
    io.to(rooms.teacher(session.id)).emit("roster:updated", view);
    // In the lobby a student hears only their own news (being let in), and sees no challenge.
    if (!participant.admitted) {
      await socket.join(rooms.participant(participant.id));
      return {
        session: sessionView(session),
        participant: view,
        challenges: [],
        predictions: [],
        postChecks: [],
      };
    }
    await socket.join([rooms.session(session.id), rooms.participant(participant.id)]);
    const [challenges, predictions, postChecks] = await Promise.all([
      repos.challenges.listBySession(session.id),
      repos.predictions.listForParticipant(participant.id),
      repos.postChecks.listForParticipant(participant.id),
    ]);
    const revealedAt = new Map(challenges.map((c) => [c.id, c.revealedAt]));
    const now = Date.now();
    const shown = (challengeId: string) =>
      ownScoreShown({ revealed: revealedAt.get(challengeId) != null }, session, now);
    return {
      session: sessionView(session),
      participant: view,
      challenges: challenges
        .filter((c) => c.status !== "draft")
        .map((c) => challengeView(c, "student")),
      predictions: predictions.map((p) => studentPredictionView(p, shown(p.challengeId))),
      postChecks: postCheckViews(postChecks, challenges, shown),
    };
  }

  /** The joined, not removed participant; otherwise the error to answer. */
  async function me() {
    const id = socket.data.participantId;
    if (!id) return fail("UNAUTHENTICATED", "join a session first");
    const participant = await repos.participants.findById(id);
    if (!participant) return fail("UNAUTHENTICATED", "join a session first");
    if (participant.removed) return fail("REMOVED", "the teacher removed you from this session");
    if (!participant.admitted)
      return fail("NOT_ADMITTED", "your teacher has not let you into the class yet");
    return { participant };
  }

  /** The joined student and a challenge of their session; otherwise the error to answer. */
  async function myChallenge(challengeId: string) {
    const who = await me();
    if ("error" in who) return who;
    const { participant } = who;
    const challenge = await repos.challenges.findById(challengeId);
    // Another session's challenge is as invisible as a missing one.
    if (
      !challenge ||
      challenge.sessionId !== participant.sessionId ||
      challenge.status === "draft"
    ) {
      return fail("NOT_FOUND", "no such challenge in your session");
    }
    const session = (await repos.sessions.findById(challenge.sessionId))!;
    return { participant, challenge, session };
  }

  /** Whether this socket is signed in as the teacher of the challenge's session. */
  async function teacherOwns(challengeId: string): Promise<boolean> {
    const teacherId = await currentTeacher(socket, deps.auth);
    if (!teacherId) return false;
    const challenge = await repos.challenges.findById(challengeId);
    const session = challenge && (await repos.sessions.findById(challenge.sessionId));
    return session?.teacherId === teacherId;
  }

  handle(
    socket,
    "session:peek",
    async ({ joinCode }) => {
      const { deviceKey: device, address } = socket.data;
      const refused = await joinLimits.attempt(device, address);
      if (refused) return tooManyWrong(refused, "codes");
      const session = await repos.sessions.findOpenByJoinCode(joinCode);
      if (!session) return fail("NOT_FOUND", "no open session has this code");
      await joinLimits.succeeded(device, address);
      return { data: { title: session.title, joinLocked: session.joinLocked } };
    },
    ctx,
  );

  handle(
    socket,
    "participant:join",
    async ({ joinCode, nickname }) => {
      const { deviceKey: device, address } = socket.data;
      const refused = await joinLimits.attempt(device, address);
      if (refused) return tooManyWrong(refused, "codes");
      const session = await repos.sessions.findOpenByJoinCode(joinCode);
      if (!session) return fail("NOT_FOUND", "no open session has this code");
      await joinLimits.succeeded(device, address);
      if (session.joinLocked)
        return fail("JOINING_LOCKED", "the teacher has locked joining for now");
      const removedAs = await repos.participants.removedDevice(session.id, device);
      if (removedAs !== null) {
        // The teacher's lobby shows who tried to come back, and as whom.
        io.to(rooms.teacher(session.id)).emit("participant:refused", {
          nickname,
          removedAs,
          at: new Date().toISOString(),
        });
        return fail("REMOVED", "the teacher removed you from this session");
      }
      const over = await joinLimits.join(device, address, session.id);
      if (over)
        return fail(
          "RATE_LIMITED",
          over === "device"
            ? "this device has joined too many times: wait a few minutes"
            : "too many devices from your network joined this class in the last minutes: wait a few minutes",
          [{ field: "limit", message: over }],
        );
      const rejoinToken = randomBytes(32).toString("base64url");
      try {
        const participant = await repos.participants.create({
          sessionId: session.id,
          nickname,
          nicknameKey: nicknameKey(nickname),
          rejoinTokenHash: hashToken(rejoinToken),
          deviceKey: device,
          // With the lobby on, a newcomer waits for the teacher to let them in.
          admitted: !session.lobby,
        });
        return { data: { ...(await enter(session, participant)), rejoinToken } };
      } catch (error) {
        if (error instanceof NicknameTakenError)
          return fail("NICKNAME_TAKEN", "someone in this session has that nickname");
        throw error;
      }
    },
    ctx,
  );

  handle(
    socket,
    "participant:rejoin",
    async ({ rejoinToken }) => {
      const { deviceKey: device, address } = socket.data;
      const refused = await joinLimits.attempt(device, address);
      if (refused) return tooManyWrong(refused, "tokens");
      const participant = await repos.participants.findByTokenHash(hashToken(rejoinToken));
      if (!participant) return fail("NOT_FOUND", "this rejoin token is not known");
      await joinLimits.succeeded(device, address);
      if (participant.removed) return fail("REMOVED", "the teacher removed you from this session");
      const session = (await repos.sessions.findById(participant.sessionId))!;
      return { data: await enter(session, participant) };
    },
    ctx,
  );

  handle(
    socket,
    "run:submit",
    async (submission) => {
      const participantId = socket.data.participantId;
      if (!participantId) return fail("UNAUTHENTICATED", "join a session first");
      const answer = await runs.accept(participantId, submission);
      return "error" in answer ? answer : { data: runView(answer.data) };
    },
    ctx,
  );

  handle(
    socket,
    "prediction:save",
    async ({ challengeId, lock, ...input }) => {
      const who = await myChallenge(challengeId);
      if ("error" in who) return who;
      const { challenge, session } = who;
      if (!challenge.spec.predict)
        return fail("BAD_REQUEST", "this challenge asks for no prediction");
      if (challenge.status !== "open")
        return fail("CHALLENGE_NOT_OPEN", `the challenge is ${challenge.status}`);
      const now = Date.now();
      if (assignmentPhase(session, now) === "not-open") return notOpenYet(session.opensAt!);
      if (answerOut({ revealed: challenge.revealedAt !== null }, session, now))
        return fail(
          "PREDICTION_CLOSED",
          challenge.revealedAt !== null
            ? "the answer has been revealed: predictions are closed"
            : "the due date has passed and the answer is out: predictions are closed",
        );
      const saved = await repos.predictions.save(
        challengeId,
        who.participant.id,
        input,
        lock ?? false,
      );
      if (saved.locked)
        return fail("PREDICTION_LOCKED", "your prediction is locked: training has started");
      const view = predictionView(saved.record);
      io.to(rooms.teacher(challenge.sessionId)).emit("prediction:updated", view);
      return { data: view };
    },
    ctx,
  );

  handle(
    socket,
    "postcheck:save",
    async ({ challengeId, ...input }) => {
      const who = await myChallenge(challengeId);
      if ("error" in who) return who;
      const { challenge, session, participant } = who;
      if (!challenge.spec.postCheck) return fail("BAD_REQUEST", "this challenge has no post-check");
      const now = Date.now();
      if (assignmentPhase(session, now) === "not-open") return notOpenYet(session.opensAt!);
      // After the student's own measured answer (their prediction scored), or once the answer is out.
      const prediction = await repos.predictions.find(challengeId, participant.id);
      if (
        prediction?.score == null &&
        !answerOut({ revealed: challenge.revealedAt !== null }, session, now)
      )
        return fail(
          "POST_CHECK_NOT_YET",
          "the post-check comes after your own verified run (or the teacher's reveal)",
        );
      const shown = ownScoreShown({ revealed: challenge.revealedAt !== null }, session, now);
      const made = await experiment.postCheck(challenge, participant.id, input, shown);
      if (!made) return fail("PREDICTION_LOCKED", "you made your post-check already");
      return { data: postCheckView(made, challenge.spec.postCheck.transfer, shown) };
    },
    ctx,
  );

  handle(
    socket,
    "sweep:claim",
    async ({ challengeId }) => {
      const who = await myChallenge(challengeId);
      if ("error" in who) return who;
      const { challenge, session } = who;
      if (!challenge.spec.sweep) return fail("BAD_REQUEST", "this challenge is not a sweep");
      if (challenge.status !== "open")
        return fail("CHALLENGE_NOT_OPEN", `the challenge is ${challenge.status}`);
      const phase = assignmentPhase(session, Date.now());
      if (phase === "not-open") return notOpenYet(session.opensAt!);
      if (phase === "past-due" && session.latePolicy === "refuse") return pastDue(session.dueAt!);
      const slot = await experiment.claim(challenge, who.participant.id);
      return { data: slot && sweepSlotView(slot, challenge.spec.sweep) };
    },
    ctx,
  );

  handle(
    socket,
    "run:list",
    async ({ challengeId }) => {
      const who = await myChallenge(challengeId);
      if ("error" in who) return who;
      return {
        data: (await repos.runs.listForParticipant(who.participant.id, challengeId)).map(runView),
      };
    },
    ctx,
  );

  handle(
    socket,
    "run:telemetry",
    async ({ runId }) => {
      // The session's teacher reads any run's telemetry; a student only their own.
      const run = await repos.runs.telemetry(runId);
      if (run && (await teacherOwns(run.challengeId))) return { data: run.frames };
      const who = await me();
      if ("error" in who) return who;
      if (!run || run.participantId !== who.participant.id)
        return fail("NOT_FOUND", "no such run of yours");
      return { data: run.frames };
    },
    ctx,
  );

  handle(
    socket,
    "leaderboard:get",
    async ({ challengeId, full }) => {
      if (await teacherOwns(challengeId))
        return { data: await leaderboards.get(challengeId, { full: true }) };
      const who = await myChallenge(challengeId);
      if ("error" in who) return who;
      return {
        data: await leaderboards.get(challengeId, {
          full: full ?? false,
          participantId: who.participant.id,
        }),
      };
    },
    ctx,
  );
}
