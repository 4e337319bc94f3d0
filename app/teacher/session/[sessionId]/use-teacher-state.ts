"use client";
/**
 * A session's live state for its teacher (the dashboard and the projector view): watched over the
 * socket, every broadcast merged in, fetched again after a reconnect that could not be recovered.
 */
import { useEffect, useState } from "react";
import { applyLeaderboardDelta } from "../../../../lib/challenges/scoring";
import type { ServerToClientEvents } from "../../../../lib/protocol/events";
import type { BoardEntryView, TeacherState } from "../../../../lib/protocol/views";
import { upsert } from "../../../_client/format";
import {
  classSocket,
  refusalMessage,
  request,
  requestMessage,
  whenConnected,
} from "../../../_client/socket";

export function useTeacherState(sessionId: string) {
  const [state, setState] = useState<TeacherState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const socket = classSocket();
    const watch = () =>
      request("session:watch", { sessionId }).then(setState, (e: unknown) =>
        setProblem(requestMessage(e)),
      );
    whenConnected().then(watch, (e: unknown) => setProblem(refusalMessage(e)));
    const onConnect = () => {
      if (!socket.recovered) void watch();
    };
    const merge = (f: (s: TeacherState) => TeacherState) => setState((s) => (s ? f(s) : s));
    // Named handlers, so cleanup removes these and no other component's listeners on the shared socket.
    const handlers: { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } = {
      "roster:updated": (p) => merge((s) => ({ ...s, roster: upsert(s.roster, p) })),
      "challenge:updated": (c) =>
        merge((s) => ({
          ...s,
          challenges: upsert(s.challenges, c).sort((a, b) => a.position - b.position),
        })),
      "session:updated": (session) =>
        merge((s) => ({ ...s, session, joinUrl: session.joinCode ? s.joinUrl : null })),
      "run:submitted": (run) =>
        merge((s) => ({ ...s, submissions: s.submissions + 1, runs: upsert(s.runs, run) })),
      "run:settled": (run) => merge((s) => ({ ...s, runs: upsert(s.runs, run) })),
      "leaderboard:delta": (d) =>
        merge((s) => ({
          ...s,
          leaderboards: s.leaderboards.some((b) => b.challengeId === d.challengeId)
            ? s.leaderboards.map((b) =>
                b.challengeId === d.challengeId
                  ? { ...b, entries: applyLeaderboardDelta<BoardEntryView>(b.entries, d) }
                  : b,
              )
            : [
                ...s.leaderboards,
                {
                  challengeId: d.challengeId,
                  entries: applyLeaderboardDelta<BoardEntryView>([], d),
                },
              ],
        })),
    };
    type Listen = (event: string, listener: (...args: never[]) => void) => void;
    socket.on("connect", onConnect);
    for (const [event, handler] of Object.entries(handlers)) (socket.on as Listen)(event, handler);
    return () => {
      socket.off("connect", onConnect);
      for (const [event, handler] of Object.entries(handlers))
        (socket.off as Listen)(event, handler);
    };
  }, [sessionId]);

  return { state, problem };
}
