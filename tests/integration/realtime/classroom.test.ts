/**
 * A class on the room's network: the app trusts the origins it is served on when APP_URL is unset
 * and hands out a join link students can open; thirty students behind one address join after one
 * of them mistyped the code eleven times; removal holds for the device; the teacher can lock joining
 * and hide names from every view.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  call,
  client,
  next,
  nextMatching,
  ok,
  postJson,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

/** This machine's first LAN address, as a student's phone would reach it. */
const LAN_IP =
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address ?? "127.0.0.1";
const device = () => randomBytes(16).toString("base64url");

let server: TestServer;
let port: string;
/** One teacher for the file: the auth library allows 3 sign-ups or sign-ins per 10 s per address. */
let cookie: string;
const sockets: Client[] = [];
const open = async (options: Parameters<typeof client>[1] = {}) => {
  const s = await client(server.url, options);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  server = await startServer("sqlite", { baseURL: null, leaderboardFlushMs: 20 });
  port = new URL(server.url).port;
  cookie = await signUpTeacher(server.url, "class@school.test", {
    origin: `http://${LAN_IP}:${port}`,
    host: `${LAN_IP}:${port}`,
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

async function classWithChallenge(host = `127.0.0.1:${port}`) {
  const origin = `http://${host}`;
  const teacher = await open({ cookie, origin, host });
  const session = await ok(teacher, "session:create", { title: "Period 2" });
  const spec = { ...SPEC, limits: { maxSubmissions: 10, timeLimitSec: null } };
  const challengeId = (
    await ok(teacher, "challenge:post", { sessionId: session.id, title: "C", spec })
  ).id;
  await ok(teacher, "challenge:transition", { challengeId, action: "open" });
  return { teacher, session, challengeId, joinCode: session.joinCode! };
}

/**
 * A broadcast the student hears (the teacher locks the challenge): a client recovers a dropped
 * connection only from the last broadcast it received, so the recovery tests need one first.
 */
async function heardBroadcast(teacher: Client, student: Client, challengeId: string) {
  const heard = next(student, "challenge:updated");
  await ok(teacher, "challenge:transition", { challengeId, action: "lock" });
  await heard;
}

describe("the room's network, with APP_URL unset", () => {
  it("lets a teacher sign in at 127.0.0.1 and localhost too (signed up at the LAN address)", async () => {
    expect(cookie).toMatch(/session_token/);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await postJson(
        `${server.url}/api/auth/sign-in/email`,
        { email: "class@school.test", password: "correct horse battery" },
        { origin: `http://${host}`, host, cookie },
      );
      expect(res.status, host).toBe(200);
    }
  });

  it("refuses other origins at the auth routes and the socket", async () => {
    const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: "POST",
      // A browser sends the teacher's cookie along (that is what the origin check protects).
      headers: { "content-type": "application/json", origin: "http://evil.test", cookie },
      body: JSON.stringify({ email: "evil@school.test", password: "long enough pw", name: "E" }),
    });
    expect(res.status).toBe(403);
    // A page elsewhere that names our host as its own (DNS rebinding) is not one of our names.
    await expect(
      client(server.url, { origin: "http://evil.test:1", host: "evil.test:1" }),
    ).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  });

  it("gives the dashboard a join link students can open: the LAN address, not localhost", async () => {
    const { teacher, session } = await classWithChallenge(`localhost:${port}`);
    const watched = await ok(teacher, "session:watch", { sessionId: session.id });
    expect(watched.joinUrl).toBe(`http://${LAN_IP}:${port}/join/${session.joinCode}`);
    const atLan = await classWithChallenge(`${LAN_IP}:${port}`);
    const seen = await ok(atLan.teacher, "session:watch", { sessionId: atLan.session.id });
    expect(seen.joinUrl).toBe(`http://${LAN_IP}:${port}/join/${atLan.joinCode}`);
  });
});

describe("a join link", () => {
  it("says which class it joins before anyone types a name; a wrong code is counted", async () => {
    const { joinCode } = await classWithChallenge();
    const visitor = await open({ deviceId: device() });
    expect(await ok(visitor, "session:peek", { joinCode })).toEqual({
      title: "Period 2",
      joinLocked: false,
    });
    expect(await call(visitor, "session:peek", { joinCode: "QQQQQQ" })).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
  });
});

describe("nicknames", () => {
  it("refuses a look-alike of a nickname already in class (Cyrillic А for Latin A)", async () => {
    const { joinCode } = await classWithChallenge();
    const ada = await open({ deviceId: device() });
    await ok(ada, "participant:join", { joinCode, nickname: "Ada" });
    const fake = await open({ deviceId: device() });
    expect(await call(fake, "participant:join", { joinCode, nickname: "\u0410da" })).toMatchObject({
      error: { code: "NICKNAME_TAKEN" },
    });
  });
});

describe("thirty students behind one address", () => {
  it("all join after one student mistyped the code eleven times", async () => {
    const { joinCode } = await classWithChallenge();
    const clumsy = await open({ deviceId: device() });
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await call(clumsy, "participant:join", { joinCode: "QQQQQQ", nickname: "Clumsy" });
      codes.push("error" in r ? r.error.code : "ok");
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill("NOT_FOUND"));
    expect(codes[10]).toBe("RATE_LIMITED");
    const joins = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const s = await open({ deviceId: device() });
        return call(s, "participant:join", { joinCode, nickname: `Student ${i + 1}` });
      }),
    );
    expect(joins.filter((r) => "data" in r)).toHaveLength(30);
  });

  it("does not let one device join the same session under endless new nicknames", async () => {
    const { joinCode } = await classWithChallenge();
    const spammer = await open({ deviceId: device() });
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await call(spammer, "participant:join", { joinCode, nickname: `Bot ${i}` });
      results.push("error" in r ? r.error.code : "ok");
    }
    expect(results.filter((c) => c === "ok").length).toBeLessThanOrEqual(5);
    expect(results.at(-1)).toBe("RATE_LIMITED");
  });
});

describe("removal and locking", () => {
  it("keeps a removed device out under any nickname, and a lock keeps out newcomers", async () => {
    const { teacher, session, joinCode } = await classWithChallenge();
    await ok(teacher, "session:watch", { sessionId: session.id });
    const id = device();
    const eve = await open({ deviceId: id });
    const joined = await ok(eve, "participant:join", { joinCode, nickname: "Eve" });
    await ok(teacher, "participant:remove", { participantId: joined.participant.id });
    const again = await open({ deviceId: id });
    expect(await call(again, "participant:join", { joinCode, nickname: "Not Eve" })).toMatchObject({
      error: { code: "REMOVED" },
    });
    // (The removal put newcomers in the lobby; this teacher opens the doors again.)
    await ok(teacher, "session:configure", { sessionId: session.id, lobby: false });
    // The teacher locks joining: newcomers wait, students already in can still come back.
    const ada = await open({ deviceId: device() });
    const { rejoinToken } = await ok(ada, "participant:join", { joinCode, nickname: "Ada" });
    const updated = nextMatching(ada, "session:updated", (s) => s.joinLocked);
    await ok(teacher, "session:configure", { sessionId: session.id, joinLocked: true });
    expect((await updated)[0]).toMatchObject({ joinLocked: true });
    const late = await open({ deviceId: device() });
    expect(await call(late, "participant:join", { joinCode, nickname: "Late" })).toMatchObject({
      error: { code: "JOINING_LOCKED" },
    });
    const back = await open({ deviceId: device() });
    await ok(back, "participant:rejoin", { rejoinToken });
    await ok(teacher, "session:configure", { sessionId: session.id, joinLocked: false });
    await ok(late, "participant:join", { joinCode, nickname: "Late" });
  });

  it("after a removal newcomers wait in the lobby until admitted; a removed device's tries are named", async () => {
    const { teacher, session, joinCode, challengeId } = await classWithChallenge();
    await ok(teacher, "session:watch", { sessionId: session.id });
    const ada = await open({ deviceId: device() });
    const adaJoined = await ok(ada, "participant:join", { joinCode, nickname: "Ada" });
    const bo = device();
    const boSocket = await open({ deviceId: bo });
    const boJoined = await ok(boSocket, "participant:join", { joinCode, nickname: "Bo" });
    const lobbyOn = nextMatching(teacher, "session:updated", (v) => v.lobby);
    await ok(teacher, "participant:remove", { participantId: boJoined.participant.id });
    expect((await lobbyOn)[0]).toMatchObject({ lobby: true });
    // Bo's device tries again under another name: refused, and the teacher is told who.
    const refusedSeen = nextMatching(teacher, "participant:refused", (r) => r.removedAs === "Bo");
    const boAgain = await open({ deviceId: bo });
    expect(await call(boAgain, "participant:join", { joinCode, nickname: "Bobby" })).toMatchObject({
      error: { code: "REMOVED" },
    });
    expect((await refusedSeen)[0]).toMatchObject({ nickname: "Bobby", removedAs: "Bo" });
    // A private window (a new device id): in, but waiting in the lobby, and seeing nothing.
    const incognito = await open({ deviceId: device() });
    const waiting = await ok(incognito, "participant:join", { joinCode, nickname: "Bobby" });
    expect(waiting.participant.admitted).toBe(false);
    expect(waiting.challenges).toEqual([]);
    const run = await trainedRun(challengeId, baseConfig());
    expect(await call(incognito, "run:submit", run)).toMatchObject({
      error: { code: "NOT_ADMITTED" },
    });
    expect(await call(incognito, "run:list", { challengeId })).toMatchObject({
      error: { code: "NOT_ADMITTED" },
    });
    // Students already in come back freely.
    const adaBack = await open({ deviceId: device() });
    expect(
      (await ok(adaBack, "participant:rejoin", { rejoinToken: adaJoined.rejoinToken })).challenges,
    ).toHaveLength(1);
    // The teacher admits: the student is told, and in.
    const letIn = new Promise<void>((r) => incognito.once("participant:admitted", () => r()));
    expect(
      await ok(teacher, "participant:admit", { participantId: waiting.participant.id }),
    ).toMatchObject({ admitted: true });
    await letIn;
    const inside = await ok(incognito, "participant:rejoin", { rejoinToken: waiting.rejoinToken });
    expect(inside.challenges).toHaveLength(1);
    await ok(incognito, "run:submit", run);
    // The teacher opens the doors again: newcomers walk straight in.
    await ok(teacher, "session:configure", { sessionId: session.id, lobby: false });
    const late = await open({ deviceId: device() });
    expect(
      (await ok(late, "participant:join", { joinCode, nickname: "Late" })).participant.admitted,
    ).toBe(true);
  });

  it("sends a student removed while away nothing of the class once back", async () => {
    const { teacher, session, joinCode, challengeId } = await classWithChallenge();
    await ok(teacher, "session:watch", { sessionId: session.id });
    const away = await open({ deviceId: device(), reconnect: true });
    const joined = await ok(away, "participant:join", { joinCode, nickname: "Away" });
    await heardBroadcast(teacher, away, challengeId);
    // The Wi-Fi drops (the transport closes; Socket.IO will try to recover the connection).
    const dropped = new Promise((r) => away.once("disconnect", r));
    away.io.engine.close();
    await dropped;
    const heard: string[] = [];
    away.onAny((event: string) => heard.push(event));
    await ok(teacher, "participant:remove", { participantId: joined.participant.id });
    await ok(teacher, "challenge:transition", { challengeId, action: "reopen" });
    const back = new Promise<void>((r) => away.once("connect", () => r()));
    await back;
    // Not recovered into the class's rooms: nothing it missed is replayed, and its token is dead.
    expect(away.recovered).toBe(false);
    await ok(teacher, "challenge:transition", { challengeId, action: "lock" });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toEqual([]);
    expect(
      await call(away, "participant:rejoin", { rejoinToken: joined.rejoinToken }),
    ).toMatchObject({
      error: { code: "REMOVED" },
    });
  });

  it("recovers a student who was not removed, with what they missed", async () => {
    const { teacher, session, joinCode, challengeId } = await classWithChallenge();
    await ok(teacher, "session:watch", { sessionId: session.id });
    const away = await open({ deviceId: device(), reconnect: true });
    await ok(away, "participant:join", { joinCode, nickname: "Stays" });
    await heardBroadcast(teacher, away, challengeId);
    const dropped = new Promise((r) => away.once("disconnect", r));
    away.io.engine.close();
    await dropped;
    const missed = next(away, "challenge:updated");
    await ok(teacher, "challenge:transition", { challengeId, action: "reopen" });
    expect((await missed)[0]).toMatchObject({ status: "open" });
    expect(away.recovered).toBe(true);
  });
});

describe("hide names", () => {
  it("reaches every student's leaderboard, live", async () => {
    const { teacher, session, joinCode, challengeId } = await classWithChallenge();
    const ada = await open({ deviceId: device() });
    await ok(ada, "participant:join", { joinCode, nickname: "Ada" });
    await ok(ada, "run:submit", await trainedRun(challengeId, baseConfig()));
    await server.app.verifier.idle();
    await server.app.leaderboards.flush();
    expect((await ok(ada, "leaderboard:get", { challengeId })).entries[0]).toMatchObject({
      nickname: "Ada",
    });
    const updated = next(ada, "session:updated");
    await ok(teacher, "session:configure", { sessionId: session.id, hideNames: true });
    expect((await updated)[0]).toMatchObject({ hideNames: true });
    const hidden = (await ok(ada, "leaderboard:get", { challengeId })).entries;
    expect(hidden[0]!.nickname).toBeNull();
    // A new student's run arrives without anyone's name.
    const bo = await open({ deviceId: device() });
    await ok(bo, "participant:join", { joinCode, nickname: "Bo" });
    const update = next(ada, "leaderboard:update");
    const rank = next(bo, "leaderboard:rank");
    await ok(bo, "run:submit", await trainedRun(challengeId, baseConfig({ seed: 9 })));
    const [u] = await update;
    const [r] = await rank;
    expect(u.top.every((e) => e.nickname === null)).toBe(true);
    expect(r.entry!.nickname).toBeNull();
    expect(JSON.stringify([u, r])).not.toMatch(/Ada|Bo/);
  });
});

describe("a student's own runs", () => {
  it("can be read back with their telemetry, and no one else's", async () => {
    const { joinCode, challengeId } = await classWithChallenge();
    const ada = await open({ deviceId: device() });
    await ok(ada, "participant:join", { joinCode, nickname: "Ada" });
    const run = { ...(await trainedRun(challengeId, baseConfig())), clientRunId: randomUUID() };
    run.telemetry = [{ step: 1, loss: 1.1, accuracy: 0.3, layers: [] }];
    const stored = await ok(ada, "run:submit", run);
    expect(await ok(ada, "run:telemetry", { runId: stored.id })).toEqual(run.telemetry);
    const bo = await open({ deviceId: device() });
    await ok(bo, "participant:join", { joinCode, nickname: "Bo" });
    expect(await call(bo, "run:telemetry", { runId: stored.id })).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
  });
});
