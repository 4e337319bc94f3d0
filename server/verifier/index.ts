/**
 * The verifier service: takes stored runs, verifies them in worker threads and records the outcome.
 * A run is verified at most once; runs left pending by a restart are picked up by `recover()`.
 * Any failure leaves the run "unverifiable", never silently ranked.
 */
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Repositories } from "../repositories";
import type { RunRecord } from "../repositories/runs";
import type { VerifyInput, VerifyOutput } from "./verify";

export interface Verifier {
  /** Queues a stored run; resolves when it has been verified (or marked unverifiable). */
  verify(runId: string): Promise<RunRecord | null>;
  /** Queues every pending run (after a restart); returns how many. */
  recover(): Promise<number>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface VerifierOptions {
  repos: Repositories;
  /** Called with every run that leaves "pending". */
  onSettled?: (run: RunRecord) => void;
  threads?: number;
  log?: (message: string, error?: unknown) => void;
}

export function createVerifier({
  repos,
  onSettled,
  threads = 1,
  log = console.error,
}: VerifierOptions): Verifier {
  const pool = new Piscina<VerifyInput, VerifyOutput>({
    filename: fileURLToPath(new URL("./worker.ts", import.meta.url)),
    // Workers load TypeScript the way the server does.
    execArgv: ["--import", "tsx"],
    minThreads: 1,
    maxThreads: threads,
  });
  const inFlight = new Map<string, Promise<RunRecord | null>>();

  async function settle(runId: string): Promise<RunRecord | null> {
    const run = await repos.runs.findById(runId);
    if (!run || run.status !== "pending") return run;
    let settled: RunRecord;
    try {
      const [weights, challenge] = await Promise.all([
        repos.runs.weights(runId),
        repos.challenges.findById(run.challengeId),
      ]);
      if (!weights || !challenge) throw new Error("the run's weights or challenge are gone");
      const out = await pool.run({
        config: run.config,
        weights,
        spec: challenge.spec,
        testSeed: challenge.testSeed,
        claimed: run.claimed,
      });
      settled = out.ok
        ? await repos.runs.markVerified(runId, out.result, out.score, out.mismatch)
        : await repos.runs.markUnverifiable(runId, out.failure);
    } catch (error) {
      log(`verifier: run ${runId} could not be verified`, error);
      settled = await repos.runs.markUnverifiable(runId, "the verifier failed on this run");
    }
    onSettled?.(settled);
    return settled;
  }

  const verify = (runId: string) => {
    const existing = inFlight.get(runId);
    if (existing) return existing;
    const task = settle(runId).finally(() => inFlight.delete(runId));
    inFlight.set(runId, task);
    return task;
  };

  return {
    verify,
    async recover() {
      const pending = await repos.runs.listPending();
      for (const run of pending) void verify(run.id);
      return pending.length;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
    async close() {
      await this.idle();
      await pool.destroy();
    },
  };
}
