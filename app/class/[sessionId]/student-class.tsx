"use client";
/**
 * A student's view of a class: rejoins with the token kept in this browser (a refresh or a dropped
 * connection returns to the same place), lists the challenges, hosts the lab and the leaderboard.
 */
import { useCallback, useEffect, useState } from "react";
import { applyLeaderboardDelta } from "../../../lib/challenges/scoring";
import type {
  BoardEntryView,
  ChallengeView,
  RunView,
  StudentState,
} from "../../../lib/protocol/views";
import { JoinForm } from "../../join-form";
import {
  classSocket,
  rejoinTokens,
  request,
  RequestError,
  whenConnected,
} from "../../_client/socket";
import { Lab } from "./lab";
import { formatScore, upsert } from "../../_client/format";

type Status =
  | { kind: "connecting" }
  | { kind: "joined"; state: StudentState }
  | { kind: "outside"; message: string };

export function StudentClass({ sessionId }: { sessionId: string }) {
  const [status, setStatus] = useState<Status>({ kind: "connecting" });
  const [selected, setSelected] = useState<string | null>(null);
  const [runs, setRuns] = useState<RunView[]>([]);
  const [board, setBoard] = useState<BoardEntryView[]>([]);

  const rejoin = useCallback(async () => {
    const token = rejoinTokens.get(sessionId);
    if (!token)
      return setStatus({ kind: "outside", message: "Join this class with its code first." });
    try {
      const state = await request("participant:rejoin", { rejoinToken: token });
      setStatus({ kind: "joined", state });
      setSelected(
        (s) =>
          s ??
          state.challenges.find((c) => c.status === "open")?.id ??
          state.challenges[0]?.id ??
          null,
      );
    } catch (e) {
      const code = e instanceof RequestError ? e.error.code : null;
      if (code === "REMOVED") rejoinTokens.clear(sessionId);
      setStatus({
        kind: "outside",
        message:
          code === "REMOVED"
            ? "Your teacher removed you from this class."
            : "Join this class with its code.",
      });
    }
  }, [sessionId]);

  useEffect(() => {
    const socket = classSocket();
    void whenConnected().then(rejoin);
    // A reconnect that could not recover the old connection needs the identity back.
    const onConnect = () => {
      if (!socket.recovered) void rejoin();
    };
    const onChallenge = (c: ChallengeView) =>
      setStatus((s) =>
        s.kind === "joined"
          ? {
              ...s,
              state: {
                ...s.state,
                challenges: upsert(s.state.challenges, c).sort((a, b) => a.position - b.position),
              },
            }
          : s,
      );
    const onSettled = (run: RunView) => setRuns((rs) => upsert(rs, run));
    const onRemoved = () => {
      rejoinTokens.clear(sessionId);
      setStatus({ kind: "outside", message: "Your teacher removed you from this class." });
    };
    const onSession = (session: StudentState["session"]) =>
      setStatus((s) => (s.kind === "joined" ? { ...s, state: { ...s.state, session } } : s));
    socket.on("connect", onConnect);
    socket.on("challenge:updated", onChallenge);
    socket.on("run:settled", onSettled);
    socket.on("participant:removed", onRemoved);
    socket.on("session:updated", onSession);
    return () => {
      socket.off("connect", onConnect);
      socket.off("challenge:updated", onChallenge);
      socket.off("run:settled", onSettled);
      socket.off("participant:removed", onRemoved);
      socket.off("session:updated", onSession);
    };
  }, [rejoin, sessionId]);

  useEffect(() => {
    if (!selected || status.kind !== "joined") return;
    const socket = classSocket();
    let live = true;
    void request("run:list", { challengeId: selected })
      .then((r) => live && setRuns(r))
      .catch(() => undefined);
    void request("leaderboard:get", { challengeId: selected })
      .then((b) => live && setBoard(b.entries))
      .catch(() => undefined);
    const onDelta = (d: { challengeId: string; upserts: BoardEntryView[]; removals: string[] }) => {
      if (d.challengeId === selected) setBoard((b) => applyLeaderboardDelta<BoardEntryView>(b, d));
    };
    socket.on("leaderboard:delta", onDelta);
    return () => {
      live = false;
      socket.off("leaderboard:delta", onDelta);
    };
  }, [selected, status.kind]);

  if (status.kind === "connecting") return <p role="status">Connecting to your class…</p>;
  if (status.kind === "outside") {
    return (
      <section className="card">
        <p role="alert">{status.message}</p>
        <JoinForm />
      </section>
    );
  }
  const { session, participant, challenges } = status.state;
  const challenge = challenges.find((c) => c.id === selected);
  return (
    <>
      <header className="class-header">
        <h1>{session.title}</h1>
        <p>
          You are <strong>{participant.nickname}</strong>
          {session.status === "closed" && " · this class has ended"}
        </p>
      </header>
      <nav aria-label="Challenges" className="tabs">
        {challenges.length === 0 && <p>Your teacher has not opened a challenge yet.</p>}
        {challenges.map((c) => (
          <button
            key={c.id}
            type="button"
            aria-pressed={c.id === selected}
            className={c.id === selected ? "" : "secondary"}
            onClick={() => setSelected(c.id)}
          >
            {c.title} <span className="tag">{c.status}</span>
          </button>
        ))}
      </nav>
      {challenge && (
        <div className="class-body">
          <Lab key={challenge.id} challenge={challenge} runs={runs} />
          <aside className="card board" aria-labelledby="board-heading">
            <h2 id="board-heading">Leaderboard</h2>
            <ol aria-live="polite">
              {board.map((e) => (
                <li
                  key={e.participantId}
                  className={e.participantId === participant.id ? "me" : ""}
                >
                  <span>{e.nickname}</span> <span>{formatScore(challenge, e.score)}</span>
                </li>
              ))}
            </ol>
            {board.length === 0 && <p>No verified runs yet.</p>}
          </aside>
        </div>
      )}
    </>
  );
}
