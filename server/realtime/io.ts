/**
 * The Socket.IO server: protocol version and teacher session checked at the handshake, the
 * handlers, presence, and what happens when the verifier settles a run.
 */
import type { Server as HttpServer } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { Server } from "socket.io";
import type { Adapter } from "socket.io-adapter";
import { handshakeSchema, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from "../../lib/protocol/schemas";
import type { Auth } from "../auth";
import type { RunRecord } from "../repositories/runs";
import type { HandlerDeps } from "./deps";
import { registerStudentHandlers } from "./student";
import { registerTeacherHandlers } from "./teacher";
import { rooms, type IoServer } from "./types";
import { participantView, runView } from "./views";

/** How long a dropped client's missed events are kept for it (connection-state recovery). */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

export function createIo(
  httpServer: HttpServer,
  auth: Auth,
  adapter?: (nsp: unknown) => Adapter,
): IoServer {
  const io: IoServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    connectionStateRecovery: {
      maxDisconnectionDuration: RECOVERY_WINDOW_MS,
      skipMiddlewares: true,
    },
    ...(adapter ? { adapter: adapter as never } : {}),
  });
  io.use(async (socket, next) => {
    const handshake = handshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success || handshake.data.protocolVersion !== PROTOCOL_VERSION) {
      const error = new Error("VERSION_MISMATCH") as Error & { data?: unknown };
      error.data = {
        code: "VERSION_MISMATCH",
        message: `this server speaks protocol ${PROTOCOL_VERSION}`,
        serverVersion: PROTOCOL_VERSION,
      };
      next(error);
      return;
    }
    socket.data = {
      teacherId: null,
      participantId: null,
      sessionId: null,
      address: socket.handshake.address,
    };
    try {
      const session = await auth.api.getSession({
        headers: fromNodeHeaders(socket.request.headers),
      });
      socket.data.teacherId = session?.user.id ?? null;
    } catch {
      socket.data.teacherId = null;
    }
    next();
  });
  return io;
}

/** Wires handlers and presence onto every connection. */
export function attachHandlers(io: IoServer, deps: HandlerDeps): void {
  io.on("connection", (socket) => {
    registerTeacherHandlers(socket, deps);
    registerStudentHandlers(socket, deps);
    socket.on("disconnect", () => {
      const { participantId, sessionId } = socket.data;
      if (!participantId || !sessionId) return;
      void (async () => {
        const stillHere = (await io.in(rooms.participant(participantId)).fetchSockets()).length > 0;
        const participant = await deps.repos.participants.findById(participantId);
        if (participant && !stillHere)
          io.to(rooms.teacher(sessionId)).emit(
            "roster:updated",
            participantView(participant, false),
          );
      })().catch((error: unknown) => deps.log("presence update failed", error));
    });
  });
}

/** What a settled run changes: the student's and teacher's views, alerts, the leaderboard. */
export function onRunSettled(
  io: IoServer,
  deps: Pick<HandlerDeps, "repos" | "leaderboards" | "log">,
) {
  return (run: RunRecord) => {
    void (async () => {
      const challenge = await deps.repos.challenges.findById(run.challengeId);
      if (!challenge) return;
      const view = runView(run);
      io.to(rooms.participant(run.participantId))
        .to(rooms.teacher(challenge.sessionId))
        .emit("run:settled", view);
      const alert = (kind: "diverged" | "exploding" | "mismatch") =>
        io.to(rooms.teacher(challenge.sessionId)).emit("alert:raised", {
          kind,
          runId: run.id,
          participantId: run.participantId,
          challengeId: run.challengeId,
        });
      if (run.claimed.diverged) alert("diverged");
      if (run.verified?.probe.verdict === "exploding") alert("exploding");
      if (run.mismatch) alert("mismatch");
      deps.leaderboards.invalidate(run.challengeId);
    })().catch((error: unknown) => deps.log("run broadcast failed", error));
  };
}
