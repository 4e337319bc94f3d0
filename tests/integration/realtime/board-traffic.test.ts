/**
 * Leaderboard traffic per client is bounded whatever the class size: every client gets the top of
 * the board and its own place, never every entry; the full board is there on request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOARD_TOP } from "../../../lib/protocol/views";
import { RANK_SHIFT_MS } from "../../../server/realtime/leaderboards";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  client,
  followBoard,
  ok,
  signUpTeacher,
  startServer,
  type Client,
  type FollowedBoard,
  type TestServer,
} from "./harness";

const STUDENTS = 25;
let server: TestServer;
const sockets: Client[] = [];

beforeAll(async () => {
  server = await startServer("sqlite", { leaderboardFlushMs: 100 });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe("leaderboard traffic", () => {
  it("sends each client the top and its own entry, not every upsert", async () => {
    const teacher = await client(server.url, {
      cookie: await signUpTeacher(server.url, "board@school.test"),
    });
    sockets.push(teacher);
    const session = await ok(teacher, "session:create", { title: "Big class" });
    const challengeId = (
      await ok(teacher, "challenge:post", { sessionId: session.id, title: "C", spec: SPEC })
    ).id;
    await ok(teacher, "challenge:transition", { challengeId, action: "open" });
    const students: { socket: Client; board: FollowedBoard }[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      const socket = await client(server.url, { deviceId: `board-device-${i}-abcdefgh` });
      sockets.push(socket);
      await ok(socket, "participant:join", { joinCode: session.joinCode!, nickname: `S${i}` });
      students.push({ socket, board: await followBoard(socket, challengeId) });
    }
    // Three distinct networks, submitted one after another: the board keeps reshuffling.
    const runs = await Promise.all(
      [1, 2, 3].map((seed) => trainedRun(challengeId, baseConfig({ seed, steps: 40 * seed }))),
    );
    for (const [i, s] of students.entries()) {
      await ok(s.socket, "run:submit", { ...runs[i % 3]!, clientRunId: crypto.randomUUID() });
      await server.app.verifier.idle();
      await server.app.leaderboards.flush();
    }

    const full = await ok(teacher, "leaderboard:get", { challengeId, full: true });
    expect(full.entries).toHaveLength(STUDENTS);
    for (const s of students) {
      // Places shifted by others' runs arrive within the shift window.
      const feed = await s.board.until(
        (f) =>
          f.total === STUDENTS &&
          JSON.stringify(f.mine) ===
            JSON.stringify(full.entries.find((e) => e.participantId === f.mine?.participantId)),
        RANK_SHIFT_MS + 5_000,
      );
      expect(feed.entries).toEqual(full.entries.slice(0, BOARD_TOP));
      expect(feed.mine).not.toBeNull();
      expect(s.board.refetches).toBe(0);
      // No message carries more than the top and a stamp (the whole board is about 25 entries).
      expect(s.board.largest).toBeLessThan(
        JSON.stringify(full.entries.slice(0, BOARD_TOP)).length + 200,
      );
    }
    // A student fetching the board gets its top and their entry; the whole board on request.
    const asked = await ok(students[0]!.socket, "leaderboard:get", { challengeId });
    expect(asked.entries).toHaveLength(BOARD_TOP);
    expect(asked.total).toBe(STUDENTS);
    expect(asked.mine?.participantId).toBe(students[0]!.board.feed()!.mine!.participantId);
    const whole = await ok(students[0]!.socket, "leaderboard:get", { challengeId, full: true });
    expect(whole.entries).toEqual(full.entries);
  });
});
