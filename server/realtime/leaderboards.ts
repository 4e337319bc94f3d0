/**
 * Live leaderboards, derived from verified runs by lib/challenges' rules. Traffic per client is
 * bounded whatever the class size: changes are coalesced per challenge (a window of
 * LEADERBOARD_FLUSH_MS); the session's room gets the top BOARD_TOP entries and the board's size at
 * most every BOARD_UPDATE_MS, and each student whose own entry changed gets that entry alone. Every message carries this node's stream
 * (`epoch`, new at each start) and a version counting its changes, so a client that missed one, or
 * moved to another node, fetches the board again (lib/challenges/board-feed.ts).
 *
 * Nothing is diffed against what another node sent: each node keeps each board it streams, built
 * from the database when first asked for, after a removal or a change of names, and every
 * FULL_REBUILD_MS while it changes; in between, a settled run updates it in place (on its own node
 * and, announced with `board:run`, on the others). Rebuilding a 2,000-student board after each
 * settled run was the largest cost of a busy class (bench:class's profile).
 *
 * A student's own entry goes to them in the next window when it changed (their run ranked, their
 * name shown or hidden); places shifted by others' runs go out at most every RANK_SHIFT_MS.
 */
import { randomBytes } from "node:crypto";
import { buildLeaderboard, outranks } from "../../lib/challenges/scoring";
import {
  BOARD_TOP,
  type BoardEntryView,
  type BoardRun,
  type LeaderboardView,
} from "../../lib/protocol/views";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import { BROADCAST_RETRY, retry } from "../retry";
import { createOutbox } from "./outbox";
import { rooms, type IoServer } from "./types";

export const LEADERBOARD_FLUSH_MS = 250;
/** A changing board is rebuilt from the database at least this often (missed announcements heal). */
export const FULL_REBUILD_MS = 15_000;
/** Places shifted by other students' runs are sent at most this often per board. */
export const RANK_SHIFT_MS = 2_000;
/** The top of a board goes to the whole session at most this often. */
export const BOARD_UPDATE_MS = 1_000;

export interface Leaderboards {
  /**
   * The board as this node last streamed it: its top and `participantId`'s own entry, or with
   * `full` every entry (the teacher's view, the export, a student who asks).
   */
  get(
    challengeId: string,
    options?: { full?: boolean; participantId?: string | null },
  ): Promise<LeaderboardView>;
  /** Marks a challenge's board changed (rebuilt from the database), here and on every other node. */
  invalidate(challengeId: string): void;
  /** A run ranked: every node's board takes it in place. */
  ranked(run: BoardRun): void;
  /** Streams pending changes now (tests, shutdown). */
  flush(): Promise<void>;
  close(): void;
}

/** One challenge's board as this node streams it. */
interface Stream {
  sessionId: string;
  version: number;
  hideNames: boolean;
  /** Each student's best ranked run (names as stored, shown or not by `hideNames`). */
  best: Map<string, BoardRun>;
  entries: BoardEntryView[];
  byParticipant: Map<string, BoardEntryView>;
  /** The entry each student was last sent. */
  sent: Map<string, BoardEntryView | null>;
  builtAt: number;
  shiftsSentAt: number;
  /** When the session last got the top, and the top and size it got. */
  updatedAt: number;
  shownTop: BoardEntryView[];
  shownTotal: number;
  /** Rebuild from the database at the next window. */
  stale: boolean;
  /**
   * Runs taken while a rebuild's read is in flight (null when none is): the read may predate them,
   * so they are merged into what it returns.
   */
  takenWhileLoading: BoardRun[] | null;
}

const sameEntry = (a: BoardEntryView | null | undefined, b: BoardEntryView | null | undefined) =>
  a?.rank === b?.rank &&
  a?.runId === b?.runId &&
  a?.score === b?.score &&
  a?.nickname === b?.nickname;

/** Only the place changed (another student's run moved it). */
const onlyShifted = (a: BoardEntryView | null | undefined, b: BoardEntryView) =>
  !!a && a.runId === b.runId && a.score === b.score && a.nickname === b.nickname;

/** Each student's best run stays their best: `runs` merged into `best`. */
function keepBest(best: Map<string, BoardRun>, runs: readonly BoardRun[]): void {
  for (const run of runs) {
    const current = best.get(run.participantId);
    if (!current || outranks(run, current)) best.set(run.participantId, run);
  }
}

function rank(best: Map<string, BoardRun>, hideNames: boolean) {
  const entries: BoardEntryView[] = buildLeaderboard([...best.values()]).map((e) => ({
    ...e,
    nickname: hideNames ? null : best.get(e.participantId)!.nickname,
  }));
  return { entries, byParticipant: new Map(entries.map((e) => [e.participantId, e])) };
}

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
  /** Runs taken while a board's first read is in flight. */
  const takenWhileStarting = new Map<string, BoardRun[]>();
  const timers = new Map<string, NodeJS.Timeout>();
  // Board messages go out a slice of sockets at a time, in the order they are sent (outbox.ts).
  const outbox = createOutbox(io);

  /** Each student's best ranked run and the session's names setting, from the database. */
  async function load(challengeId: string) {
    const challenge = await repos.challenges.fixed(challengeId);
    if (!challenge) return null;
    const [runs, session] = await Promise.all([
      repos.runs.ranked(challengeId),
      repos.sessions.findById(challenge.sessionId),
    ]);
    const best = new Map<string, BoardRun>();
    for (const r of runs) {
      const run: BoardRun = {
        challengeId,
        runId: r.id,
        participantId: r.participantId,
        nickname: r.nickname,
        score: r.score,
        submittedAt: r.submittedAt.getTime(),
      };
      const current = best.get(r.participantId);
      if (!current || outranks(run, current)) best.set(r.participantId, run);
    }
    // While the teacher hides names, no board carries one (the projector and every student's).
    return { sessionId: challenge.sessionId, hideNames: session?.hideNames ?? false, best };
  }

  /** The challenge's stream, built (at version 0, nothing sent) on first use. */
  function stream(challengeId: string): Promise<Stream | null> {
    const known = streams.get(challengeId);
    if (known) return Promise.resolve(known);
    let pending = starting.get(challengeId);
    if (!pending) {
      takenWhileStarting.set(challengeId, []);
      pending = load(challengeId)
        .then((loaded) => {
          if (!loaded) return null;
          keepBest(loaded.best, takenWhileStarting.get(challengeId) ?? []);
          // A stream started while this was loading wins.
          const current = streams.get(challengeId) ?? {
            ...loaded,
            ...rank(loaded.best, loaded.hideNames),
            version: 0,
            sent: new Map(),
            builtAt: Date.now(),
            shiftsSentAt: 0,
            updatedAt: 0,
            shownTop: [],
            shownTotal: 0,
            stale: false,
            takenWhileLoading: null,
          };
          streams.set(challengeId, current);
          return current;
        })
        .finally(() => {
          starting.delete(challengeId);
          takenWhileStarting.delete(challengeId);
        });
      starting.set(challengeId, pending);
    }
    return pending;
  }

  /**
   * Streams a challenge's pending change now, once however many ask at the same time. A change
   * asked for while a send is in flight (which may have ranked before it) gets a send of its own
   * after that one, shared by everyone who asks meanwhile.
   */
  const sending = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  function sendNow(challengeId: string): Promise<void> {
    clearTimeout(timers.get(challengeId));
    timers.delete(challengeId);
    const inFlight = sending.get(challengeId);
    if (inFlight) {
      let next = queued.get(challengeId);
      if (!next) {
        next = inFlight
          .catch(() => undefined)
          .then(() => {
            queued.delete(challengeId);
            return sendNow(challengeId);
          });
        queued.set(challengeId, next);
      }
      return next;
    }
    const pending = send(challengeId).finally(() => sending.delete(challengeId));
    sending.set(challengeId, pending);
    return pending;
  }

  async function send(challengeId: string): Promise<void> {
    const s = await stream(challengeId);
    if (!s) return;
    const now = Date.now();
    if (s.stale || now - s.builtAt > FULL_REBUILD_MS) {
      s.takenWhileLoading = [];
      let loaded;
      try {
        loaded = await load(challengeId);
      } finally {
        // Runs taken meanwhile are in s.best already; the read may not hold them.
        if (loaded) keepBest(loaded.best, s.takenWhileLoading);
        s.takenWhileLoading = null;
      }
      if (!loaded) return;
      Object.assign(s, loaded, { builtAt: now, stale: false });
    }
    Object.assign(s, rank(s.best, s.hideNames));
    const top = s.entries.slice(0, BOARD_TOP);
    const topChanged =
      s.shownTotal !== s.entries.length ||
      s.shownTop.length !== top.length ||
      top.some((e, i) => !sameEntry(s.shownTop[i], e));
    const updateDue = topChanged && now - s.updatedAt >= BOARD_UPDATE_MS;
    const sendShifts = now - s.shiftsSentAt >= RANK_SHIFT_MS;
    const own: BoardEntryView[] = [];
    let shiftsLeft = false;
    for (const e of s.entries) {
      const last = s.sent.get(e.participantId);
      if (sameEntry(last, e)) continue;
      if (!onlyShifted(last, e) || sendShifts) own.push(e);
      else shiftsLeft = true;
    }
    const gone = [...s.sent].filter(([id, e]) => e !== null && !s.byParticipant.has(id));
    // The version counts the updates the session got. Students' own entries go first, under the
    // version they already have: the update to the whole class (thousands of sockets, written a
    // slice at a time) would otherwise hold them back, and an entry under the next version would
    // reach its student before the update it belongs with.
    const head = { challengeId, epoch, version: s.version };
    for (const entry of own) {
      s.sent.set(entry.participantId, entry);
      outbox.toRoom(rooms.participant(entry.participantId), (to) =>
        to.emit("leaderboard:rank", { ...head, entry }),
      );
    }
    for (const [participantId] of gone) {
      s.sent.set(participantId, null);
      outbox.toRoom(rooms.participant(participantId), (to) =>
        to.emit("leaderboard:rank", { ...head, entry: null }),
      );
    }
    if (updateDue) {
      s.version++;
      s.updatedAt = now;
      s.shownTop = top;
      s.shownTotal = s.entries.length;
      const update = { challengeId, epoch, version: s.version, top, total: s.entries.length };
      outbox.toRoom(rooms.session(s.sessionId), (to) => to.emit("leaderboard:update", update));
    }
    if (sendShifts && own.length > 0) s.shiftsSentAt = now;
    // What still waits for its window: the top, and places shifted by others.
    const waits = [
      ...(topChanged && !updateDue ? [BOARD_UPDATE_MS - (now - s.updatedAt)] : []),
      ...(shiftsLeft ? [RANK_SHIFT_MS - (now - s.shiftsSentAt)] : []),
    ];
    if (waits.length > 0) schedule(challengeId, Math.min(...waits));
    // The send is over when its messages are written (a fetch waits for it).
    await outbox.idle();
  }

  /** Takes a ranked run into the board (if this node streams it) and schedules a window. */
  function take(run: BoardRun): void {
    const s = streams.get(run.challengeId);
    if (s) {
      keepBest(s.best, [run]);
      s.takenWhileLoading?.push(run);
    } else takenWhileStarting.get(run.challengeId)?.push(run);
    schedule(run.challengeId);
  }

  function schedule(challengeId: string, delayMs = flushMs): void {
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
        Math.max(flushMs, delayMs),
      ),
    );
  }

  const markStale = (challengeId: string) => {
    const s = streams.get(challengeId);
    if (s) s.stale = true;
    schedule(challengeId);
  };
  // Another node's change: stream it to this node's sockets too.
  io.on("board:invalidate", markStale);
  io.on("board:run", take);

  return {
    async get(challengeId, { full = false, participantId = null } = {}) {
      // A change waiting for its window goes out now: what is fetched is what is streamed.
      // (One in flight is waited for, not sent again: a fetch changes nothing.)
      const waiting = timers.has(challengeId)
        ? sendNow(challengeId)
        : (queued.get(challengeId) ?? sending.get(challengeId));
      if (waiting) await waiting;
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
      markStale(challengeId);
      if (options.clustered) io.serverSideEmit("board:invalidate", challengeId);
    },
    ranked(run) {
      take(run);
      if (options.clustered) io.serverSideEmit("board:run", run);
    },
    async flush() {
      await Promise.all([...timers.keys(), ...sending.keys(), ...queued.keys()].map(sendNow));
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
