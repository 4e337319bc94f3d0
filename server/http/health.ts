/**
 * GET /healthz: whether this node can do its work. 200 with `status: "ok"` when the database (and
 * Redis, when configured) answer; 503 with `status: "unhealthy"` otherwise. The verifier's queue
 * depth is reported either way (a growing queue is a warning, not a failure), and so is the process:
 * its memory and its event loop's delay (p50, p99 and max in milliseconds since the previous
 * health check, sampled every 20 ms), what a class feels as lag.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { createClient } from "redis";
import type { Database } from "../db/database";
import type { Verifier } from "../verifier";
import type { MaybeRoute } from "./router";

/** A dependency that does not answer within this is unhealthy. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

async function check(probe: () => Promise<unknown>) {
  const start = performance.now();
  try {
    await within(probe(), HEALTH_CHECK_TIMEOUT_MS);
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The process's memory and event-loop delay since the previous call. */
function processStats(loop: ReturnType<typeof monitorEventLoopDelay>) {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const stats = {
    rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20),
    eventLoopDelayMs: {
      p50: ms(loop.percentile(50)),
      p99: ms(loop.percentile(99)),
      max: ms(loop.max),
    },
  };
  loop.reset();
  return stats;
}

export function healthRoute(deps: {
  database: Database;
  redis: ReturnType<typeof createClient> | null;
  verifier: () => Verifier | null;
}): MaybeRoute {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  return async (req, res) => {
    if (req.url?.split("?")[0] !== "/healthz") return false;
    const [ping, redis] = await Promise.all([
      check(() => deps.database.ping()),
      deps.redis
        ? check(async () => {
            // A disconnected client would queue the ping until it reconnects.
            if (!deps.redis!.isReady) throw new Error("not connected");
            await deps.redis!.ping();
          })
        : null,
    ]);
    const queue = deps.verifier()?.stats() ?? { queued: 0, retrying: 0 };
    const database = { ...ping, ...(deps.database.pool ? { pool: deps.database.pool() } : {}) };
    const healthy = database.ok && (redis?.ok ?? true);
    res.writeHead(healthy ? 200 : 503, {
      "content-type": "application/json",
      "cache-control": "no-store",
    });
    res.end(
      JSON.stringify({
        status: healthy ? "ok" : "unhealthy",
        checks: { database, ...(redis ? { redis } : {}), verifier: { ok: true, ...queue } },
        process: processStats(loop),
      }),
    );
    return true;
  };
}
