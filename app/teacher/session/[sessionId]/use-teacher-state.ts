"use client";
/**
 * A session's live state for its teacher (the dashboard and the projector view): watched over the
 * socket, every broadcast merged in, fetched again after a reconnect that could not be recovered.
 */
import { useEffect, useState } from "react";
import type { ServerToClientEvents } from "../../../../lib/protocol/events";
import type { TeacherState } from "../../../../lib/protocol/views";
import { useErrorText } from "../../../_client/error-text";
import { upsert } from "../../../_client/format";
import { classSocket, request, whenConnected } from "../../../_client/socket";

/** The teacher's full boards are fetched again at most this often per challenge. */
const BOARD_REFETCH_MS = 1_000;

export function useTeacherState(sessionId: string) {
  const [state, setState] = useState<TeacherState | null>(null);
  // The error itself, put in words at render: a change of language rewords it.
  const [failed, setFailed] = useState<{ refused: boolean; error: unknown } | null>(null);
  const errorText = useErrorText();

  useEffect(() => {
    const socket = classSocket();
    const watch = () =>
      request("session:watch", { sessionId }).then(setState, (error: unknown) =>
        setFailed({ refused: false, error }),
      );
    whenConnected().then(watch, (error: unknown) => setFailed({ refused: true, error }));
    const onConnect = () => {
      if (!socket.recovered) void watch();
    };
    const merge = (f: (s: TeacherState) => TeacherState) => setState((s) => (s ? f(s) : s));
    // The teacher's view keeps every entry: a change fetches the whole board, then at most once
    // per BOARD_REFETCH_MS per challenge (changes meanwhile are fetched at the end of the window).
    const boardTimers = new Map<string, ReturnType<typeof setTimeout>>();
    const boardsDirty = new Set<string>();
    const refetchBoard = (challengeId: string) => {
      if (boardTimers.has(challengeId)) {
        boardsDirty.add(challengeId);
        return;
      }
      void request("leaderboard:get", { challengeId, full: true })
        .then((board) =>
          merge((s) => ({
            ...s,
            leaderboards: [...s.leaderboards.filter((b) => b.challengeId !== challengeId), board],
          })),
        )
        .catch(() => undefined);
      boardTimers.set(
        challengeId,
        setTimeout(() => {
          boardTimers.delete(challengeId);
          if (boardsDirty.delete(challengeId)) refetchBoard(challengeId);
        }, BOARD_REFETCH_MS),
      );
    };
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
      "leaderboard:update": (u) => refetchBoard(u.challengeId),
      "prediction:updated": (p) =>
        merge((s) => ({
          ...s,
          predictions: [
            ...s.predictions.filter(
              (x) => !(x.challengeId === p.challengeId && x.participantId === p.participantId),
            ),
            p,
          ],
        })),
      "postcheck:updated": (p) =>
        merge((s) => ({
          ...s,
          postChecks: [
            ...s.postChecks.filter(
              (x) => !(x.challengeId === p.challengeId && x.participantId === p.participantId),
            ),
            p,
          ],
        })),
      "sweep:slot": ({ slot, released }) =>
        merge((s) => ({
          ...s,
          sweepSlots: [
            ...s.sweepSlots.filter(
              (x) =>
                !(
                  x.challengeId === slot.challengeId &&
                  x.cell === slot.cell &&
                  x.seed === slot.seed
                ),
            ),
            ...(released ? [] : [slot]),
          ],
        })),
    };
    type Listen = (event: string, listener: (...args: never[]) => void) => void;
    socket.on("connect", onConnect);
    for (const [event, handler] of Object.entries(handlers)) (socket.on as Listen)(event, handler);
    return () => {
      socket.off("connect", onConnect);
      for (const t of boardTimers.values()) clearTimeout(t);
      for (const [event, handler] of Object.entries(handlers))
        (socket.off as Listen)(event, handler);
    };
  }, [sessionId]);

  const problem =
    failed === null
      ? null
      : failed.refused
        ? errorText.refusal(failed.error)
        : errorText.request(failed.error);
  return { state, problem };
}
