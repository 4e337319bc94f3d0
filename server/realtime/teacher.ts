/** The teacher's events: sessions, challenges, the live view and removing a participant. */
import { findTemplate } from "../../lib/challenges/curriculum";
import { fail } from "../../lib/protocol/errors";
import type { TeacherState } from "../../lib/protocol/views";
import type { ChallengeSpec } from "../../lib/challenges/spec";
import type { ChallengeRecord } from "../repositories/challenges";
import type { SessionRecord } from "../repositories/sessions";
import type { Logger } from "../log";
import type { HandlerDeps } from "./deps";
import { handle } from "./handle";
import { currentTeacher } from "./identity";
import { rooms, type IoSocket } from "./types";
import {
  challengeView,
  participantView,
  predictionView,
  postCheckViews,
  runView,
  sessionView,
  sweepSlotView,
} from "./views";

export function registerTeacherHandlers(socket: IoSocket, deps: HandlerDeps, log: Logger): void {
  const { io, repos, leaderboards } = deps;
  const ctx = { log, ping: deps.ping, calls: deps.calls };

  /** Every teacher action rechecks the sign-in: a signed-out socket can do nothing. */
  const teacher = () => currentTeacher(socket, deps.auth);

  /** The session, when it exists and is this teacher's; otherwise the error to answer. */
  async function ownSession(sessionId: string) {
    const teacherId = await teacher();
    if (!teacherId) return fail("UNAUTHENTICATED", "sign in as a teacher first");
    const session = await repos.sessions.findById(sessionId);
    if (!session) return fail("NOT_FOUND", "no such session");
    if (session.teacherId !== teacherId)
      return fail("FORBIDDEN", "this is another teacher's session");
    return { session };
  }

  async function ownChallenge(challengeId: string) {
    const challenge = await repos.challenges.findById(challengeId);
    if (!challenge) return fail("NOT_FOUND", "no such challenge");
    const owned = await ownSession(challenge.sessionId);
    return "error" in owned ? owned : { challenge, session: owned.session };
  }

  /** A changed challenge to its session: students get their view, the teacher theirs. */
  function announce(updated: ChallengeRecord) {
    io.to(rooms.session(updated.sessionId))
      .except(rooms.teacher(updated.sessionId))
      .emit("challenge:updated", challengeView(updated, "student"));
    const view = challengeView(updated, "teacher");
    io.to(rooms.teacher(updated.sessionId)).emit("challenge:updated", view);
    return view;
  }

  /**
   * Posts a challenge to a session. In an assignment it opens at once, untimed: students come
   * between the opening and the due date without a teacher to open it.
   */
  async function post(
    session: SessionRecord,
    posted: { templateKey: string | null; title: string; spec: ChallengeSpec },
  ) {
    let challenge = await repos.challenges.create({
      sessionId: session.id,
      ...posted,
      testSeed: deps.newTestSeed(),
    });
    if (session.kind === "assignment") {
      const opened = await repos.challenges.transition(challenge.id, "open", new Date(), {
        untimed: true,
      });
      if (opened) challenge = opened;
      io.to(rooms.session(session.id))
        .except(rooms.teacher(session.id))
        .emit("challenge:updated", challengeView(challenge, "student"));
    }
    const view = challengeView(challenge, "teacher");
    io.to(rooms.teacher(session.id)).emit("challenge:updated", view);
    return view;
  }

  function onlineIds(session: SessionRecord): Set<string> {
    const ids = new Set<string>();
    for (const s of io.of("/").sockets.values()) {
      if (s.data.sessionId === session.id && s.data.participantId) ids.add(s.data.participantId);
    }
    return ids;
  }

  handle(
    socket,
    "session:create",
    async ({ title, assignment, fromSessionId }) => {
      const teacherId = await teacher();
      if (!teacherId) return fail("UNAUTHENTICATED", "sign in as a teacher first");
      // An assignment made from a session takes its challenges (new boards, new hidden seeds).
      let source: ChallengeRecord[] = [];
      if (fromSessionId) {
        const owned = await ownSession(fromSessionId);
        if ("error" in owned) return owned;
        source = (await repos.challenges.listBySession(fromSessionId)).filter(
          (c) => c.status !== "draft",
        );
      }
      const session = await repos.sessions.create({ teacherId, title, assignment });
      for (const c of source)
        await post(session, { templateKey: c.templateKey, title: c.title, spec: c.spec });
      return { data: sessionView(session) };
    },
    ctx,
  );

  handle(
    socket,
    "session:list",
    async () => {
      const teacherId = await teacher();
      if (!teacherId) return fail("UNAUTHENTICATED", "sign in as a teacher first");
      return { data: (await repos.sessions.listByTeacher(teacherId)).map(sessionView) };
    },
    ctx,
  );

  handle(
    socket,
    "session:close",
    async ({ sessionId }) => {
      const owned = await ownSession(sessionId);
      if ("error" in owned) return owned;
      if (!(await repos.sessions.close(sessionId)))
        return fail("INVALID_TRANSITION", "the session is already closed");
      for (const c of await repos.challenges.listBySession(sessionId)) {
        const closed = c.status === "closed" ? c : await repos.challenges.transition(c.id, "close");
        if (closed)
          io.to(rooms.session(sessionId)).emit(
            "challenge:updated",
            challengeView(closed, "student"),
          );
      }
      const view = sessionView((await repos.sessions.findById(sessionId))!);
      io.to(rooms.session(sessionId)).emit("session:updated", view);
      return { data: view };
    },
    ctx,
  );

  handle(
    socket,
    "session:configure",
    async ({ sessionId, joinLocked, hideNames, lobby, locale, assignment }) => {
      const owned = await ownSession(sessionId);
      if ("error" in owned) return owned;
      if (assignment && owned.session.kind !== "assignment")
        return fail("BAD_REQUEST", "a live session has no due date", [
          { field: "assignment", message: "only an assignment has dates" },
        ]);
      const updated = await repos.sessions.configure(sessionId, {
        joinLocked,
        hideNames,
        lobby,
        locale,
        ...assignment,
      });
      if (!updated) return fail("SESSION_CLOSED", "the session is closed");
      const view = sessionView(updated);
      io.to(rooms.session(sessionId)).emit("session:updated", view);
      // Boards carry names or not: everyone's board changes with the setting.
      if (hideNames !== undefined)
        for (const c of await repos.challenges.listBySession(sessionId))
          leaderboards.invalidate(c.id);
      return { data: view };
    },
    ctx,
  );

  handle(
    socket,
    "session:watch",
    async ({ sessionId }) => {
      const owned = await ownSession(sessionId);
      if ("error" in owned) return owned;
      const { session } = owned;
      await socket.join([rooms.session(sessionId), rooms.teacher(sessionId)]);
      const [challenges, participants, predictions, postChecks, slots] = await Promise.all([
        repos.challenges.listBySession(sessionId),
        repos.participants.listBySession(sessionId),
        repos.predictions.listBySession(sessionId),
        repos.postChecks.listBySession(sessionId),
        repos.sweeps.listBySession(sessionId),
      ]);
      const sweeps = new Map(challenges.map((c) => [c.id, c.spec.sweep]));
      const online = onlineIds(session);
      const runs = (await Promise.all(challenges.map((c) => repos.runs.listForChallenge(c.id))))
        .flat()
        .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
      const origin = deps.origins.publicOrigin(socket.request.headers);
      const state: TeacherState = {
        session: sessionView(session),
        joinUrl: origin && session.joinCode ? `${origin}/join/${session.joinCode}` : null,
        joinChoices: deps.origins.joinChoices(socket.request.headers),
        challenges: challenges.map((c) => challengeView(c, "teacher")),
        roster: participants.map((p) => participantView(p, online.has(p.id))),
        leaderboards: await Promise.all(
          challenges.map((c) => leaderboards.get(c.id, { full: true })),
        ),
        submissions: runs.length,
        runs: runs.map(runView),
        predictions: predictions.map(predictionView),
        postChecks: postCheckViews(postChecks, challenges, () => true),
        sweepSlots: slots.map((slot) => sweepSlotView(slot, sweeps.get(slot.challengeId)!)),
      };
      return { data: state };
    },
    ctx,
  );

  handle(
    socket,
    "challenge:post",
    async (payload) => {
      const owned = await ownSession(payload.sessionId);
      if ("error" in owned) return owned;
      if (owned.session.status !== "open") return fail("SESSION_CLOSED", "the session is closed");
      let title: string;
      let templateKey: string | null = null;
      let spec;
      if ("templateKey" in payload) {
        const template = findTemplate(payload.templateKey);
        if (!template) return fail("NOT_FOUND", `no curriculum template ${payload.templateKey}`);
        ({ title, spec } = template);
        templateKey = template.key;
      } else {
        ({ title, spec } = payload);
      }
      return { data: await post(owned.session, { templateKey, title, spec }) };
    },
    ctx,
  );

  handle(
    socket,
    "challenge:transition",
    async ({ challengeId, action }) => {
      const owned = await ownChallenge(challengeId);
      if ("error" in owned) return owned;
      if (owned.session.status !== "open") return fail("SESSION_CLOSED", "the session is closed");
      const updated = await repos.challenges.transition(challengeId, action);
      if (!updated)
        return fail(
          "INVALID_TRANSITION",
          `cannot ${action} a challenge that is ${owned.challenge.status}`,
        );
      return { data: announce(updated) };
    },
    ctx,
  );

  handle(
    socket,
    "challenge:reveal",
    async ({ challengeId }) => {
      const owned = await ownChallenge(challengeId);
      if ("error" in owned) return owned;
      if (!owned.challenge.spec.predict)
        return fail("BAD_REQUEST", "this challenge asks for no predictions");
      const updated = await repos.challenges.reveal(challengeId);
      if (!updated) return fail("NOT_FOUND", "no such challenge");
      return { data: announce(updated) };
    },
    ctx,
  );

  handle(
    socket,
    "participant:remove",
    async ({ participantId }) => {
      const participant = await repos.participants.findById(participantId);
      if (!participant) return fail("NOT_FOUND", "no such participant");
      const owned = await ownSession(participant.sessionId);
      if ("error" in owned) return owned;
      await repos.participants.markRemoved(participantId);
      await deps.experiment.gone(participantId);
      io.to(rooms.participant(participantId)).emit("participant:removed");
      io.in(rooms.participant(participantId)).disconnectSockets(true);
      for (const c of await repos.challenges.listBySession(participant.sessionId))
        leaderboards.invalidate(c.id);
      const view = participantView({ ...participant, removed: true }, false);
      io.to(rooms.teacher(participant.sessionId)).emit("roster:updated", view);
      // A removal is not a ban once the device id changes (a private window): from now on
      // newcomers wait in the lobby until the teacher admits them (the teacher may open it again).
      if (!owned.session.lobby) {
        const closed = await repos.sessions.configure(participant.sessionId, { lobby: true });
        if (closed)
          io.to(rooms.session(participant.sessionId)).emit("session:updated", sessionView(closed));
      }
      return { data: view };
    },
    ctx,
  );

  handle(
    socket,
    "participant:admit",
    async ({ participantId }) => {
      const participant = await repos.participants.findById(participantId);
      if (!participant) return fail("NOT_FOUND", "no such participant");
      const owned = await ownSession(participant.sessionId);
      if ("error" in owned) return owned;
      const admitted = await repos.participants.admit(participantId);
      if (!admitted) return fail("REMOVED", "this student was removed from the session");
      const online = (await io.in(rooms.participant(participantId)).fetchSockets()).length > 0;
      const view = participantView(admitted, online);
      io.to(rooms.teacher(participant.sessionId)).emit("roster:updated", view);
      io.to(rooms.participant(participantId)).emit("participant:admitted");
      return { data: view };
    },
    ctx,
  );
}
