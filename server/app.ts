/**
 * The composition root: one HTTP server serving the Next.js app, the auth routes and Socket.IO on
 * the same port, over one database. Tests build the same application with `web: false` on port 0.
 */
import { randomInt } from "node:crypto";
import { createReadStream } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
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
import { createLeaderboards, type Leaderboards } from "./realtime/leaderboards";
import { attachHandlers, createIo, onRunSettled } from "./realtime/io";
import type { IoServer } from "./realtime/types";
import { createRepositories, type Repositories } from "./repositories";
import { exportHandler } from "./http/export";
import { createVerifier, type Verifier } from "./verifier";

/** Failed join attempts allowed per address per minute. */
export const JOIN_ATTEMPTS_PER_MINUTE = 10;

/** tfjs's WASM backend binaries, served from the npm package to the training worker. */
const TFJS_WASM_FILES = new Set([
  "tfjs-backend-wasm.wasm",
  "tfjs-backend-wasm-simd.wasm",
  "tfjs-backend-wasm-threaded-simd.wasm",
]);
const tfjsWasmDir = dirname(
  createRequire(import.meta.url).resolve(
    "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
  ),
);

export interface AppConfig {
  databaseUrl: string;
  authSecret: string;
  baseURL: string;
  /** Serve the Next.js pages (false in socket-only tests). */
  web: false | { dev: boolean; dir?: string };
  /** With Redis, several processes share rooms, broadcasts, recovery and rate limits. */
  redisUrl?: string;
  verifierThreads?: number;
  /** Coalescing window of leaderboard broadcasts. */
  leaderboardFlushMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface Application {
  server: HttpServer;
  io: IoServer;
  database: Database;
  repos: Repositories;
  auth: Auth;
  verifier: Verifier;
  leaderboards: Leaderboards;
  close(): Promise<void>;
}

export async function createApplication(config: AppConfig): Promise<Application> {
  const log =
    config.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ""));
  const database = await openDatabase(config.databaseUrl);
  const repos = createRepositories(database.prisma);
  const auth = createAuth(database.prisma, {
    provider: database.provider,
    secret: config.authSecret,
    baseURL: config.baseURL,
  });
  const authHandler = toNodeHandler(auth);
  let pages:
    | ((
        req: Parameters<typeof authHandler>[0],
        res: Parameters<typeof authHandler>[1],
      ) => Promise<void>)
    | null = null;
  if (config.web) {
    const nextApp = next({ dev: config.web.dev, dir: config.web.dir ?? process.cwd() });
    await nextApp.prepare();
    pages = nextApp.getRequestHandler();
  }
  let exporter: ReturnType<typeof exportHandler> | null = null;
  const server = createServer((req, res) => {
    const wasm = req.url?.startsWith("/tfjs/")
      ? req.url.slice("/tfjs/".length).split("?")[0]!
      : null;
    if (req.url?.startsWith("/api/auth/")) {
      req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
      void authHandler(req, res);
    } else if (req.url?.startsWith("/api/sessions/") && exporter) {
      void exporter(req, res).then(
        (handled) => {
          if (!handled) {
            res.statusCode = 404;
            res.end();
          }
        },
        (error: unknown) => {
          log("export failed", error);
          res.statusCode = 500;
          res.end();
        },
      );
    } else if (wasm !== null && TFJS_WASM_FILES.has(wasm)) {
      res.writeHead(200, {
        "content-type": "application/wasm",
        "cache-control": "public, max-age=86400",
      });
      createReadStream(join(tfjsWasmDir, wasm)).pipe(res);
    } else if (pages) {
      void pages(req, res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  let redis: ReturnType<typeof createClient> | null = null;
  let joinLimiter: RateLimiterAbstract = new RateLimiterMemory({
    points: JOIN_ATTEMPTS_PER_MINUTE,
    duration: 60,
  });
  if (config.redisUrl) {
    redis = createClient({ url: config.redisUrl });
    redis.on("error", (error: unknown) => log("redis", error));
    await redis.connect();
    joinLimiter = new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      keyPrefix: "vp:join",
      points: JOIN_ATTEMPTS_PER_MINUTE,
      duration: 60,
    });
  }
  const io = createIo(server, auth, redis ? createAdapter(redis) : undefined);
  const leaderboards = createLeaderboards(repos, io, { log, flushMs: config.leaderboardFlushMs });
  const settled = onRunSettled(io, { repos, leaderboards, log });
  exporter = exportHandler({ repos, auth, leaderboards });
  const verifier = createVerifier({
    repos,
    onSettled: settled,
    threads: config.verifierThreads ?? 1,
    log,
  });
  attachHandlers(io, {
    io,
    repos,
    verifier,
    leaderboards,
    joinLimiter,
    newTestSeed: () => randomInt(2 ** 31),
    log,
  });
  // Runs acknowledged before a crash or restart are verified now.
  await verifier.recover();
  return {
    server,
    io,
    database,
    repos,
    auth,
    verifier,
    leaderboards,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      leaderboards.close();
      await verifier.close();
      await database.close();
      await redis?.quit();
    },
  };
}
