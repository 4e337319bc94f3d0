/**
 * The composition root: one HTTP server serving the Next.js app, the auth routes and Socket.IO on
 * the same port, over one database. Tests build the same application with `web: false` on port 0.
 */
import { classLocales } from "./i18n/class-locale";
import { randomInt } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import { toNodeHandler } from "better-auth/node";
import next from "next";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { CLIENT_ADDRESS_HEADER, createAuth, serverSignIn, type Auth } from "./auth";
import { openDatabase, type Database } from "./db/database";
import { exportHandler } from "./http/export";
import { healthRoute } from "./http/health";
import { clientAddress, createOriginPolicy, type OriginPolicy } from "./http/origins";
import { createRequestHandler, type MaybeRoute, type Route } from "./http/router";
import { tfjsWasmRoute } from "./http/static";
import { silentLogger, type Logger } from "./log";
import { createLeaderboards, type Leaderboards } from "./realtime/leaderboards";
import { createCalls } from "./realtime/calls";
import { createAdmission, type AdmissionLimits } from "./realtime/admission";
import { attachHandlers, createIo, disconnectAuthSession, runAnnouncer } from "./realtime/io";
import { createRunPipeline } from "./runs/pipeline";
import { createJoinLimits } from "./realtime/join-limits";
import type { IoServer } from "./realtime/types";
import { createRepositories, type Repositories } from "./repositories";
import { createExperiment } from "./realtime/experiment";
import { createVerifier, type Verifier } from "./verifier";
import { createGradeSender, type GradeOptions, type GradeSender } from "./lti/grades";
import { ltiKeys } from "./lti/keys";
import { ltiRoutes } from "./lti/launch";
import { registrationRoutes } from "./lti/registrations";

/** How long a drain waits for the socket calls being answered. */
export const CALLS_GRACE_MS = 5_000;

export interface AppConfig {
  databaseUrl: string;
  authSecret: string;
  /** APP_URL: the public URL; null to take the address each request was sent to (see origins.ts). */
  appUrl: string | null;
  /** JOIN_URL: the address students' devices open, when set (see origins.ts). */
  joinUrl?: string | null;
  /** Reverse proxies in front (TRUST_PROXY): honour X-Forwarded-Host, -Proto and -For. */
  trustProxy?: number;
  /** Origins besides the app's own that may open sockets and call the auth routes. */
  trustedOrigins?: string[];
  /** Serve the Next.js pages (false in socket-only tests). */
  web: false | { dev: boolean; dir?: string };
  /** With Redis, several processes share rooms, broadcasts, recovery and rate limits. */
  redisUrl?: string;
  verifierThreads?: number;
  /** Coalescing window of leaderboard broadcasts. */
  leaderboardFlushMs?: number;
  /** When new submissions and joins wait (server/realtime/admission.ts; tests set it low). */
  admission?: AdmissionLimits;
  /** How long a student may be away before their sweep slot is handed on (SWEEP_RELEASE_MS). */
  sweepReleaseMs?: number | undefined;
  logger?: Logger;
  /** LTI_ALLOW_HTTP: platforms may be registered with plain-http URLs beyond loopback. */
  ltiAllowHttp?: boolean;
  /** Grade passback's retry timing (tests shorten it). */
  ltiGrades?: GradeOptions;
}

export interface Application {
  server: HttpServer;
  io: IoServer;
  database: Database;
  repos: Repositories;
  auth: Auth;
  verifier: Verifier;
  leaderboards: Leaderboards;
  /** LTI grade passback (tests flush it to wait for a send). */
  grades: GradeSender;
  logger: Logger;
  origins: OriginPolicy;
  close(): Promise<void>;
}

async function nextPages(web: { dev: boolean; dir?: string }): Promise<Route> {
  const nextApp = next({ dev: web.dev, dir: web.dir ?? process.cwd() });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  return (req, res) => handle(req, res);
}

export async function createApplication(config: AppConfig): Promise<Application> {
  const logger = config.logger ?? silentLogger();
  const database = await openDatabase(config.databaseUrl, { logger });
  const repos = createRepositories(database.prisma, database.blobs);
  const trustProxy = config.trustProxy ?? 0;
  const origins = createOriginPolicy({
    appUrl: config.appUrl,
    joinUrl: config.joinUrl ?? null,
    trustProxy,
    extraOrigins: config.trustedOrigins ?? [],
  });
  // Sockets are built after auth; a signed-out session's sockets are closed through this.
  let io: IoServer | null = null;
  const auth = createAuth(database.prisma, {
    provider: database.provider,
    secret: config.authSecret,
    // Without APP_URL the auth library's own base is only a fallback: the origin check below trusts
    // the address each request was actually sent to.
    baseURL: config.appUrl ?? "http://localhost",
    trustedOrigins: (request) => {
      const origin = request?.headers.get("origin");
      return origin && request && origins.isTrusted(origin, request.headers) ? [origin] : [];
    },
    onSessionEnded: (authSessionId) => {
      if (io) disconnectAuthSession(io, authSessionId);
    },
  });

  let redis: ReturnType<typeof createClient> | null = null;
  if (config.redisUrl) {
    redis = createClient({ url: config.redisUrl });
    redis.on("error", (error: unknown) => logger.warn({ err: error }, "redis connection error"));
    await redis.connect();
  }

  const verifierRef: { current: Verifier | null } = { current: null };
  const authHandler = toNodeHandler(auth);
  const routes: MaybeRoute[] = [
    healthRoute({ database, redis, verifier: () => verifierRef.current }),
    async (req, res) => {
      if (!req.url?.startsWith("/api/auth/")) return false;
      // Behind a proxy, the auth library's own limits count the client, not the proxy.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
        req.headers,
        req.socket.remoteAddress,
        trustProxy,
      );
      await authHandler(req, res);
      return true;
    },
    tfjsWasmRoute,
  ];
  const nextHandler = config.web ? await nextPages(config.web) : null;
  const localeOfClass = classLocales(repos.sessions);
  const pages: Route | null = nextHandler
    ? async (req, res) => {
        await localeOfClass.mark(req);
        return nextHandler(req, res);
      }
    : null;
  const https = config.appUrl?.startsWith("https:") ?? false;
  const server = createServer(
    createRequestHandler(
      { routes, pages },
      { logger, trustProxy, security: { dev: config.web !== false && config.web.dev, https } },
    ),
  );

  const realtime = createIo(server, auth, {
    origins,
    trustProxy,
    mayRecover: async ({ participantId, authSessionId }) => {
      if (participantId && (await repos.participants.findById(participantId))?.removed !== false)
        return false;
      if (authSessionId) {
        const session = await database.prisma.authSession.findUnique({
          where: { id: authSessionId },
        });
        if (!session || session.expiresAt.getTime() < Date.now()) return false;
      }
      return true;
    },
    logger,
    ...(redis ? { adapter: createAdapter(redis) } : {}),
  });
  io = realtime.io;
  // Socket.IO's polling requests, routed after the edge's checks like every other request.
  routes.unshift(async (req, res) => realtime.route(req, res));
  const leaderboards = createLeaderboards(repos, io, {
    logger,
    clustered: redis !== null,
    flushMs: config.leaderboardFlushMs,
  });
  const experiment = createExperiment({
    io,
    repos,
    logger,
    initialFlow: (config) => {
      if (!verifierRef.current) throw new Error("the verifier is not started");
      return verifierRef.current.initialFlow(config);
    },
    ...(config.sweepReleaseMs !== undefined ? { releaseMs: config.sweepReleaseMs } : {}),
  });
  routes.push(exportHandler({ repos, auth, leaderboards }));
  const keys = ltiKeys(database.prisma, config.authSecret);
  const grades = createGradeSender({ repos, keys, logger, options: config.ltiGrades ?? {} });
  routes.push(
    ltiRoutes({
      repos,
      keys,
      origins,
      secret: config.authSecret,
      logger,
      // An instructor whose platform asserts the email of the teacher who registered it is signed
      // in as that teacher.
      signInTeacher: async (teacherId, email) => {
        const teacher = await database.prisma.teacher.findUnique({ where: { id: teacherId } });
        if (!teacher || !email || teacher.email.toLowerCase() !== email.trim().toLowerCase())
          return null;
        return [await serverSignIn(auth, teacher.id)];
      },
    }),
    registrationRoutes({ repos, auth, origins, allowHttp: config.ltiAllowHttp ?? false }),
  );
  const verifier = createVerifier({
    repos,
    onSettled: (run) => void runs.settled(run),
    ...(config.verifierThreads ? { threads: config.verifierThreads } : {}),
    logger,
  });
  const runs = createRunPipeline({
    repos,
    verify: (runId) => verifier.verify(runId),
    experiment,
    boards: leaderboards,
    grades,
    announce: runAnnouncer(io),
    logger,
  });
  verifierRef.current = verifier;
  const calls = createCalls();
  const admission = createAdmission(() => calls.size, config.admission);
  attachHandlers(io, {
    io,
    calls,
    repos,
    auth,
    runs,
    leaderboards,
    experiment,
    joinLimits: createJoinLimits(redis),
    origins,
    newTestSeed: () => randomInt(2 ** 31),
    logger,
    ping: () => database.ping(),
    admission,
  });
  // Runs acknowledged before a crash or restart are verified now.
  await verifier.recover();
  const ioServer = io;
  return {
    server,
    io: ioServer,
    database,
    repos,
    auth,
    verifier,
    leaderboards,
    grades,
    logger,
    origins,
    async close() {
      const started = performance.now();
      // Stop accepting connections; the open ones stay while their calls are answered.
      server.close();
      server.closeIdleConnections();
      const answered = await calls.drain(CALLS_GRACE_MS);
      // Runs being verified finish; queued ones stay pending for the next start or another node.
      const { finished, handedBack } = await verifier.drain();
      await leaderboards
        .flush()
        .catch((error: unknown) =>
          logger.warn({ err: error }, "last leaderboard broadcast failed"),
        );
      leaderboards.close();
      admission.close();
      experiment.close();
      grades.close();
      // Clients reconnect (to another node, or to this one once restarted).
      await new Promise<void>((resolve) => ioServer.close(() => resolve()));
      await verifier.close();
      await database.close();
      await redis?.quit().catch(() => undefined);
      logger.info(
        {
          callsAnswered: answered,
          verified: finished,
          handedBack,
          ms: Math.round(performance.now() - started),
        },
        "drained",
      );
    },
  };
}
