"use client";
/**
 * The student's live leaderboard for one challenge: fetched when shown or rejoined, then kept from
 * the server's bounded messages (the top, and the student's own entry); a missed message, or a
 * message from a restarted or other node, fetches it again (lib/challenges/board-feed.ts).
 */
import { useEffect, useRef, useState } from "react";
import {
  feedFrom,
  onBoardRank,
  onBoardUpdate,
  type BoardFeed,
  type FeedStep,
} from "../../../lib/challenges/board-feed";
import type { BoardRankView, BoardUpdateView } from "../../../lib/protocol/views";
import { classSocket, request } from "../../_client/socket";

export function useBoard(challengeId: string | null, generation: number): BoardFeed | null {
  const [feed, setFeed] = useState<BoardFeed | null>(null);
  const current = useRef<BoardFeed | null>(null);

  useEffect(() => {
    if (!challengeId) return;
    const socket = classSocket();
    let live = true;
    let fetching = false;
    const show = (next: BoardFeed | null) => {
      current.current = next;
      setFeed(next);
    };
    const fetchBoard = () => {
      if (fetching) return;
      fetching = true;
      void request("leaderboard:get", { challengeId })
        .then((view) => live && show(feedFrom(view)))
        .catch(() => undefined)
        .finally(() => (fetching = false));
    };
    const step = <M extends { challengeId: string }>(
      message: M,
      reduce: (f: BoardFeed, m: M) => FeedStep,
    ) => {
      const known = current.current;
      if (message.challengeId !== challengeId) return;
      if (!known) return fetchBoard(); // a change while the first fetch is on its way
      const next = reduce(known, message);
      if (next === "refetch") fetchBoard();
      else if (next !== known) show(next);
    };
    const onUpdate = (u: BoardUpdateView) => step(u, onBoardUpdate);
    const onRank = (r: BoardRankView) => step(r, onBoardRank);
    show(null);
    fetchBoard();
    socket.on("leaderboard:update", onUpdate);
    socket.on("leaderboard:rank", onRank);
    return () => {
      live = false;
      socket.off("leaderboard:update", onUpdate);
      socket.off("leaderboard:rank", onRank);
    };
  }, [challengeId, generation]);

  return feed;
}
