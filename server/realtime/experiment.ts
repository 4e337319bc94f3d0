/**
 * The class as one experiment: sweep slots handed out, filled, given back and handed on; predictions
 * scored when the student's run is verified. Shared by the student and teacher handlers and by the
 * settling of runs; every node runs it, the database's unique indexes keep it consistent.
 */
import { ownScoreShown } from "../../lib/challenges/assignment";
import { scorePrediction, type PredictionInput } from "../../lib/challenges/prediction";
import { scorePostCheck, transferConfig } from "../../lib/challenges/transfer";
import type { NetworkConfig } from "../../lib/nn/config";
import type { Verdict } from "../../lib/nn/summary";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import type { ChallengeFixed } from "../repositories/challenges";
import type { SettledRun } from "../repositories/runs";
import type { SweepSlotRecord } from "../repositories/sweeps";
import { rooms, type IoServer } from "./types";
import type { PostCheckRecord } from "../repositories/post-checks";
import { postCheckView, predictionView, studentPredictionView, sweepSlotView } from "./views";

/** How long a student may be away (a refresh, a tab asleep) before their held slot is given back. */
export const SWEEP_RELEASE_MS = 20_000;

export interface Experiment {
  /** The student's slot (held or new); null when none is free (they wait for one). */
  claim(challenge: ChallengeFixed, participantId: string): Promise<SweepSlotRecord | null>;
  /** The student's run fills their slot; they are handed the next free one. */
  filled(challenge: ChallengeFixed, participantId: string, runId: string): Promise<void>;
  /** A run was settled: score the prediction it answers, or free the slot it could not fill. */
  settled(run: SettledRun, challenge: ChallengeFixed): Promise<void>;
  /**
   * The student's post-check, scored against the transfer network's flow at initialization, stored
   * once and sent to the teacher and (its score when `shown`) the student; null when they made one
   * already.
   */
  postCheck(
    challenge: ChallengeFixed,
    participantId: string,
    input: Pick<PredictionInput, "curve" | "verdict">,
    shown: boolean,
  ): Promise<PostCheckRecord | null>;
  /** The student's last socket closed: after the grace period, their held slots go to others. */
  away(participantId: string): void;
  /** The student is gone for good (removed): their held slots go to others now. */
  gone(participantId: string): Promise<void>;
  close(): void;
}

export function createExperiment(deps: {
  io: IoServer;
  repos: Repositories;
  logger: Logger;
  releaseMs?: number;
  /** A network's flow at initialization, measured off the event loop (the verifier's threads). */
  initialFlow: (config: NetworkConfig) => Promise<{ profile: (number | null)[]; verdict: Verdict }>;
}): Experiment {
  const { io, repos, logger } = deps;
  // Each transfer network is measured once per process (it is deterministic: its seed is fixed).
  const flows = new Map<string, ReturnType<typeof deps.initialFlow>>();
  const flowOf = (config: NetworkConfig) => {
    const key = JSON.stringify(config);
    let flow = flows.get(key);
    if (!flow) {
      flow = deps.initialFlow(config);
      flows.set(key, flow);
      flow.catch(() => flows.delete(key));
    }
    return flow;
  };
  const releaseMs = deps.releaseMs ?? SWEEP_RELEASE_MS;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function announce(challenge: ChallengeFixed, slot: SweepSlotRecord, released: boolean) {
    io.to(rooms.teacher(challenge.sessionId)).emit("sweep:slot", {
      slot: sweepSlotView(slot, challenge.spec.sweep!),
      released,
    });
  }

  async function hand(challenge: ChallengeFixed, participantId: string) {
    const sweep = challenge.spec.sweep!;
    const slot = await repos.sweeps.claim(challenge.id, participantId, sweep);
    const wait = rooms.sweepWait(challenge.id);
    if (slot) {
      io.in(rooms.participant(participantId)).socketsLeave(wait);
      announce(challenge, slot, false);
    } else {
      io.in(rooms.participant(participantId)).socketsJoin(wait);
    }
    return slot;
  }

  /** Freed slots go to students waiting for one (on any node), one each, while slots are free. */
  async function offer(challenge: ChallengeFixed) {
    const waiting = await io.in(rooms.sweepWait(challenge.id)).fetchSockets();
    const students = [...new Set(waiting.map((s) => s.data.participantId).filter(Boolean))];
    for (const participantId of students as string[]) {
      const slot = await hand(challenge, participantId);
      if (!slot) return;
      io.to(rooms.participant(participantId)).emit("sweep:assigned", {
        challengeId: challenge.id,
        slot: sweepSlotView(slot, challenge.spec.sweep!),
      });
    }
  }

  async function release(participantId: string) {
    for (const slot of await repos.sweeps.release(participantId)) {
      const challenge = await repos.challenges.fixed(slot.challengeId);
      if (!challenge?.spec.sweep) continue;
      announce(challenge, slot, true);
      await offer(challenge);
    }
  }

  return {
    claim: (challenge, participantId) => hand(challenge, participantId),
    async filled(challenge, participantId, runId) {
      const slot = await repos.sweeps.fill(challenge.id, participantId, runId);
      if (!slot) return;
      announce(challenge, slot, false);
      const next = await hand(challenge, participantId);
      io.to(rooms.participant(participantId)).emit("sweep:assigned", {
        challengeId: challenge.id,
        slot: next && sweepSlotView(next, challenge.spec.sweep!),
      });
    },
    async settled(run, challenge) {
      if (challenge.spec.sweep && run.status === "unverifiable") {
        const slot = await repos.sweeps.unfill(run.id);
        if (slot) {
          announce(challenge, slot, true);
          await offer(challenge);
        }
      }
      const probe = run.verified?.probe;
      if (!challenge.spec.predict || run.status !== "verified" || !probe?.profile) return;
      const prediction = await repos.predictions.find(run.challengeId, run.participantId);
      if (!prediction?.lockedAt || prediction.runId !== null) return;
      const score = scorePrediction(prediction.input, {
        profile: probe.profile,
        verdict: probe.verdict,
        accuracy: run.verified!.accuracy,
      });
      const scored = await repos.predictions.score(
        run.challengeId,
        run.participantId,
        run.id,
        score,
      );
      if (!scored) return;
      io.to(rooms.teacher(challenge.sessionId)).emit("prediction:updated", predictionView(scored));
      const [session, current] = await Promise.all([
        repos.sessions.findById(challenge.sessionId),
        repos.challenges.findById(challenge.id),
      ]);
      if (!session || !current) return;
      const shown = ownScoreShown({ revealed: current.revealedAt !== null }, session, Date.now());
      io.to(rooms.participant(run.participantId)).emit(
        "prediction:updated",
        studentPredictionView(scored, shown),
      );
    },
    async postCheck(challenge, participantId, input, shown) {
      const transfer = challenge.spec.postCheck!.transfer;
      const measured = await flowOf(transferConfig(transfer, challenge.spec.dataset));
      const record = await repos.postChecks.create({
        challengeId: challenge.id,
        participantId,
        input,
        score: scorePostCheck(input, measured),
      });
      if (!record) return null;
      io.to(rooms.teacher(challenge.sessionId)).emit(
        "postcheck:updated",
        postCheckView(record, transfer, true),
      );
      io.to(rooms.participant(participantId)).emit(
        "postcheck:updated",
        postCheckView(record, transfer, shown),
      );
      return record;
    },
    away(participantId) {
      clearTimeout(timers.get(participantId));
      timers.set(
        participantId,
        setTimeout(() => {
          timers.delete(participantId);
          void (async () => {
            // Back on some node meanwhile (a refresh): nothing to give back.
            if ((await io.in(rooms.participant(participantId)).fetchSockets()).length > 0) return;
            await release(participantId);
          })().catch((error: unknown) =>
            logger.error({ err: error, participantId }, "sweep release failed"),
          );
        }, releaseMs),
      );
    },
    async gone(participantId) {
      clearTimeout(timers.get(participantId));
      timers.delete(participantId);
      await release(participantId);
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
