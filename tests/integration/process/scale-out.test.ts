/**
 * Scale-out: two server processes on one PostgreSQL database and one Redis. A student's run
 * submitted and verified on node A reaches the leaderboard of a student connected to node B, and a
 * removal on node A leaves node B's boards.
 */
import { afterAll, describe, expect, it } from "vitest";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";
import { baseConfig, SPEC, trainedRun } from "../realtime/fixtures";
import {
  client,
  followBoard,
  next,
  nextMatching,
  ok,
  signUpTeacher,
  type Client,
} from "../realtime/harness";
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

  it("shares rooms, presence and leaderboards across nodes", async () => {
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

    // A run verified on node A reaches the board of a student on node B, and Bo's removal by the
    // teacher on node A leaves the boards on node B (no node diffs against what it sent itself).
    const cy = await open(b.url);
    await ok(cy, "participant:join", { joinCode: session.joinCode!, nickname: "Cy" });
    const boardOfBo = await followBoard(onB, challengeId);
    const boardOfCy = await followBoard(cy, challengeId);
    const boAck = await ok(
      onB,
      "run:submit",
      await trainedRun(challengeId, baseConfig({ seed: 4 })),
    );
    const ack = await ok(onA, "run:submit", await trainedRun(challengeId, baseConfig({ seed: 3 })));
    const both = await boardOfCy.until((f) => f.total === 2);
    expect(both.entries.map((e) => e.runId).sort()).toEqual([ack.id, boAck.id].sort());
    expect(both.mine).toBeNull();
    const bo = (await boardOfBo.until((f) => f.mine !== null)).mine!;
    expect(bo).toMatchObject({ runId: boAck.id, nickname: "Bo" });
    await ok(teacher, "participant:remove", { participantId: bo.participantId });
    const left = await boardOfCy.until((f) => f.total === 1);
    expect(left.entries).toMatchObject([{ rank: 1, nickname: "Ada", runId: ack.id }]);
    const full = await ok(teacher, "leaderboard:get", { challengeId, full: true });
    expect(full.entries.map((e) => e.runId)).toEqual([ack.id]);

    // A challenge locked from node A reaches the student on node B.
    const locked = next(cy, "challenge:updated");
    await ok(teacher, "challenge:transition", { challengeId, action: "lock" });
    expect((await locked)[0]).toMatchObject({ id: challengeId, status: "locked" });
  });
});
