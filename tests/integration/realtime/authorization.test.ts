/**
 * Every rule refused with its code, and bad input changes nothing: malformed, oversized,
 * out-of-order and unauthorised requests leave the database as it was.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WEIGHTS_BYTES_PER_RUN, PROTOCOL_VERSION } from "../../../lib/protocol/schemas";
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

let server: TestServer;
const sockets: Client[] = [];
const open = async (options: Parameters<typeof client>[1] = {}) => {
  const s = await client(server.url, options);
  sockets.push(s);
  return s;
};

let teacherA: Client;
let teacherB: Client;
let student: Client;
let stranger: Client;
let sessionId: string;
let joinCode: string;
let challengeId: string;
let otherChallengeId: string;
let rejoinToken: string;

/** Row counts of every table: what "changes nothing" is checked against. */
async function snapshot() {
  const p = server.app.database.prisma;
  return {
    sessions: await p.classSession.findMany({ orderBy: { id: "asc" } }),
    challenges: await p.challenge.findMany({ orderBy: { id: "asc" } }),
    participants: await p.participant.findMany({ orderBy: { id: "asc" } }),
    runs: await p.run.count(),
  };
}

beforeAll(async () => {
  server = await startServer("sqlite");
  teacherA = await open({ cookie: await signUpTeacher(server.url, "a@school.test") });
  teacherB = await open({ cookie: await signUpTeacher(server.url, "b@school.test") });
  const session = await ok(teacherA, "session:create", { title: "A's class" });
  sessionId = session.id;
  joinCode = session.joinCode!;
  challengeId = (await ok(teacherA, "challenge:post", { sessionId, title: "Warm-up", spec: SPEC }))
    .id;
  await ok(teacherA, "challenge:transition", { challengeId, action: "open" });
  const other = await ok(teacherB, "session:create", { title: "B's class" });
  otherChallengeId = (
    await ok(teacherB, "challenge:post", { sessionId: other.id, templateKey: "bn-rescue" })
  ).id;
  await ok(teacherB, "challenge:transition", { challengeId: otherChallengeId, action: "open" });
  student = await open();
  rejoinToken = (await ok(student, "participant:join", { joinCode, nickname: "Ada" })).rejoinToken;
  stranger = await open();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe("authorisation", () => {
  it("refuses a client speaking another protocol version at the handshake", async () => {
    await expect(client(server.url, { version: PROTOCOL_VERSION + 1 })).rejects.toMatchObject({
      message: "VERSION_MISMATCH",
      data: { code: "VERSION_MISMATCH" },
    });
  });

  it("signs a teacher back in with the password only, into an httpOnly session cookie", async () => {
    const signIn = (password: string) =>
      fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost" },
        body: JSON.stringify({ email: "a@school.test", password }),
      });
    const wrong = await signIn("not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const right = await signIn("correct horse battery");
    expect(right.status).toBe(200);
    const cookie = right.headers.getSetCookie().find((c) => c.includes("session_token"))!;
    expect(cookie).toMatch(/HttpOnly/i);
    const again = await open({ cookie: cookie.split(";")[0]! });
    expect(await ok(again, "session:watch", { sessionId })).toMatchObject({
      session: { id: sessionId },
    });
  });

  it.each<[string, () => Client, string, () => unknown, string]>([
    [
      "a student creating a session",
      () => student,
      "session:create",
      () => ({ title: "Mine" }),
      "UNAUTHENTICATED",
    ],
    [
      "a student opening a challenge",
      () => student,
      "challenge:transition",
      () => ({ challengeId, action: "close" }),
      "UNAUTHENTICATED",
    ],
    [
      "a student removing a classmate",
      () => student,
      "participant:remove",
      () => ({ participantId: "x" }),
      "NOT_FOUND",
    ],
    [
      "another teacher watching",
      () => teacherB,
      "session:watch",
      () => ({ sessionId }),
      "FORBIDDEN",
    ],
    [
      "another teacher closing",
      () => teacherB,
      "session:close",
      () => ({ sessionId }),
      "FORBIDDEN",
    ],
    [
      "another teacher locking",
      () => teacherB,
      "challenge:transition",
      () => ({ challengeId, action: "lock" }),
      "FORBIDDEN",
    ],
    [
      "another teacher posting",
      () => teacherB,
      "challenge:post",
      () => ({ sessionId, templateKey: "bn-rescue" }),
      "FORBIDDEN",
    ],
    [
      "a stranger submitting",
      () => stranger,
      "run:list",
      () => ({ challengeId }),
      "UNAUTHENTICATED",
    ],
    [
      "a student reading another session",
      () => student,
      "run:list",
      () => ({ challengeId: otherChallengeId }),
      "NOT_FOUND",
    ],
    [
      "a student reading another leaderboard",
      () => student,
      "leaderboard:get",
      () => ({ challengeId: otherChallengeId }),
      "NOT_FOUND",
    ],
    [
      "an unknown rejoin token",
      () => stranger,
      "participant:rejoin",
      () => ({ rejoinToken: "x".repeat(43) }),
      "NOT_FOUND",
    ],
    [
      "an unknown template",
      () => teacherA,
      "challenge:post",
      () => ({ sessionId, templateKey: "nope" }),
      "NOT_FOUND",
    ],
    [
      "an out-of-order transition",
      () => teacherA,
      "challenge:transition",
      () => ({ challengeId, action: "reopen" }),
      "INVALID_TRANSITION",
    ],
  ])("refuses %s", async (_name, who, event, payload, code) => {
    const before = await snapshot();
    const result = await call(who(), event as "session:create", payload());
    expect(result).toMatchObject({ error: { code } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a submission to another session's challenge, a broken rule, and a false weights file", async () => {
    const before = await snapshot();
    const elsewhere = await trainedRun(otherChallengeId, baseConfig());
    expect(await call(student, "run:submit", elsewhere)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    const rule = await trainedRun(challengeId, baseConfig({ depth: 3 }));
    const refused = await call(student, "run:submit", rule);
    expect(refused).toMatchObject({
      error: { code: "CONSTRAINT_VIOLATION", issues: [{ field: "depth" }] },
    });
    const fake = { ...(await trainedRun(challengeId, baseConfig())), weights: new Uint8Array(100) };
    expect(await call(student, "run:submit", fake)).toMatchObject({
      error: { code: "INVALID_WEIGHTS" },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("caps submissions per student and challenge", async () => {
    for (let i = 0; i < SPEC.limits!.maxSubmissions!; i++) {
      await ok(student, "run:submit", await trainedRun(challengeId, baseConfig({ seed: 20 + i })));
    }
    const before = await snapshot();
    expect(
      await call(student, "run:submit", await trainedRun(challengeId, baseConfig({ seed: 30 }))),
    ).toMatchObject({
      error: { code: "SUBMISSION_LIMIT" },
    });
    expect(await snapshot()).toEqual(before);
    await server.app.verifier.idle();
  });

  it("holds the submission cap when a student sends many runs at once", async () => {
    const eager = await open();
    await ok(eager, "participant:join", { joinCode, nickname: "Eager" });
    const cap = SPEC.limits!.maxSubmissions!;
    const runs = await Promise.all(
      Array.from({ length: cap + 3 }, (_, i) =>
        trainedRun(challengeId, baseConfig({ seed: 60 + i })),
      ),
    );
    const results = await Promise.all(runs.map((r) => call(eager, "run:submit", r)));
    const accepted = results.filter((r) => "data" in r);
    expect(accepted).toHaveLength(cap);
    expect(results.filter((r) => "error" in r && r.error.code === "SUBMISSION_LIMIT")).toHaveLength(
      3,
    );
    await server.app.verifier.idle();
  });

  it("answers malformed and oversized payloads with BAD_REQUEST or PAYLOAD_TOO_LARGE and changes nothing", async () => {
    const good = await trainedRun(challengeId, baseConfig());
    const before = await snapshot();
    const cases: [string, unknown, string][] = [
      ["session:create", null, "BAD_REQUEST"],
      ["session:create", "a string", "BAD_REQUEST"],
      ["session:create", { title: "x".repeat(500) }, "BAD_REQUEST"],
      ["participant:join", { joinCode, nickname: "<img src=x onerror=alert(1)>" }, "BAD_REQUEST"],
      ["participant:join", { joinCode: { $ne: null }, nickname: "Eve" }, "BAD_REQUEST"],
      ["run:submit", { ...good, clientRunId: "not-a-uuid" }, "BAD_REQUEST"],
      ["run:submit", { ...good, config: { ...good.config, depth: "20" } }, "BAD_REQUEST"],
      ["run:submit", { ...good, claimed: { accuracy: 2 } }, "BAD_REQUEST"],
      [
        "run:submit",
        { ...good, weights: new Uint8Array(MAX_WEIGHTS_BYTES_PER_RUN + 1) },
        "PAYLOAD_TOO_LARGE",
      ],
      ["challenge:transition", { challengeId, action: "delete" }, "BAD_REQUEST"],
    ];
    for (const [event, payload, code] of cases) {
      const result = await call(
        event === "session:create" ? teacherA : student,
        event as "session:create",
        payload,
      );
      expect(result, `${event} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({
        error: { code },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("keeps a removed student out, even with their rejoin token", async () => {
    const removedSeen = new Promise<void>((resolve) =>
      student.once("participant:removed", () => resolve()),
    );
    const me = (await ok(teacherA, "session:watch", { sessionId })).roster.find(
      (p) => p.nickname === "Ada",
    )!;
    await ok(teacherA, "participant:remove", { participantId: me.id });
    await removedSeen;
    const again = await open();
    expect(await call(again, "participant:rejoin", { rejoinToken })).toMatchObject({
      error: { code: "REMOVED" },
    });
    expect(await call(again, "participant:join", { joinCode, nickname: "Ada" })).toMatchObject({
      error: { code: "NICKNAME_TAKEN" },
    });
    expect(
      await call(again, "run:submit", {
        ...(await trainedRun(challengeId, baseConfig())),
        clientRunId: randomUUID(),
      }),
    ).toMatchObject({
      error: { code: "UNAUTHENTICATED" },
    });
  });

  it("rate-limits failed join attempts per address", async () => {
    const guesser = await open();
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await call(guesser, "participant:join", { joinCode: "QQQQQQ", nickname: `G${i}` });
      codes.push("error" in r ? r.error.code : "ok");
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("NOT_FOUND"));
    expect(codes.at(-1)).toBe("RATE_LIMITED");
    // Even the right code is refused while the address is limited.
    expect(await call(guesser, "participant:join", { joinCode, nickname: "Late" })).toMatchObject({
      error: { code: "RATE_LIMITED" },
    });
  });
});
