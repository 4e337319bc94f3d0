/** A brief disconnect misses nothing, and a busy class gets coalesced leaderboard updates. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChallengeView } from "../../../lib/protocol/views";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  client,
  followBoard,
  ok,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

const FLUSH_MS = 1500;

let server: TestServer;
const sockets: Client[] = [];
let teacher: Client;
let sessionId: string;
let joinCode: string;
let challengeId: string;

beforeAll(async () => {
  server = await startServer("sqlite", { leaderboardFlushMs: FLUSH_MS });
  teacher = await client(server.url, { cookie: await signUpTeacher(server.url, "r@school.test") });
  sockets.push(teacher);
  const session = await ok(teacher, "session:create", { title: "Recovery" });
  sessionId = session.id;
  joinCode = session.joinCode!;
  challengeId = (await ok(teacher, "challenge:post", { sessionId, title: "C", spec: SPEC })).id;
  await ok(teacher, "challenge:transition", { challengeId, action: "open" });
  await ok(teacher, "session:watch", { sessionId });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe("connection-state recovery", () => {
  it("delivers what happened during a brief drop, with the same socket identity", async () => {
    const student = await client(server.url, { reconnect: true });
    sockets.push(student);
    await ok(student, "participant:join", { joinCode, nickname: "Wifi" });
    const updates: ChallengeView[] = [];
    student.on("challenge:updated", (c) => updates.push(c));
    // One broadcast first, so the client holds an offset to recover from.
    await ok(teacher, "challenge:transition", { challengeId, action: "lock" });
    await new Promise((r) => setTimeout(r, 200));
    expect(updates.map((u) => u.status)).toEqual(["locked"]);

    const reconnected = new Promise<void>((resolve) =>
      student.io.once("reconnect", () => resolve()),
    );
    student.io.engine.close(); // the Wi-Fi drops
    await ok(teacher, "challenge:transition", { challengeId, action: "reopen" });
    await reconnected;
    await new Promise((r) => setTimeout(r, 300));
    expect(student.recovered).toBe(true);
    expect(updates.map((u) => u.status)).toEqual(["locked", "open"]);
    // The recovered socket is still the joined student.
    expect(await ok(student, "run:list", { challengeId })).toEqual([]);
  });
});

describe("leaderboard broadcasts", () => {
  it("coalesce many verified runs into one update per window", async () => {
    const students = await Promise.all(
      ["Ann", "Ben", "Cat", "Dan", "Eve"].map(async (nickname) => {
        const s = await client(server.url);
        sockets.push(s);
        await ok(s, "participant:join", { joinCode, nickname });
        return s;
      }),
    );
    const watcher = await followBoard(students[0]!, challengeId);
    const submissions = await Promise.all(
      students.map((_, i) => trainedRun(challengeId, baseConfig({ seed: 40 + i }))),
    );
    const started = Date.now();
    await Promise.all(students.map((s, i) => ok(s, "run:submit", submissions[i]!)));
    await server.app.verifier.idle();
    const verifiedWithin = Date.now() - started;
    const board = await watcher.until((f) => f.total === 5, FLUSH_MS + 5_000);
    expect(board.entries).toHaveLength(5);
    expect(watcher.refetches).toBe(0);
    // All five runs were verified inside one window, so one update (and the watcher's own rank)
    // carried them all.
    if (verifiedWithin < FLUSH_MS) expect(watcher.messages).toBe(2);
    else expect(watcher.messages).toBeLessThan(10);
  });
});
