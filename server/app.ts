/**
 * The composition root: one HTTP server serving the Next.js app, the auth routes and Socket.IO on
 * the same port, over one database. Tests build the same application with `web: false` on port 0.
 */
import { randomInt } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import { toNodeHandler } from "better-auth/node";
import next from "next";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { createClient } from "redis";
import { CLIENT_ADDRESS_HEADER, createAuth, type Auth } from "./auth";
import { openDatabase, type Database } from "./db/database";
import { exportHandler } from "./http/export";
import { healthRoute } from "./http/health";
import { createRequestHandler, type MaybeRoute, type Route } from "./http/router";
import { tfjsWasmRoute } from "./http/static";
import { silentLogger, type Logger } from "./log";
import { createLeaderboards, type Leaderboards } from "./realtime/leaderboards";
import { attachHandlers, createIo, disconnectAuthSession, onRunSettled } from "./realtime/io";
import type { IoServer } from "./realtime/types";
import { createRepositories, type Repositories } from "./repositories";
import { createVerifier, type Verifier } from "./verifier";

/** Join attempts allowed per address per minute (every attempt counts until it succeeds). */
export const JOIN_ATTEMPTS_PER_MINUTE = 10;

export interface AppConfig {
  databaseUrl: string;
  authSecret: string;
  baseURL: string;
  /** Origins besides baseURL's that may open sockets and call the auth routes. */
  trustedOrigins?: string[];
  /** Serve the Next.js pages (false in socket-only tests). */
  web: false | { dev: boolean; dir?: string };
  /** With Redis, several processes share rooms, broadcasts, recovery and rate limits. */
  redisUrl?: string;
  verifierThreads?: number;
  /** Coalescing window of leaderboard broadcasts. */
  leaderboardFlushMs?: number;
  logger?: Logger;
}

export interface Application {
  server: HttpServer;
  io: IoServer;
  database: Database;
  repos: Repositories;
  auth: Auth;
  verifier: Verifier;
  leaderboards: Leaderboards;
  logger: Logger;
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
  const repos = createRepositories(database.prisma);
  const origins = [new URL(config.baseURL).origin, ...(config.trustedOrigins ?? [])];
  // Sockets are built after auth; a signed-out session's sockets are closed through this.
  let io: IoServer | null = null;
  const auth = createAuth(database.prisma, {
    provider: database.provider,
    secret: config.authSecret,
    baseURL: config.baseURL,
    trustedOrigins: origins,
    onSessionEnded: (authSessionId) => {
      if (io) disconnectAuthSession(io, authSessionId);
    },
  });

  let redis: ReturnType<typeof createClient> | null = null;
  // Every attempt consumes a point before the code is looked up (atomic check-and-consume); a
  // successful join gives its point back.
  const limits = { points: JOIN_ATTEMPTS_PER_MINUTE, duration: 60 };
  let joinLimiter: RateLimiterAbstract = new RateLimiterMemory(limits);
  if (config.redisUrl) {
    redis = createClient({ url: config.redisUrl });
    redis.on("error", (error: unknown) => logger.warn({ err: error }, "redis connection error"));
    await redis.connect();
    joinLimiter = new RateLimiterRedis({
      ...limits,
      storeClient: redis,
      useRedisPackage: true,
      keyPrefix: "vp:join",
      // While Redis is away each node limits on its own rather than letting everyone through.
      insuranceLimiter: new RateLimiterMemory(limits),
    });
  }

  const verifierRef: { current: Verifier | null } = { current: null };
  const authHandler = toNodeHandler(auth);
  const routes: MaybeRoute[] = [
    healthRoute({ database, redis, verifier: () => verifierRef.current }),
    async (req, res) => {
      if (!req.url?.startsWith("/api/auth/")) return false;
      req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
      await authHandler(req, res);
      return true;
    },
    tfjsWasmRoute,
  ];
  const pages = config.web ? await nextPages(config.web) : null;
  const https = config.baseURL.startsWith("https:");
  const server = createServer(
    createRequestHandler(
      { routes, pages },
      { logger, security: { dev: config.web !== false && config.web.dev, https } },
    ),
  );

  io = createIo(server, auth, {
    origins,
    logger,
    ...(redis ? { adapter: createAdapter(redis) } : {}),
  });
  const leaderboards = createLeaderboards(repos, io, {
    logger,
    flushMs: config.leaderboardFlushMs,
  });
  const settled = onRunSettled(io, { repos, leaderboards, logger });
  routes.push(exportHandler({ repos, auth, leaderboards }));
  const verifier = createVerifier({
    repos,
    onSettled: settled,
    threads: config.verifierThreads ?? 1,
    logger,
  });
  verifierRef.current = verifier;
  attachHandlers(io, {
    io,
    repos,
    auth,
    verifier,
    leaderboards,
    joinLimiter,
    newTestSeed: () => randomInt(2 ** 31),
    logger,
    ping: () => database.ping(),
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
    logger,
    async close() {
      await new Promise<void>((resolve) => ioServer.close(() => resolve()));
      leaderboards.close();
      await verifier.close();
      await database.close();
      await redis?.quit().catch(() => undefined);
    },
  };
}
