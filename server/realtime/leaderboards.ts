/**
 * Live leaderboards: derived from verified runs by lib/challenges' rules, broadcast to the session's
 * room as deltas, coalesced per challenge so a busy class gets at most one delta per
 * LEADERBOARD_FLUSH_MS instead of one board per submission.
 */
import { buildLeaderboard, diffLeaderboards } from "../../lib/challenges/scoring";
import type { BoardEntryView, LeaderboardView } from "../../lib/protocol/views";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import { BROADCAST_RETRY, retry } from "../retry";
import { rooms, type IoServer } from "./types";

export const LEADERBOARD_FLUSH_MS = 250;

export interface Leaderboards {
  get(challengeId: string): Promise<LeaderboardView>;
  /** Marks a challenge's board changed; a delta goes out after the flush delay. */
  invalidate(challengeId: string): void;
  /** Sends pending deltas now (tests, shutdown). */
  flush(): Promise<void>;
  close(): void;
}

export function createLeaderboards(
  repos: Repositories,
  io: IoServer,
  options: { flushMs?: number; logger: Logger },
): Leaderboards {
  const flushMs = options.flushMs ?? LEADERBOARD_FLUSH_MS;
  const { logger } = options;
  const sent = new Map<string, BoardEntryView[]>();
  const timers = new Map<string, NodeJS.Timeout>();

  async function compute(
    challengeId: string,
  ): Promise<{ sessionId: string; entries: BoardEntryView[] } | null> {
    const challenge = await repos.challenges.findById(challengeId);
    if (!challenge) return null;
    const [runs, participants, session] = await Promise.all([
      repos.runs.rankable(challengeId),
      repos.participants.listBySession(challenge.sessionId),
      repos.sessions.findById(challenge.sessionId),
    ]);
    // While the teacher hides names, no board carries one (the projector and every student's).
    const hide = session?.hideNames ?? false;
    const active = new Map(participants.filter((p) => !p.removed).map((p) => [p.id, p.nickname]));
    const board = buildLeaderboard(
      runs
        .filter((r) => active.has(r.participantId))
        .map((r) => ({
          runId: r.id,
          participantId: r.participantId,
          score: r.score,
          submittedAt: r.submittedAt.getTime(),
        })),
    );
    return {
      sessionId: challenge.sessionId,
      entries: board.map((e) => ({ ...e, nickname: hide ? null : active.get(e.participantId)! })),
    };
  }

  async function send(challengeId: string): Promise<void> {
    timers.delete(challengeId);
    const next = await compute(challengeId);
    if (!next) return;
    const before = sent.get(challengeId) ?? [];
    const delta = diffLeaderboards(before, next.entries);
    sent.set(challengeId, next.entries);
    if (delta.upserts.length === 0 && delta.removals.length === 0) return;
    io.to(rooms.session(next.sessionId)).emit("leaderboard:delta", { challengeId, ...delta });
  }

  return {
    async get(challengeId) {
      const board = await compute(challengeId);
      return { challengeId, entries: board?.entries ?? [] };
    },
    invalidate(challengeId) {
      if (timers.has(challengeId)) return;
      timers.set(
        challengeId,
        setTimeout(
          () =>
            void retry(() => send(challengeId), {
              ...BROADCAST_RETRY,
              onRetry: (error) =>
                logger.warn({ err: error, challengeId }, "leaderboard broadcast waits"),
            }).catch((error: unknown) =>
              logger.error({ err: error, challengeId }, "leaderboard broadcast failed"),
            ),
          flushMs,
        ),
      );
    },
    async flush() {
      const pending = [...timers.keys()];
      for (const id of pending) clearTimeout(timers.get(id));
      await Promise.all(pending.map(send));
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
