/**
 * Payloads the schemas once let through or left unanswered: ids that are not well-formed Unicode,
 * calls without a payload or with extra arguments, weights that are not numbers, and join attempts
 * racing the limiter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { encodeWeights, decodeWeights } from "../../../lib/nn/weights";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  call,
  client,
  ok,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

/** A Redis database of this test's own, emptied first: counters of other tests stay apart. */
const REDIS_URL = `${process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379"}/7`;

/** Every row the tests could change. */
async function snapshot(server: TestServer) {
  const p = server.app.database.prisma;
  return {
    sessions: await p.classSession.findMany({ orderBy: { id: "asc" } }),
    challenges: await p.challenge.findMany({ orderBy: { id: "asc" } }),
    participants: await p.participant.findMany({ orderBy: { id: "asc" } }),
    runs: await p.run.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true, score: true },
    }),
  };
}

/** Raw emits: the typed helpers cannot send what a hostile client can. */
function emitRaw(socket: Client, event: string, ...args: unknown[]) {
  (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args);
}
function ackOf(socket: Client, event: string, ...before: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${event}: no answer`)), 5_000);
    emitRaw(socket, event, ...before, (answer: unknown) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

describe("socket payloads", () => {
  let server: TestServer;
  let teacher: Client;
  let student: Client;
  let sessionId: string;
  let joinCode: string;
  let challengeId: string;
  const sockets: Client[] = [];

  beforeAll(async () => {
    server = await startServer("sqlite", { leaderboardFlushMs: 20 });
    teacher = await client(server.url, {
      cookie: await signUpTeacher(server.url, "p@school.test"),
    });
    sockets.push(teacher);
    const session = await ok(teacher, "session:create", { title: "Payloads" });
    sessionId = session.id;
    joinCode = session.joinCode!;
    challengeId = (await ok(teacher, "challenge:post", { sessionId, title: "C", spec: SPEC })).id;
    await ok(teacher, "challenge:transition", { challengeId, action: "open" });
    student = await client(server.url);
    sockets.push(student);
    await ok(student, "participant:join", { joinCode, nickname: "Ada" });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  it("refuses ids and text that are not well-formed Unicode as BAD_REQUEST", async () => {
    const before = await snapshot(server);
    const bad = ["\ud800", "abc\udfff", "\udc00\ud800", "x\ud83d"];
    for (const value of bad) {
      for (const [socket, event, payload] of [
        [teacher, "session:close", { sessionId: value }],
        [teacher, "session:watch", { sessionId: value }],
        [teacher, "run:telemetry", { runId: value }],
        [teacher, "participant:remove", { participantId: value }],
        [teacher, "challenge:transition", { challengeId: value, action: "lock" }],
        [teacher, "session:create", { title: `Class ${value}` }],
        [teacher, "challenge:post", { sessionId, templateKey: value }],
        [
          teacher,
          "challenge:post",
          { sessionId, title: "T", spec: { ...SPEC, prompt: `Go ${value}` } },
        ],
        [student, "participant:join", { joinCode, nickname: `Bo${value}` }],
        [student, "participant:rejoin", { rejoinToken: `${"a".repeat(30)}${value}` }],
        [student, "run:list", { challengeId: value }],
        [student, "leaderboard:get", { challengeId: value }],
      ] as const) {
        const answer = await call(socket, event as "session:close", payload);
        expect(answer, `${event} ${JSON.stringify(payload)}`).toMatchObject({
          error: { code: "BAD_REQUEST" },
        });
      }
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it("refuses a payload carrying a __proto__ field, changing nothing", async () => {
    const before = await snapshot(server);
    const payload: Record<string, unknown> = { sessionId };
    Object.defineProperty(payload, "__proto__", {
      value: { teacherId: "someone" },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(await ackOf(teacher, "session:close", payload)).toMatchObject({
      error: { code: "BAD_REQUEST" },
    });
    expect(await snapshot(server)).toEqual(before);
  });

  it("answers a call without a payload, or with extra arguments, with BAD_REQUEST", async () => {
    expect(await ackOf(teacher, "session:list")).toMatchObject({ error: { code: "BAD_REQUEST" } });
    expect(await ackOf(teacher, "session:list", {}, {})).toMatchObject({
      error: { code: "BAD_REQUEST" },
    });
    expect(await ackOf(student, "run:list", "extra", { challengeId })).toMatchObject({
      error: { code: "BAD_REQUEST" },
    });
    // The same socket still works.
    expect(await ackOf(teacher, "session:list", {})).toMatchObject({ data: expect.any(Array) });
  });

  it("sends nothing back for a call without an acknowledgement, and keeps serving", async () => {
    const before = await snapshot(server);
    const heard: string[] = [];
    teacher.onAny((event: string) => heard.push(event));
    emitRaw(teacher, "session:create", { title: "No ack" });
    emitRaw(teacher, "session:list");
    emitRaw(teacher, "session:close", { sessionId: "\ud800" });
    emitRaw(teacher, "no:such-event", { x: 1 });
    await new Promise((r) => setTimeout(r, 300));
    teacher.offAny();
    expect(heard).toEqual([]);
    expect(teacher.connected).toBe(true);
    // A call without an ack changes nothing either (it has no way to say it did).
    expect((await snapshot(server)).sessions).toEqual(before.sessions);
    expect(await ackOf(teacher, "session:list", {})).toMatchObject({ data: expect.any(Array) });
  });

  it("refuses weights holding NaN or infinities as INVALID_WEIGHTS", async () => {
    const good = await trainedRun(challengeId, baseConfig());
    const decoded = decodeWeights(good.weights);
    const before = await snapshot(server);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const params = decoded.params.map(() => value);
      const run = {
        ...good,
        clientRunId: randomUUID(),
        weights: encodeWeights({ ...decoded, params }),
      };
      expect(await call(student, "run:submit", run), String(value)).toMatchObject({
        error: { code: "INVALID_WEIGHTS" },
      });
      const one = decoded.params.slice();
      one[3] = value;
      const onePoisoned = {
        ...good,
        clientRunId: randomUUID(),
        weights: encodeWeights({ ...decoded, params: one }),
      };
      expect(await call(student, "run:submit", onePoisoned)).toMatchObject({
        error: { code: "INVALID_WEIGHTS" },
      });
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it("never ranks weights whose outputs overflow (3.4e38 everywhere)", async () => {
    const good = await trainedRun(challengeId, baseConfig({ seed: 5 }));
    const decoded = decodeWeights(good.weights);
    const huge = { ...decoded, params: decoded.params.map(() => 3.4e38) };
    const run = { ...good, clientRunId: randomUUID(), weights: encodeWeights(huge) };
    const stored = await ok(student, "run:submit", run);
    await server.app.verifier.idle();
    const settled = await server.app.repos.runs.findById(stored.id);
    expect(settled?.verified?.accuracy).toBe(0);
    expect(settled?.score).toBeNull();
    expect((await ok(student, "leaderboard:get", { challengeId })).entries).toEqual([]);
  });
});

describe("the join limiter under a burst from one socket", () => {
  for (const store of ["memory", "redis"] as const) {
    it(`checks at most 10 codes out of 2,000 attempts in flight (${store})`, async () => {
      if (store === "redis") {
        const redis = createClient({ url: REDIS_URL });
        await redis.connect();
        await redis.flushDb();
        await redis.quit();
      }
      const server = await startServer("sqlite", store === "redis" ? { redisUrl: REDIS_URL } : {});
      const guesser = await client(server.url);
      try {
        const answers = await Promise.all(
          Array.from({ length: 2_000 }, (_, i) =>
            call(guesser, "participant:join", {
              joinCode: "QQQQQQ",
              nickname: `G${i}`,
            }),
          ),
        );
        const codes = answers.map((a) => ("error" in a ? a.error.code : "ok"));
        expect(codes.filter((c) => c === "NOT_FOUND")).toHaveLength(10);
        expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(1_990);
      } finally {
        guesser.disconnect();
        await server.close();
      }
    });
  }
});

describe.each(["postgresql", "sqlite"] as const)(
  "control characters in text, on %s",
  (provider) => {
    let server: TestServer;
    let teacher: Client;
    let student: Client;
    let sessionId: string;
    let joinCode: string;
    beforeAll(async () => {
      server = await startServer(provider);
      teacher = await client(server.url, {
        cookie: await signUpTeacher(server.url, `nul-${provider}@school.test`),
      });
      const session = await ok(teacher, "session:create", { title: "Controls" });
      sessionId = session.id;
      joinCode = session.joinCode!;
      student = await client(server.url);
    });
    afterAll(async () => {
      teacher.disconnect();
      student.disconnect();
      await server.close();
    });

    it("refuses NUL and other control characters in any text with BAD_REQUEST, storing nothing", async () => {
      const before = await snapshot(server);
      for (const c of ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b"]) {
        for (const [socket, event, payload] of [
          [teacher, "session:create", { title: `Class ${c}` }],
          [teacher, "challenge:post", { sessionId, title: `T${c}`, spec: SPEC }],
          [
            teacher,
            "challenge:post",
            { sessionId, title: "T", spec: { ...SPEC, prompt: `Go${c}` } },
          ],
          [
            teacher,
            "challenge:post",
            { sessionId, title: "T", spec: { ...SPEC, teacherNote: `Note ${c}` } },
          ],
          [student, "participant:join", { joinCode, nickname: `Bo${c}` }],
        ] as const) {
          const answer = await call(socket, event as "session:create", payload as never);
          expect(answer, `${event} ${JSON.stringify(payload)}`).toMatchObject({
            error: { code: "BAD_REQUEST" },
          });
        }
      }
      expect(await snapshot(server)).toEqual(before);
      // Line breaks and tabs in a prompt or a note are text, not control.
      await ok(teacher, "challenge:post", {
        sessionId,
        title: "Two lines",
        spec: { ...SPEC, prompt: "First line.\nSecond line.", teacherNote: "A\ttab\r\nand CRLF" },
      });
    });
  },
);
