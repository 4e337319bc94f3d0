/**
 * SIGTERM drains (a rolling restart, a Ctrl-C): the server stops accepting, answers what it was
 * answering, finishes the runs it was verifying, hands the queued ones back (they stay pending and
 * the next start or another node verifies them) and exits 0, even when the whole process group gets
 * the signal (tsx relays it a second time to the server it started).
 */
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../server/db/database";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";
import { baseConfig, trainedRun } from "../realtime/fixtures";
import { ok, type Client } from "../realtime/harness";
import { openClass, spawnServer, type ServerProcess } from "./spawn";

const SECRET = "drain-test-secret-at-least-32-characters!";
const RUNS = 12;

describe("SIGTERM", () => {
  let db: Throwaway;
  let proc: ServerProcess | null = null;
  const sockets: Client[] = [];

  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    await proc?.kill("SIGKILL");
    await db.drop();
  });

  it("drains and exits 0 with every acknowledged run either verified or still pending", async () => {
    db = await throwawayDatabase("sqlite");
    const env = { DATABASE_URL: db.url, BETTER_AUTH_SECRET: SECRET, VERIFIER_THREADS: "1" };
    proc = await spawnServer(env, { group: true });
    const { teacher, student, challengeId } = await openClass(
      proc.url,
      "drain@school.test",
      "Drain",
    );
    sockets.push(teacher, student);
    const submissions = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        trainedRun(challengeId, baseConfig({ seed: 300 + i })),
      ),
    );
    await Promise.all(submissions.map((s) => ok(student, "run:submit", s)));

    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      proc!.child.once("exit", (code, signal) => resolve([code, signal])),
    );
    process.kill(-proc.child.pid!, "SIGTERM");
    const [code, signal] = await exited;
    const output = proc.output();
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    const line = output.split("\n").find((l) => l.includes('"msg":"drained"'));
    expect(line, output).toBeDefined();
    const drained = JSON.parse(line!) as { handedBack: number; verified: number };

    const check = await openDatabase(db.url);
    const runs = await check.prisma.run.findMany({ select: { status: true } });
    expect(runs).toHaveLength(RUNS);
    expect(runs.every((r) => r.status === "verified" || r.status === "pending")).toBe(true);
    // Exactly the runs handed back are left pending; the ones being verified were finished.
    expect(runs.filter((r) => r.status === "pending")).toHaveLength(drained.handedBack);
    expect(drained.handedBack).toBeGreaterThan(0);
    await check.close();

    // The next start verifies what was handed back.
    proc = await spawnServer(env);
    const after = await openDatabase(db.url);
    const deadline = Date.now() + 60_000;
    let verified = 0;
    while (Date.now() < deadline && verified < RUNS) {
      verified = await after.prisma.run.count({ where: { status: "verified" } });
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(verified).toBe(RUNS);
    await after.close();
  });
});
