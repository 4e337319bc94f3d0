/**
 * No verified run stays off the board: a run ranked while the board is being rebuilt from the
 * database (its read made before the run settled, its answer arriving after) is kept, and the
 * window it asked for is not swallowed by the send already in flight. The database read is stalled
 * on purpose, so the race happens every time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPEC, baseConfig, trainedRun } from "./fixtures";
import {
  client,
  nextMatching,
  ok,
  openChallenge,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

let server: TestServer;
const sockets: Client[] = [];

beforeAll(async () => {
  server = await startServer("sqlite", { leaderboardFlushMs: 20 });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe("a run ranked during a board rebuild", () => {
  it("is on the board and told to its student once the rebuild's stalled read returns", async () => {
    const teacher = await client(server.url, {
      cookie: await signUpTeacher(server.url, "race@school.test"),
    });
    sockets.push(teacher);
    const { joinCode, challengeId } = await openChallenge(teacher, "Race", {
      title: "C",
      spec: SPEC,
    });
    const join = async (nickname: string) => {
      const socket = await client(server.url, { deviceId: `race-${nickname}-abcdefgh` });
      sockets.push(socket);
      await ok(socket, "participant:join", { joinCode, nickname });
      return socket;
    };
    const ada = await join("Ada");
    const bo = await join("Bo");
    const [first, second] = await Promise.all([
      trainedRun(challengeId, baseConfig({ seed: 1 })),
      trainedRun(challengeId, baseConfig({ seed: 2 })),
    ]);
    await ok(ada, "run:submit", first);
    await server.app.verifier.idle();
    await server.app.leaderboards.flush();
    expect((await ok(ada, "leaderboard:get", { challengeId, full: true })).total).toBe(1);

    // The next read of ranked runs answers with what the database held when it was made, but
    // only when released.
    const runs = server.app.repos.runs;
    const read = runs.ranked.bind(runs);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stalled!: () => void;
    const reading = new Promise<void>((resolve) => (stalled = resolve));
    runs.ranked = async (id) => {
      runs.ranked = read;
      const rows = await read(id);
      stalled();
      await gate;
      return rows;
    };
    server.app.leaderboards.invalidate(challengeId);
    await reading;

    // Bo's run is verified and ranked while the rebuild waits; its window comes and goes.
    const told = nextMatching(bo, "leaderboard:rank", (r) => r.entry !== null, 20_000);
    await ok(bo, "run:submit", second);
    await server.app.verifier.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();

    const [rank] = await told;
    expect(rank.entry).toMatchObject({ nickname: "Bo" });
    await server.app.leaderboards.flush();
    const board = await ok(teacher, "leaderboard:get", { challengeId, full: true });
    expect(board.entries.map((e) => e.nickname).sort()).toEqual(["Ada", "Bo"]);
  });
});
