import { describe, expect, it } from "vitest";
import { feedFrom, onBoardRank, onBoardUpdate } from "../../../lib/challenges/board-feed";
import type { BoardEntryView } from "../../../lib/protocol/views";

const entry = (rank: number, who: string): BoardEntryView => ({
  rank,
  participantId: who,
  runId: `run-${who}`,
  score: 1 - rank / 100,
  submittedAt: rank,
  nickname: who,
});
const fetched = feedFrom({
  challengeId: "c",
  epoch: "e1",
  version: 4,
  entries: [entry(1, "ann")],
  total: 1,
  mine: null,
});
const stamp = { challengeId: "c", epoch: "e1" };

describe("a client's leaderboard feed", () => {
  it("applies the next update and its own rank", () => {
    const updated = onBoardUpdate(fetched, {
      ...stamp,
      version: 5,
      top: [entry(1, "bo"), entry(2, "ann")],
      total: 2,
    });
    expect(updated).toMatchObject({
      version: 5,
      total: 2,
      entries: [{ participantId: "bo" }, { participantId: "ann" }],
    });
    if (updated === "refetch") throw new Error("unexpected refetch");
    expect(onBoardRank(updated, { ...stamp, version: 5, entry: entry(2, "ann") })).toMatchObject({
      mine: { rank: 2 },
    });
  });

  it("refetches after a gap in the versions", () => {
    expect(onBoardUpdate(fetched, { ...stamp, version: 6, top: [], total: 0 })).toBe("refetch");
    expect(onBoardRank(fetched, { ...stamp, version: 5, entry: null })).toBe("refetch");
  });

  it("refetches when the stream changed (a restarted or another node)", () => {
    expect(onBoardUpdate(fetched, { ...stamp, epoch: "e2", version: 1, top: [], total: 0 })).toBe(
      "refetch",
    );
    expect(onBoardRank(fetched, { ...stamp, epoch: "e2", version: 4, entry: null })).toBe(
      "refetch",
    );
  });

  it("keeps what it fetched when an older message arrives late", () => {
    expect(onBoardUpdate(fetched, { ...stamp, version: 4, top: [], total: 0 })).toBe(fetched);
    expect(onBoardRank(fetched, { ...stamp, version: 3, entry: null })).toBe(fetched);
  });
});
