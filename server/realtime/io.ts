/**
 * The Socket.IO server: origin, protocol version and teacher session checked at the handshake, the
 * handlers, presence, and the events a run's life is announced with.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { Server as Engine } from "engine.io";
import { fromNodeHeaders } from "better-auth/node";
import { Server } from "socket.io";
import type { Adapter } from "socket.io-adapter";
import { handshakeSchema, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from "../../lib/protocol/schemas";
import type { ErrorCode } from "../../lib/protocol/errors";
import type { Auth } from "../auth";
import { checkRequest } from "../http/edge";
import { clientAddress, type OriginPolicy } from "../http/origins";
import type { Logger } from "../log";
import type { RunAnnouncer } from "../runs/pipeline";
import type { HandlerDeps } from "./deps";
import { registerStudentHandlers } from "./student";
import { registerTeacherHandlers } from "./teacher";
import { rooms, type IoServer, type SocketData } from "./types";
import { participantView, runView } from "./views";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Where Socket.IO's requests and upgrades arrive (its default path). */
export const SOCKET_PATH = "/socket.io/";

/**
 * Heartbeats: a ping every 25 s, and a connection is given up after a minute without its answer
 * (Engine.IO's default is 20 s). A server that is late on its work (a busy class on a shared
 * machine) or a starved laptop answers late, and dropping the whole class at once for it costs
 * far more than noticing a vanished device 40 s later.
 */
export const PING_INTERVAL_MS = 25_000;
export const PING_TIMEOUT_MS = 60_000;

/** How long a dropped client's missed events are kept for it (connection-state recovery). */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

function refusal(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  const error = new Error(code) as Error & { data?: unknown };
  error.data = { code, message, ...extra };
  return error;
}

/** Closes every socket opened with this teacher sign-in, on every node. */
export function disconnectAuthSession(io: IoServer, authSessionId: string): void {
  io.in(rooms.authSession(authSessionId)).disconnectSockets(true);
}

export function createIo(
  httpServer: HttpServer,
  auth: Auth,
  options: {
    origins: OriginPolicy;
    trustProxy: number;
    logger: Logger;
    adapter?: (nsp: unknown) => Adapter;
    /** Whether a dropped socket may be recovered into its rooms (false: removed, signed out). */
    mayRecover: (data: Partial<SocketData>) => Promise<boolean>;
  },
): { io: IoServer; route: (req: IncomingMessage, res: ServerResponse) => boolean } {
  const io: IoServer = new Server({
    serveClient: false,
    connectionStateRecovery: {
      maxDisconnectionDuration: RECOVERY_WINDOW_MS,
      skipMiddlewares: true,
    },
    ...(options.adapter ? { adapter: options.adapter as never } : {}),
  });
  // Socket.IO attached to the HTTP server would take its requests and upgrades before the app's
  // handler sees them, past the edge's checks (a Host that is no host, a bad X-Forwarded-Proto, a
  // broken escape). Bound to its own engine instead, it is reached through the app's request
  // handler (socketRoute, after the edge) and through the upgrade listener below (the same check).
  const engine = new Engine({
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
  });
  io.bind(engine as never);
  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(SOCKET_PATH)) {
      socket.destroy();
      return;
    }
    const rejected = checkRequest(req);
    if (rejected) {
      const body = JSON.stringify({ error: { code: "BAD_REQUEST", message: rejected.message } });
      socket.end(
        `HTTP/1.1 ${rejected.status} Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    engine.handleUpgrade(req, socket, head);
  });
  /** Socket.IO's polling requests, for the app's request handler to route after its edge. */
  const route = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!req.url?.startsWith(SOCKET_PATH)) return false;
    engine.handleRequest(req as never, res);
    return true;
  };
  // Recovery restores a dropped socket's rooms and replays what it missed, before any middleware
  // or handler runs: a student removed (or a teacher signed out) while away must not get that.
  // Socket.IO has no hook for it, so the adapter's restore is wrapped.
  const adapter = io.of("/").adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = (async (pid: string, offset: string) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    return (await options.mayRecover(session.data as Partial<SocketData>).catch(() => false))
      ? session
      : null;
  }) as typeof adapter.restoreSession;
  io.use(async (socket, next) => {
    // A browser always names the page's origin; a page elsewhere must not ride a teacher's cookie.
    // (Clients outside a browser send none and carry no one else's cookie.)
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !options.origins.isTrusted(origin, socket.request.headers)) {
      next(refusal("FORBIDDEN", `pages at ${origin} may not connect to this class server`));
      return;
    }
    const handshake = handshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success || handshake.data.protocolVersion !== PROTOCOL_VERSION) {
      next(
        refusal("VERSION_MISMATCH", `this server speaks protocol ${PROTOCOL_VERSION}`, {
          serverVersion: PROTOCOL_VERSION,
        }),
      );
      return;
    }
    socket.data = {
      teacherId: null,
      authSessionId: null,
      participantId: null,
      sessionId: null,
      address: clientAddress(socket.request.headers, socket.handshake.address, options.trustProxy),
      deviceKey: sha256(handshake.data.deviceId ?? `socket:${socket.id}`),
    };
    try {
      const session = await auth.api.getSession({
        headers: fromNodeHeaders(socket.request.headers),
      });
      if (session) {
        socket.data.teacherId = session.user.id;
        socket.data.authSessionId = session.session.id;
        await socket.join(rooms.authSession(session.session.id));
      }
    } catch (error) {
      options.logger.warn({ err: error, socketId: socket.id }, "handshake session check failed");
    }
    next();
  });
  return { io, route };
}

/** Wires handlers and presence onto every connection. */
export function attachHandlers(io: IoServer, deps: HandlerDeps): void {
  io.on("connection", (socket) => {
    const log = deps.logger.child({ socketId: socket.id });
    registerTeacherHandlers(socket, deps, log);
    registerStudentHandlers(socket, deps, log);
    socket.on("disconnect", () => {
      const { participantId, sessionId } = socket.data;
      if (!participantId || !sessionId) return;
      void (async () => {
        const stillHere = (await io.in(rooms.participant(participantId)).fetchSockets()).length > 0;
        const participant = await deps.repos.participants.findById(participantId);
        if (participant && !stillHere) {
          io.to(rooms.teacher(sessionId)).emit(
            "roster:updated",
            participantView(participant, false),
          );
          deps.experiment.away(participantId);
        }
      })().catch((error: unknown) => log.error({ err: error }, "presence update failed"));
    });
  });
}

/** What the run pipeline tells people, as events to the student's and the teacher's rooms. */
export function runAnnouncer(io: IoServer): RunAnnouncer {
  return {
    submitted(run, sessionId) {
      io.to(rooms.teacher(sessionId)).emit("run:submitted", runView(run));
    },
    settled(run, challenge) {
      io.to(rooms.participant(run.participantId))
        .to(rooms.teacher(challenge.sessionId))
        .emit("run:settled", runView(run));
    },
    alert(kind, run, challenge) {
      io.to(rooms.teacher(challenge.sessionId)).emit("alert:raised", {
        kind,
        runId: run.id,
        participantId: run.participantId,
        challengeId: run.challengeId,
      });
    },
  };
}
