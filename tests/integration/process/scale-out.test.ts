/**
 * Scale-out: two server processes on one PostgreSQL database and one Redis. A student's run
 * submitted and verified on node A reaches the leaderboard of a student connected to node B.
 */
import { afterAll, describe, expect, it } from "vitest";
import { applyLeaderboardDelta } from "../../../lib/challenges/scoring";
import type { BoardEntryView } from "../../../lib/protocol/views";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";
import { baseConfig, SPEC, trainedRun } from "../realtime/fixtures";
import { client, next, nextMatching, ok, signUpTeacher, type Client } from "../realtime/harness";
import { spawnServer, type ServerProcess } from "./spawn";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("two nodes on PostgreSQL + Redis", () => {
  let db: Throwaway;
  const nodes: ServerProcess[] = [];
  const sockets: Client[] = [];

  afterAll(async () => {
    if (process.env.TEST_SERVER_LOG) for (const n of nodes) console.error(n.output());
    for (const s of sockets) s.disconnect();
    for (const n of nodes) await n.kill("SIGTERM");
    await db?.drop();
  });

  it("shares rooms, presence and leaderboard deltas across nodes", async () => {
    db = await throwawayDatabase("postgresql");
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      BETTER_AUTH_SECRET: "scale-out-test-secret-at-least-32-characters",
    };
    nodes.push(await spawnServer(env), await spawnServer(env));
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const open = async (url: string, cookie?: string) => {
      const s = await client(url, cookie ? { cookie } : {});
      sockets.push(s);
      return s;
    };

    // The teacher signs up on node B and watches from node A: sessions are shared through the database.
    const teacher = await open(a.url, await signUpTeacher(b.url, "scale@school.test"));
    const session = await ok(teacher, "session:create", { title: "Two nodes" });
    const challengeId = (
      await ok(teacher, "challenge:post", { sessionId: session.id, title: "C", spec: SPEC })
    ).id;
    await ok(teacher, "challenge:transition", { challengeId, action: "open" });
    await ok(teacher, "session:watch", { sessionId: session.id });

    const onA = await open(a.url);
    const onB = await open(b.url);
    await ok(onA, "participant:join", { joinCode: session.joinCode!, nickname: "Ada" });
    // A join on node B reaches the teacher's roster on node A.
    const roster = nextMatching(teacher, "roster:updated", (p) => p.nickname === "Bo");
    await ok(onB, "participant:join", { joinCode: session.joinCode!, nickname: "Bo" });
    expect((await roster)[0]).toMatchObject({ nickname: "Bo", online: true });

    let boardOnB: BoardEntryView[] = [];
    const delta = next(onB, "leaderboard:delta");
    onB.on(
      "leaderboard:delta",
      (d) => (boardOnB = applyLeaderboardDelta<BoardEntryView>(boardOnB, d)),
    );
    const ack = await ok(onA, "run:submit", await trainedRun(challengeId, baseConfig({ seed: 3 })));
    const [received] = await delta;
    expect(received.challengeId).toBe(challengeId);
    await new Promise((r) => setTimeout(r, 50));
    expect(boardOnB).toMatchObject([{ rank: 1, nickname: "Ada", runId: ack.id }]);

    // A challenge locked from node A reaches the student on node B.
    const locked = next(onB, "challenge:updated");
    await ok(teacher, "challenge:transition", { challengeId, action: "lock" });
    expect((await locked)[0]).toMatchObject({ id: challengeId, status: "locked" });
  });
});
