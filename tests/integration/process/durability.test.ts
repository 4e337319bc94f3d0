/**
 * SIGKILL right after the acknowledgements loses no acknowledged run, on either database, and the
 * restarted node's leaderboard is the one the database holds.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../server/db/database";
import type { Provider } from "../../../server/db/migrate";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";
import { baseConfig, trainedRun } from "../realtime/fixtures";
import { client, ok, type Client } from "../realtime/harness";
import { openClass, spawnServer, type ServerProcess } from "./spawn";

const SECRET = "durability-test-secret-at-least-32-characters";
const RUNS = 8;

describe.each<Provider>(["sqlite", "postgresql"])("durability on %s", (provider) => {
  let db: Throwaway;
  let proc: ServerProcess | null = null;
  const sockets: Client[] = [];

  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    await proc?.kill("SIGTERM");
    await db.drop();
  });

  it("keeps every acknowledged run through a SIGKILL and verifies them after the restart", async () => {
    db = await throwawayDatabase(provider);
    const env = { DATABASE_URL: db.url, BETTER_AUTH_SECRET: SECRET };
    proc = await spawnServer(env);
    const { cookie, teacher, student, challengeId, rejoinToken } = await openClass(
      proc.url,
      "t@school.test",
      "Durable",
    );
    sockets.push(teacher, student);

    const submissions = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        trainedRun(challengeId, baseConfig({ seed: 100 + i })),
      ),
    );
    const acks = await Promise.all(submissions.map((s) => ok(student, "run:submit", s)));
    await proc.kill("SIGKILL"); // the moment the last acknowledgement arrived
    expect(proc.child.signalCode).toBe("SIGKILL");

    const after = await openDatabase(db.url);
    const stored = await after.prisma.run.findMany({
      where: { id: { in: acks.map((a) => a.id) } },
    });
    expect(stored.map((r) => r.clientRunId).sort()).toEqual(
      submissions.map((s) => s.clientRunId).sort(),
    );
    await after.close();

    // The restarted server verifies whatever the killed one left pending.
    proc = await spawnServer(env);
    const check = await openDatabase(db.url);
    const deadline = Date.now() + 60_000;
    let pending = RUNS;
    while (Date.now() < deadline) {
      pending = await check.prisma.run.count({ where: { status: "pending" } });
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(pending).toBe(0);
    expect(await check.prisma.run.count({ where: { status: "verified" } })).toBe(RUNS);
    // The restarted node's board is built from the database: the student's best verified run,
    // under a new stream (so a page that followed the old one fetches again).
    const best = await check.prisma.run.findFirst({
      where: { status: "verified" },
      orderBy: [{ score: "desc" }, { submittedAt: "asc" }, { id: "asc" }],
    });
    await check.close();
    const back = await client(proc.url);
    sockets.push(back);
    await ok(back, "participant:rejoin", { rejoinToken });
    const board = await ok(back, "leaderboard:get", { challengeId });
    expect(board.entries.map((e) => e.runId)).toEqual([best!.id]);
    expect(board.mine?.runId).toBe(best!.id);
    const watcher = await client(proc.url, { cookie });
    sockets.push(watcher);
    expect((await ok(watcher, "leaderboard:get", { challengeId, full: true })).entries).toEqual(
      board.entries,
    );
  });
});
