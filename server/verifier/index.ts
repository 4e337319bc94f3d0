/**
 * The verifier service: takes stored runs, verifies them in worker threads and records the outcome.
 * A run is verified at most once; runs left pending by a restart are picked up by `recover()`.
 * A run the verifier itself fails on is "unverifiable", never silently ranked; a run whose database
 * reads or writes fail (the database is away) stays pending and is retried until they succeed.
 */
import { RUN_FAILURES } from "../../lib/challenges/run-text";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import type { RunSummary, SettledRun } from "../repositories/runs";
import type { NetworkConfig } from "../../lib/nn/config";
import type { Verdict } from "../../lib/nn/summary";
import type { VerifyInput, VerifyOutput } from "./verify";

/**
 * How often each node looks for runs left pending (stored while the database dropped the
 * acknowledgement, or by a node that died), and how old a pending run must be to be picked up.
 */
export const SWEEP_EVERY_MS = 15_000;
export const SWEEP_AFTER_MS = 10_000;

/** First retry after a database failure; doubles up to the maximum. */
export const VERIFY_RETRY_MS = 500;
export const VERIFY_RETRY_MAX_MS = 10_000;

/** One verifier thread per core but one (the event loop keeps a core), at least one. */
export const defaultVerifierThreads = () => Math.max(1, availableParallelism() - 1);

export interface VerifierStats {
  /** Runs accepted and not yet settled (waiting for a thread or being verified). */
  queued: number;
  /** Of those, runs waiting to retry after a database failure. */
  retrying: number;
}

export interface Verifier {
  /** Queues a stored run; resolves when it has been verified (or marked unverifiable). */
  verify(runId: string): Promise<RunSummary | null>;
  /** Queues every pending run (after a restart); returns how many. */
  recover(): Promise<number>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  stats(): VerifierStats;
  /** A network's gradient flow at initialization, measured on a verifier thread. */
  initialFlow(config: NetworkConfig): Promise<{ profile: (number | null)[]; verdict: Verdict }>;
  /**
   * Stops taking work: runs being verified finish and settle, queued ones are handed back (they
   * stay pending, durable, for the next start or another node's sweep). Returns the counts.
   */
  drain(): Promise<{ finished: number; handedBack: number }>;
  close(): Promise<void>;
}

export interface VerifierOptions {
  repos: Repositories;
  /** Called with every run that leaves "pending". */
  onSettled?: (run: SettledRun) => void;
  threads?: number;
  logger: Logger;
  /** Sweep for forgotten pending runs every this many ms (0: never; tests). */
  sweepEveryMs?: number;
}

class DatabaseUnavailable extends Error {
  override name = "DatabaseUnavailable";
}

/** A queued run left pending because the verifier is draining. */
class HandedBack extends Error {
  override name = "HandedBack";
}

/** Database work of a settle: a failure here is retried, never blamed on the run. */
async function db<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new DatabaseUnavailable("database", { cause: error });
  }
}

export function createVerifier({
  repos,
  onSettled,
  threads = defaultVerifierThreads(),
  logger,
  sweepEveryMs = SWEEP_EVERY_MS,
}: VerifierOptions): Verifier {
  // Two task kinds (verify, the default export, and initialFlow), each typed where it is run.
  const pool = new Piscina<VerifyInput | NetworkConfig, unknown>({
    filename: fileURLToPath(new URL("./worker.ts", import.meta.url)),
    // Workers load TypeScript the way the server does.
    execArgv: ["--import", "tsx"],
    minThreads: 1,
    maxThreads: threads,
  });
  const inFlight = new Map<string, Promise<RunSummary | null>>();
  let retrying = 0;
  let closed = false;
  let draining = false;
  let handedBack = 0;
  let finishedWhileDraining = 0;
  // Runs enter the pool `threads` at a time, the rest wait here: a drain hands back exactly those
  // that have not started.
  let running = 0;
  const waiting: (() => void)[] = [];
  async function inPool(input: VerifyInput): Promise<VerifyOutput> {
    while (running >= threads && !draining)
      await new Promise<void>((resolve) => waiting.push(resolve));
    if (draining) throw new HandedBack("the verifier is draining");
    running++;
    try {
      return (await pool.run(input)) as VerifyOutput;
    } finally {
      running--;
      waiting.shift()?.();
    }
  }

  async function settleOnce(runId: string): Promise<RunSummary | null> {
    if (draining) throw new HandedBack("the verifier is draining");
    const [run, challenge] = await db(async () => {
      const found = await repos.runs.forVerification(runId);
      return [found, found && (await repos.challenges.fixed(found.challengeId))] as const;
    });
    if (!run) return null;
    if (run.status !== "pending") return db(() => repos.runs.findById(runId));
    let out: VerifyOutput;
    if (!challenge) {
      out = { ok: false, failure: RUN_FAILURES["challenge-gone"] };
    } else {
      try {
        out = await inPool({
          config: run.config,
          weights: run.weights,
          spec: challenge.spec,
          testSeed: challenge.testSeed,
          claimed: run.claimed,
        });
      } catch (error) {
        if (error instanceof HandedBack) throw error;
        logger.error({ err: error, runId }, "verifier failed on a run");
        out = { ok: false, failure: RUN_FAILURES["verifier-failed"] };
      }
    }
    const settled = await db(() =>
      out.ok
        ? repos.runs.markVerified(runId, out.result, out.score, out.mismatch)
        : repos.runs.markUnverifiable(runId, out.failure),
    );
    // Null: another node settled it meanwhile, and announced it.
    if (!settled) return db(() => repos.runs.findById(runId));
    if (draining) finishedWhileDraining++;
    onSettled?.(settled);
    return settled;
  }

  async function settle(runId: string): Promise<RunSummary | null> {
    for (let delay = VERIFY_RETRY_MS; ; delay = Math.min(2 * delay, VERIFY_RETRY_MAX_MS)) {
      try {
        return await settleOnce(runId);
      } catch (error) {
        if (error instanceof HandedBack) {
          handedBack++;
          return null;
        }
        if (!(error instanceof DatabaseUnavailable) || closed || draining) throw error;
        logger.warn(
          { err: error.cause, runId, retryInMs: delay },
          "verifier waits for the database",
        );
        retrying++;
        await new Promise((resolve) => setTimeout(resolve, delay));
        retrying--;
      }
    }
  }

  const verify = (runId: string) => {
    if (draining) return Promise.resolve(null);
    const existing = inFlight.get(runId);
    if (existing) return existing;
    const task = settle(runId).finally(() => inFlight.delete(runId));
    inFlight.set(runId, task);
    return task;
  };

  async function recover(submittedBefore?: Date) {
    const pending = await repos.runs.listPending(submittedBefore);
    for (const run of pending)
      void verify(run.id).catch((error: unknown) =>
        logger.error({ err: error, runId: run.id }, "recovered run not verified"),
      );
    return pending.length;
  }

  // A run stored while its acknowledgement failed, or left by a node that died, is verified by
  // whichever node sweeps first (settling is conditional, so two nodes never settle it twice).
  const sweep =
    sweepEveryMs > 0
      ? setInterval(() => {
          recover(new Date(Date.now() - SWEEP_AFTER_MS)).catch((error: unknown) =>
            logger.warn({ err: error }, "pending-run sweep failed"),
          );
        }, sweepEveryMs)
      : null;
  sweep?.unref();

  return {
    verify,
    recover: () => recover(),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
    stats: () => ({ queued: inFlight.size, retrying }),
    initialFlow: async (config) =>
      (await pool.run(config, { name: "initialFlow" })) as Awaited<
        ReturnType<Verifier["initialFlow"]>
      >,
    async drain() {
      draining = true;
      if (sweep) clearInterval(sweep);
      // Everything waiting for a thread is handed back now; the running ones settle.
      for (const wake of waiting.splice(0)) wake();
      await this.idle();
      return { finished: finishedWhileDraining, handedBack };
    },
    async close() {
      closed = true;
      if (sweep) clearInterval(sweep);
      await this.idle();
      await pool.destroy();
    },
  };
}
