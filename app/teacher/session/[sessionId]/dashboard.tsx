"use client";
/** Live state of one session for its teacher: everything arrives over the socket and is merged here. */
import { useEffect, useState } from "react";
import { applyLeaderboardDelta } from "../../../../lib/challenges/scoring";
import type { ServerToClientEvents } from "../../../../lib/protocol/events";
import type { BoardEntryView, RunAlert, TeacherState } from "../../../../lib/protocol/views";
import { classSocket, request, RequestError, whenConnected } from "../../../_client/socket";
import {
  AlertsPanel,
  BoardPanel,
  ChallengesPanel,
  ClassHeatmap,
  JoinPanel,
  RosterPanel,
} from "./panels";
import { upsert } from "../../../_client/format";

export function Dashboard({ sessionId }: { sessionId: string }) {
  const [state, setState] = useState<TeacherState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<RunAlert[]>([]);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    const socket = classSocket();
    const watch = () =>
      request("session:watch", { sessionId }).then(
        (s) => {
          setState(s);
          setSelected((id) => id ?? s.challenges.at(-1)?.id ?? null);
        },
        (e: unknown) =>
          setProblem(
            e instanceof RequestError ? e.error.message : "The class server did not answer.",
          ),
      );
    void whenConnected().then(watch);
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
      "session:updated": (session) => merge((s) => ({ ...s, session })),
      "run:submitted": (run) =>
        merge((s) => ({ ...s, submissions: s.submissions + 1, runs: upsert(s.runs, run) })),
      "run:settled": (run) => merge((s) => ({ ...s, runs: upsert(s.runs, run) })),
      "alert:raised": (alert) => setAlerts((a) => [alert, ...a].slice(0, 20)),
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

  if (problem) return <p role="alert">{problem}</p>;
  if (!state) return <p role="status">Opening the session…</p>;
  const challenge = state.challenges.find((c) => c.id === selected) ?? null;
  const board = state.leaderboards.find((b) => b.challengeId === selected)?.entries ?? [];
  return (
    <div className="dashboard">
      <JoinPanel session={state.session} />
      <ChallengesPanel
        sessionOpen={state.session.status === "open"}
        challenges={state.challenges}
        selected={selected}
        onSelect={setSelected}
        sessionId={sessionId}
      />
      {challenge && <BoardPanel challenge={challenge} board={board} />}
      <RosterPanel roster={state.roster} submissions={state.submissions} />
      {challenge && (
        <ClassHeatmap
          roster={state.roster}
          runs={state.runs.filter((r) => r.challengeId === challenge.id)}
        />
      )}
      <AlertsPanel alerts={alerts} roster={state.roster} />
    </div>
  );
}
