/**
 * A client's copy of a live leaderboard, kept from the server's bounded messages: a fetched board,
 * then `leaderboard:update` (the top and the size, to everyone) and `leaderboard:rank` (the
 * student's own entry, when it moved). Each carries the sending node's stream and version; a
 * message from another stream (a restarted or other node) or one that skips a version means a
 * message was missed, and the reducers answer "refetch". Pure: the pages and the tests share it.
 */
import type {
  BoardEntryView,
  BoardRankView,
  BoardUpdateView,
  LeaderboardView,
} from "../protocol/views";

export interface BoardFeed {
  challengeId: string;
  epoch: string;
  version: number;
  /** The top of the board (every entry, for a feed fetched in full and kept by refetching). */
  entries: BoardEntryView[];
  total: number;
  mine: BoardEntryView | null;
}

export type FeedStep = BoardFeed | "refetch";

export const feedFrom = (view: LeaderboardView): BoardFeed => ({
  challengeId: view.challengeId,
  epoch: view.epoch,
  version: view.version,
  entries: view.entries,
  total: view.total,
  mine: view.mine,
});

export function onBoardUpdate(feed: BoardFeed, update: BoardUpdateView): FeedStep {
  if (update.epoch !== feed.epoch || update.version > feed.version + 1) return "refetch";
  if (update.version <= feed.version) return feed; // already reflected in what was fetched
  return { ...feed, version: update.version, entries: update.top, total: update.total };
}

export function onBoardRank(feed: BoardFeed, rank: BoardRankView): FeedStep {
  if (rank.epoch !== feed.epoch || rank.version > feed.version) return "refetch";
  if (rank.version < feed.version) return feed;
  return { ...feed, mine: rank.entry };
}
