/**
 * Two nodes on PostgreSQL + Redis under a steady stream of submissions: the database connection is
 * cut and Redis is killed and restarted. Each node reports itself unhealthy while a service is away,
 * acknowledges no run it could not store, and recovers by itself when the service returns: every
 * acknowledged run is stored and verified, and broadcasts cross the nodes again.
 */
import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { RunSubmission } from "../../../lib/protocol/schemas";
import { faultProxy, redisServer, type FaultProxy, type RedisServer } from "../../support/faults";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";
import { baseConfig, SPEC, trainedRun } from "../realtime/fixtures";
import { call, client, nextMatching, ok, signUpTeacher, type Client } from "../realtime/harness";
import { spawnServer, type ServerProcess } from "./spawn";

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

async function health(node: ServerProcess) {
  const res = await fetch(`${node.url}/healthz`);
  return {
    status: res.status,
    body: (await res.json()) as { checks: Record<string, { ok: boolean }> },
  };
}

describe("two nodes through a database outage and a Redis restart", () => {
  let db: Throwaway;
  let proxy: FaultProxy;
  let redis: RedisServer;
  const nodes: ServerProcess[] = [];
  const sockets: Client[] = [];

  afterAll(async () => {
    if (process.env.TEST_SERVER_LOG) for (const n of nodes) console.error(n.output());
    for (const s of sockets) s.disconnect();
    for (const n of nodes) await n.kill("SIGTERM");
    await proxy?.close();
    await redis?.kill();
    await db?.drop();
  });

  it("reports unhealthy, acknowledges only stored runs and recovers", async () => {
    db = await throwawayDatabase("postgresql");
    const direct = new URL(db.url);
    proxy = await faultProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    redis = await redisServer();
    const env = {
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: redis.url,
      BETTER_AUTH_SECRET: "faults-test-secret-of-at-least-32-characters",
      LOG_LEVEL: process.env.TEST_SERVER_LOG ? "debug" : "warn",
    };
    nodes.push(await spawnServer(env), await spawnServer(env));
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const open = async (url: string, cookie?: string) => {
      const s = await client(url, { ...(cookie ? { cookie } : {}), reconnect: true });
      sockets.push(s);
      return s;
    };

    const teacher = await open(a.url, await signUpTeacher(a.url, "faults@school.test"));
    const session = await ok(teacher, "session:create", { title: "Faults" });
    const spec = { ...SPEC, limits: { maxSubmissions: 100, timeLimitSec: null } };
    const challengeId = (
      await ok(teacher, "challenge:post", { sessionId: session.id, title: "C", spec })
    ).id;
    await ok(teacher, "challenge:transition", { challengeId, action: "open" });
    await ok(teacher, "session:watch", { sessionId: session.id });
    const students: Client[] = [];
    for (const [i, node] of [a, b, a, b].entries()) {
      const s = await open(node.url);
      await ok(s, "participant:join", { joinCode: session.joinCode!, nickname: `S${i}` });
      students.push(s);
    }
    const runs = await Promise.all(
      [1, 2, 3].map((seed) => trainedRun(challengeId, baseConfig({ seed }))),
    );

    // A steady stream: every student submits a fresh run every 50 ms, and every answer is kept.
    const acked = new Map<string, string>();
    const refused: string[] = [];
    let streaming = true;
    const stream = students.map(async (s, i) => {
      for (let n = 0; streaming; n++) {
        const run: RunSubmission = { ...runs[(i + n) % runs.length]!, clientRunId: randomUUID() };
        const answer = await call(s, "run:submit", run).catch(() => null);
        if (answer && "data" in answer) acked.set(run.clientRunId, answer.data.id);
        else refused.push(answer ? answer.error.code : "no answer");
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const ackedBy = async (phase: string) => {
      const before = acked.size;
      await until(`acks ${phase}`, async () => acked.size >= before + 8);
    };

    await ackedBy("before the outage");
    for (const node of nodes) expect((await health(node)).status).toBe(200);

    // The database goes away.
    proxy.cut();
    for (const node of nodes)
      await until("a node to report the database unhealthy", async () => {
        const h = await health(node);
        return h.status === 503 && h.body.checks.database?.ok === false;
      });
    const ackedAtCut = acked.size;
    await new Promise((r) => setTimeout(r, 1_500));
    // Nothing is acknowledged while nothing can be stored (an ack in flight at the cut aside).
    expect(acked.size - ackedAtCut).toBeLessThanOrEqual(students.length);
    // Refusals say the database is away (a typed, retryable code), not that the server broke.
    expect(refused).toContain("UNAVAILABLE");
    expect(refused.filter((c) => c !== "UNAVAILABLE")).toEqual([]);
    proxy.restore();
    for (const node of nodes)
      await until(
        "a node to report healthy again",
        async () => (await health(node)).status === 200,
      );
    await ackedBy("after the database returned");

    // Redis is killed and started again.
    await redis.kill();
    for (const node of nodes)
      await until("a node to report Redis unhealthy", async () => {
        const h = await health(node);
        return h.status === 503 && h.body.checks.redis?.ok === false;
      });
    await redis.start();
    for (const node of nodes)
      await until(
        "a node to report healthy after Redis",
        async () => (await health(node)).status === 200,
      );
    await ackedBy("after Redis returned");

    // Broadcasts cross the nodes again: a join on B reaches the teacher watching on A.
    await until(
      "a broadcast from node B to reach node A",
      async () => {
        const late = await open(b.url);
        const nickname = `Late${randomUUID().slice(0, 6)}`;
        const seen = nextMatching(teacher, "roster:updated", (p) => p.nickname === nickname, 2_000);
        await ok(late, "participant:join", { joinCode: session.joinCode!, nickname });
        await seen;
        return true;
      },
      20_000,
    );

    streaming = false;
    await Promise.all(stream);
    for (const node of nodes) expect(node.child.exitCode, node.output()).toBeNull();
    // The connection pool came back whole: nothing waits for a connection that never returns.
    for (const node of nodes) {
      const { body } = await health(node);
      expect(body.checks.database).toMatchObject({ ok: true, pool: { waiting: 0 } });
    }

    // Every acknowledged run is stored, and every stored run ends verified.
    const admin = new (await import("pg")).default.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await until(
        "every stored run to be verified",
        async () =>
          Number(
            (await admin.query(`SELECT count(*) FROM "Run" WHERE status = 'pending'`)).rows[0]
              .count,
          ) === 0,
        60_000,
      );
      const stored = new Set(
        (await admin.query<{ clientRunId: string }>(`SELECT "clientRunId" FROM "Run"`)).rows.map(
          (r) => r.clientRunId,
        ),
      );
      const lost = [...acked.keys()].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expect(acked.size).toBeGreaterThan(24);
    } finally {
      await admin.end();
    }
  });
});
