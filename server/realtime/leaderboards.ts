/**
 * Live leaderboards, derived from verified runs by lib/challenges' rules. Traffic per client is
 * bounded whatever the class size: after each coalesced change (at most one per LEADERBOARD_FLUSH_MS
 * per challenge) the session's room gets the top BOARD_TOP entries and the board's size, and each
 * student whose own place changed gets that entry alone. Every message carries this node's stream
 * (`epoch`, new at each start) and a version counting its changes, so a client that missed one, or
 * moved to another node, fetches the board again (lib/challenges/board-feed.ts).
 *
 * Nothing is diffed against what another node sent: each node computes the board from the database
 * and streams it to its own sockets; a change on one node is announced to the others
 * (`board:invalidate`) so they stream it too.
 */
import { randomBytes } from "node:crypto";
import { buildLeaderboard } from "../../lib/challenges/scoring";
import { BOARD_TOP, type BoardEntryView, type LeaderboardView } from "../../lib/protocol/views";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import { BROADCAST_RETRY, retry } from "../retry";
import { rooms, type IoServer } from "./types";

export const LEADERBOARD_FLUSH_MS = 250;

export interface Leaderboards {
  /**
   * The board as this node last streamed it: its top and `participantId`'s own entry, or with
   * `full` every entry (the teacher's view, the export, a student who asks).
   */
  get(
    challengeId: string,
    options?: { full?: boolean; participantId?: string | null },
  ): Promise<LeaderboardView>;
  /** Marks a challenge's board changed, here and on every other node. */
  invalidate(challengeId: string): void;
  /** Streams pending changes now (tests, shutdown). */
  flush(): Promise<void>;
  close(): void;
}

/** One challenge's board as this node streams it. */
interface Stream {
  sessionId: string;
  version: number;
  entries: BoardEntryView[];
  byParticipant: Map<string, BoardEntryView>;
}

const sameEntry = (a: BoardEntryView | undefined, b: BoardEntryView | undefined) =>
  a?.rank === b?.rank &&
  a?.runId === b?.runId &&
  a?.score === b?.score &&
  a?.nickname === b?.nickname;

export function createLeaderboards(
  repos: Repositories,
  io: IoServer,
  options: { flushMs?: number; logger: Logger; clustered?: boolean },
): Leaderboards {
  const flushMs = options.flushMs ?? LEADERBOARD_FLUSH_MS;
  const { logger } = options;
  const epoch = randomBytes(6).toString("base64url");
  const streams = new Map<string, Stream>();
  const starting = new Map<string, Promise<Stream | null>>();
  const timers = new Map<string, NodeJS.Timeout>();

  async function compute(challengeId: string): Promise<Omit<Stream, "version"> | null> {
    const challenge = await repos.challenges.fixed(challengeId);
    if (!challenge) return null;
    const [runs, session] = await Promise.all([
      repos.runs.ranked(challengeId),
      repos.sessions.findById(challenge.sessionId),
    ]);
    // While the teacher hides names, no board carries one (the projector and every student's).
    const hide = session?.hideNames ?? false;
    const nicknames = new Map(runs.map((r) => [r.participantId, r.nickname]));
    const entries = buildLeaderboard(
      runs.map((r) => ({
        runId: r.id,
        participantId: r.participantId,
        score: r.score,
        submittedAt: r.submittedAt.getTime(),
      })),
    ).map((e) => ({ ...e, nickname: hide ? null : nicknames.get(e.participantId)! }));
    return {
      sessionId: challenge.sessionId,
      entries,
      byParticipant: new Map(entries.map((e) => [e.participantId, e])),
    };
  }

  /** The challenge's stream, started (at version 0, nothing sent) on first use. */
  function stream(challengeId: string): Promise<Stream | null> {
    const known = streams.get(challengeId);
    if (known) return Promise.resolve(known);
    let pending = starting.get(challengeId);
    if (!pending) {
      pending = compute(challengeId)
        .then((board) => {
          if (!board) return null;
          // A change streamed while this was computed wins.
          const current = streams.get(challengeId) ?? { ...board, version: 0 };
          streams.set(challengeId, current);
          return current;
        })
        .finally(() => starting.delete(challengeId));
      starting.set(challengeId, pending);
    }
    return pending;
  }

  /** Streams a challenge's pending change now, once however many ask at the same time. */
  const sending = new Map<string, Promise<void>>();
  function sendNow(challengeId: string): Promise<void> {
    clearTimeout(timers.get(challengeId));
    timers.delete(challengeId);
    let pending = sending.get(challengeId);
    if (!pending) {
      pending = send(challengeId).finally(() => sending.delete(challengeId));
      sending.set(challengeId, pending);
    }
    return pending;
  }

  async function send(challengeId: string): Promise<void> {
    const next = await compute(challengeId);
    if (!next) return;
    const before = streams.get(challengeId);
    const top = next.entries.slice(0, BOARD_TOP);
    const moved = next.entries.filter(
      (e) => !sameEntry(before?.byParticipant.get(e.participantId), e),
    );
    const gone = [...(before?.byParticipant.keys() ?? [])].filter(
      (id) => !next.byParticipant.has(id),
    );
    const topChanged =
      !before ||
      before.entries.length !== next.entries.length ||
      top.some((e, i) => !sameEntry(before.entries[i], e));
    if (before && !topChanged && moved.length === 0 && gone.length === 0) return;
    const version = (before?.version ?? 0) + 1;
    streams.set(challengeId, { ...next, version });
    const head = { challengeId, epoch, version };
    io.local
      .to(rooms.session(next.sessionId))
      .emit("leaderboard:update", { ...head, top, total: next.entries.length });
    for (const entry of moved)
      io.local.to(rooms.participant(entry.participantId)).emit("leaderboard:rank", {
        ...head,
        entry,
      });
    for (const participantId of gone)
      io.local.to(rooms.participant(participantId)).emit("leaderboard:rank", {
        ...head,
        entry: null,
      });
  }

  function schedule(challengeId: string): void {
    if (timers.has(challengeId)) return;
    timers.set(
      challengeId,
      setTimeout(
        () =>
          void retry(() => sendNow(challengeId), {
            ...BROADCAST_RETRY,
            onRetry: (error) =>
              logger.warn({ err: error, challengeId }, "leaderboard broadcast waits"),
          }).catch((error: unknown) =>
            logger.error({ err: error, challengeId }, "leaderboard broadcast failed"),
          ),
        flushMs,
      ),
    );
  }

  // Another node's change: stream it to this node's sockets too.
  io.on("board:invalidate", (challengeId: string) => schedule(challengeId));

  return {
    async get(challengeId, { full = false, participantId = null } = {}) {
      // A change waiting for its window goes out now: what is fetched is what is streamed.
      if (timers.has(challengeId) || sending.has(challengeId)) await sendNow(challengeId);
      const board = await stream(challengeId);
      const entries = board?.entries ?? [];
      return {
        challengeId,
        epoch,
        version: board?.version ?? 0,
        entries: full ? entries : entries.slice(0, BOARD_TOP),
        total: entries.length,
        mine: (participantId && board?.byParticipant.get(participantId)) || null,
      };
    },
    invalidate(challengeId) {
      schedule(challengeId);
      if (options.clustered) io.serverSideEmit("board:invalidate", challengeId);
    },
    async flush() {
      await Promise.all([...timers.keys(), ...sending.keys()].map(sendNow));
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
