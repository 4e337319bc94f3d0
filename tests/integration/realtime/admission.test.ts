/**
 * A server behind on its work slows down instead of dropping the class: while its event loop runs
 * late, a new submission or join is answered UNAVAILABLE with a retry time and changes nothing,
 * while rejoins, boards and the health check are answered; once it has caught up, the same
 * submission is taken. Heartbeats give a late answer a minute before a socket is given up.
 * (The loop is held up on purpose: the server runs in this process.)
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdmission } from "../../../server/realtime/admission";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  call,
  client,
  ok,
  openChallenge,
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
/** Keeps this process's event loop (and so the server's) busy for `ms`. */
const holdLoop = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

beforeAll(async () => {
  server = await startServer("sqlite", { admission: { maxLagMs: 250, maxCalls: 1_000 } });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe("a server behind on its work", () => {
  it("refuses new work with a retry time, keeps answering the class, then takes the same run", async () => {
    const teacher = await open({ cookie: await signUpTeacher(server.url, "busy@school.test") });
    const { joinCode, challengeId } = await openChallenge(teacher, "Busy", {
      title: "C",
      spec: SPEC,
    });
    const ada = await open({ deviceId: randomBytes(12).toString("base64url") });
    const { rejoinToken } = await ok(ada, "participant:join", { joinCode, nickname: "Ada" });
    const run = await trainedRun(challengeId, baseConfig({ seed: 3 }));

    // The submission arrives while the loop is 800 ms late.
    const refused = call(ada, "run:submit", run);
    const late = open({ deviceId: randomBytes(12).toString("base64url") }).then((bo) =>
      call(bo, "participant:join", { joinCode, nickname: "Bo" }),
    );
    holdLoop(800);
    const answer = await refused;
    expect(answer).toMatchObject({ error: { code: "UNAVAILABLE" } });
    const { retryAfterMs } = "error" in answer ? answer.error : { retryAfterMs: undefined };
    expect(retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(retryAfterMs).toBeLessThanOrEqual(16_000);

    // What keeps the class together is answered meanwhile.
    holdLoop(400);
    const [health, board, rejoined] = await Promise.all([
      fetch(`${server.url}/healthz`),
      call(ada, "leaderboard:get", { challengeId }),
      call(ada, "participant:rejoin", { rejoinToken }),
    ]);
    expect(health.status).toBe(200);
    expect(board).toHaveProperty("data");
    expect(rejoined).toHaveProperty("data");
    // A join that came in late waits too; nothing of the refused submission was stored.
    const join = await late;
    if ("error" in join) expect(join.error.code).toBe("UNAVAILABLE");
    expect(await ok(ada, "run:list", { challengeId })).toEqual([]);

    // Caught up: the same submission is taken, once.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const taken = await ok(ada, "run:submit", run);
    expect(taken.clientRunId).toBe(run.clientRunId);
    expect((await ok(ada, "run:list", { challengeId })).map((r) => r.id)).toEqual([taken.id]);
  });

  it("waits as long as the calls in flight say, when too many wait for an answer", () => {
    let inFlight = 10;
    const admission = createAdmission(() => inFlight, { maxLagMs: 60_000, maxCalls: 100 });
    try {
      expect(admission.refusal()).toBeNull();
      inFlight = 101;
      expect(admission.refusal()).toBeGreaterThanOrEqual(1_000);
      inFlight = 5_000;
      expect(admission.refusal()).toBeLessThanOrEqual(16_000);
    } finally {
      admission.close();
    }
  });

  it("gives a late heartbeat a minute before it gives up a connection", async () => {
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    const open = JSON.parse((await response.text()).slice(1)) as {
      pingInterval: number;
      pingTimeout: number;
    };
    expect(open.pingTimeout).toBeGreaterThanOrEqual(60_000);
    expect(open.pingInterval).toBeLessThanOrEqual(25_000);
  });
});
